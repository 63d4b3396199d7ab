"""Jury and secretariat judging pages: funnels (404), blind judging, autosave endpoint, paper entry, PDFs."""

import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from catalog.enums import Role
from scoring import rubric_services, sheets
from scoring.enums import ChangePath, ConflictRelation, NominationState, SheetStatus
from scoring.models import ConflictDeclaration, ConflictReport, Jury, Rubric, ScoreChange, ScoreSheet
from tests.factories import NominationFactory, ProducerFactory, ProductFactory, UserFactory

from .conftest import FULL_SHEET, make_complete

pytestmark = pytest.mark.django_db


def jury_urls(nomination):
    return [reverse("scoring:jury_sheet", args=[nomination.pk]),
            reverse("scoring:jury_sheet_pdf", args=[nomination.pk]),
            reverse("scoring:jury_document", args=[nomination.pk, 0])]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def sheet_post(values=FULL_SHEET, action="save"):
    data = {f"score-{code}": value for code, value in values.items()}
    data.update({"action": action, "overall_comment": "Sản phẩm tinh xảo"})
    return data


# --- Conflicts and funnels -----------------------------------------------------------------------------------


def test_conflicted_member_gets_404_everywhere(client, jury, accepted, judge, producer):
    ConflictDeclaration.objects.create(user=judge, producer=producer, relation=ConflictRelation.FAMILY)
    client.force_login(judge)

    statuses = [client.get(url).status_code for url in jury_urls(accepted)]
    post = client.post(reverse("scoring:jury_sheet", args=[accepted.pk]), sheet_post(action="submit"))
    autosave = client.post(reverse("scoring:jury_autosave", args=[accepted.pk]),
                           {"field": "score-1.1", "value": "10"})
    queue = client.get(reverse("scoring:jury_queue"))

    assert statuses == [404, 404, 404]
    assert (post.status_code, autosave.status_code) == (404, 404)
    assert accepted.product.name not in queue.content.decode()
    assert ScoreSheet.objects.count() == 0


def test_producer_account_member_gets_404(client, jury, accepted, judge, producer):
    producer.users.add(judge)
    client.force_login(judge)

    assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 404


def test_other_roles_get_404_on_jury_pages(client, jury, accepted, producer_user, secretary):
    for user in (producer_user, secretary):
        client.force_login(user)
        assert client.get(reverse("scoring:jury_queue")).status_code == 404
        assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 404


def test_judge_not_in_the_jury_gets_404(client, accepted, judge):
    client.force_login(judge)

    assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 404


def test_secretariat_pages_404_for_judges(client, jury, accepted, judge):
    client.force_login(judge)
    urls = [reverse("scoring:round_juries", args=[accepted.round_id]),
            reverse("scoring:round_progress", args=[accepted.round_id]),
            reverse("scoring:nomination_sheets", args=[accepted.pk]),
            reverse("scoring:paper_entry", args=[accepted.pk, judge.pk]),
            reverse("scoring:blank_sheet_pdf", args=[accepted.pk])]

    assert [client.get(url).status_code for url in urls] == [404] * 5


# --- Blind judging -------------------------------------------------------------------------------------------


def test_blind_round_hides_the_producer_from_every_jury_response(client, jury, accepted, judge, producer):
    accepted.round.blind_judging = True
    accepted.round.save()
    client.force_login(judge)
    client.post(reverse("scoring:jury_autosave", args=[accepted.pk]), {"field": "score-1.1", "value": "10"})

    responses = [client.get(reverse("scoring:jury_queue")),
                 client.get(reverse("scoring:jury_sheet", args=[accepted.pk])),
                 client.get(reverse("scoring:jury_sheet_pdf", args=[accepted.pk]))]
    document = client.get(reverse("scoring:jury_document", args=[accepted.pk, 0]))

    assert [r.status_code for r in responses] == [200, 200, 200]
    for response in responses[:2]:
        page = response.content.decode()
        assert producer.name not in page
        assert producer.phone not in page
        assert producer.tax_code not in page
    assert "Bình gốm men lam Bát Tràng" in pdf_text(responses[2].content)
    assert producer.name not in pdf_text(responses[2].content)
    assert document.status_code == 404


