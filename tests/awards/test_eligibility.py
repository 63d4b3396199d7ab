"""What a results decision may recognise, and how the round and its decision move together: every rule in the
services (whoever calls them), with a positive control beside each refusal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.enums import DecisionState
from awards.models import DecisionEntry, DecisionEvent
from awards.services import (
    propose_entries,
    propose_first_entries,
    reopen_scoring,
    set_decision_state,
)
from scoring.enums import RoundState
from scoring.models import RoundEvent
from scoring.services import set_round_state
from tests.factories import (
    DecisionEntryFactory,
    NominationFactory,
    ResultsDecisionFactory,
    score_nomination,
)

from .conftest import attach_scan

pytestmark = pytest.mark.django_db


def _decision(**round_fields):
    return ResultsDecisionFactory(**{"round__min_sheets": 2} | {f"round__{k}": v for k, v in round_fields.items()})


def _nomination(decision, totals):
    nomination = NominationFactory(round=decision.round, state="accepted")
    score_nomination(nomination, totals)
    return nomination


def test_an_exact_mean_of_69_995_is_not_recognised_though_shown_70(secretary):
    decision = _decision()
    exact = _nomination(decision, ["70.00", "70.00"])
    rounded = _nomination(decision, ["70.00", "69.99"])  # 69.995, shown 70.00

    with pytest.raises(ValidationError) as refused:
        propose_entries(decision=decision, recognised=[exact, rounded], by=secretary,
                        default_exclusion_reason="Dưới ngưỡng")
    assert DecisionEntry.objects.count() == 0
    assert refused.value.messages[1].endswith(
        ": Điểm trung bình chính xác 69,995 thấp hơn ngưỡng công nhận 70,00.")

    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")
    rows = {e.nomination_id: (e.average, e.recognised, e.rank) for e in decision.entries.all()}
    # Not tied either: the exact figures differ, so the ranks do.
    assert rows == {exact.pk: (Decimal("70.00"), True, 1), rounded.pk: (Decimal("70.00"), False, 2)}


def test_a_decision_cannot_recognise_with_too_few_counted_sheets(secretary):
    decision = _decision()
    short = _nomination(decision, ["95.00"])
    enough = _nomination(decision, ["95.00", "95.00"])

    with pytest.raises(ValidationError) as refused:
        propose_entries(decision=decision, recognised=[short], by=secretary, default_exclusion_reason="Thiếu")
    propose_entries(decision=decision, recognised=[enough], by=secretary, default_exclusion_reason="Thiếu phiếu")

    assert "Chỉ có 1 phiếu chấm được tính, cần tối thiểu 2." in refused.value.messages[1]
    assert set(decision.entries.values_list("nomination", "recognised")) == {(short.pk, False), (enough.pk, True)}


def test_a_decision_cannot_recognise_or_be_approved_while_scoring_is_open(secretary):
    decision = _decision(state=RoundState.SCORING)
    nomination = _nomination(decision, ["90.00", "90.00"])

    with pytest.raises(ValidationError) as refused:
        propose_entries(decision=decision, recognised=[nomination], by=secretary, default_exclusion_reason="x")
    assert "Đợt bình chọn chưa kết thúc chấm điểm; kết quả còn tạm tính." in refused.value.messages[1]
    assert propose_first_entries(decision=decision, by=secretary, exclusion_reason="Chưa chấm xong")
    assert not decision.entries.filter(recognised=True).exists()

    # An entry recognised while scoring ran (written by hand) still cannot be approved.
    decision.entries.update(recognised=True, exclusion_reason="")
    with pytest.raises(ValidationError) as refused:
        set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)
    assert "đã kết thúc chấm điểm" in refused.value.messages[0]

    set_round_state(round=decision.round, new_state=RoundState.SCORING_CLOSED, by=secretary)
    set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)
    decision.refresh_from_db()
    assert decision.state == DecisionState.APPROVED


def test_approval_checks_again_what_the_list_recognises(secretary):
    decision = _decision()
    nomination = NominationFactory(round=decision.round, state="accepted")
    DecisionEntryFactory(decision=decision, nomination=nomination, scored=False)

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)
    score_nomination(nomination, ["80", "80"])
    set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)

    assert DecisionEvent.objects.filter(decision=decision, to_state=DecisionState.APPROVED).count() == 1


def test_results_are_published_only_by_publishing_the_decision(secretary):
    decision = attach_scan(_decision())
    DecisionEntryFactory(decision=decision)
    set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)

    with pytest.raises(ValidationError) as refused:
        set_round_state(round=decision.round, new_state=RoundState.RESULTS_PUBLISHED, by=secretary)
    assert refused.value.messages == ["Kết quả của đợt chỉ được công bố bằng việc công bố quyết định công nhận."]
    decision.round.refresh_from_db()
    assert decision.round.state == RoundState.SCORING_CLOSED

    set_decision_state(decision=decision, new_state=DecisionState.PUBLISHED, by=secretary)
    decision.round.refresh_from_db()
    assert decision.round.state == RoundState.RESULTS_PUBLISHED


def test_the_round_state_form_does_not_offer_the_decisions_moves(client, secretary):
    decision = _decision()
    client.force_login(secretary)

    html = client.get(reverse("scoring:round_detail", args=[decision.round.pk])).content.decode()
    response = client.post(reverse("scoring:round_state", args=[decision.round.pk]),
                           {"new_state": RoundState.RESULTS_PUBLISHED})

    assert f'value="{RoundState.RESULTS_PUBLISHED}"' not in html
    assert response.status_code in (200, 302, 400)
    decision.round.refresh_from_db()
    assert decision.round.state == RoundState.SCORING_CLOSED


def test_reopening_scoring_is_audited_and_sends_the_decision_back_to_draft(secretary):
    decision = _decision()
    DecisionEntryFactory(decision=decision)
    set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)

    with pytest.raises(ValidationError):
        set_round_state(round=decision.round, new_state=RoundState.SCORING, by=secretary, reason="Sửa phiếu")
    with pytest.raises(ValidationError):
        reopen_scoring(round=decision.round, by=secretary, reason="  ")
    reopen_scoring(round=decision.round, by=secretary, reason="Giám khảo nhập nhầm điểm tiêu chí 2.1")

    decision.refresh_from_db()
    decision.round.refresh_from_db()
    assert (decision.state, decision.round.state) == (DecisionState.DRAFT, RoundState.SCORING)
    assert list(DecisionEvent.objects.filter(decision=decision).order_by("pk").values_list(
        "from_state", "to_state", "reason")) == [
        ("draft", "approved", ""), ("approved", "draft", "Mở lại chấm điểm: Giám khảo nhập nhầm điểm tiêu chí 2.1")]
    assert RoundEvent.objects.filter(round=decision.round).values_list("from_state", "to_state", "by", "reason")[
        0] == ("scoring_closed", "scoring", secretary.pk, "Giám khảo nhập nhầm điểm tiêu chí 2.1")
    # While scoring is open again, the decision cannot be approved.
    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)


def test_reopening_is_refused_once_the_decision_is_published(secretary):
    decision = attach_scan(_decision())
    DecisionEntryFactory(decision=decision)
    set_decision_state(decision=decision, new_state=DecisionState.APPROVED, by=secretary)
    set_decision_state(decision=decision, new_state=DecisionState.PUBLISHED, by=secretary)

    with pytest.raises(ValidationError):
        reopen_scoring(round=decision.round, by=secretary, reason="Muộn")


def test_the_list_offers_recognise_only_for_eligible_nominations(client, secretary):
    decision = _decision()
    good = _nomination(decision, ["88", "88"])
    low = _nomination(decision, ["60", "60"])
    propose_entries(decision=decision, recognised=[], by=secretary, default_exclusion_reason="Hội đồng xem xét")
    client.force_login(secretary)

    html = client.get(reverse("awards:decision_entries", args=[decision.pk])).content.decode()
    forms = {e.nomination_id: e.pk for e in decision.entries.all()}

    assert html.count('name="recognised" value="1"') == 1
    assert html.count("Chưa đủ điều kiện công nhận") == 1
    good_form = html.split(reverse("awards:decision_entry", args=[decision.pk, forms[good.pk]]))[1][:400]
    assert 'name="recognised" value="1"' in good_form
    assert low.pk in forms
