"""The round's "Nhập từ bảng tính" page (scoring.import_views, scoring.round_imports): upload, a dry run as a job
with its preview, the confirmed import as a second job; all or nothing unless bad rows are skipped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalog import enums
from catalog.enums import JobState
from catalog.models import Job, private_storage
from scoring import round_imports
from scoring.enums import NominationState, SheetStatus
from scoring.jury_members_import import EMAIL, JURY, ROLE
from scoring.models import JuryMember, Nomination, ScoreSheet
from scoring.paper_sheets import MEMBER, NOMINATION, PRODUCT
from tests.factories import JuryFactory, ProductFactory, UserFactory
from tests.scoring.conftest import FULL_SHEET, accepted, commune_round, jury, other_judge, product  # noqa: F401

pytestmark = pytest.mark.django_db

NOMINATION_HEADERS = ["Mã số thuế", "Sản phẩm", "Cơ sở"]


def xlsx_file(headers, *rows, name="tep.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, selection_round, kind, file, after_commit):
    with after_commit(execute=True):
        return client.post(reverse("scoring:round_import", args=[selection_round.pk]), {"kind": kind, "file": file})


def confirm(client, selection_round, job, after_commit, **data):
    with after_commit(execute=True):
        return client.post(reverse("scoring:round_import_confirm", args=[selection_round.pk, job.pk]), data)


def job_page(client, selection_round, job):
    return client.get(reverse("scoring:round_import_job", args=[selection_round.pk, job.pk]))


def stored_uploads() -> list[str]:
    storage = private_storage()
    if not storage.exists("jobs"):
        return []
    folders = storage.listdir("jobs")[0]
    return [f"{folder}/{name}" for folder in folders for name in storage.listdir(f"jobs/{folder}")[1]]


def nominations():
    return sorted(Nomination.objects.values_list("product__name", "state"))


@pytest.fixture
def products(producer):
    return [ProductFactory(producer=producer, name=name) for name in ("Lọ hoa men rạn", "Đĩa sứ vẽ lam", "Ấm trà")]


def test_good_file_dry_run_shows_the_rows_and_the_commit_creates_exactly_them(client, secretary, commune_round,  # noqa: F811
                                                                             products, after_commit):
    code = products[0].producer.tax_code
    client.force_login(secretary)
    file = xlsx_file(NOMINATION_HEADERS, [code, "Lọ hoa men rạn", "HTX"], [code, "đĩa sứ vẽ lam", ""])

    uploaded = upload(client, commune_round, "nominations", file, after_commit)
    checked = Job.objects.get()
    page = job_page(client, commune_round, checked)
    html = page.content.decode()
    nothing_yet = nominations()
    confirmed = confirm(client, commune_round, checked, after_commit)
    done = Job.objects.latest("pk")
    result_page = job_page(client, commune_round, done).content.decode()

    assert uploaded["Location"] == reverse("scoring:round_import_job", args=[commune_round.pk, checked.pk])
    assert (checked.state, checked.done, checked.total, checked.params["dry_run"]) == (JobState.DONE, 2, 2, True)
    assert checked.params["file"] == f"jobs/{checked.pk}/tep-nhap.xlsx"
    assert private_storage().exists(checked.params["file"])
    assert page.status_code == 200 and nothing_yet == []
    assert "Kiểm tra xong, chưa lưu gì: 2 dòng sẽ được nhập." in html
    assert 'data-confirm="Nhập 2 dòng vào đợt này? Việc nhập không hoàn tác được."' in html
    assert round_imports.read_result(checked)["rows"] == [[1, [code, "Lọ hoa men rạn", "HTX"]],
                                                          [2, [code, "đĩa sứ vẽ lam", ""]]]
    assert confirmed["Location"] == reverse("scoring:round_import_job", args=[commune_round.pk, done.pk])
    assert (done.state, done.params["dry_run"], done.params["file"]) == (JobState.DONE, False, checked.params["file"])
    assert nominations() == [("Lọ hoa men rạn", NominationState.DRAFT), ("Đĩa sứ vẽ lam", NominationState.DRAFT)]
    assert "Đã nhập 2 dòng." in result_page


def bad_file(code):
    return xlsx_file(NOMINATION_HEADERS, [code, "Lọ hoa men rạn", ""], [code, "Bình không có", ""],
                     [code, "Ấm trà", ""])


def test_one_bad_row_imports_nothing_and_names_row_and_column(client, secretary, commune_round, products,  # noqa: F811
                                                              after_commit):
    code = products[0].producer.tax_code
    client.force_login(secretary)
    upload(client, commune_round, "nominations", bad_file(code), after_commit)
    checked = Job.objects.get()
    html = job_page(client, commune_round, checked).content.decode()

    refused = confirm(client, commune_round, checked, after_commit)
    shown = client.get(refused["Location"]).content.decode()

    message = f"Cơ sở có mã số thuế {code} không có sản phẩm “Bình không có”."
    assert round_imports.read_result(checked)["errors"] == [
        {"row": 2, "column": "Sản phẩm", "message": message, "text": f"Dòng 2, cột “Sản phẩm”: {message}"}]
    assert f"<td>2</td><td>Sản phẩm</td><td>{message}</td>" in html
    assert "Kiểm tra xong, chưa lưu gì: 2 dòng sẽ được nhập." in html and "Có 1 lỗi." in html
    assert refused["Location"] == reverse("scoring:round_import_job", args=[commune_round.pk, checked.pk])
    assert "Tệp có 1 lỗi: hãy sửa tệp và tải lên lại, hoặc chọn “bỏ qua dòng lỗi”." in shown
    assert (Job.objects.count(), nominations()) == (1, [])


def test_skip_bad_rows_imports_the_rest(client, secretary, commune_round, products, after_commit):  # noqa: F811
    code = products[0].producer.tax_code
    client.force_login(secretary)
    upload(client, commune_round, "nominations", bad_file(code), after_commit)

    confirm(client, commune_round, Job.objects.get(), after_commit, skip_bad_rows="on")
    done = Job.objects.latest("pk")

    assert (done.params["skip_bad_rows"], round_imports.read_result(done)["count"]) == (True, 2)
    assert nominations() == [("Lọ hoa men rạn", NominationState.DRAFT), ("Ấm trà", NominationState.DRAFT)]
    assert "Đã bỏ qua 1 lỗi." in job_page(client, commune_round, done).content.decode()


def test_commit_revalidates_and_stores_nothing_when_the_data_changed(client, secretary, commune_round,  # noqa: F811
                                                                     products, after_commit):
    code = products[0].producer.tax_code
    client.force_login(secretary)
    upload(client, commune_round, "nominations", xlsx_file(NOMINATION_HEADERS, [code, "Lọ hoa men rạn", ""],
                                                           [code, "Ấm trà", ""]), after_commit)
    products[2].name = "Ấm trà đổi tên"  # after the dry run, before the commit
    products[2].save()

    confirm(client, commune_round, Job.objects.get(), after_commit)
    done = Job.objects.latest("pk")

    assert [e["text"] for e in round_imports.read_result(done)["errors"]] == [
        f"Dòng 2, cột “Sản phẩm”: Cơ sở có mã số thuế {code} không có sản phẩm “Ấm trà”."]
    assert nominations() == []
    assert "Không lưu dòng nào: tệp có 1 lỗi" in job_page(client, commune_round, done).content.decode()


def test_a_confirmed_dry_run_cannot_be_confirmed_again(client, secretary, commune_round, products,  # noqa: F811
                                                       after_commit):
    client.force_login(secretary)
    upload(client, commune_round, "nominations",
           xlsx_file(NOMINATION_HEADERS, [products[0].producer.tax_code, "Ấm trà", ""]), after_commit)
    checked = Job.objects.get()
    confirm(client, commune_round, checked, after_commit)

    again = confirm(client, commune_round, checked, after_commit)

    assert again["Location"] == reverse("scoring:round_import_job", args=[commune_round.pk, checked.pk])
    assert (Job.objects.count(), nominations()) == (2, [("Ấm trà", NominationState.DRAFT)])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("ds.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     "Tệp mang tên .xlsx nhưng không phải bảng tính Excel (có thể là trang web được lưu lại). "
     "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx."),
    ("anh.png", b"\x89PNG\r\n\x1a\n....", "Chỉ nhận bảng tính .xlsx hoặc .csv."),
    ("ds.csv", b"", "Tệp gửi lên trống."),
])
def test_a_non_spreadsheet_is_refused_in_vietnamese_and_nothing_is_stored(client, secretary, commune_round,  # noqa: F811
                                                                         after_commit, name, content, message):
    client.force_login(secretary)

    response = upload(client, commune_round, "nominations", SimpleUploadedFile(name, content), after_commit)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Job.objects.count(), nominations()) == (0, [])
    assert stored_uploads() == []


def test_jury_members_through_the_page(client, secretary, scoring_round, after_commit):
    group = JuryFactory(round=scoring_round, name="Ban giám khảo nhóm 1")
    people = [UserFactory(email=f"gk{i}@example.vn", role=enums.Role.JURY) for i in range(2)]
    client.force_login(secretary)
    upload(client, scoring_round, "jury-members",
           xlsx_file([JURY, EMAIL, ROLE], [group.name, people[0].email, "Trưởng ban"],
                     [group.name, people[1].email, ""]), after_commit)

    confirm(client, scoring_round, Job.objects.get(), after_commit)

    assert sorted(JuryMember.objects.filter(jury=group).values_list("user__email", "role")) == [
        ("gk0@example.vn", "head"), ("gk1@example.vn", "member")]


def test_paper_score_sheets_through_the_page(client, secretary, jury, accepted, judge, after_commit):  # noqa: F811
    selection_round = accepted.round
    client.force_login(secretary)
    template = client.get(reverse("scoring:round_import_template", args=[selection_round.pk, "score-sheets"]))
    headers = list(next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True)))
    upload(client, selection_round, "score-sheets",
           xlsx_file(headers, [accepted.pk, "", judge.email, *FULL_SHEET.values()]), after_commit)

    confirm(client, selection_round, Job.objects.get(), after_commit)

    assert headers == [NOMINATION, PRODUCT, MEMBER, *FULL_SHEET]
    assert list(ScoreSheet.objects.values_list("member__email", "status", "total")) == [
        (judge.email, SheetStatus.SUBMITTED, 84)]


def test_blank_templates_have_the_vietnamese_headers(client, secretary, commune_round):  # noqa: F811
    client.force_login(secretary)

    headers = {}
    for kind in ("nominations", "jury-members"):
        response = client.get(reverse("scoring:round_import_template", args=[commune_round.pk, kind]))
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        headers[kind] = rows
    unknown = client.get(reverse("scoring:round_import_template", args=[commune_round.pk, "producers"]))

    assert headers == {"nominations": [("Mã số thuế", "Sản phẩm", "Mã sản phẩm")],
                       "jury-members": [("Ban giám khảo", "E-mail", "Vai trò")]}
    assert unknown.status_code == 404


def test_another_province_gets_404_everywhere(client, secretary, other_secretary, commune_round,  # noqa: F811
                                              products, after_commit):
    client.force_login(secretary)
    upload(client, commune_round, "nominations",
           xlsx_file(NOMINATION_HEADERS, [products[0].producer.tax_code, "Ấm trà", ""]), after_commit)
    checked = Job.objects.get()
    own = job_page(client, commune_round, checked).status_code
    client.force_login(other_secretary)

    answers = [client.get(reverse(name, args=args)).status_code for name, args in (
        ("scoring:round_import", [commune_round.pk]),
        ("scoring:round_import_job", [commune_round.pk, checked.pk]),
        ("scoring:round_import_status", [commune_round.pk, checked.pk]),
        ("scoring:round_import_template", [commune_round.pk, "nominations"]))]
    posted = upload(client, commune_round, "nominations",
                    xlsx_file(NOMINATION_HEADERS, [products[0].producer.tax_code, "Lọ hoa men rạn", ""]), after_commit)
    confirmed = confirm(client, commune_round, checked, after_commit)

    assert own == 200
    assert (answers, posted.status_code, confirmed.status_code) == ([404, 404, 404, 404], 404, 404)
    assert (Job.objects.count(), nominations()) == (1, [])


def test_a_failed_job_shows_its_reason(client, secretary, commune_round, products, after_commit):  # noqa: F811
    client.force_login(secretary)
    with after_commit(execute=False) as callbacks:  # queued, not run yet
        client.post(reverse("scoring:round_import", args=[commune_round.pk]), {
            "kind": "nominations",
            "file": xlsx_file(NOMINATION_HEADERS, [products[0].producer.tax_code, "Ấm trà", ""])})
    job = Job.objects.get()
    private_storage().delete(job.params["file"])  # the stored upload is gone before the worker runs
    for callback in callbacks:
        callback()

    page = job_page(client, commune_round, job).content.decode()
    status = client.get(reverse("scoring:round_import_status", args=[commune_round.pk, job.pk])).json()

    assert (status["state"], status["error"]) == ("failed", "Tệp đã tải lên không còn nữa; hãy tải lên lại.")
    assert "Không nhập được: Tệp đã tải lên không còn nữa; hãy tải lên lại." in page


def test_a_file_over_the_row_limit_fails_its_job_with_the_reason(client, secretary, commune_round,  # noqa: F811
                                                                 products, settings, after_commit):
    settings.SPREADSHEET_MAX_ROWS = 2
    code = products[0].producer.tax_code
    client.force_login(secretary)

    uploaded = upload(client, commune_round, "nominations",
                      xlsx_file(NOMINATION_HEADERS, *[[code, p.name, ""] for p in products]), after_commit)
    job = Job.objects.get()
    page = client.get(uploaded["Location"]).content.decode()

    assert (job.state, job.error) == (
        JobState.FAILED, "Tệp có hơn 2 dòng, quá mức một lần nhập. Hãy chia thành nhiều tệp.")
    assert "Không nhập được: Tệp có hơn 2 dòng" in page and "Nhập 3 dòng" not in page
    assert nominations() == []


def test_status_page_query_count_does_not_grow_with_the_rows(client, secretary, commune_round, producer,  # noqa: F811
                                                             after_commit):
    client.force_login(secretary)
    counts = []
    for size in (1, 3):
        names = [f"Sản phẩm {size}-{i}" for i in range(size)]
        for name in names:
            ProductFactory(producer=producer, name=name)
        upload(client, commune_round, "nominations",
               xlsx_file(NOMINATION_HEADERS, *[[producer.tax_code, name, ""] for name in names]), after_commit)
        job = Job.objects.latest("pk")
        with CaptureQueriesContext(connection) as page:
            response = job_page(client, commune_round, job)
        with CaptureQueriesContext(connection) as status:
            client.get(reverse("scoring:round_import_status", args=[commune_round.pk, job.pk]))
        assert f"{size} dòng sẽ được nhập" in response.content.decode()
        counts.append((len(page), len(status)))
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED)  # the next upload's dry run is the latest

    assert counts[0] == counts[1]