def test_open_round_shows_the_producer_to_the_jury(client, jury, accepted, judge, producer):
    client.force_login(judge)

    page = client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).content.decode()

    assert producer.name in page
    assert client.get(reverse("scoring:jury_document", args=[accepted.pk, 0])).status_code == 200


# --- Queue -----------------------------------------------------------------------------------------------------


def test_jury_queue_query_count_does_not_grow(client, jury, scoring_round, judge, django_assert_max_num_queries):
    client.force_login(judge)
    NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("scoring:jury_queue"))
    for _ in range(2):
        NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("scoring:jury_queue"))

    assert len(response.context["entries"]) == 3
    assert len(three) == len(one)


def test_jury_queue_shows_progress(client, jury, accepted, judge):
    sheets.submit_score_sheet(sheet=sheets.save_scores(
        nomination_id=accepted.pk, member=judge, values=FULL_SHEET, by=judge, path=ChangePath.WEB), by=judge)
    client.force_login(judge)

    response = client.get(reverse("scoring:jury_queue"))

    assert (response.context["done"], response.context["count"]) == (1, 1)


# --- Sheet page and autosave -----------------------------------------------------------------------------------


def test_autosave_saves_one_field_and_returns_the_total(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_autosave", args=[accepted.pk])

    first = client.post(url, {"field": "score-1.1", "value": "18"})
    second = client.post(url, {"field": "score-3", "value": "8,5"})
    comment = client.post(url, {"field": "comment-3", "value": "Men đẹp"})

    assert (first.json(), second.json(), comment.json()) == (
        {"saved": True, "total": "18", "total_text": "18"}, {"saved": True, "total": "26.5", "total_text": "26,5"},
        {"saved": True, "total": "26.5", "total_text": "26,5"})
    assert list(ScoreChange.objects.values_list("path", flat=True)) == [ChangePath.AUTOSAVE] * 2


@pytest.mark.parametrize(("field", "value", "error"), [
    ("score-1.1", "25", {"1.1": "Điểm tối đa của tiêu chí này là 20."}),
    ("score-1.1", "abc", {"1.1": "Hãy nhập một số."}),
    ("score-9", "1", {"9": "Không có tiêu chí “9” trong thang điểm."}),
    ("total", "100", {"total": "Trường không hợp lệ."}),
])
def test_autosave_refuses_bad_input_with_400(field, value, error, client, jury, accepted, judge):
    client.force_login(judge)

    response = client.post(reverse("scoring:jury_autosave", args=[accepted.pk]), {"field": field, "value": value})

    assert response.status_code == 400
    assert response.json()["errors"] == error
    assert ScoreChange.objects.count() == 0


def test_plain_form_saves_and_submits_without_script(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_sheet", args=[accepted.pk])

    saved = client.post(url, sheet_post({"1.1": "18"}))
    refused = client.post(url, sheet_post({"1.1": "18"}, action="submit"))
    submitted = client.post(url, sheet_post(action="submit"))
    after = client.post(url, sheet_post({"1.1": "1"}))

    sheet = ScoreSheet.objects.get()
    assert (saved.status_code, refused.status_code, submitted.status_code, after.status_code) == (302, 400, 302, 400)
    assert (sheet.status, sheet.total, sheet.overall_comment) == (SheetStatus.SUBMITTED, D("84"), "Sản phẩm tinh xảo")
    assert "Còn thiếu điểm các tiêu chí: 1.2, 2.1, 2.2, 2.3, 2.4, 3, 4." in refused.content.decode()


def test_form_shows_the_error_next_to_the_criterion(client, jury, accepted, judge):
    client.force_login(judge)

    response = client.post(reverse("scoring:jury_sheet", args=[accepted.pk]), sheet_post({"1.1": "7.3"}))

    assert response.status_code == 400
    row = next(r for r in response.context["rows"] if r["criterion"].code == "1.1")
    assert (row["value"], row["error"]) == ("7.3", "Điểm phải là bội số của 0,5.")


def test_members_do_not_see_each_others_scores(client, jury, accepted, judge, other_judge):
    sheets.save_scores(nomination_id=accepted.pk, member=other_judge, values={"1.1": "19.5"},
                       comments={"1.1": "Nhận xét riêng của Đức"}, by=other_judge, path=ChangePath.WEB)
    client.force_login(judge)

    page = client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).content.decode()

    assert "19,5" not in page and "19.5" not in page
    assert "Nhận xét riêng của Đức" not in page


def test_recuse_from_the_sheet_page(client, jury, accepted, judge):
    client.force_login(judge)

    client.post(reverse("scoring:jury_recuse", args=[accepted.pk]), {"reason": "Người quen của chủ cơ sở"})
    response = client.get(reverse("scoring:jury_sheet", args=[accepted.pk]))

    assert response.context["recusal"].reason == "Người quen của chủ cơ sở"
    assert "score-1.1" not in response.content.decode()


def test_judge_declares_a_conflict_the_secretariat_confirms_it_and_the_nomination_leaves_the_queue(
        client, jury, accepted, judge, producer, secretary):
    client.force_login(judge)
    client.post(reverse("scoring:jury_declare_conflict"), {"tax_code": producer.tax_code, "relation": "cooperative"})

    # Nothing changes until the secretariat reviews the declaration (the form is no oracle).
    assert not ConflictDeclaration.objects.exists()
    assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 200

    client.force_login(secretary)
    page = client.get(reverse("scoring:round_juries", args=[accepted.round_id])).content.decode()
    report = ConflictReport.objects.get()
    refused = client.post(reverse("scoring:round_juries", args=[accepted.round_id]),
                          {"action": "confirm_report", "report": report.pk})
    client.post(reverse("scoring:round_juries", args=[accepted.round_id]),
                {"action": "confirm_report", "report": report.pk, "understood": "on"})

    assert producer.name in page and "Chờ thư ký xem xét" in page
    assert refused.status_code == 400
    report.refresh_from_db()
    assert (report.state, report.reviewed_by, report.conflict.recorded_by) == ("confirmed", secretary, secretary)
    client.force_login(judge)
    assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 404


def test_the_conflict_form_is_no_oracle(client, jury, accepted, judge, producer):
    """A code that exists in the round, one that exists elsewhere and one that exists nowhere: same answer,
    same queue, nothing barred."""
    client.force_login(judge)
    queue = client.get(reverse("scoring:jury_queue")).content.decode()
    answers = []
    for code in (producer.tax_code, ProducerFactory(tax_code="0311112222").tax_code, "0399999999"):
        response = client.post(reverse("scoring:jury_declare_conflict"), {"tax_code": code, "relation": "family"},
                               follow=True)
        answers.append((response.status_code, [str(m) for m in response.context["messages"]],
                        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())))

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][1] == ["Đã gửi khai báo cho thư ký xem xét. Trong khi chờ, nếu bạn nhận ra sản phẩm của cơ sở "
                             "này trong danh sách, hãy chọn “Xin không chấm” ở sản phẩm đó."]
    assert accepted.product.name in queue and accepted.product.name in answers[0][2]
    assert (ConflictReport.objects.count(), ConflictDeclaration.objects.count()) == (3, 0)


