"""`manage.py prune_uploads` (catalog.jobs.prune_files): an uploaded import file is deleted some days after the last
job using it ended, a made export some days after its job ended; never the file of a queued or running job, and
the job rows stay. Files are made and read back through the storage API only (tests/media.py), so the same test
holds on disk and on the object store."""

import datetime
import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.enums import JobState
from catalog.models import Job, private_storage
from scoring import exports, round_imports
from tests.media import is_stored, stored_bytes
from tests.scoring.conftest import commune_round  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

_keys = itertools.count(1)


def job(kind: str, state: str, *, ended_days_ago: float | None = None, upload: str | None = None,
        result: bool = False, **fields) -> Job:
    """A job row as the real kinds leave it: its uploaded file (or another job's, `upload`) in params["file"] and
    its result file, both stored in private storage."""
    now = timezone.now()
    ended = now - datetime.timedelta(days=ended_days_ago) if ended_days_ago is not None else None
    fields.setdefault("key", f"tests:{next(_keys)}")
    row = Job.objects.create(kind=kind, state=state, finished_at=ended,
                             created_at=(ended or now) - datetime.timedelta(minutes=5), **fields)
    if upload is None and kind == round_imports.IMPORT_JOB:
        upload = private_storage().save(f"jobs/{row.pk}/tep-nhap.xlsx", ContentFile(b"uploaded"))
    if upload:
        row.params = {**row.params, "file": upload, "dry_run": True}
    if result:
        row.result.save("ket-qua.json" if kind == round_imports.IMPORT_JOB else "ho-so.csv", ContentFile(b"made"),
                        save=False)
        row.result_name = "ho-so.csv"
    row.save()
    return row


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_uploads", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def world(settings):
    """Every case beside the others, so each is shown to be told apart: 7 days for uploads, 3 for exports."""
    settings.IMPORT_UPLOAD_RETENTION_DAYS, settings.EXPORT_FILE_RETENTION_DAYS = 7, 3
    imports = round_imports.IMPORT_JOB
    rows = {
        "old import": job(imports, JobState.DONE, ended_days_ago=8, result=True),
        "old failed import": job(imports, JobState.FAILED, ended_days_ago=30),
        "recent import": job(imports, JobState.DONE, ended_days_ago=6),
        "queued import": job(imports, JobState.QUEUED),
        "running import": job(imports, JobState.RUNNING, started_at=timezone.now()),
        "retrying import": job(imports, JobState.RETRYING, attempts=1),
        "checked, then confirmed": job(imports, JobState.DONE, ended_days_ago=9, result=True),
        "old export": job(exports.EXPORT_JOB, JobState.DONE, ended_days_ago=4, result=True),
        "recent export": job(exports.EXPORT_JOB, JobState.DONE, ended_days_ago=2, result=True),
    }
    # The confirmed import of a dry run reads the dry run's file: it is still running, so the file stays.
    rows["confirming"] = job(imports, JobState.RUNNING, upload=rows["checked, then confirmed"].params["file"])
    return rows


def uploads(rows) -> dict[str, bool]:
    return {name: is_stored(row.params["file"], "private") for name, row in rows.items() if row.params.get("file")}


def results(rows) -> dict[str, bool]:
    return {name: is_stored(row.result.name, "private") for name, row in rows.items() if row.result}


def test_prune_deletes_exactly_the_expired_files_of_finished_jobs(world):
    jobs_before = Job.objects.count()

    output = prune()

    assert output == ("Deleted 2 uploaded file(s) and 1 export file(s) of 3 finished job(s); kept 1 uploaded file(s) "
                      "still used by a queued, running or recent job.")
    assert uploads(world) == {
        "old import": False, "old failed import": False, "recent import": True, "queued import": True,
        "running import": True, "retrying import": True, "checked, then confirmed": True, "confirming": True}
    # An import's findings (its result) stay with the row; a made export goes.
    assert results(world) == {"old import": True, "checked, then confirmed": True, "old export": False,
                              "recent export": True}
    assert stored_bytes(world["old import"].result.name, "private") == b"made"
    assert Job.objects.count() == jobs_before
    pruned = {name for name, row in world.items() if Job.objects.get(pk=row.pk).files_pruned_at is not None}
    assert pruned == {"old import", "old failed import", "old export"}
    old_export = Job.objects.get(pk=world["old export"].pk)
    assert (old_export.state, old_export.result.name, old_export.result_name) == (JobState.DONE, "", "ho-so.csv")


