"""The statistics: one function per table, each taking the audience explicitly (see `audience`), then the filters.

What they read, so a statistic costs a few grouped scans of narrow tables whatever the history's length:
- recognitions and certificates: `CertificateFact` (one row per certificate, through the certificate vocabulary);
  a recognised product is one counted by `recognising(on)` for the public (published, not revoked) and by
  `not_revoked(on)` inside the administration (which also sees what is not published yet);
- rounds and scores: `RoundResult` (the figures of each published results decision, for every audience: before
  publication a decision's list may still change) and `scoring.Forwarding` for products sent upward;
- producers: `catalog.Producer` (inside the administration: every registered producer in scope) beside the
  recognitions above.
Provinces are grouped as filed (≤ 100 keys) in SQL and folded into today's 34 units in Python with
`ProvinceIndex.current_unit`, regions with `region_ids_on`: a series over the 2025 merger is continuous, and a
filter by a province takes its old units with `provinces_with_predecessors`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.enums import LegalForm, Level, ProductGroup
from catalog.geography import ProvinceIndex, provinces_in_region, provinces_with_predecessors, region_ids_on
from catalog.models import Producer, Province, Region
from catalog.text import sort_key
from scoring.models import Forwarding
from scoring.permissions import PROVINCE_LEVELS

from .audience import Audience
from .filters import Filters
from .models import CertificateFact, RoundResult
from .results import BINS, bin_label

LEVELS = list(Level.values)
# Producers by how many recognised products they have: 1, 2, 3, 4, then "5 or more".
PRODUCT_COUNT_BUCKETS = (1, 2, 3, 4, 5)


@dataclass
class Breakdown:
    """Counts by row and column key; `rows` and `columns` list the keys in display order, with their labels."""

    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def get(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.get(row, column) for column, _label in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.get(row, column) for row, _label in self.rows)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def used_columns(self) -> list[tuple[str, str]]:
        """The columns with at least one count (levels nobody reached are left out of charts and tables)."""
        return [(key, label) for key, label in self.columns if self.column_total(key)]


def rate(part: int, whole: int) -> Decimal | None:
    """A share in per cent, two places, half up (display only: counts decide)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Scope -------------------------------------------------------------------------------------------------


def _intersect(ids: frozenset[int] | None, more: Iterable[int]) -> frozenset[int]:
    more = frozenset(more)
    return more if ids is None else ids & more


def province_ids(audience: Audience, filters: Filters) -> frozenset[int] | None:
    """Provinces (as filed, old units included) whose producers are counted; None: all."""
    ids = audience.province_ids
    if filters.province is not None:
        ids = _intersect(ids, provinces_with_predecessors([filters.province]))
    if filters.region is not None:
        ids = _intersect(ids, provinces_with_predecessors(list(provinces_in_region(filters.region))))
    return ids


def _years(rows: QuerySet, filters: Filters) -> QuerySet:
    if filters.year_from:
        rows = rows.filter(year__gte=filters.year_from)
    if filters.year_to:
        rows = rows.filter(year__lte=filters.year_to)
    return rows


def _facts(rows: QuerySet[CertificateFact], audience: Audience, filters: Filters) -> QuerySet[CertificateFact]:
    ids = province_ids(audience, filters)
    if ids is not None:
        rows = rows.filter(province_id__in=ids)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.group:
        rows = rows.filter(group=filters.group)
    return _years(rows, filters).order_by()


def recognitions(audience: Audience, filters: Filters, on: datetime.date) -> QuerySet[CertificateFact]:
    """The recognitions an audience counts: published and not revoked for the public; not revoked otherwise."""
    facts = CertificateFact.objects
    facts = facts.recognising(on) if audience.published_only else facts.not_revoked(on)
    return _facts(facts, audience, filters)


def certificates(audience: Audience, filters: Filters, on: datetime.date) -> QuerySet[CertificateFact]:
    """Every certificate an audience may count by status: published ones for the public, all otherwise."""
    facts = CertificateFact.objects.public(on) if audience.published_only else CertificateFact.objects.all()
    return _facts(facts, audience, filters)


def _level_columns() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Level.choices]


# --- Recognised products -----------------------------------------------------------------------------------


