"""Every allowed and every refused move of rounds and nominations, from the declared tables."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from catalog import enums as catalog_enums
from scoring.enums import (
    MOVES_THROUGH_DECISION,
    NOMINATION_TRANSITIONS,
    PRODUCER_MOVES,
    ROUND_TRANSITIONS,
    NominationState,
    RoundState,
)
from scoring.models import NominationEvent, RoundEvent
from scoring.services import set_nomination_state, set_round_state
from tests.factories import NominationFactory, ProvinceFactory, SelectionRoundFactory, UserFactory

pytestmark = pytest.mark.django_db

NOMINATION_PAIRS = list(itertools.product(NominationState.values, repeat=2))
ROUND_PAIRS = list(itertools.product(RoundState.values, repeat=2))


def _actor(new_state, producer_user, secretary):
    return producer_user if new_state in PRODUCER_MOVES else secretary


@pytest.mark.parametrize(("old", "new"), NOMINATION_PAIRS, ids=[f"{a}->{b}" for a, b in NOMINATION_PAIRS])
def test_nomination_transition_table(old, new, producer_user, secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=old)
    allowed = new in NOMINATION_TRANSITIONS[old]

    if allowed:
        result = set_nomination_state(nomination=nomination, new_state=new,
                                      by=_actor(new, producer_user, secretary), reason="Lý do ghi rõ")
        assert result.state == new
        assert list(NominationEvent.objects.values_list("from_state", "to_state", "reason")) == [
            (old, new, "Lý do ghi rõ")
        ]
    else:
        with pytest.raises(ValidationError):
            set_nomination_state(nomination=nomination, new_state=new,
                                 by=_actor(new, producer_user, secretary), reason="Lý do ghi rõ")
        nomination.refresh_from_db()
        assert nomination.state == old
        assert NominationEvent.objects.count() == 0


@pytest.mark.parametrize(("old", "new"), ROUND_PAIRS, ids=[f"{a}->{b}" for a, b in ROUND_PAIRS])
def test_round_transition_table(old, new, secretary):
    selection_round = SelectionRoundFactory(state=old)
    allowed = new in ROUND_TRANSITIONS[old]
    # Results published and scoring reopened are the decision's moves (awards.services): refused by hand.
    by_decision = (old, new) in MOVES_THROUGH_DECISION

    if by_decision:
        with pytest.raises(ValidationError):
            set_round_state(round=selection_round, new_state=new, by=secretary, reason="Theo kế hoạch")
        result = set_round_state(round=selection_round, new_state=new, by=secretary, reason="Theo kế hoạch",
                                 through_decision=True)
        assert result.state == new
        assert RoundEvent.objects.count() == 1
    elif allowed:
        result = set_round_state(round=selection_round, new_state=new, by=secretary, reason="Theo kế hoạch")
        assert result.state == new
        assert list(RoundEvent.objects.values_list("from_state", "to_state", "by", "reason")) == [
            (old, new, secretary.pk, "Theo kế hoạch")
        ]
    else:
        with pytest.raises(ValidationError):
            set_round_state(round=selection_round, new_state=new, by=secretary)
        selection_round.refresh_from_db()
        assert selection_round.state == old
        assert RoundEvent.objects.count() == 0


def test_round_open_registration_after_close_date_is_refused(secretary):
    import datetime

    past = datetime.date(2020, 3, 1)
    selection_round = SelectionRoundFactory(state=RoundState.DRAFT, registration_opens=past - datetime.timedelta(30),
                                            registration_closes=past)

    with pytest.raises(ValidationError):
        set_round_state(round=selection_round, new_state=RoundState.REGISTRATION_OPEN, by=secretary)


def test_round_state_by_other_province_secretary_is_refused():
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="24", name="Bắc Ninh"))
    selection_round = SelectionRoundFactory(state=RoundState.REGISTRATION_OPEN)

    with pytest.raises(ValidationError):
        set_round_state(round=selection_round, new_state=RoundState.REGISTRATION_CLOSED, by=other)


@pytest.mark.parametrize("new", [NominationState.ACCEPTED, NominationState.RETURNED, NominationState.REJECTED])
def test_producer_cannot_make_secretariat_moves(new, producer_user, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    with pytest.raises(ValidationError):
        set_nomination_state(nomination=nomination, new_state=new, by=producer_user, reason="Tự duyệt")


def test_other_producer_cannot_submit(other_producer_user, other_producer, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product)

    with pytest.raises(ValidationError):
        set_nomination_state(nomination=nomination, new_state=NominationState.SUBMITTED, by=other_producer_user)


def test_other_province_secretary_cannot_accept(product, commune_round):
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="24", name="Bắc Ninh"))
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    with pytest.raises(ValidationError):
        set_nomination_state(nomination=nomination, new_state=NominationState.ACCEPTED, by=other)


@pytest.mark.parametrize("new", [NominationState.RETURNED, NominationState.REJECTED])
def test_return_and_reject_need_a_reason(new, secretary, product, commune_round):
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    with pytest.raises(ValidationError) as caught:
        set_nomination_state(nomination=nomination, new_state=new, by=secretary, reason="  ")

    assert caught.value.messages == ["Hãy ghi lý do để cơ sở biết cần làm gì."]


def test_submit_incomplete_dossier_lists_missing_items(producer_user, producer, commune_round):
    from tests.factories import ProductFactory

    bare = ProductFactory(producer=producer, description="")
    nomination = NominationFactory(round=commune_round, product=bare, sample_delivery="")

    with pytest.raises(ValidationError) as caught:
        set_nomination_state(nomination=nomination, new_state=NominationState.SUBMITTED, by=producer_user)

    assert caught.value.messages == [
        "Hồ sơ còn thiếu: Bản mô tả sản phẩm (Phụ lục 2).",
        "Hồ sơ còn thiếu: Ảnh màu: Mặt trước.",
        "Hồ sơ còn thiếu: Ảnh màu: Mặt bên.",
        "Hồ sơ còn thiếu: Ảnh màu: Mặt trên.",
        "Hồ sơ còn thiếu: Giấy chứng nhận đăng ký kinh doanh.",
        "Hồ sơ còn thiếu: Ghi chú giao sản phẩm mẫu.",
    ]


def test_submit_draft_after_window_closed_is_refused(producer_user, product):
    selection_round = SelectionRoundFactory(state=RoundState.REGISTRATION_CLOSED)
    nomination = NominationFactory(round=selection_round, product=product)

    with pytest.raises(ValidationError):
        set_nomination_state(nomination=nomination, new_state=NominationState.SUBMITTED, by=producer_user)


def test_resubmit_returned_after_registration_closed_is_allowed(producer_user, product):
    # The correction was asked for by the secretariat; closing registration must not trap it.
    selection_round = SelectionRoundFactory(state=RoundState.REGISTRATION_CLOSED)
    nomination = NominationFactory(round=selection_round, product=product, state=NominationState.RETURNED)

    result = set_nomination_state(nomination=nomination, new_state=NominationState.SUBMITTED, by=producer_user)

    assert result.state == NominationState.SUBMITTED


@pytest.mark.parametrize("new", [NominationState.WITHDRAWN, NominationState.ACCEPTED])
def test_no_withdrawal_or_acceptance_once_scoring_started(new, producer_user, secretary, product):
    selection_round = SelectionRoundFactory(state=RoundState.SCORING)
    old = NominationState.ACCEPTED if new == NominationState.WITHDRAWN else NominationState.SUBMITTED
    nomination = NominationFactory(round=selection_round, product=product, state=old)

    with pytest.raises(ValidationError):
        set_nomination_state(nomination=nomination, new_state=new, by=_actor(new, producer_user, secretary))


def test_state_change_emails_producer_accounts_with_reason(producer_user, secretary, product, commune_round,
                                                           django_capture_on_commit_callbacks):
    co_manager = UserFactory(email="ke-toan@example.vn")
    product.producer.users.add(co_manager)
    nomination = NominationFactory(round=commune_round, product=product, state=NominationState.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        set_nomination_state(nomination=nomination, new_state=NominationState.RETURNED, by=secretary,
                             reason="Ảnh mặt bên bị mờ, đề nghị chụp lại.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ke-toan@example.vn", "nha-san-xuat@example.vn"]
    assert message.subject == f"Hồ sơ “{product.name}”: Trả lại để bổ sung"
    assert "Ảnh mặt bên bị mờ, đề nghị chụp lại." in message.body
    assert f"/binh-chon/de-cu/{nomination.pk}/" in message.body


def test_every_state_change_sends_one_email(producer_user, secretary, product, commune_round,
                                            django_capture_on_commit_callbacks):
    nomination = NominationFactory(round=commune_round, product=product)
    moves = [(NominationState.SUBMITTED, producer_user, ""), (NominationState.RETURNED, secretary, "Thiếu mẫu"),
             (NominationState.SUBMITTED, producer_user, ""), (NominationState.ACCEPTED, secretary, "")]

    for new, by, reason in moves:
        with django_capture_on_commit_callbacks(execute=True):
            set_nomination_state(nomination=nomination, new_state=new, by=by, reason=reason)

    assert [m.subject.rsplit(": ", 1)[1] for m in mail.outbox] == [
        "Đã nộp", "Trả lại để bổ sung", "Đã nộp", "Đã tiếp nhận"
    ]
