"""Judging services: conflicts, score sheet validation, lock and reopen, paper entry, audit, juries."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from catalog import enums as catalog_enums
from scoring import juries, progress, sheets
from scoring.enums import ChangePath, ConflictRelation, JuryRole, NominationState, RoundState, SheetStatus
from scoring.models import Assignment, NominationFigures, Score, ScoreChange, ScoreSheet
from scoring.permissions import conflicted_producer_ids, may_judge, nominations_for_judge
from tests.factories import JuryMemberFactory, NominationFactory, ProducerFactory, ProductFactory, UserFactory

from .conftest import FULL_SHEET

pytestmark = pytest.mark.django_db


def sheet_for(nomination, member):
    """The member's sheet, created empty by a first save."""
    return sheets.save_scores(nomination_id=nomination.pk, member=member, by=member, path=ChangePath.WEB)


def save_again(sheet, **kwargs):
    """Another save of the same member's sheet."""
    return sheets.save_scores(nomination_id=sheet.nomination_id, member=sheet.member, **kwargs)


def fill(nomination, member, values=FULL_SHEET, path=ChangePath.WEB):
    return sheets.save_scores(nomination_id=nomination.pk, member=member, values=values, by=member, path=path)


# --- Conflicts -----------------------------------------------------------------------------------------------


def test_conflict_for_an_account_of_the_producer(jury, accepted, judge, producer):
    assert may_judge(judge, accepted) is True
    producer.users.add(judge)

    assert (may_judge(judge, accepted), conflicted_producer_ids([judge.pk])) == (False, {judge.pk: {producer.pk}})
    assert list(nominations_for_judge(judge)) == []


@pytest.mark.parametrize("relation", ConflictRelation.values)
def test_conflict_for_a_declared_relation(relation, jury, accepted, judge, other_judge, producer):
    juries.declare_conflict(user=judge, producer=producer, relation=relation, note="", by=judge)

    assert (may_judge(judge, accepted), may_judge(other_judge, accepted)) == (False, True)
    assert conflicted_producer_ids([judge.pk, other_judge.pk]) == {judge.pk: {producer.pk}, other_judge.pk: set()}
    assert list(nominations_for_judge(judge)) == []
    assert list(nominations_for_judge(other_judge)) == [accepted]


def test_conflicted_member_cannot_save_or_submit(jury, accepted, judge, secretary, producer):
    sheet = fill(accepted, judge)
    juries.declare_conflict(user=judge, producer=producer, relation=ConflictRelation.FAMILY,
                             note="Em ruột giám đốc", by=secretary)

    with pytest.raises(ValidationError):
        save_again(sheet, values={"1.1": "1"}, by=judge, path=ChangePath.AUTOSAVE)
    with pytest.raises(ValidationError):
        sheets.submit_score_sheet(sheet=sheet, by=judge)
    with pytest.raises(ValidationError):
        save_again(sheet, values={"1.1": "1"}, by=secretary, path=ChangePath.PAPER)

    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert Score.objects.get(sheet=sheet, criterion__code="1.1").value == D("18")


def test_only_a_member_declares_own_conflict(jury, judge, other_judge, producer):
    with pytest.raises(ValidationError):
        juries.declare_conflict(user=judge, producer=producer, relation=ConflictRelation.OTHER, note="",
                                 by=other_judge)


def test_recusal_excludes_member_and_is_recorded(jury, accepted, judge):
    sheet = fill(accepted, judge)
    juries.recuse(nomination=accepted, by=judge, reason="Tôi từng tư vấn thiết kế cho cơ sở này.")

    with pytest.raises(ValidationError):
        sheets.submit_score_sheet(sheet=sheet, by=judge)
    assert accepted.recusals.get().reason == "Tôi từng tư vấn thiết kế cho cơ sở này."
    assert judge.pk not in juries.expected_judges(accepted.round)[accepted.pk]


def test_recusal_needs_a_reason(jury, accepted, judge):
    with pytest.raises(ValidationError):
        juries.recuse(nomination=accepted, by=judge, reason="  ")


# --- Who scores what -----------------------------------------------------------------------------------------


def test_secretary_of_the_jury_does_not_score(jury, accepted):
    secretary_member = jury.members.get(role=JuryRole.SECRETARY).user

    assert list(nominations_for_judge(secretary_member)) == []
    assert juries.expected_judges(accepted.round) == {accepted.pk: sorted(
        jury.members.exclude(role=JuryRole.SECRETARY).values_list("user_id", flat=True))}


def test_jury_sees_only_accepted_nominations_of_its_groups(jury, accepted, judge, scoring_round):
    jury.groups = ["1"]
    jury.save()
    NominationFactory(round=scoring_round, product=ProductFactory(group=catalog_enums.ProductGroup.HANDICRAFT),
                      state=NominationState.REJECTED)
    other_group = NominationFactory(round=scoring_round, state=NominationState.ACCEPTED,
                                    product=ProductFactory(group="2"))

    assert list(nominations_for_judge(judge)) == [accepted]
    assert other_group not in nominations_for_judge(judge)


