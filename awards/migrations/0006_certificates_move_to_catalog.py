"""Certificates move from awards to catalog (the record belongs to the product), keeping every row and its id.

Each awards.Certificate becomes a catalog.Certificate with the same id, number and fields, plus the jury average
its decision entry recorded; the link to that entry moves to DecisionEntry.certificate. The nomination link is
dropped: it is the entry's nomination. The listing rows of the public catalogue are built after the migration
(catalog.apps: post_migrate, or `manage.py listings --rebuild`), with the final schema.
"""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

CHUNK = 2000


def copy_certificates(apps, schema_editor):
    Old = apps.get_model("awards", "Certificate")
    New = apps.get_model("catalog", "Certificate")
    Entry = apps.get_model("awards", "DecisionEntry")
    averages = dict(Entry.objects.values_list("pk", "average"))
    fields = ["id", "product_id", "number", "level", "scope_province_id", "scope_region_id", "issued_on",
              "valid_until", "issuer", "source", "status", "published_on", "revoked_on", "revocation_reason",
              "revocation_decision_number", "recorded_by_id", "created_at"]
    rows = Old.objects.order_by("pk").values(*fields, "entry_id")
    batch, links = [], []
    for row in rows.iterator(chunk_size=CHUNK):
        entry_id = row.pop("entry_id")
        batch.append(New(**row, average=averages.get(entry_id)))
        if entry_id:
            links.append((entry_id, row["id"]))
        if len(batch) == CHUNK:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)
    for entry_id, certificate_id in links:
        Entry.objects.filter(pk=entry_id).update(issued_certificate_id=certificate_id)
    # Ids were copied, so the new table's id sequence (PostgreSQL) must start after the largest one.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    # PostgreSQL defers foreign-key checks to the commit; the table changes below refuse to run while such checks
    # are pending, so they run here.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def copy_back(apps, schema_editor):
    Old = apps.get_model("awards", "Certificate")
    New = apps.get_model("catalog", "Certificate")
    Entry = apps.get_model("awards", "DecisionEntry")
    entries = dict(Entry.objects.filter(issued_certificate__isnull=False).values_list("issued_certificate_id", "pk"))
    fields = ["id", "product_id", "number", "level", "scope_province_id", "scope_region_id", "issued_on",
              "valid_until", "issuer", "source", "status", "published_on", "revoked_on", "revocation_reason",
              "revocation_decision_number", "recorded_by_id", "created_at"]
    Old.objects.bulk_create([Old(**row, entry_id=entries.get(row["id"]))
                             for row in New.objects.order_by("pk").values(*fields)], batch_size=CHUNK)
    Entry.objects.update(issued_certificate=None)
    New.objects.all().delete()
    _check_constraints_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0005_certificate_product_index"),
        ("catalog", "0004_certificates_and_listing"),
    ]

    operations = [
        # A temporary name: the old certificate's reverse accessor on the entry is still called "certificate".
        migrations.AddField(
            model_name="decisionentry",
            name="issued_certificate",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="+", to="catalog.certificate"),
        ),
        migrations.RunPython(copy_certificates, copy_back),
        migrations.DeleteModel(name="Certificate"),
        migrations.RenameField(model_name="decisionentry", old_name="issued_certificate", new_name="certificate"),
        migrations.AlterField(
            model_name="decisionentry",
            name="certificate",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="entry", to="catalog.certificate"),
        ),
    ]
