"""A large round's report files are made by a background job (scoring.report_files); a small one's at once."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from catalog.enums import JobState
from catalog.models import Job
from scoring import report_files
from scoring.enums import RoundState
from tests.scoring.test_report import scored_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """Two ranked nominations count as a large round."""
    settings.REPORT_INLINE_MAX_ROWS = {"pdf": 1, "xlsx": 1}
    settings.EXPORT_INLINE_MAX_ROWS = 1  # the XLSX follows the limit of every spreadsheet export
    return scored_round(nominations=2, state=RoundState.RESULTS_PUBLISHED)


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content))["Xếp hạng"].iter_rows(values_only=True))


def test_small_round_file_comes_in_the_response(client, secretary):
    selection_round = scored_round(nominations=2, state=RoundState.RESULTS_PUBLISHED)
    client.force_login(secretary)

    response = client.get(reverse("scoring:round_report_xlsx", args=[selection_round.pk]))

    assert (response.status_code, len(rows_of(response.content)), Job.objects.count()) == (200, 3, 0)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_large_round_file_is_made_by_a_job_and_downloaded(client, secretary, large, after_commit, fmt):
    client.force_login(secretary)
    page_url = reverse("scoring:round_report_file", args=[large.pk, fmt])

    link = client.get(reverse(f"scoring:round_report_{fmt}", args=[large.pk]))
    page = client.get(page_url)
    with after_commit(execute=True):
        queued = client.post(reverse("scoring:round_report_file_build", args=[large.pk, fmt]),
                             HTTP_ACCEPT="application/json")
    status = client.get(reverse("scoring:round_report_file_status", args=[large.pk, fmt])).json()
    download = client.get(reverse("scoring:round_report_file_download", args=[large.pk, fmt]))
    content = b"".join(download.streaming_content)

    assert (link.status_code, link["Location"]) == (302, page_url)
    assert page.status_code == 200 and "2 hồ sơ" in page.content.decode()
    assert queued.status_code == 202
    assert (status["state"], status["done"], status["total"]) == ("done", 2, 2)
    assert status["download_url"] == reverse("scoring:round_report_file_download", args=[large.pk, fmt])
    assert download["Content-Disposition"] == f'attachment; filename="bao-cao-ket-qua-dot-{large.pk}.{fmt}"'
    if fmt == "xlsx":  # the same rows as the file the request makes (one definition: report_files.render)
        assert rows_of(content) == rows_of(report_files.render(large, "xlsx"))
        assert [row[2] for row in rows_of(content)[1:]] == ["Bình gốm men rạn 0", "Bình gốm men rạn 1"]
    else:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(content)).pages)
        assert "Bình gốm men rạn 1" in text and "80,00" in text


def test_nothing_to_download_before_the_job_is_done(client, secretary, large):
    client.force_login(secretary)
    report_files.start(selection_round=large, fmt="pdf", by=secretary)  # queued; never run (no commit)

    status = client.get(reverse("scoring:round_report_file_status", args=[large.pk, "pdf"])).json()
    download = client.get(reverse("scoring:round_report_file_download", args=[large.pk, "pdf"]))

    assert (status["state"], status["download_url"], download.status_code) == ("queued", None, 404)


def test_other_province_and_unknown_format_get_404(client, secretary, other_secretary, large,  # noqa: F811
                                                   after_commit):
    client.force_login(secretary)
    with after_commit(execute=True):
        client.post(reverse("scoring:round_report_file_build", args=[large.pk, "xlsx"]))
    own = client.get(reverse("scoring:round_report_file_download", args=[large.pk, "xlsx"]))
    unknown = client.get(reverse("scoring:round_report_file", args=[large.pk, "docx"]))
    client.force_login(other_secretary)
    others = [client.get(reverse(name, args=[large.pk, "xlsx"])).status_code
              for name in ("scoring:round_report_file", "scoring:round_report_file_status",
                           "scoring:round_report_file_download")]
    refused_build = client.post(reverse("scoring:round_report_file_build", args=[large.pk, "xlsx"]))

    assert (own.status_code, unknown.status_code) == (200, 404)
    assert (others, refused_build.status_code, Job.objects.filter(state=JobState.DONE).count()) == (
        [404, 404, 404], 404, 1)
