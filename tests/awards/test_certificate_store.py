"""Rendered certificate PDFs kept under their content version (awards.pdf.stored_certificate_pdf): a batch killed
half-way renders only what it had not reached when it runs again, an unchanged certificate is read back, a
changed or revoked one is rendered again, and the download view serves the stored file."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards import pdf
from awards.services import revoke_certificate, set_decision_state, start_certificate_bundle
from catalog import jobs
from catalog.models import Certificate, Job
from tests.factories import DecisionEntryFactory, ProductFactory

NUMBERS = ["T-01-2026-0001", "T-01-2026-0002", "T-01-2026-0003", "T-01-2026-0004"]


@pytest.fixture
def published(secretary, approved_decision):
    """Four certificates (the decision's two recognised products and two more)."""
    DecisionEntryFactory(decision=approved_decision, nomination__product=ProductFactory(name="Nón lá Chuông"))
    DecisionEntryFactory(decision=approved_decision, nomination__product=ProductFactory(name="Lụa Vạn Phúc"))
    set_decision_state(decision=approved_decision, new_state="published", by=secretary)
    assert list(Certificate.objects.order_by("number").values_list("number", flat=True)) == NUMBERS
    return approved_decision


@pytest.fixture
def renders(monkeypatch):
    """The PDF engine (a real boundary) counted: the numbers it rendered, in order; `fail_on` = the render
    (1-based) at which the worker dies, as a killed process does (SystemExit is not an ordinary failure)."""
    real = pdf.certificate_pdf
    state = {"numbers": [], "fail_on": None}

    def counted(certificate):
        state["numbers"].append(certificate.number)
        if state["fail_on"] == len(state["numbers"]):
            raise SystemExit("worker killed")
        return real(certificate)

    monkeypatch.setattr(pdf, "certificate_pdf", counted)
    return state


def zip_members(job: Job) -> dict[str, bytes]:
    with job.result.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return {name: archive.read(name) for name in archive.namelist()}


def stored_names() -> list[str]:
    storage = storages["private"]
    try:
        folders = storage.listdir(pdf.STORE_FOLDER)[0]
    except FileNotFoundError:  # on disk, before the first PDF (an object store lists nothing)
        return []
    return sorted(f"{folder}/{name}" for folder in folders
                  for name in storage.listdir(f"{pdf.STORE_FOLDER}/{folder}")[1])


def build(decision, after_commit) -> Job:
    with after_commit(execute=True):
        job, mine = start_certificate_bundle(decision=decision)
    assert mine
    job.refresh_from_db()
    return job


def test_killed_batch_resumes_rendering_only_the_rest(published, renders, after_commit):
    renders["fail_on"] = 3  # the worker dies while rendering the third certificate
    job = build(published, after_commit)

    # The job is left running (its worker is gone), with two PDFs done and kept, and no ZIP.
    assert (job.state, job.done, job.total, bool(job.result)) == ("running", 2, 4, False)
    assert renders["numbers"] == NUMBERS[:3]
    assert [name.split("/")[0] for name in stored_names()] == NUMBERS[:2]

    renders["numbers"], renders["fail_on"] = [], None
    later = timezone.now() + jobs.STALE + datetime.timedelta(minutes=1)
    assert jobs.resume(now=later) == [job.pk]  # the immediate backend runs it at once
    job.refresh_from_db()

    assert (job.state, job.done, job.total, job.attempts, job.error) == ("done", 4, 4, 2, "")
    assert renders["numbers"] == NUMBERS[2:]  # only the two it had not reached
    resumed = zip_members(job)
    assert list(resumed) == [f"{number}.pdf" for number in NUMBERS]

    # From scratch (no stored PDFs): every certificate rendered, the same bytes in the ZIP.
    for name in stored_names():
        storages["private"].delete(f"{pdf.STORE_FOLDER}/{name}")
    renders["numbers"] = []
    fresh = zip_members(build(published, after_commit))
    assert renders["numbers"] == NUMBERS
    assert fresh == resumed
    assert all(content.startswith(b"%PDF-") for content in fresh.values())


def test_failed_batch_restarted_reuses_the_pdfs_it_made(published, renders, after_commit, settings, monkeypatch):
    settings.JOB_MAX_ATTEMPTS = 1
    real = pdf.certificate_pdf

    def once_broken(certificate):
        if certificate.number == NUMBERS[1] and not hasattr(once_broken, "failed"):
            once_broken.failed = True
            raise OSError("font missing")
        return real(certificate)

    monkeypatch.setattr(pdf, "certificate_pdf", once_broken)
    job = build(published, after_commit)
    assert (job.state, job.done, job.error, bool(job.result)) == ("failed", 1, "OSError: font missing", False)

    renders["numbers"] = []
    with after_commit(execute=True):
        jobs.restart(job)
    job.refresh_from_db()

    assert (job.state, job.done) == ("done", 4)
    assert renders["numbers"] == NUMBERS[1:]  # the first was kept from the failed try
    assert list(zip_members(job)) == [f"{number}.pdf" for number in NUMBERS]


def test_changed_and_revoked_certificates_are_rendered_again(published, renders, after_commit, secretary):
    first = zip_members(build(published, after_commit))
    assert renders["numbers"] == NUMBERS

    renamed = Certificate.objects.get(number=NUMBERS[0])
    renamed.product.name = "Bình gốm men rạn Bát Tràng"
    renamed.product.save(update_fields=["name"])
    revoked = Certificate.objects.get(number=NUMBERS[3])
    revoke_certificate(certificate=revoked, by=secretary, revoked_on=revoked.issued_on, reason="Sai phạm",
                       decision_number="12/QĐ-UBND")
    renders["numbers"] = []
    second = zip_members(build(published, after_commit))

    assert renders["numbers"] == [NUMBERS[0], NUMBERS[3]]
    assert second[f"{NUMBERS[1]}.pdf"] == first[f"{NUMBERS[1]}.pdf"]  # unchanged: read back
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(second[f"{NUMBERS[0]}.pdf"])).pages)
    assert "men rạn" in text and second[f"{NUMBERS[0]}.pdf"] != first[f"{NUMBERS[0]}.pdf"]
    # One file a certificate: the old versions are gone.
    assert [name.split("/")[0] for name in stored_names()] == NUMBERS