def test_jury_pdf_blank_then_filled(client, jury, accepted, judge):
    client.force_login(judge)

    blank = client.get(reverse("scoring:jury_sheet_pdf", args=[accepted.pk]))

    assert (blank.status_code, blank["Content-Type"]) == (200, "application/pdf")
    assert blank.content.startswith(b"%PDF")


# --- Secretariat -----------------------------------------------------------------------------------------------


def test_secretariat_sets_up_a_jury_and_is_warned_on_even_count(client, secretary, scoring_round, judge,
                                                                other_judge):
    client.force_login(secretary)
    url = reverse("scoring:round_juries", args=[scoring_round.pk])

    client.post(url, {"action": "jury", "name": "Ban giám khảo nhóm 1", "groups": ["1"]})
    jury = Jury.objects.get()
    client.post(url, {"action": "member", "jury": jury.pk, "email": judge.email, "role": "head"})
    response = client.post(url, {"action": "member", "jury": jury.pk, "email": other_judge.email,
                                 "role": "member"}, follow=True)

    assert list(jury.members.values_list("user__email", "role")) == [(judge.email, "head"),
                                                                     (other_judge.email, "member")]
    assert "quy chế yêu cầu số lẻ" in response.content.decode()


def test_secretariat_records_a_conflict(client, secretary, jury, accepted, judge, producer):
    client.force_login(secretary)

    client.post(reverse("scoring:round_juries", args=[jury.round_id]),
                {"action": "conflict", "email": judge.email, "producer": producer.pk, "relation": "employee",
                 "note": "Làm thợ vẽ tại cơ sở"})

    assert ConflictDeclaration.objects.get().recorded_by == secretary
    client.force_login(judge)
    assert client.get(reverse("scoring:jury_sheet", args=[accepted.pk])).status_code == 404