def test_jury_warns_on_an_even_number_of_scoring_members(jury):
    assert juries.jury_warnings(jury) == [
        "Ban giám khảo “Ban giám khảo xã Bát Tràng” có 2 thành viên chấm điểm; quy chế yêu cầu số lẻ."]
    JuryMemberFactory(jury=jury)
    assert juries.jury_warnings(jury) == []


def test_add_jury_member_refuses_a_non_jury_account(jury, secretary, producer_user):
    with pytest.raises(ValidationError):
        juries.add_jury_member(jury=jury, user=producer_user, role=JuryRole.MEMBER, by=secretary)


def test_assign_nominations_gives_n_members_avoiding_conflicts(jury, accepted, judge, other_judge, secretary,
                                                               scoring_round, producer):
    third = JuryMemberFactory(jury=jury).user
    scoring_round.members_per_nomination = 2
    scoring_round.save()
    juries.declare_conflict(user=judge, producer=producer, relation=ConflictRelation.EMPLOYEE, note="",
                             by=secretary)
    others = [NominationFactory(round=scoring_round, state=NominationState.ACCEPTED) for _ in range(2)]

    created = juries.assign_nominations(round=scoring_round, by=secretary)

    assert created == 6
    assert set(Assignment.objects.filter(nomination=accepted).values_list("user_id", flat=True)) == {
        other_judge.pk, third.pk}
    assert list(nominations_for_judge(judge)) == [n for n in nominations_for_judge(judge) if n in others]
    assert accepted not in nominations_for_judge(judge)


# --- Sheet validation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("21", "Điểm tối đa của tiêu chí này là 20."),
    ("-0.5", "Điểm không được âm."),
    ("7.3", "Điểm phải là bội số của 0,5."),
    ("mười", "Hãy nhập một số."),
])
def test_save_scores_refuses_a_bad_value_and_stores_nothing(value, message, jury, accepted, judge):
    sheet = sheet_for(accepted, judge)

    with pytest.raises(ValidationError) as exc:
        save_again(sheet, values={"1.2": "10", "1.1": value}, by=judge, path=ChangePath.WEB)

    assert exc.value.message_dict == {"1.1": [message]}
    assert Score.objects.filter(sheet=sheet).count() == 0
    assert ScoreChange.objects.count() == 0


def test_save_scores_refuses_an_unknown_criterion(jury, accepted, judge):
    with pytest.raises(ValidationError) as exc:
        sheets.save_scores(nomination_id=accepted.pk, member=judge, values={"9.9": "1"}, by=judge, path=ChangePath.WEB)

    assert list(exc.value.message_dict) == ["9.9"]


def test_save_scores_keeps_the_running_total(jury, accepted, judge):
    sheet = fill(accepted, judge, {"1.1": "18", "3": "8,5"})

    assert sheet.total == D("26.5")
    sheet = save_again(sheet, values={"3": ""}, by=judge, path=ChangePath.AUTOSAVE)
    assert sheet.total == D("18")


def test_submit_refuses_a_missing_criterion(jury, accepted, judge):
    values = {code: value for code, value in FULL_SHEET.items() if code != "2.4"}
    sheet = fill(accepted, judge, values)

    with pytest.raises(ValidationError) as exc:
        sheets.submit_score_sheet(sheet=sheet, by=judge)

    assert exc.value.messages == ["Còn thiếu điểm các tiêu chí: 2.4."]
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_submit_locks_the_sheet(jury, accepted, judge):
    sheet = sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)

    assert (sheet.status, sheet.total) == (SheetStatus.SUBMITTED, D("84"))
    with pytest.raises(ValidationError) as exc:
        save_again(sheet, values={"1.1": "1"}, by=judge, path=ChangePath.WEB)
    assert exc.value.messages == ["Phiếu đã nộp và đã khóa; chỉ thư ký mới mở lại được."]


def test_submit_twice_is_refused(jury, accepted, judge):
    sheet = sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)

    with pytest.raises(ValidationError) as exc:
        sheets.submit_score_sheet(sheet=sheet, by=judge)

    assert exc.value.messages == ["Phiếu đã nộp rồi; không nộp lại được."]
    assert ScoreChange.objects.filter(path=ChangePath.SUBMIT).count() == 1


def test_submit_after_scoring_closes_is_refused(jury, accepted, judge, scoring_round):
    sheet = fill(accepted, judge)
    scoring_round.scoring_closes = datetime.date.today() - datetime.timedelta(days=1)
    scoring_round.save()

    with pytest.raises(ValidationError) as exc:
        sheets.submit_score_sheet(sheet=sheet, by=judge)

    assert exc.value.messages[0].startswith("Đã hết hạn chấm điểm")