def test_content_version_follows_what_the_pdf_shows(published):
    certificate = Certificate.objects.get(number=NUMBERS[0])
    version = pdf.content_version(certificate)

    assert pdf.content_version(Certificate.objects.get(number=NUMBERS[0])) == version  # stable
    assert pdf.content_version(Certificate.objects.get(number=NUMBERS[1])) != version
    certificate.valid_until -= datetime.timedelta(days=1)
    assert pdf.content_version(certificate) != version
    assert pdf.stored_pdf_name(certificate, version) == f"{pdf.STORE_FOLDER}/{NUMBERS[0]}/{version}.pdf"


def test_stored_name_of_a_historical_number_stays_in_its_folder(published):
    certificate = Certificate.objects.get(number=NUMBERS[0])
    certificate.number = "../12/QĐ UBND"

    name = pdf.stored_pdf_name(certificate, "v1")

    assert name == f"{pdf.STORE_FOLDER}/_12_Q_UBND/v1.pdf"
    assert pdf.STORE_FOLDER.startswith("certificate-pdfs")


def test_download_serves_the_stored_pdf_when_its_version_matches(client, producer_user, published, renders,
                                                                  after_commit):
    job = build(published, after_commit)
    certificate = Certificate.objects.get(number=NUMBERS[0])  # the fixture's `producer` owns this one
    url = reverse("awards:certificate_download", args=[certificate.pk])
    client.force_login(producer_user)
    renders["numbers"] = []

    response = client.get(url)

    assert response.status_code == 200 and renders["numbers"] == []
    assert response.content == zip_members(job)[f"{NUMBERS[0]}.pdf"]

    certificate.product.name = "Bình gốm men rạn Bát Tràng"
    certificate.product.save(update_fields=["name"])
    changed = client.get(url)

    assert changed.status_code == 200 and renders["numbers"] == [NUMBERS[0]]
    assert changed.content != response.content
    assert "men rạn" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(changed.content)).pages)
