"""Querysets the artisan pages share: the public directory and the secretariat's lists."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from catalog.geography import provinces_with_predecessors
from catalog.models import Province
from catalog.text import search_words

from .enums import NominationState
from .models import ArtisanNomination, ArtisanTitle


def directory(*, q: str = "", danh_hieu: str = "", nghe: str = "", province: Province | None = None,
              nam: int | None = None) -> QuerySet[ArtisanTitle]:
    """Register lines matching the public filters, in Vietnamese alphabetical order of the name.

    `province` is a unit in force (catalog.geography.resolve_province_filter): lines filed under it or under a unit
    that merged into it match.
    Search: every word of `q`, folded like the stored words (catalog.text), must start a word of the name, the
    craft or the province ("nghe nhan gom bat trang" finds "Nghệ nhân … gốm … Bát Tràng").
    """
    lines = ArtisanTitle.objects.all()
    for word in search_words(q)[:8]:
        lines = lines.filter(search_words__contains=f" {word}")
    if danh_hieu:
        lines = lines.filter(title=danh_hieu)
    if nghe:
        lines = lines.filter(craft_key=nghe)
    if province is not None:
        lines = lines.filter(province_id__in=provinces_with_predecessors([province]))
    if nam:
        lines = lines.filter(year=nam)
    return lines.order_by("sort_name", "id")


def overdue_condition(on) -> Q:
    """The database twin of ArtisanNomination.is_check_overdue / is_completion_overdue (a test keeps them in step):
    a submitted dossier not checked by its due date, or a returned one not completed by its due date."""
    return (Q(state=NominationState.SUBMITTED, check_due__lt=on)
            | Q(state=NominationState.RETURNED, completion_due__lt=on))


def with_overdue(nominations: QuerySet[ArtisanNomination], on) -> QuerySet[ArtisanNomination]:
    return nominations.annotate(overdue=Case(When(overdue_condition(on), then=Value(True)), default=Value(False),
                                             output_field=BooleanField()))


def overdue(nominations: QuerySet[ArtisanNomination], on) -> QuerySet[ArtisanNomination]:
    return nominations.filter(overdue_condition(on))