def test_secretariat_of_another_scope_gets_404(client, jury, accepted):
    from catalog import enums as catalog_enums
    from tests.factories import UserFactory

    other = UserFactory(role=catalog_enums.Role.SECRETARIAT, scope_level=catalog_enums.ScopeLevel.NATIONAL)
    client.force_login(other)

    assert client.get(reverse("scoring:round_progress", args=[jury.round_id])).status_code == 404
    assert client.get(reverse("scoring:nomination_sheets", args=[accepted.pk])).status_code == 404


def test_paper_entry_history_and_reopen(client, secretary, jury, accepted, judge):
    client.force_login(secretary)

    entered = client.post(reverse("scoring:paper_entry", args=[accepted.pk, judge.pk]), sheet_post(action="submit"))
    sheet = ScoreSheet.objects.get()
    client.post(reverse("scoring:sheet_reopen", args=[sheet.pk]), {"reason": "Phiếu giấy ghi sai tiêu chí 3"})
    history = client.get(reverse("scoring:nomination_sheets", args=[accepted.pk]))

    sheet.refresh_from_db()
    assert entered.status_code == 302
    assert (sheet.status, sheet.entered_on_behalf_by) == (SheetStatus.DRAFT, secretary)
    page = history.content.decode()
    assert "Nhập từ phiếu giấy" in page
    assert "Phiếu giấy ghi sai tiêu chí 3" in page


def test_paper_entry_for_a_conflicted_member_is_404(client, secretary, jury, accepted, judge, producer):
    ConflictDeclaration.objects.create(user=judge, producer=producer, relation=ConflictRelation.OTHER)
    client.force_login(secretary)

    assert client.get(reverse("scoring:paper_entry", args=[accepted.pk, judge.pk])).status_code == 404


def test_progress_page_and_reminder_button(client, secretary, jury, accepted, mailoutbox, after_commit):
    client.force_login(secretary)

    page = client.get(reverse("scoring:round_progress", args=[jury.round_id]))
    with after_commit(execute=True):
        client.post(reverse("scoring:round_remind", args=[jury.round_id]))

    assert page.status_code == 200
    assert len(page.context["progress"]["members"]) == 2
    assert len(mailoutbox) == 2


def test_progress_page_query_count_does_not_grow(client, secretary, jury, scoring_round):
    client.force_login(secretary)
    NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("scoring:round_progress", args=[scoring_round.pk]))
    for _ in range(2):
        NominationFactory(round=scoring_round, state=NominationState.ACCEPTED)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("scoring:round_progress", args=[scoring_round.pk]))

    assert len(three) == len(one)


def test_secretariat_pdfs(client, secretary, jury, accepted, judge):
    sheet = sheets.save_scores(nomination_id=accepted.pk, member=judge,
                                values=FULL_SHEET, by=judge, path=ChangePath.WEB)
    client.force_login(secretary)

    blank = client.get(reverse("scoring:blank_sheet_pdf", args=[accepted.pk]))
    filled = client.get(reverse("scoring:filled_sheet_pdf", args=[sheet.pk]))

    assert (blank.status_code, filled.status_code) == (200, 200)
    text = pdf_text(filled.content)
    assert "PHIẾU CHẤM ĐIỂM" in text
    assert "Hợp tác xã Gốm Bát Tràng" in text
    assert "84" in text
    assert "Ký, ghi rõ họ tên" in text