def test_save_refused_when_round_not_in_scoring(jury, accepted, judge, scoring_round):
    sheet = fill(accepted, judge)
    scoring_round.state = RoundState.SCORING_CLOSED
    scoring_round.save()

    with pytest.raises(ValidationError):
        save_again(sheet, values={"1.1": "2"}, by=judge, path=ChangePath.WEB)


def test_nobody_else_may_write_a_members_sheet(jury, accepted, judge, other_judge):
    sheet = fill(accepted, judge)

    with pytest.raises(ValidationError):
        save_again(sheet, values={"1.1": "1"}, by=other_judge, path=ChangePath.WEB)
    with pytest.raises(ValidationError):
        sheets.submit_score_sheet(sheet=sheet, by=other_judge)


def test_one_sheet_per_member_and_nomination(jury, accepted, judge):
    first = sheet_for(accepted, judge)
    second = sheet_for(accepted, judge)

    assert first.pk == second.pk
    assert ScoreSheet.objects.count() == 1


# --- Reopen, paper entry, audit ------------------------------------------------------------------------------


def test_reopen_by_secretariat_with_a_reason(jury, accepted, judge, secretary):
    sheet = sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)

    with pytest.raises(ValidationError):
        sheets.reopen_score_sheet(sheet=sheet, by=secretary, reason="")
    with pytest.raises(ValidationError):
        sheets.reopen_score_sheet(sheet=sheet, by=judge, reason="Tôi muốn sửa")
    sheet = sheets.reopen_score_sheet(sheet=sheet, by=secretary, reason="Giám khảo nhập nhầm tiêu chí 2.2")
    sheet = save_again(sheet, values={"2.2": "13"}, by=judge, path=ChangePath.WEB)

    assert (sheet.status, sheet.submitted_at, sheet.total) == (SheetStatus.DRAFT, None, D("85"))
    assert ScoreChange.objects.get(path=ChangePath.REOPEN).note == "Giám khảo nhập nhầm tiêu chí 2.2"


def test_reopen_refuses_a_secretariat_of_another_province(jury, accepted, judge):
    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.NATIONAL)
    sheet = sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)

    with pytest.raises(ValidationError):
        sheets.reopen_score_sheet(sheet=sheet, by=other, reason="Lý do")


def test_paper_entry_is_recorded_as_such(jury, accepted, judge, secretary):
    sheet = sheets.save_scores(nomination_id=accepted.pk, member=judge, values=FULL_SHEET, by=secretary,
                                path=ChangePath.PAPER)
    sheet = sheets.submit_score_sheet(sheet=sheet, by=secretary)

    assert (sheet.status, sheet.entered_on_behalf_by, sheet.member) == (SheetStatus.SUBMITTED, secretary, judge)
    assert set(ScoreChange.objects.exclude(path=ChangePath.SUBMIT).values_list("path", "by")) == {
        (ChangePath.PAPER, secretary.pk)}


def test_paper_entry_refused_for_a_judge(jury, accepted, judge, other_judge):
    with pytest.raises(ValidationError):
        sheets.save_scores(nomination_id=accepted.pk, member=judge, values=FULL_SHEET, by=other_judge,
                            path=ChangePath.PAPER)


def test_every_value_change_is_audited(jury, accepted, judge):
    sheet = sheet_for(accepted, judge)
    save_again(sheet, values={"1.1": "10"}, by=judge, path=ChangePath.AUTOSAVE)
    save_again(sheet, values={"1.1": "10"}, by=judge, path=ChangePath.AUTOSAVE)
    save_again(sheet, values={"1.1": "12.5"}, by=judge, path=ChangePath.WEB)
    save_again(sheet, values={"1.1": ""}, by=judge, path=ChangePath.AUTOSAVE)

    assert list(ScoreChange.objects.values_list("criterion__code", "old", "new", "by", "path")) == [
        ("1.1", None, D("10"), judge.pk, ChangePath.AUTOSAVE),
        ("1.1", D("10"), D("12.5"), judge.pk, ChangePath.WEB),
        ("1.1", D("12.5"), None, judge.pk, ChangePath.AUTOSAVE),
    ]


def test_comments_are_stored_per_criterion_and_overall(jury, accepted, judge):
    sheet = sheets.save_scores(nomination_id=accepted.pk, member=judge, values={}, comments={"3": "Men đẹp"},
                                overall_comment="Sản phẩm tốt", by=judge, path=ChangePath.WEB)

    assert Score.objects.get(sheet=sheet, criterion__code="3").comment == "Men đẹp"
    assert sheet.overall_comment == "Sản phẩm tốt"


# --- Progress and reminders ----------------------------------------------------------------------------------


