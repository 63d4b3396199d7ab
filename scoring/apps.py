from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Bình chọn và chấm điểm")

    def ready(self):
        # Register the report, export and spreadsheet import jobs' handlers (catalog.jobs) in every process.
        from . import exports, report_files, round_imports  # noqa: F401