def test_rubric_pages_export_import_and_copy(client, secretary):
    rubric = Rubric.objects.get(version="1", name__startswith="Phụ lục 4")
    client.force_login(secretary)

    exported = client.get(reverse("scoring:rubric_export", args=[rubric.pk]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("thang-diem.xlsx", exported.content)
    imported = client.post(reverse("scoring:rubric_import"),
                           {"name": "Thang điểm tỉnh", "version": "1", "total": "100", "file": upload})
    bad = client.post(reverse("scoring:rubric_import"), {"name": "Lỗi", "version": "1", "total": "100",
                                                         "file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    copied = client.post(reverse("scoring:rubric_copy", args=[rubric.pk]), {"version": "2026"})

    assert exported.status_code == 200
    assert (imported.status_code, bad.status_code, copied.status_code) == (302, 302, 302)
    assert set(Rubric.objects.values_list("name", "version")) >= {("Thang điểm tỉnh", "1"), (rubric.name, "2026")}
    assert not Rubric.objects.filter(name="Lỗi").exists()
    assert client.get(reverse("scoring:rubric_list")).status_code == 200
    assert client.get(reverse("scoring:rubric_detail", args=[rubric.pk])).status_code == 200


def test_round_rubric_per_group(client, secretary, db):
    from tests.factories import SelectionRoundFactory

    selection_round = SelectionRoundFactory(state="registration_closed")
    official = selection_round.rubric
    other = rubric_services.copy_rubric(rubric=official, version="nhóm 2", by=secretary)
    client.force_login(secretary)

    client.post(reverse("scoring:round_juries", args=[selection_round.pk]),
                {"action": "rubric", "rubric": official.pk, "rubric-2": other.pk})

    assert rubric_services.rubrics_of_round(selection_round) == {
        "1": official, "2": other, "3": official, "4": official}
    product = make_complete(ProductFactory(producer=ProducerFactory(), group="2"))
    nomination = NominationFactory(round=selection_round, product=product)
    assert rubric_services.rubric_for(nomination) == other


def test_posting_a_sheet_after_scoring_closed_is_400_and_stores_nothing(client, jury, accepted, judge):
    accepted.round.state = "scoring_closed"
    accepted.round.save()
    client.force_login(judge)

    response = client.post(reverse("scoring:jury_sheet", args=[accepted.pk]), sheet_post(action="submit"))
    autosave = client.post(reverse("scoring:jury_autosave", args=[accepted.pk]),
                           {"field": "score-1.1", "value": "10"})

    assert (response.status_code, autosave.status_code) == (400, 400)
    assert ScoreSheet.objects.count() == 0


def test_rubric_list_query_count_does_not_grow(client, secretary):
    official = Rubric.objects.get(version="1", name__startswith="Phụ lục 4")
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("scoring:rubric_list"))
    for version in ("2", "3"):
        rubric_services.copy_rubric(rubric=official, version=version, by=secretary)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("scoring:rubric_list"))

    assert len(response.context["rubrics"]) == 3
    assert len(three) == len(one)


def test_nomination_sheets_query_count_does_not_grow(client, secretary, jury, accepted, judge, other_judge):
    from tests.factories import JuryMemberFactory

    client.force_login(secretary)
    fill = {"1.1": "10", "2.2": "7"}
    sheets.save_scores(nomination_id=accepted.pk, member=judge, values=fill,
                        by=judge, path=ChangePath.WEB)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("scoring:nomination_sheets", args=[accepted.pk]))
    third = JuryMemberFactory(jury=jury).user
    for member in (other_judge, third):
        sheets.save_scores(nomination_id=accepted.pk, member=member, values=fill,
                            by=member, path=ChangePath.WEB)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("scoring:nomination_sheets", args=[accepted.pk]))

    assert len(response.context["changes"]) == 6
    assert len(three) == len(one)


