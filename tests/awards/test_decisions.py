"""The results decision: its declared transitions, the list of entries, and what publishing does."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.enums import TRANSITIONS, DecisionState
from awards.models import DecisionEntry, DecisionEvent
from awards.services import (
    issue_certificates,
    propose_entries,
    propose_first_entries,
    set_decision_state,
    set_entry_recognition,
)
from catalog import enums as catalog_enums
from catalog.models import Certificate
from tests.factories import (
    DecisionEntryFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    UserFactory,
    add_sheet,
    make_rubric,
    score_nomination,
)

from .conftest import attach_scan

D = datetime.date
pytestmark = pytest.mark.django_db
ALL_MOVES = list(itertools.product(DecisionState.values, DecisionState.values))


def _ready(state):
    decision = attach_scan(ResultsDecisionFactory(state=state))
    DecisionEntryFactory(decision=decision)
    return decision


@pytest.mark.parametrize(("old", "new"), [m for m in ALL_MOVES if m[1] in TRANSITIONS[m[0]]])
def test_set_decision_state_allowed_move(secretary, old, new):
    decision = _ready(old)

    set_decision_state(decision=decision, new_state=new, by=secretary, reason="Sửa danh sách")

    decision.refresh_from_db()
    assert decision.state == new
    assert list(DecisionEvent.objects.values_list("from_state", "to_state", "by")) == [(old, new, secretary.pk)]


@pytest.mark.parametrize(("old", "new"), [m for m in ALL_MOVES if m[1] not in TRANSITIONS[m[0]]])
def test_set_decision_state_refused_move(secretary, old, new):
    decision = _ready(old)

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state=new, by=secretary, reason="Sửa danh sách")

    decision.refresh_from_db()
    assert (decision.state, DecisionEvent.objects.count()) == (old, 0)


def test_back_to_draft_needs_reason(secretary):
    decision = _ready("approved")

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state="draft", by=secretary, reason=" ")


@pytest.mark.parametrize("missing", ["number", "signer_name", "signer_title"])
def test_approve_needs_number_and_signer(secretary, missing):
    decision = _ready("draft")
    setattr(decision, missing, "")
    decision.save()

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state="approved", by=secretary)


def test_approve_needs_entries(secretary):
    decision = ResultsDecisionFactory()

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state="approved", by=secretary)


def test_publish_needs_signed_scan(secretary):
    decision = ResultsDecisionFactory(state="approved")
    DecisionEntryFactory(decision=decision)

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state="published", by=secretary)

    assert Certificate.objects.count() == 0


def test_other_province_secretariat_cannot_move_decision():
    decision = _ready("draft")
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))

    with pytest.raises(ValidationError):
        set_decision_state(decision=decision, new_state="approved", by=other)


def test_publish_issues_certificates_for_recognised_entries(secretary, approved_decision):
    set_decision_state(decision=approved_decision, new_state="published", by=secretary)

    certificates = Certificate.objects.order_by("number")
    today = timezone.localdate()
    assert [(c.number, c.product.name, c.issued_on, c.valid_until, c.published_on, c.source) for c in certificates] == [
        ("T-01-2026-0001", "Bình gốm men lam Bát Tràng", D(2026, 3, 2), D(2028, 12, 31), today, "issued"),
        ("T-01-2026-0002", "Tranh sơn mài Hạ Thái", D(2026, 3, 2), D(2028, 12, 31), today, "issued"),
    ]
    assert Certificate.objects.public().count() == 2
    approved_decision.refresh_from_db()
    assert (approved_decision.notified_on, approved_decision.round.state) == (today, "results_published")


def test_publish_emails_every_participant(secretary, approved_decision, producer_user, other_producer_user,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_decision_state(decision=approved_decision, new_state="published", by=secretary)

    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert len(mail.outbox) == 3
    assert "T-01-2026-0001" in by_recipient[(producer_user.email,)].body
    excluded = by_recipient[(other_producer_user.email,)].body
    assert "chưa được công nhận" in excluded
    assert "Dưới ngưỡng 70 điểm" in excluded


def test_notification_shows_averages_when_present(secretary, approved_decision, other_producer_user,
                                                  django_capture_on_commit_callbacks):
    approved_decision.entries.filter(recognised=False).update(
        average=Decimal("68.25"), group_averages={"1": "27.50", "2": "28.00", "3": "6.25", "4": "6.50"})

    with django_capture_on_commit_callbacks(execute=True):
        set_decision_state(decision=approved_decision, new_state="published", by=secretary)

    [message] = [m for m in mail.outbox if m.to == [other_producer_user.email]]
    # Vietnamese writes the decimal comma.
    assert "Điểm trung bình: 68,25" in message.body
    assert "nhóm 1: 27,50; nhóm 2: 28,00; nhóm 3: 6,25; nhóm 4: 6,50" in message.body


def test_issued_but_unpublished_certificates_are_not_public(client, secretary, approved_decision):
    [first, second] = issue_certificates(decision=approved_decision, by=secretary)

    assert Certificate.objects.public().count() == 0
    assert client.get(reverse("awards:verify", args=[first.number])).status_code == 404


def test_publish_twice_never_issues_twice(secretary, approved_decision):
    set_decision_state(decision=approved_decision, new_state="published", by=secretary)

    assert issue_certificates(decision=approved_decision, by=secretary) == []
    assert Certificate.objects.count() == 2


def test_propose_entries_from_accepted_nominations(secretary):
    decision = ResultsDecisionFactory()
    chosen, other = (NominationFactory(round=decision.round, state="accepted") for _ in range(2))
    NominationFactory(round=decision.round, state="rejected")
    score_nomination(chosen, ["85", "85", "85"])

    propose_entries(decision=decision, recognised=[chosen], by=secretary,
                    default_exclusion_reason="Hội đồng không đề nghị")

    assert sorted(decision.entries.values_list("nomination", "recognised", "exclusion_reason")) == sorted([
        (chosen.pk, True, ""), (other.pk, False, "Hội đồng không đề nghị")])


def test_propose_entries_needs_reason_for_excluded(secretary):
    decision = ResultsDecisionFactory()
    chosen, other = (NominationFactory(round=decision.round, state="accepted") for _ in range(2))

    with pytest.raises(ValidationError):
        propose_entries(decision=decision, recognised=[chosen], by=secretary)

    assert DecisionEntry.objects.count() == 0


def test_propose_entries_refuses_nomination_not_accepted(secretary):
    decision = ResultsDecisionFactory()
    submitted = NominationFactory(round=decision.round, state="submitted")

    with pytest.raises(ValidationError):
        propose_entries(decision=decision, recognised=[submitted], by=secretary)


def test_propose_entries_records_the_rankings_figures(secretary):
    criteria = make_rubric()
    decision = ResultsDecisionFactory(round__rubric=criteria[0].group.rubric)
    jury = JuryFactory(round=decision.round)
    members = [JuryMemberFactory(jury=jury).user for _ in range(3)]
    strong = NominationFactory(round=decision.round, state="accepted")
    weak = NominationFactory(round=decision.round, state="accepted")
    for member in members:
        add_sheet(strong, member, criteria, ["22", "13", "18", "8.5", "12", "11"])  # 84.5
        add_sheet(weak, member, criteria, ["15", "10", "12", "7", "9", "8"])  # 61

    propose_entries(decision=decision, recognised=[strong], by=secretary,
                    exclusion_reasons={weak.pk: "Dưới ngưỡng 70 điểm"})

    entries = {e.nomination_id: e for e in decision.entries.all()}
    first, second = entries[strong.pk], entries[weak.pk]
    assert (first.rank, first.average, first.recognised) == (1, Decimal("84.50"), True)
    assert first.group_figures == [("1", Decimal("35.00")), ("2", Decimal("26.50")), ("3", Decimal("12.00")),
                                   ("4", Decimal("11.00"))]
    assert (second.rank, second.average, second.recognised, second.exclusion_reason) == (
        2, Decimal("61.00"), False, "Dưới ngưỡng 70 điểm")


def test_propose_entries_only_in_draft(secretary):
    entry = DecisionEntryFactory(decision__state="approved")

    with pytest.raises(ValidationError):
        propose_entries(decision=entry.decision, recognised=[entry.nomination], by=secretary)


# --- The first proposal and changes to one line -----------------------------------------------------------------


def scored_decision(totals, **round_fields):
    """A draft decision whose round has one accepted nomination per total, each scored by one member."""
    criteria = make_rubric()
    decision = ResultsDecisionFactory(round__rubric=criteria[0].group.rubric,
                                      **({"round__min_sheets": 1} | round_fields))
    member = JuryMemberFactory(jury=JuryFactory(round=decision.round)).user
    nominations = []
    for total in totals:
        nomination = NominationFactory(round=decision.round, state="accepted")
        if total is not None:
            rest = Decimal(total) - 60  # the first three criteria full (60), the rest over 2.2, 3 and 4
            add_sheet(nomination, member, criteria,
                      ["25", "15", "20", min(rest, 10), min(max(rest - 10, 0), 15), max(rest - 25, 0)])
        nominations.append(nomination)
    return decision, nominations


def test_propose_first_entries_recognises_the_passing_ones_within_the_quota(secretary):
    decision, (top, second, third, low, unscored) = scored_decision(
        ["90", "80", "80", "65", None], round__quota=2)

    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Ngoài chỉ tiêu hoặc dưới ngưỡng")

    rows = {e.nomination_id: (e.rank, e.recognised, e.exclusion_reason) for e in decision.entries.all()}
    assert rows == {
        top.pk: (1, True, ""),
        # 80 and 80 tie across the quota's last place: the council decides, the proposal recognises neither.
        second.pk: (2, False, "Ngoài chỉ tiêu hoặc dưới ngưỡng"),
        third.pk: (2, False, "Ngoài chỉ tiêu hoặc dưới ngưỡng"),
        low.pk: (4, False, "Ngoài chỉ tiêu hoặc dưới ngưỡng"),
        unscored.pk: (None, False, "Ngoài chỉ tiêu hoặc dưới ngưỡng"),
    }


def test_propose_first_entries_without_quota_recognises_every_passing_one(secretary):
    decision, (top, second, third, low, _unscored) = scored_decision(["90", "80", "80", "65", None])

    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng 70 điểm")

    assert set(decision.entries.filter(recognised=True).values_list("nomination", flat=True)) == {
        top.pk, second.pk, third.pk}


def test_propose_first_entries_needs_a_reason_and_a_draft(secretary):
    decision, _nominations = scored_decision(["90", "65"])

    with pytest.raises(ValidationError):
        propose_first_entries(decision=decision, by=secretary, exclusion_reason=" ")
    decision.state = "approved"
    decision.save()
    with pytest.raises(ValidationError):
        propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")

    assert DecisionEntry.objects.count() == 0


def test_propose_first_entries_again_replaces_the_list(secretary):
    decision, (top, low) = scored_decision(["90", "65"])
    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")
    entry = decision.entries.get(nomination=top)
    set_entry_recognition(entry=entry, recognised=False, reason="Hội đồng không đề nghị", by=secretary)

    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")

    assert sorted(decision.entries.values_list("nomination", "recognised")) == sorted(
        [(top.pk, True), (low.pk, False)])


def test_set_entry_recognition_rules(secretary):
    decision, (top, low) = scored_decision(["90", "65"])
    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")
    top_entry, low_entry = decision.entries.get(nomination=top), decision.entries.get(nomination=low)
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.PROVINCE,
                        scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))

    with pytest.raises(ValidationError):
        set_entry_recognition(entry=top_entry, recognised=False, reason="", by=secretary)
    with pytest.raises(ValidationError):
        set_entry_recognition(entry=low_entry, recognised=True, by=other)
    # Below the threshold: whoever asks, the service refuses and says why.
    with pytest.raises(ValidationError) as refused:
        set_entry_recognition(entry=low_entry, recognised=True, by=secretary)
    assert "Điểm trung bình chính xác 65,00 thấp hơn ngưỡng công nhận 70,00." in " ".join(refused.value.messages)
    excluded = set_entry_recognition(entry=top_entry, recognised=False, reason="Hội đồng xem lại", by=secretary)
    recognised = set_entry_recognition(entry=top_entry, recognised=True, by=secretary)
    decision.state = "approved"
    decision.save()
    with pytest.raises(ValidationError):
        set_entry_recognition(entry=top_entry, recognised=False, reason="Muộn", by=secretary)

    top_entry.refresh_from_db()
    low_entry.refresh_from_db()
    assert excluded.exclusion_reason == "Hội đồng xem lại"
    assert (recognised.recognised, recognised.exclusion_reason, recognised.average) == (True, "", Decimal("90.00"))
    assert (top_entry.recognised, top_entry.exclusion_reason) == (True, "")
    assert (low_entry.recognised, low_entry.exclusion_reason) == (False, "Dưới ngưỡng")