def test_prune_keeps_a_shared_file_until_its_last_job_is_old_enough(world):
    checked, confirming = world["checked, then confirmed"], world["confirming"]
    Job.objects.filter(pk=confirming.pk).update(state=JobState.DONE,
                                                finished_at=timezone.now() - datetime.timedelta(days=1))
    prune()
    kept = is_stored(checked.params["file"], "private")
    Job.objects.filter(pk=confirming.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))

    output = prune()

    assert kept is True
    assert output == ("Deleted 1 uploaded file(s) and 0 export file(s) of 2 finished job(s); kept 0 uploaded file(s) "
                      "still used by a queued, running or recent job.")
    assert is_stored(checked.params["file"], "private") is False
    assert Job.objects.filter(pk__in=[checked.pk, confirming.pk], files_pruned_at__isnull=False).count() == 2


def test_prune_dry_run_counts_and_deletes_nothing(world):
    stored = (uploads(world), results(world))

    output = prune("--dry-run")

    assert output == ("Would delete 2 uploaded file(s) and 1 export file(s) of 3 finished job(s); kept 1 uploaded "
                      "file(s) still used by a queued, running or recent job.")
    assert (uploads(world), results(world)) == stored
    assert Job.objects.filter(files_pruned_at__isnull=False).count() == 0


def test_prune_run_again_finds_nothing(world):
    prune()

    output = prune()

    assert output == ("Deleted 0 uploaded file(s) and 0 export file(s) of 0 finished job(s); kept 1 uploaded file(s) "
                      "still used by a queued, running or recent job.")


def test_pruned_dry_run_page_says_the_file_is_gone_and_offers_no_import(client, secretary, commune_round,  # noqa: F811
                                                                        settings):
    settings.IMPORT_UPLOAD_RETENTION_DAYS = 7
    checked = job(round_imports.IMPORT_JOB, JobState.DONE, ended_days_ago=8, total=1,
                  key=round_imports.key(commune_round))
    checked.params = {**checked.params, "round": commune_round.pk, "kind": "nominations", "skip_bad_rows": False}
    checked.result.save("ket-qua.json", ContentFile(
        '{"dry_run": true, "skip_bad_rows": false, "count": 1, "errors": [], "headers": ["Sản phẩm"], '
        '"rows": [[2, ["Ấm trà"]]]}'.encode()), save=False)
    checked.save()
    client.force_login(secretary)
    page = reverse("scoring:round_import_job", args=[commune_round.pk, checked.pk])
    before = client.get(page).content.decode()

    prune()
    after = client.get(page).content.decode()
    confirmed = client.post(reverse("scoring:round_import_confirm", args=[commune_round.pk, checked.pk]))

    assert 'id="import-file-pruned"' not in before
    assert reverse("scoring:round_import_confirm", args=[commune_round.pk, checked.pk]) in before
    assert 'id="import-file-pruned"' in after
    assert "Ấm trà" in after  # the findings stay
    assert reverse("scoring:round_import_confirm", args=[commune_round.pk, checked.pk]) not in after
    assert confirmed.status_code == 302
    assert Job.objects.filter(key=round_imports.key(commune_round)).count() == 1  # nothing was queued


def test_pruned_export_offers_no_download_and_says_so(client, secretary, commune_round, settings):  # noqa: F811
    settings.EXPORT_FILE_RETENTION_DAYS = 7
    made = job(exports.EXPORT_JOB, JobState.DONE, ended_days_ago=8, result=True,
               key=exports.list_key(exports.NOMINATIONS, commune_round, "csv", ""),
               params={"round": commune_round.pk, "fmt": "csv", "query": ""})
    client.force_login(secretary)
    page_url = reverse("scoring:nominations_export", args=[commune_round.pk, "csv"])
    status_url = reverse("scoring:nominations_export_status", args=[commune_round.pk, "csv"])
    download_url = reverse("scoring:nominations_export_download", args=[commune_round.pk, "csv"])
    before = (client.get(status_url).json()["download_url"], client.get(download_url).status_code)

    prune()
    status = client.get(status_url).json()
    page = client.get(page_url).content.decode()

    assert before == (download_url, 200)
    assert (status["state"], status["pruned"], status["download_url"]) == ("done", True, None)
    assert 'id="job-pruned"' in page
    assert client.get(download_url).status_code == 404
    assert Job.objects.filter(pk=made.pk).exists()
