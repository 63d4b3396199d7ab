from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Bình chọn và chấm điểm")

    def ready(self):
        from . import (
            report_files,  # noqa: F401 — registers the report job's handler (catalog.jobs) in every process
            round_imports,  # noqa: F401 — registers the spreadsheet import job's handler
        )
