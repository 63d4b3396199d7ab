"""Reusable querysets for certificates, decisions and complaints."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from catalog.models import Certificate

from .models import DecisionEntry, ResultsDecision


def public_certificate(number: str) -> Certificate | None:
    """The published certificate with this number (case and surrounding spaces ignored), or None."""
    number = (number or "").strip()
    if not number:
        return None
    return (Certificate.objects.public()
            .select_related("product__producer__province", "scope_province", "scope_region",
                            "entry__decision")
            .filter(number__iexact=number).first())


def certificate_list_rows(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """Everything the certificate list (screen, XLSX, PDF) shows, in one query."""
    return certificates.select_related("product__producer__province", "entry").order_by("number")


# --- The lines of a results decision --------------------------------------------------------------------------


def decision_entries(decision: ResultsDecision) -> QuerySet[DecisionEntry]:
    """A decision's lines in rank order (unscored last), each with `tied`: another line shares its rank."""
    same_rank = DecisionEntry.objects.filter(decision_id=OuterRef("decision_id"), rank=OuterRef("rank")).exclude(
        pk=OuterRef("pk"))
    return (decision.entries.select_related("nomination__product__producer")
            .annotate(tied=Exists(same_rank))
            .order_by(F("rank").asc(nulls_last=True), "nomination__product__name", "pk"))


def filter_entries(entries: QuerySet[DecisionEntry], *, threshold, q: str = "", result: str = "", score: str = "",
                   group: str = "", tied: bool = False) -> QuerySet[DecisionEntry]:
    """The decision list's filters (awards.forms.EntryFilterForm): they narrow the rows, never the ranks."""
    if q:
        entries = entries.filter(Q(nomination__product__name__icontains=q)
                                 | Q(nomination__product__producer__name__icontains=q))
    if result:
        entries = entries.filter(recognised=result == "cong-nhan")
    if score == "dat":
        entries = entries.filter(average__gte=threshold)
    elif score == "duoi":
        entries = entries.filter(average__lt=threshold)
    elif score == "chua-co":
        entries = entries.filter(average__isnull=True)
    if group:
        entries = entries.filter(nomination__product__group=group)
    if tied:
        entries = entries.filter(tied=True)
    return entries


def entry_counts(decision: ResultsDecision) -> dict:
    """How many lines (n_total), recognised, not recognised (n_excluded), at or above the threshold: one query."""
    threshold = decision.round.threshold
    return decision.entries.aggregate(
        n_total=Count("pk"), n_recognised=Count("pk", filter=Q(recognised=True)),
        n_excluded=Count("pk", filter=Q(recognised=False)), n_passing=Count("pk", filter=Q(average__gte=threshold)))