# --- The cost of one autosave ----------------------------------------------------------------------------------

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def statements(captured) -> list[str]:
    """The statements that read or write data. Transaction control is left out: the test's own transaction
    turns the view's atomic block into SAVEPOINT/RELEASE, and SQLite logs BEGIN/COMMIT where PostgreSQL's
    driver does not; none of them touches a table."""
    return [q["sql"] for q in captured if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


def test_autosave_of_one_value_is_ten_statements_and_one_conflict_check(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_autosave", args=[accepted.pk])
    client.post(url, {"field": "score-1.1", "value": "10"})  # the first save creates the sheet

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"field": "score-1.1", "value": "12.5"})

    sql = statements(captured)
    assert response.json() == {"saved": True, "total": "12.5", "total_text": "12,5"}
    # session, user, the locked sheet with the member's right to judge it, the rubric's criteria with this
    # sheet's scores, the score, its history row, the audit chain's locked head, its entry and the new head
    # (catalog.audit), the sheet's totals
    assert [s.split()[0] for s in sql] == ["SELECT", "SELECT", "SELECT", "SELECT", "UPDATE", "INSERT", "SELECT",
                                           "INSERT", "UPDATE", "UPDATE"]
    assert sum(s.count("scoring_conflictdeclaration") for s in sql) == 1
    assert ScoreChange.objects.filter(new=D("12.5")).count() == 1


def test_autosave_first_value_and_a_comment_stay_few_statements(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_autosave", args=[accepted.pk])

    with CaptureQueriesContext(connection) as first:
        client.post(url, {"field": "score-1.1", "value": "10"})
    with CaptureQueriesContext(connection) as comment:
        client.post(url, {"field": "comment-3", "value": "Men đẹp"})

    # The first save also checks the member on the nomination, creates the sheet and its first score row; a
    # score is audited (three statements, catalog.audit), a comment is not a score.
    assert (len(statements(first.captured_queries)), len(statements(comment.captured_queries))) == (13, 6)


def _conflict_checks(captured) -> int:
    return sum(q["sql"].count("scoring_conflictdeclaration") for q in captured)


def test_saving_and_submitting_the_sheet_page_checks_conflicts_once(client, jury, accepted, judge):
    client.force_login(judge)
    url = reverse("scoring:jury_sheet", args=[accepted.pk])
    client.post(url, {"score-1.1": "10", "action": "save"})  # the first save creates the sheet
    posted = {**{f"score-{code}": value for code, value in FULL_SHEET.items()}}

    with CaptureQueriesContext(connection) as saving:
        saved = client.post(url, {**posted, "action": "save"})
    with CaptureQueriesContext(connection) as submitting:
        submitted = client.post(url, {**posted, "action": "submit"})
    with CaptureQueriesContext(connection) as reading:
        page = client.get(url)

    assert (saved.status_code, submitted.status_code, page.status_code) == (302, 302, 200)
    assert ScoreSheet.objects.get(nomination=accepted, member=judge).status == SheetStatus.SUBMITTED
    assert [_conflict_checks(c.captured_queries) for c in (saving, submitting, reading)] == [1, 1, 1]


def test_the_sheet_page_post_answers_404_to_a_member_who_may_not_judge(client, jury, accepted, judge, other_judge):
    outsider = UserFactory(email="ngoai-hoi-dong@example.vn", role=Role.JURY)
    client.force_login(outsider)
    url = reverse("scoring:jury_sheet", args=[accepted.pk])
    assert client.post(url, {"score-1.1": "10", "action": "save"}).status_code == 404
    assert client.post(reverse("scoring:jury_sheet", args=[accepted.pk + 1000]), {"score-1.1": "10"}).status_code == 404
    assert not ScoreSheet.objects.filter(member=outsider).exists()
    client.force_login(other_judge)  # positive control: a member of the jury saves
    assert client.post(url, {"score-1.1": "10", "action": "save"}).status_code == 302
    assert ScoreSheet.objects.filter(member=other_judge, nomination=accepted).exists()


def test_jury_members_listed_by_role_then_vietnamese_name(client, secretary, scoring_round):
    from tests.factories import JuryFactory, JuryMemberFactory, UserFactory

    jury = JuryFactory(round=scoring_round)
    for name in ("Huỳnh Văn Hải", "Đỗ Thị Đào", "Hà Thị Hoa", "Dương Văn Dũng"):
        JuryMemberFactory(jury=jury, user=UserFactory(full_name=name))
    client.force_login(secretary)

    page = client.get(reverse("scoring:round_juries", args=[scoring_round.pk])).content.decode()

    shown = re.findall(r"<tr><td>([^<]+)</td>", page)
    assert shown == ["Dương Văn Dũng", "Đỗ Thị Đào", "Hà Thị Hoa", "Huỳnh Văn Hải"]
    assert sorted(shown) != shown  # code-point order would put Đ last: the check means something