def test_round_progress_counts_and_reminds(jury, accepted, judge, other_judge, secretary, scoring_round,
                                           django_capture_on_commit_callbacks):
    sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)
    scoring_round.scoring_closes = datetime.date.today() + datetime.timedelta(days=1)
    scoring_round.save()

    figures = progress.round_progress(scoring_round)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave through the outbox after commit
        reminded = progress.send_reminders(round=scoring_round, by=secretary)

    assert sorted((r.user.email, r.submitted, r.expected, r.late) for r in figures["members"]) == [
        ("giam-khao-2@example.vn", 0, 1, True), ("giam-khao@example.vn", 1, 1, False)]
    assert [(r["nomination"], r["submitted"], r["expected"]) for r in figures["nominations"]] == [(accepted, 1, 2)]
    assert reminded == 1
    assert mail.outbox[0].to == ["giam-khao-2@example.vn"]


def figures_of(nomination):
    row = NominationFigures.objects.filter(nomination=nomination).first()
    return None if row is None else (row.sheet_count, row.average, row.group_averages)


def test_sheet_stores_its_total_and_group_totals_on_every_save(jury, accepted, judge):
    sheet = fill(accepted, judge, {"1.1": "18", "1.2": "17.5", "3": "8,5"})
    sheet.refresh_from_db()
    assert (sheet.total, sheet.group_totals) == (D("44"), {"1": "35.50", "3": "8.50"})

    fill(accepted, judge, {"1.2": ""})

    sheet.refresh_from_db()
    assert (sheet.total, sheet.group_totals) == (D("26.5"), {"1": "18.00", "3": "8.50"})


def test_submit_reopen_and_recusal_refresh_the_figures_drafts_do_not(jury, accepted, judge, other_judge, secretary):
    sheets.submit_score_sheet(sheet=fill(accepted, judge), by=judge)
    counted_one = figures_of(accepted)
    other = fill(accepted, other_judge, {"1.1": "10"})
    after_draft = figures_of(accepted)
    fill(accepted, other_judge, {**FULL_SHEET, "1.1": "20"})
    sheets.submit_score_sheet(sheet=other, by=other_judge)
    counted_two = figures_of(accepted)
    juries.recuse(nomination=accepted, by=other_judge, reason="Quen biết chủ cơ sở")
    after_recusal = figures_of(accepted)
    sheets.reopen_score_sheet(sheet=ScoreSheet.objects.get(member=judge), by=secretary, reason="Nhập nhầm")

    one = (1, D("84.00"), {"1": "35.50", "2": "33.00", "3": "8.50", "4": "7.00"})
    assert (counted_one, after_draft, after_recusal) == (one, one, one)
    assert counted_two == (2, D("85.00"), {"1": "36.50", "2": "33.00", "3": "8.50", "4": "7.00"})
    assert figures_of(accepted) == (0, None, {})


def test_no_sheet_is_created_for_a_round_out_of_scoring(jury, accepted, judge, scoring_round):
    scoring_round.state = RoundState.SCORING_CLOSED
    scoring_round.save()

    with pytest.raises(ValidationError):
        sheets.save_scores(nomination_id=accepted.pk, member=judge, by=judge, path=ChangePath.WEB)

    assert ScoreSheet.objects.count() == 0


def test_each_save_is_checked_for_its_own_member_and_nomination(jury, accepted, judge, other_judge, scoring_round,
                                                                 producer):
    """The lock query is compiled once per process (sheets._lock): every save must still answer for its own ids."""
    elsewhere = NominationFactory(round=scoring_round, state=NominationState.ACCEPTED,
                                  product=ProductFactory(producer=ProducerFactory()))
    for member in (judge, other_judge):
        for nomination in (accepted, elsewhere):
            sheets.save_scores(nomination_id=nomination.pk, member=member, values={"1.1": "5"}, by=member,
                               path=ChangePath.AUTOSAVE)
    juries.declare_conflict(user=judge, producer=producer, relation=ConflictRelation.FAMILY, note="", by=judge)

    with pytest.raises(sheets.NotJudging):
        sheets.save_scores(nomination_id=accepted.pk, member=judge, values={"1.1": "6"}, by=judge,
                           path=ChangePath.AUTOSAVE)
    for member, nomination in [(judge, elsewhere), (other_judge, accepted), (other_judge, elsewhere)]:
        sheets.save_scores(nomination_id=nomination.pk, member=member, values={"1.1": "6"}, by=member,
                           path=ChangePath.AUTOSAVE)

    assert sorted(Score.objects.values_list("sheet__member_id", "sheet__nomination_id", "value")) == sorted([
        (judge.pk, accepted.pk, D("5")), (judge.pk, elsewhere.pk, D("6")),
        (other_judge.pk, accepted.pk, D("6")), (other_judge.pk, elsewhere.pk, D("6"))])
