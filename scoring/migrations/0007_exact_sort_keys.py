# Written by hand: the ranking key now carries the EXACT figures (scoring.ranking.encode_key), so a mean of
# 69.995 no longer passes a threshold of 70 and two nominations shown 80.00 are tied only when exactly equal.
# Every stored NominationFigures row is recomputed by the same function that first stored them.

import importlib

from django.db import migrations


def recompute(apps, schema_editor):
    apps.get_model("scoring", "NominationFigures").objects.all().delete()
    importlib.import_module("scoring.migrations.0006_stored_figures").store_figures(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0006_stored_figures'),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
