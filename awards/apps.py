from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def build_missing_statistics(using="default", **_kwargs):
    """After `migrate`: a database upgraded from before the statistics facts existed gets them (as catalog builds
    its missing listing rows). Two small queries when there is nothing to build."""
    from django.db import connections

    from catalog.models import Certificate

    from .enums import DecisionState
    from .models import CertificateFact, ResultsDecision, RoundResult
    from .reports import facts, results

    if CertificateFact._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the reports
    if Certificate.objects.using(using).exists() and not CertificateFact.objects.using(using).exists():
        facts.rebuild()
    published = ResultsDecision.objects.using(using).filter(state=DecisionState.PUBLISHED)
    if published.exists() and not RoundResult.objects.using(using).exists():
        results.rebuild()


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Công nhận và chứng nhận")

    def ready(self):
        from django.db.models.signals import post_migrate

        from catalog import listing

        from . import exports, services  # noqa: F401 — register the job handlers (catalog.jobs) in every process
        from .reports import facts

        # The statistics facts follow every refresh of a product's listing row (see catalog.listing.FOLLOWERS).
        if facts.refresh not in listing.FOLLOWERS:
            listing.FOLLOWERS.append(facts.refresh)
        post_migrate.connect(build_missing_statistics, sender=self, dispatch_uid="awards-build-missing-statistics")
