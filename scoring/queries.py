"""Reusable querysets and aggregates for rounds and nominations."""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length, Trim

from catalog.enums import DocumentKind, PhotoRole, ProductGroup
from catalog.models import Certificate, Document, Product, ProductPhoto

from .enums import NominationState
from .models import Nomination, SelectionRound


def recognised_products(selection_round: SelectionRound, on=None) -> QuerySet[Product]:
    """Products accepted into the round that hold a certificate of the round's level in force (recorded
    historical certificates count, as issued ones do): what the round can forward upward."""
    certified = Certificate.objects.in_force(on).filter(level=selection_round.level)
    return (
        Product.objects.filter(nominations__round=selection_round, nominations__state=NominationState.ACCEPTED)
        .filter(pk__in=certified.values("product"))
        .select_related("producer", "producer__province")
        .distinct()
    )


def _photo(role):
    return Exists(ProductPhoto.objects.filter(product=OuterRef("product"), role=role))


def _filled(field):
    return Q(**{f"{field}_len__gt": 0})


COMPLETE = (
    Q(has_photo_front=True, has_photo_side=True, has_photo_top=True, has_business_registration=True)
    & _filled("description") & _filled("sample") & _filled("address") & _filled("representative") & _filled("phone")
)


def with_completeness(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Annotate `is_complete`: the required items of `dossier.dossier_checklist`, computed in the database.

    The prerequisite certificate is an eligibility question, checked on submission, not part of this flag.
    """
    registration = Document.objects.filter(producer=OuterRef("product__producer"),
                                           kind=DocumentKind.BUSINESS_REGISTRATION)
    registration = registration.filter(Q(product__isnull=True) | Q(product=OuterRef("product")))
    return nominations.annotate(
        has_photo_front=_photo(PhotoRole.FRONT),
        has_photo_side=_photo(PhotoRole.SIDE),
        has_photo_top=_photo(PhotoRole.TOP),
        has_business_registration=Exists(registration),
        description_len=Length(Trim("product__description")),
        sample_len=Length(Trim("sample_delivery")),
        address_len=Length(Trim("product__producer__address")),
        representative_len=Length(Trim("product__producer__representative")),
        phone_len=Length(Trim("product__producer__phone")),
    ).annotate(is_complete=Case(When(COMPLETE, then=Value(True)), default=Value(False), output_field=BooleanField()))


def complete(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return with_completeness(nominations).filter(COMPLETE)


def incomplete(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return with_completeness(nominations).exclude(COMPLETE)


def with_state_counts(rounds: QuerySet[SelectionRound]) -> QuerySet[SelectionRound]:
    """Per round: total nominations and one count per state (`n_<state>`), in the same query."""
    counts = {f"n_{state}": Count("nominations", filter=Q(nominations__state=state)) for state in NominationState}
    return rounds.annotate(n_total=Count("nominations"), **counts)


def state_group_table(selection_round: SelectionRound) -> dict:
    """Counts of the round's nominations by state (rows) and product group (columns), from one query."""
    rows = (
        Nomination.objects.filter(round=selection_round)
        .values_list("state", "product__group")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells = {(state, group): n for state, group, n in rows}
    groups = [(code, label) for code, label in ProductGroup.choices]
    table = []
    for state, label in NominationState.choices:
        counts = [cells.get((state, code), 0) for code, _label in groups]
        table.append({"state": state, "label": label, "counts": counts, "total": sum(counts)})
    column_totals = [sum(row["counts"][i] for row in table) for i in range(len(groups))]
    return {"groups": groups, "rows": table, "column_totals": column_totals, "total": sum(column_totals)}