def _year_rows(years: Iterable[int], filters: Filters) -> list[tuple[str, str]]:
    """Every year from the first to the last (or the filter's bounds): a year without a count shows as 0."""
    years = set(years)
    first = filters.year_from or min(years, default=None)
    last = filters.year_to or max(years, default=None)
    if first is None or last is None:
        return []
    return [(str(year), str(year)) for year in range(first, last + 1)]


def recognitions_by_year(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> Breakdown:
    """Recognitions by year of issue (rows) and level (columns)."""
    on = on or timezone.localdate()
    rows = recognitions(audience, filters, on).values_list("year", "level").annotate(n=Count("*"))
    counts = {(str(year), level): n for year, level, n in rows}
    return Breakdown(rows=_year_rows((int(year) for year, _level in counts), filters), columns=_level_columns(),
                     counts=counts)


@dataclass
class Places:
    """A breakdown by today's province (rows: the 34 units by name) and the same summed by region."""

    by_province: Breakdown
    by_region: Breakdown


class Units:
    """Today's units and their regions, to fold counts of provinces as filed into them (two queries)."""

    def __init__(self, on: datetime.date):
        self.index = ProvinceIndex.load()
        self.region_of = region_ids_on(on)
        self.on = on
        self.current = sorted((p for p in self.index.provinces if p.is_current(on)), key=lambda p: sort_key(p.name))
        self._units: dict[int, Province] = {}

    def unit(self, province_id: int) -> Province:
        if province_id not in self._units:
            self._units[province_id] = self.index.current_unit(self.index.by_id[province_id], self.on)
        return self._units[province_id]

    def places(self, counts: Iterable[tuple[int, str, int]], columns: list[tuple[str, str]]) -> Places:
        """(province as filed, column, count) triples as a breakdown by today's unit and by region."""
        regions = {region.pk: region for region in Region.objects.all()}
        by_province: dict[tuple[str, str], int] = defaultdict(int)
        by_region: dict[tuple[str, str], int] = defaultdict(int)
        for province_id, column, n in counts:
            unit = self.unit(province_id)
            region = regions.get(self.region_of.get(unit.pk))
            by_province[(unit.code, column)] += n
            by_region[(region.code if region else "", column)] += n
        region_rows = [(region.code, region.name) for region in regions.values()]
        if any(key == "" for key, _column in by_region):
            region_rows.append(("", "—"))
        return Places(
            by_province=Breakdown(rows=[(p.code, p.name) for p in self.current], columns=columns,
                                  counts=dict(by_province)),
            by_region=Breakdown(rows=region_rows, columns=columns, counts=dict(by_region)))


def recognitions_by_place(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> Places:
    """Recognitions by today's province of the producer (old units folded in) and by region (rows), and level."""
    on = on or timezone.localdate()
    rows = recognitions(audience, filters, on).values_list("province_id", "level").annotate(n=Count("*"))
    return Units(on).places(rows, _level_columns())


def recognitions_by_group(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> Breakdown:
    """Recognitions by product group (rows) and level."""
    on = on or timezone.localdate()
    rows = recognitions(audience, filters, on).values_list("group", "level").annotate(n=Count("*"))
    return Breakdown(rows=[(value, str(label)) for value, label in ProductGroup.choices], columns=_level_columns(),
                     counts={(group, level): n for group, level, n in rows})


# --- Certificates ------------------------------------------------------------------------------------------

IN_FORCE, EXPIRING, EXPIRED, REVOKED = "in_force", "expiring", "expired", "revoked"


@dataclass
class Statuses:
    by_level: Breakdown
    by_province: Breakdown
    by_region: Breakdown


def certificate_statuses(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> Statuses:
    """Certificates by level and by today's province and region (rows), and status on `on` (columns): in force, of
    which expiring by the end of `on`'s year, expired, revoked (as `Certificate.status_on` says)."""
    on = on or timezone.localdate()
    base = certificates(audience, filters, on)
    year_end = datetime.date(on.year, 12, 31)
    columns = [(IN_FORCE, _("Còn hiệu lực")), (EXPIRING, _("Trong đó hết hạn trong năm %(year)s") % {"year": on.year}),
               (EXPIRED, _("Hết hiệu lực")), (REVOKED, _("Đã thu hồi"))]
    by_level: dict[tuple[str, str], int] = defaultdict(int)
    by_province = []

    def add(province_id: int, level: str, column: str, n: int) -> None:
        by_level[(level, column)] += n
        by_province.append((province_id, column, n))

    # Those in force, and among them those whose validity ends this year, in one pass; then the other two.
    in_force = base.in_force(on).values_list("province_id", "level").annotate(
        n=Count("*"), expiring=Count("valid_until", filter=Q(valid_until__lte=year_end)))
    for province_id, level, n, expiring in in_force:
        add(province_id, level, IN_FORCE, n)
        add(province_id, level, EXPIRING, expiring)
    for column, rows in ((EXPIRED, base.expired(on)), (REVOKED, base.revoked(on))):
        for province_id, level, n in rows.values_list("province_id", "level").annotate(n=Count("*")):
            add(province_id, level, column, n)
    places = Units(on).places(by_province, columns)
    return Statuses(by_level=Breakdown(rows=_level_columns(), columns=columns, counts=dict(by_level)),
                    by_province=places.by_province, by_region=places.by_region)


# --- Producers ---------------------------------------------------------------------------------------------

REGISTERED, RECOGNISED = "registered", "recognised"


@dataclass
class ProducerCounts:
    by_legal_form: Breakdown
    by_province: Breakdown
    by_region: Breakdown


def producers(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> ProducerCounts:
    """Producers by legal form and by today's province and region: those with a recognised product (as the
    audience counts recognitions, within the filters) and, inside the administration, every registered producer in
    scope. The public sees only the first column: a producer without a public recognition has no public page."""
    on = on or timezone.localdate()
    columns = [(RECOGNISED, _("Có sản phẩm được công nhận"))]
    counted = [(RECOGNISED, recognitions(audience, filters, on).values_list("legal_form", "province_id")
                .annotate(n=Count("producer_id", distinct=True)))]
    if not audience.published_only:
        registered = Producer.objects.order_by()
        ids = province_ids(audience, filters)
        if ids is not None:
            registered = registered.filter(province_id__in=ids)
        columns.insert(0, (REGISTERED, _("Đã đăng ký")))
        counted.insert(0, (REGISTERED, registered.values_list("legal_form", "province_id").annotate(n=Count("*"))))
    by_legal_form: dict[tuple[str, str], int] = defaultdict(int)
    by_province = []
    for column, rows in counted:
        for legal_form, province_id, n in rows:
            by_legal_form[(legal_form, column)] += n
            by_province.append((province_id, column, n))
    places = Units(on).places(by_province, columns)
    return ProducerCounts(
        by_legal_form=Breakdown(rows=[(value, str(label)) for value, label in LegalForm.choices], columns=columns,
                                counts=dict(by_legal_form)),
        by_province=places.by_province, by_region=places.by_region)


def producers_by_product_count(audience: Audience, filters: Filters, *, on: datetime.date | None = None) -> Breakdown:
    """Producers by how many different products of theirs are recognised (1, 2, 3, 4, 5 or more)."""
    on = on or timezone.localdate()
    per_producer = (recognitions(audience, filters, on).values("producer_id")
                    .annotate(products=Count("product_id", distinct=True)))
    last = PRODUCT_COUNT_BUCKETS[-1]
    # Counted in the database over the per-producer counts (one row back, not one per producer).
    buckets = per_producer.aggregate(**{f"with_{n}": Count("producer_id", filter=Q(products=n) if n < last
                                                           else Q(products__gte=n)) for n in PRODUCT_COUNT_BUCKETS})
    counts = {(str(n), "producers"): buckets[f"with_{n}"] for n in PRODUCT_COUNT_BUCKETS if buckets[f"with_{n}"]}
    rows = [(str(n), str(n) if n < last else _("%(n)s trở lên") % {"n": n}) for n in PRODUCT_COUNT_BUCKETS]
    return Breakdown(rows=rows, columns=[("producers", _("Số cơ sở"))], counts=dict(counts))


# --- Rounds and scores -------------------------------------------------------------------------------------


def round_scope(audience: Audience) -> Q:
    """The rounds an audience counts (on SelectionRound and on RoundResult, which share these fields): every round
    for the ministry and the public; for a secretariat the commune, district and province rounds held in its
    provinces (old units included) and, for a regional one, its region's regional rounds."""
    if audience.province_ids is None:
        return Q()
    scope = Q(level__in=PROVINCE_LEVELS, scope_province_id__in=audience.province_ids)
    if audience.region_id:
        scope |= Q(level=Level.REGION, scope_region_id=audience.region_id)
    return scope


def round_results(audience: Audience, filters: Filters) -> QuerySet[RoundResult]:
    """The published rounds an audience counts (`round_scope`). A province or region filter keeps the rounds held
    there."""
    rows = RoundResult.objects.filter(round_scope(audience)).order_by()
    if filters.province is not None:
        rows = rows.filter(level__in=PROVINCE_LEVELS,
                           scope_province_id__in=provinces_with_predecessors([filters.province]))
    if filters.region is not None:
        held_there = provinces_with_predecessors(list(provinces_in_region(filters.region)))
        rows = rows.filter(Q(level__in=PROVINCE_LEVELS, scope_province_id__in=held_there)
                           | Q(level=Level.REGION, scope_region=filters.region))
    if filters.level:
        rows = rows.filter(level=filters.level)
    return _years(rows, filters)


@dataclass
class RoundFigures:
    """Entries, eligible (average ≥ threshold), recognised and forwarded, for a year or a round."""

    label: str
    rounds: int
    entries: int
    scored: int
    eligible: int
    recognised: int
    forwarded: int
    round_id: int | None = None
    level: str = ""
    scope: str = ""

    @property
    def eligible_rate(self) -> Decimal | None:
        return rate(self.eligible, self.scored)

    @property
    def pass_rate(self) -> Decimal | None:
        return rate(self.recognised, self.entries)


def _forwarded(results: QuerySet[RoundResult], key: str) -> dict:
    forwardings = Forwarding.objects.filter(from_round_id__in=results.values("round_id")).order_by()
    return dict(forwardings.values_list(key).annotate(n=Count("*")))


def rounds_by_year(audience: Audience, filters: Filters) -> list[RoundFigures]:
    """Published rounds by year: how many, their entries, eligible, recognised, forwarded."""
    results = round_results(audience, filters)
    sums = results.values_list("year").annotate(rounds=Count("*"), entries=Sum("entries"), scored=Sum("scored"),
                                                eligible=Sum("eligible"), recognised=Sum("recognised"))
    by_year = {year: rest for year, *rest in sums}
    forwarded = _forwarded(results, "from_round__year")
    figures = []
    for key, _label in _year_rows(by_year, filters):
        rounds, entries, scored, eligible, recognised = by_year.get(int(key), (0, 0, 0, 0, 0))
        figures.append(RoundFigures(label=key, rounds=rounds, entries=entries, scored=scored, eligible=eligible,
                                    recognised=recognised, forwarded=forwarded.get(int(key), 0)))
    return figures


def rounds_of_year(audience: Audience, filters: Filters, year: int) -> list[RoundFigures]:
    """The published rounds of one year, one line each (highest level first, then by title)."""
    results = round_results(audience, filters).filter(year=year)
    forwarded = _forwarded(results, "from_round_id")
    rank = {level: index for index, level in enumerate(reversed(LEVELS))}
    rows = sorted(results.select_related("round__scope_province", "round__scope_region", "round"),
                  key=lambda r: (rank[r.level], sort_key(r.round.title)))
    return [RoundFigures(label=r.round.title, rounds=1, entries=r.entries, scored=r.scored, eligible=r.eligible,
                         recognised=r.recognised, forwarded=forwarded.get(r.round_id, 0), round_id=r.round_id,
                         level=r.level, scope=r.round.scope_label) for r in rows]


def score_bins_by_year(audience: Audience, filters: Filters) -> Breakdown:
    """Averages of the published rounds' entries by year (rows) and 5-point bin (columns "0" … "19")."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    years = set()
    for year, bins in round_results(audience, filters).values_list("year", "bins"):
        years.add(year)
        for index, n in enumerate(bins):
            if n:
                counts[(str(year), str(index))] += n
    return Breakdown(rows=_year_rows(years, filters), columns=[(str(i), bin_label(i)) for i in range(BINS)],
                     counts=dict(counts))


def round_result(audience: Audience, round_id: int) -> RoundResult | None:
    """One published round's figures, if the audience counts that round."""
    return (round_results(audience, Filters()).select_related("round__scope_province", "round__scope_region")
            .filter(round_id=round_id).first())
