"""A conflict of interest recorded after a member scored: the sheet is kept but stops counting everywhere (stored
figures, the database ranking, the pure reference, the decision figures, the agreement statistics, the pages),
with a history entry saying who recorded it and when."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards.services import propose_first_entries
from catalog import enums as catalog_enums
from scoring import ranking_queries
from scoring.enums import ConflictRelation, RoundState
from scoring.juries import declare_conflict
from scoring.models import Recusal, ScoreSheet
from tests.factories import (
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ResultsDecisionFactory,
    add_sheet,
    make_rubric,
)

from . import reference

pytestmark = pytest.mark.django_db

HIGH = ["25", "15", "20", "10", "15", "10"]  # 95
LOW = ["20", "10", "15", "5", "10", "10"]  # 70


def _scored_round(state=RoundState.SCORING_CLOSED):
    criteria = make_rubric()
    decision = ResultsDecisionFactory(round__rubric=criteria[0].group.rubric, round__state=state,
                                      round__min_sheets=2)
    jury = JuryFactory(round=decision.round)
    members = [JuryMemberFactory(jury=jury, user__role=catalog_enums.Role.JURY).user for _ in range(3)]
    producer = ProducerFactory(name="Cơ sở Mây tre Phú Vinh")
    nomination = NominationFactory(round=decision.round, state="accepted", product=ProductFactory(producer=producer))
    other = NominationFactory(round=decision.round, state="accepted")
    for member, values in zip(members, [HIGH, LOW, LOW], strict=True):
        add_sheet(nomination, member, criteria, values)
        add_sheet(other, member, criteria, values)
    return decision, members, producer, nomination, other


def _figures(nomination):
    nomination.figures.refresh_from_db()
    return nomination.figures.sheet_count, nomination.figures.average


def test_a_late_conflict_removes_the_sheet_from_every_count(secretary):
    decision, (lenient, *_rest), producer, nomination, other = _scored_round()
    assert _figures(nomination) == (3, Decimal("78.33"))

    declare_conflict(user=lenient, producer=producer, relation=ConflictRelation.FAMILY, note="Em ruột chủ cơ sở",
                     by=secretary)

    # Stored figures, the database ranking and the pure reference agree, without the conflicted sheet.
    assert _figures(nomination) == (2, Decimal("70.00"))
    assert _figures(other) == (3, Decimal("78.33"))  # positive control: another producer's nomination
    assert ranking_queries_rows(decision.round) == reference.ranking(decision.round)
    counted = set(ranking_queries.counted_sheets(decision.round).values_list("nomination_id", "member_id"))
    assert (nomination.pk, lenient.pk) not in counted and (other.pk, lenient.pk) in counted
    # The sheet is kept; the history says who recorded the conflict and when.
    assert ScoreSheet.objects.filter(nomination=nomination, member=lenient).count() == 1
    recusal = Recusal.objects.get(nomination=nomination, user=lenient)
    assert (recusal.recorded_by, recusal.conflict.producer, recusal.conflict.relation) == (
        secretary, producer, ConflictRelation.FAMILY)
    assert recusal.reason.startswith("Xung đột lợi ích với cơ sở “Cơ sở Mây tre Phú Vinh” (Quan hệ gia đình), ")
    # The decision records the figures without the sheet.
    propose_first_entries(decision=decision, by=secretary, exclusion_reason="Dưới ngưỡng")
    entry = decision.entries.get(nomination=nomination)
    assert (entry.average, entry.recognised) == (Decimal("70.00"), True)


def test_the_agreement_statistics_leave_the_sheet_out(secretary):
    decision, (lenient, *_rest), producer, nomination, _other = _scored_round()
    jury = decision.round.juries.get()
    members = list(jury.members.values_list("user_id", flat=True))
    before = ranking_queries.jury_agreement(jury, members)

    declare_conflict(user=lenient, producer=producer, relation=ConflictRelation.OTHER, note="", by=secretary)

    after = ranking_queries.jury_agreement(jury, members)
    # The lenient member no longer scores every nomination: the complete matrix loses them or the nomination.
    assert (before.nominations, after.nominations) == (2, 1)


def test_the_sheets_page_shows_who_recorded_the_conflict(client, secretary):
    _decision, (lenient, *_rest), producer, nomination, _other = _scored_round()
    declare_conflict(user=lenient, producer=producer, relation=ConflictRelation.EMPLOYEE, note="", by=secretary)
    client.force_login(secretary)

    html = client.get(reverse("scoring:nomination_sheets", args=[nomination.pk])).content.decode()

    assert "Xung đột lợi ích với cơ sở “Cơ sở Mây tre Phú Vinh” (Làm việc cho cơ sở)" in html
    assert "không tính vào kết quả" in html


def test_a_published_result_is_not_changed_by_a_late_conflict(secretary):
    _decision, (lenient, *_rest), producer, nomination, _other = _scored_round(state=RoundState.RESULTS_PUBLISHED)

    declare_conflict(user=lenient, producer=producer, relation=ConflictRelation.FAMILY, note="", by=secretary)

    assert _figures(nomination) == (3, Decimal("78.33"))
    assert not Recusal.objects.exists()


def ranking_queries_rows(selection_round):
    return [ranking_queries.ranked_row(n, selection_round) for n in ranking_queries.ranking(selection_round)]


def test_a_member_declaration_counts_only_once_the_secretariat_confirms_it(secretary):
    from django.core.exceptions import ValidationError

    from catalog.enums import ScopeLevel
    from scoring.juries import report_conflict, review_conflict_report
    from tests.factories import ProvinceFactory, UserFactory

    _decision, (lenient, *_rest), producer, nomination, _other = _scored_round()
    unknown = report_conflict(user=lenient, tax_code="0399999999", relation=ConflictRelation.OTHER, note="")
    report = report_conflict(user=lenient, tax_code=f" {producer.tax_code} ", relation=ConflictRelation.FAMILY,
                             note="Em ruột")
    elsewhere = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=ScopeLevel.PROVINCE,
                            scope_province=ProvinceFactory(code="79", name="TP Hồ Chí Minh"))
    assert _figures(nomination) == (3, Decimal("78.33"))  # a declaration alone changes nothing

    with pytest.raises(ValidationError):
        review_conflict_report(report=report, confirm=True, by=elsewhere)
    with pytest.raises(ValidationError):
        review_conflict_report(report=unknown, confirm=True, by=secretary)
    with pytest.raises(ValidationError):
        review_conflict_report(report=unknown, confirm=False, by=secretary, note=" ")
    review_conflict_report(report=unknown, confirm=False, by=secretary, note="Mã số thuế không có trên hệ thống")
    review_conflict_report(report=report, confirm=True, by=secretary)

    assert _figures(nomination) == (2, Decimal("70.00"))
    report.refresh_from_db()
    unknown.refresh_from_db()
    assert (report.state, report.conflict.producer, unknown.state) == ("confirmed", producer, "dismissed")
    with pytest.raises(ValidationError):
        review_conflict_report(report=report, confirm=True, by=secretary)
