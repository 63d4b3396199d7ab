"""A backup restored into an empty database and empty media stores gives the same rankings, certificate list,
certificate ZIP contents, private documents and photos, and the same intact audit chain (catalog.backup;
`manage.py backup` / `restore`; `manage.py verify_audit`)."""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection

from awards.services import set_decision_state
from catalog import audit, backup, enums, uploads
from catalog.models import AuditEntry, Certificate, Document, ProductPhoto
from scoring import ranking_queries
from tests import media
from tests.images import jpeg_upload, pdf_bytes, upload
from tests.media import stored_names

ROOT = Path(__file__).resolve().parents[2]

FACTS = """
import hashlib, json, sys
import django
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1], verbosity=0)
from tests.awards.test_backup import facts
print(json.dumps(facts()))
"""


def audit_chain() -> dict:
    """The audit-chain check as `manage.py verify_audit` reports it, with the count and the last link it checked."""
    out = io.StringIO()
    call_command("verify_audit", stdout=out)  # raises CommandError on a broken link
    checked, broken = audit.verify()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return {"report": out.getvalue().strip(), "checked": checked, "broken": broken is not None,
            "last": list(last) if last else None}


def facts() -> dict:
    """What must survive a restore, read the way the pages read it."""
    from awards.models import ResultsDecision

    rankings = {}
    for decision in ResultsDecision.objects.select_related("round"):
        rankings[decision.round_id] = [
            [row.pk, row.place, row.tied, str(getattr(getattr(row, "figures", None), "average", None))]
            for row in ranking_queries.ranking(decision.round)]
    return {
        "rankings": rankings,
        "certificates": [[c.number, c.product.name, c.status, str(c.valid_until)]
                         for c in Certificate.objects.select_related("product").order_by("number")],
        "documents": {d.file.name: hashlib.sha256(d.file.open("rb").read()).hexdigest()
                      for d in Document.objects.all()},
        "photos": {p.image.name: hashlib.sha256(storages["default"].open(p.image.name).read()).hexdigest()
                   for p in ProductPhoto.objects.all()},
        "checks": backup.run_checks(),
        "audit": audit_chain(),
    }


@pytest.fixture
def restored_database(tmp_path):
    """An empty database of the kind the suite runs on, for the child process."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    server = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    name = f"{db['NAME']}_restore_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# Committed data (the backup reads it from another connection); serialized so the tests after it keep theirs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_reproduces_rankings_certificates_and_files(tmp_path, secretary, approved_decision, producer,
                                                           restored_database):
    set_decision_state(decision=approved_decision, new_state="published", by=secretary)
    uploads.add_document(producer=producer, kind=enums.DocumentKind.FOOD_SAFETY, number="1/ATTP",
                         upload=upload("ATTP.pdf", pdf_bytes(), "application/pdf"))
    product = Certificate.objects.order_by("number").first().product
    uploads.add_photo(product=product, upload=jpeg_upload(), role="front")
    before = json.loads(json.dumps(facts()))

    call_command("backup", str(tmp_path / "backup"), verbosity=0)
    # Empty media stores of the same kind: new folders on disk, or a new key prefix in the bucket on S3.
    restored_prefix = media.new_test_prefix(settings.S3_PREFIX) if settings.S3_BUCKET else None
    env = {**os.environ, "DATABASE_URL": restored_database, "DJANGO_SETTINGS_MODULE": "config.settings",
           "MEDIA_ROOT": str(tmp_path / "restored-media"), "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
           "S3_PREFIX": restored_prefix or ""}
    try:
        child = subprocess.run([sys.executable, "-c", FACTS, str(tmp_path / "backup")], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
        assert child.returncode == 0, child.stderr[-3000:]
        after = json.loads(child.stdout.strip().splitlines()[-1])
        if restored_prefix:
            keys = [item.key for item in storages["default"].bucket.objects.filter(Prefix=f"{restored_prefix}/")]
        else:
            keys = [str(path.relative_to(tmp_path)) for path in tmp_path.glob("restored-*/**/*") if path.is_file()]
    finally:
        if restored_prefix:
            media.delete_prefix(restored_prefix)

    assert len(before["certificates"]) == 2 and len(before["documents"]) == 1 and len(before["photos"]) == 1
    # The chain is checked, not empty: the publication and the certificates wrote entries before the backup.
    entries = AuditEntry.objects.count()
    assert entries > 0 and before["audit"]["checked"] == entries and before["audit"]["broken"] is False
    assert before["audit"]["report"] == f"Audit chain intact: {entries} entries."
    assert before["audit"]["last"][0] == entries
    assert after["audit"] == before["audit"]  # same number of entries, same last link, no break
    assert after == before
    # The files are in the new stores: the document, the photo and its thumbnails, and the certificates' files.
    restored = {key.split("/")[-1] for key in keys}
    assert {name.split("/")[-1] for store in backup.STORES for name in stored_names(store)} == restored
    assert {name.split("/")[-1] for name in before["documents"]} | {
        name.split("/")[-1] for name in before["photos"]} <= restored
