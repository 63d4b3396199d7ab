"""A GET never starts a background job (a crawler, a browser's prefetch or a reload would start them): the link to a
large file leads to a page saying how many rows it will have, and only its button (a POST, with the CSRF token)
queues the job; reloading that page, now the job's progress page, starts nothing more. A small export stays a
download on GET."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Job
from tests.awards.conftest import approved_decision  # noqa: F401  (a fixture)
from tests.awards.test_certificate_store import published  # noqa: F401  (a fixture)
from tests.scoring.test_nomination_exports import nominations  # noqa: F401  (a fixture)
from tests.scoring.test_report_files import large  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def with_query(url: str, **filters) -> str:
    return f"{url}?{urlencode(filters)}" if filters else url


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_large_export_link_shows_the_page_and_only_its_post_starts_the_job(client, secretary, nominations,  # noqa: F811
                                                                          settings, after_commit, fmt):
    settings.EXPORT_INLINE_MAX_ROWS = 1  # the list's two submitted nominations are a large list
    client.force_login(secretary)
    page_url = with_query(reverse("scoring:nominations_export", args=[nominations.pk, fmt]), state="submitted")
    build_url = with_query(reverse("scoring:nominations_export_build", args=[nominations.pk, fmt]), state="submitted")

    with after_commit(execute=True):
        link = client.get(reverse("scoring:round_nominations", args=[nominations.pk]),
                          {"export": fmt, "state": "submitted"})
        page = client.get(page_url)
        reloaded = client.get(page_url)
    jobs_after_gets = Job.objects.count()
    with after_commit(execute=True):
        started = client.post(build_url)
    jobs_after_post = Job.objects.count()
    with after_commit(execute=True):
        progress = [client.get(page_url) for _ in range(3)]

    html = page.content.decode()
    assert (link.status_code, link["Location"]) == (302, page_url)
    assert (page.status_code, reloaded.status_code) == (200, 200)
    assert "có 2 hồ sơ" in html and "máy chạy nền" in html
    assert f'<form method="post" action="{build_url.replace("&", "&amp;")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and "Tạo tệp</button>" in html
    assert jobs_after_gets == 0
    assert (started.status_code, started["Location"]) == (302, page_url)
    assert jobs_after_post == 1
    assert [response.status_code for response in progress] == [200, 200, 200]
    assert Job.objects.count() == 1
    assert "Tạo lại tệp</button>" in progress[0].content.decode()


def test_second_post_while_the_job_is_queued_starts_no_second_job(client, secretary, nominations,  # noqa: F811
                                                                  settings):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client.force_login(secretary)
    build_url = reverse("scoring:nominations_export_build", args=[nominations.pk, "csv"])

    first = client.post(build_url)  # queued: the test's transaction never commits, so it does not run
    second = client.post(build_url, HTTP_ACCEPT="application/json")

    assert first.status_code == 302
    assert (second.status_code, second.json()["state"]) == (409, "queued")
    assert Job.objects.count() == 1


def test_build_needs_the_csrf_token(secretary, nominations, settings):  # noqa: F811
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    page_url = reverse("scoring:nominations_export", args=[nominations.pk, "csv"])
    build_url = reverse("scoring:nominations_export_build", args=[nominations.pk, "csv"])

    refused = client.post(build_url)
    token = client.get(page_url).context["csrf_token"]
    accepted = client.post(build_url, {"csrfmiddlewaretoken": str(token)})

    assert (refused.status_code, accepted.status_code) == (403, 302)
    assert Job.objects.count() == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_small_export_is_still_a_download_on_get(client, secretary, nominations, fmt):  # noqa: F811
    client.force_login(secretary)

    response = client.get(reverse("scoring:round_nominations", args=[nominations.pk]), {"export": fmt})

    assert (response.status_code, response["Content-Disposition"]) == (
        200, f'attachment; filename="ho-so-dot-{nominations.pk}.{fmt}"')
    assert Job.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_large_report_link_and_page_start_no_job(client, secretary, large, after_commit, fmt):  # noqa: F811
    client.force_login(secretary)
    page_url = reverse("scoring:round_report_file", args=[large.pk, fmt])

    with after_commit(execute=True):
        link = client.get(reverse(f"scoring:round_report_{fmt}", args=[large.pk]))
        pages = [client.get(page_url).status_code for _ in range(2)]
    jobs_after_gets = Job.objects.count()
    started = client.post(reverse("scoring:round_report_file_build", args=[large.pk, fmt]))  # queued, not run

    assert (link.status_code, link["Location"], pages) == (302, page_url, [200, 200])
    assert jobs_after_gets == 0
    assert (started.status_code, started["Location"]) == (302, page_url)
    assert Job.objects.count() == 1


def test_certificate_bundle_page_starts_no_job(client, secretary, published):  # noqa: F811
    client.force_login(secretary)
    page_url = reverse("awards:bundle_page", args=[published.pk])

    pages = [client.get(page_url).status_code for _ in range(2)]
    jobs_after_gets = Job.objects.count()
    started = client.post(reverse("awards:bundle_build", args=[published.pk]))  # queued, not run

    assert pages == [200, 200]
    assert jobs_after_gets == 0
    assert (started.status_code, started["Location"]) == (302, page_url)
    assert Job.objects.count() == 1
