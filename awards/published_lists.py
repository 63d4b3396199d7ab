"""Published lists: a decision's list of recognised products by level and year, imported as it was published.

Provinces and the ministry published their decisions for years as lists (STT, product, producer, address,
province, level, year, decision number, group), without tax codes: importing them is how the database starts.
Each row becomes, through the services that own them:
- the producer, found by its name and province among the file's earlier rows and the unverified producers
  already stored (the same name in the same province today is one producer), else a new **unverified** one: its
  name, province and (if the list gives it) address, nothing made up (no tax code, legal form or representative;
  see catalog.models.Producer). The real producer claims it later (catalog.services.claim_producer);
- the product, found by its name among the producer's products, else a new one (its group if the list says it);
- the recognition: a historical certificate recorded by `record_historical_certificate` (the path of the
  secretariat's form; the public listing rows of the file's products are refreshed once, at the end, in the same
  transaction), with the decision number, the level, the scope (the province for commune, district and province
  levels, the province's region then for a regional one) and the year; its date is the decision's when the list
  gives one, else 1 January of the year, marked as known only to the year. The list names no certificate
  numbers, so none is stored.

A row whose recognition is already recorded (same product, level, decision number and year) adds nothing, so a
file imported twice stores nothing the second time. Headers are matched however they are written
(catalog.spreadsheets.find_columns); every problem names its row (1 = the first row under the header, as the
other imports number rows) and the header as the file writes it. All or nothing unless the caller skips bad
rows; a dry run checks everything and stores nothing.
"""

import datetime
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import enums as catalog_enums
from catalog import listing
from catalog.enums import Level, level_from_text
from catalog.geography import ProvinceIndex, region_ids_on
from catalog.models import Certificate, Producer, Product, Province
from catalog.resources import ChoiceWidget, _cell_text, _in_chunks
from catalog.spreadsheets import find_columns
from catalog.text import fold
from scoring.paper_sheets import RowError, _messages

from .permissions import certificate_levels_for
from .resources import DateWidget
from .services import record_historical_certificate

# The headers people write for each column (any case, with or without diacritics, spaces or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "row_number": ("STT", "Số thứ tự", "TT"),
    "product": ("Tên sản phẩm", "Sản phẩm", "Tên SP", "Tên sản phẩm, bộ sản phẩm", "Tên sản phẩm/bộ sản phẩm"),
    "producer": ("Tên cơ sở / chủ thể", "Tên cơ sở", "Tên chủ thể", "Chủ thể", "Cơ sở", "Tên cơ sở sản xuất",
                 "Cơ sở sản xuất", "Tên đơn vị", "Đơn vị", "Chủ thể sản xuất"),
    "address": ("Địa chỉ", "Địa chỉ cơ sở"),
    "province": ("Tỉnh/Thành phố", "Tỉnh", "Tỉnh/TP", "Tỉnh, thành phố", "Tỉnh thành"),
    "level": ("Cấp", "Cấp công nhận", "Cấp bình chọn", "Cấp chứng nhận"),
    "year": ("Năm", "Năm công nhận", "Năm bình chọn"),
    "decision": ("Số quyết định", "Quyết định", "Số QĐ", "Quyết định công nhận", "Số quyết định công nhận"),
    "date": ("Ngày quyết định", "Ngày công nhận", "Ngày cấp", "Ngày ký"),
    "group": ("Nhóm", "Nhóm sản phẩm", "Nhóm SP"),
}
REQUIRED = ("product", "producer", "province", "level", "year", "decision")
FIRST_YEAR = 2000  # the programme's lists start in the 2000s; an earlier year is a typing error
MAX_LENGTHS = {"product": 255, "producer": 255, "address": 255, "decision": 60}


@dataclass
class PublishedListResult:
    """What an import of a published list did (or, in a dry run, would do)."""

    errors: list[RowError]
    certificates: int  # recognitions recorded
    producers: int  # unverified producers created
    products: int  # products created
    unchanged: int  # rows already recorded (a file imported again)
    dry_run: bool

    @property
    def summary(self) -> str:
        return _("%(certificates)d công nhận mới, %(producers)d cơ sở mới (chưa xác minh), %(products)d sản phẩm "
                 "mới, %(unchanged)d dòng đã có") % {
            "certificates": self.certificates, "producers": self.producers, "products": self.products,
            "unchanged": self.unchanged}


@dataclass(frozen=True)
class _Row:
    index: int
    product: str
    producer: str
    address: str
    province: Province
    level: str
    year: int
    issued_on: datetime.date
    year_only: bool
    decision: str
    group: str


def _text(value) -> str:
    return "" if value is None else " ".join(_cell_text(value).split())


def _group_widget() -> ChoiceWidget:
    return ChoiceWidget(catalog_enums.ProductGroup, what=_("Nhóm sản phẩm"))


class _Reader:
    """Turns a row's cells into a `_Row`, or into its problems, each naming the header the file writes."""

    def __init__(self, headers: dict[str, str], provinces: ProvinceIndex, today: datetime.date, levels: list[str]):
        self.headers, self.provinces, self.today, self.levels = headers, provinces, today, levels
        self.groups = _group_widget()

    def read(self, index: int, row: dict) -> tuple[_Row | None, list[RowError]]:
        errors: list[RowError] = []

        def cell(name: str) -> str:
            return _text(row.get(self.headers[name])) if name in self.headers else ""

        def error(name: str, message: str) -> None:
            errors.append(RowError(index, self.headers.get(name, ""), message))

        for name in ("product", "producer", "decision"):
            if not cell(name):
                error(name, _("Chưa ghi “%(column)s”.") % {"column": self.headers[name]})
        for name, limit in MAX_LENGTHS.items():
            if len(cell(name)) > limit:
                error(name, _("Dài quá %(limit)d ký tự.") % {"limit": limit})
        level = level_from_text(cell("level"))
        if level is None:
            error("level", _("Cấp “%(value)s” không hợp lệ; ghi một trong: cấp xã, cấp huyện, cấp tỉnh, khu vực, "
                             "quốc gia.") % {"value": cell("level")})
        year = self._year(cell("year"), error)
        issued_on, year_only = self._date(row, year, error)
        if level == Level.DISTRICT and issued_on and issued_on >= catalog_enums.DISTRICT_ABOLISHED_ON:
            error("level", _("Cấp huyện không còn từ ngày 01/7/2025; hãy ghi cấp xã."))
        province = None
        if not cell("province"):
            error("province", _("Chưa ghi tỉnh/thành phố."))
        else:
            # The unit of the decision's day ("Bắc Giang" in 2019), else today's ("Hà Tây", merged before the
            # first dated unit, is Hà Nội).
            province = (self.provinces.resolve(cell("province"), on=issued_on) if issued_on else None) \
                or self.provinces.resolve(cell("province"))
            if province is None:
                error("province", _("Không tìm thấy tỉnh/thành phố “%(value)s”.") % {"value": cell("province")})
        group = self._group(cell("group"), error)
        if level is not None and level not in self.levels:
            error("level", _("Bạn không ghi nhận được công nhận cấp “%(value)s”: cấp này nằm ngoài phạm vi phụ trách "
                             "của bạn.") % {"value": cell("level")})
        if errors:
            return None, errors
        return _Row(index, cell("product"), cell("producer"), cell("address"), province, level, year, issued_on,
                    year_only, cell("decision"), group), []

    def _group(self, text: str, error) -> str:
        if not text:
            return ""
        # "Nhóm 1" as well as "1" or the group's name.
        candidate = text.split(None, 1)[1] if fold(text).startswith("nhom ") else text
        try:
            return self.groups.clean(candidate)
        except ValueError:
            try:
                self.groups.clean(text)
            except ValueError as exc:
                error("group", str(exc))
        return ""

    def _year(self, text: str, error) -> int | None:
        if not text:
            error("year", _("Chưa ghi năm công nhận."))
            return None
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= self.today.year:
            error("year", _("Năm “%(value)s” không hợp lệ; ghi năm công nhận, từ %(first)d đến %(last)d.")
                  % {"value": text, "first": FIRST_YEAR, "last": self.today.year})
            return None
        return int(text)

    def _date(self, row: dict, year: int | None, error) -> tuple[datetime.date | None, bool]:
        raw = row.get(self.headers["date"]) if "date" in self.headers else None
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            return (datetime.date(year, 1, 1), True) if year else (None, True)
        try:
            day = DateWidget().clean(raw)
        except ValueError:
            error("date", _("Ngày “%(value)s” không hợp lệ; ghi dạng 31/12/2019.") % {"value": _text(raw)})
            return None, False
        if year and day.year != year:
            error("date", _("Ngày %(date)s không thuộc năm %(year)d của cột “%(column)s”.") % {
                "date": day.strftime("%d/%m/%Y"), "year": year, "column": self.headers["year"]})
            return None, False
        if day > self.today:
            error("date", _("Ngày quyết định không thể sau ngày hôm nay."))
            return None, False
        return day, False


class _Stored:
    """What the file's rows can meet in the database, read once: the unverified producers with the file's names,
    their products and the historical recognitions of those products."""

    def __init__(self, rows: list[_Row], provinces: ProvinceIndex, today: datetime.date):
        self.provinces, self.today = provinces, today
        self.producers: dict[tuple[str, int], Producer] = {}
        self.products: dict[tuple[int, str], Product] = {}
        self.recorded: set[tuple[int, str, str, int]] = set()
        names = {fold(row.producer) for row in rows}
        found: list[Producer] = []
        for chunk in _in_chunks(names, using="default"):
            found += Producer.objects.filter(is_unverified=True, search_name__in=chunk).order_by("pk")
        for producer in found:
            self.producers.setdefault(self.producer_key(producer.name, producer.province), producer)
        ids = [producer.pk for producer in found]
        for chunk in _in_chunks(ids, using="default"):
            for product in Product.objects.filter(producer_id__in=chunk).order_by("pk"):
                self.products.setdefault((product.producer_id, fold(product.name)), product)
        product_ids = [product.pk for product in self.products.values()]
        for chunk in _in_chunks(product_ids, using="default"):
            for certificate in Certificate.objects.filter(product_id__in=chunk).only(
                    "product_id", "level", "decision_number", "issued_on"):
                self.recorded.add(self.recognition_key(certificate.product_id, certificate.level,
                                                       certificate.decision_number, certificate.issued_on.year))

    def producer_key(self, name: str, province: Province) -> tuple[str, int]:
        # Today's unit: "Bắc Giang" in a 2019 list and "Bắc Ninh" in a 2026 one are the same province now.
        return fold(name), self.provinces.current_unit(province, self.today).pk

    @staticmethod
    def recognition_key(product_id: int, level: str, decision: str, year: int) -> tuple[int, str, str, int]:
        return product_id, level, fold(decision).replace(" ", ""), year


def _scope(row: _Row, regions_on) -> dict:
    if row.level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
        return {"scope_province": row.province}
    if row.level == Level.REGION:
        region_id = regions_on(row.issued_on).get(row.province.pk)
        return {"scope_region_id": region_id}
    return {}


def _record_row(row: _Row, stored: _Stored, created: dict, by, regions_on) -> tuple[str, int]:
    """Store one good row (producer, product, recognition, each only if new); `created` collects the new
    objects' cache keys by kind. Returns "certificates" (or "unchanged" when the recognition was there) and the
    product's id."""
    key = stored.producer_key(row.producer, row.province)
    producer = stored.producers.get(key)
    if producer is None:
        producer = Producer(name=row.producer, province=row.province, address=row.address, is_unverified=True)
        producer.full_clean()
        producer.save()
        stored.producers[key] = producer
        created["producers"].append(key)
    product_key = (producer.pk, fold(row.product))
    product = stored.products.get(product_key)
    if product is None:
        product = Product(producer=producer, name=row.product, group=row.group)
        product.full_clean()
        product.save()
        stored.products[product_key] = product
        created["products"].append(product_key)
    recognition = stored.recognition_key(product.pk, row.level, row.decision, row.year)
    if recognition in stored.recorded:
        return "unchanged", product.pk
    certificate = Certificate(product=product, level=row.level, decision_number=row.decision,
                              issued_on=row.issued_on, issued_year_only=row.year_only, **_scope(row, regions_on))
    record_historical_certificate(certificate=certificate, by=by, refresh_listing=False)  # refreshed per file
    created["certificates"].append(recognition)
    return "certificates", product.pk


def _where(exc: ValidationError, headers: dict[str, str]) -> dict[str, str]:
    """A service's message keyed by a model field, turned to the file's header it comes from."""
    fields = {"number": "decision", "decision_number": "decision", "issued_on": "date" if "date" in headers else
              "year", "level": "level", "scope_province": "province", "scope_region": "province",
              "name": "product", "group": "group", "province": "province", "address": "address"}
    # A message about no field (the recorder's scope) is about the row's province.
    return {field: headers.get(fields.get(field, "province"), headers["province"]) for field in _messages(exc)}


def import_published_list(*, dataset: tablib.Dataset, by, dry_run: bool = False,
                          skip_bad_rows: bool = False) -> PublishedListResult:
    """Record every row of a published list (see the module docstring) for `by`, who must be allowed to record
    each recognition (its level and province in their scope: `record_historical_certificate` refuses the rest,
    row by row).

    Side effects (unless dry_run, or a bad row without skip_bad_rows): unverified producers and products created;
    for each new recognition what record_historical_certificate does (the certificate, its audit entry, the
    product's listing rows).
    """
    headers = find_columns(dataset.headers or [], COLUMNS)
    missing = [RowError(0, "", _("Thiếu cột “%(column)s”.") % {"column": COLUMNS[name][0]})
               for name in REQUIRED if name not in headers]
    counts = {"certificates": 0, "producers": 0, "products": 0, "unchanged": 0}
    if missing:
        return PublishedListResult(missing, **counts, dry_run=dry_run)
    today = timezone.localdate()
    provinces = ProvinceIndex.load()
    reader = _Reader(headers, provinces, today, certificate_levels_for(by))
    errors: list[RowError] = []
    good: list[_Row] = []
    for index, raw in enumerate(dataset.dict, start=1):
        if not any(_text(value) for value in raw.values()):
            continue
        row, row_errors = reader.read(index, raw)
        errors += row_errors
        if row is not None:
            good.append(row)
    regions: dict[datetime.date, dict[int, int]] = {}

    def regions_on(day: datetime.date) -> dict[int, int]:
        if day not in regions:
            regions[day] = region_ids_on(day)
        return regions[day]

    recognised: set[int] = set()
    with transaction.atomic():
        stored = _Stored(good, provinces, today)
        for row in good:
            created: dict[str, list] = {"producers": [], "products": [], "certificates": []}
            try:
                with transaction.atomic():
                    outcome, product_id = _record_row(row, stored, created, by, regions_on)
            except ValidationError as exc:
                where = _where(exc, headers)
                errors += [RowError(row.index, where[field], message)
                           for field, messages in _messages(exc).items() for message in messages]
                # The row's savepoint is rolled back: what it created is gone, and later rows must not reuse it.
                for key in created["producers"]:
                    del stored.producers[key]
                for key in created["products"]:
                    del stored.products[key]
                continue
            stored.recorded.update(created["certificates"])
            if outcome == "certificates":
                recognised.add(product_id)
            counts[outcome] += 1
            counts["producers"] += len(created["producers"])
            counts["products"] += len(created["products"])
        errors.sort(key=lambda error: error.row)
        if dry_run or (errors and not skip_bad_rows):
            transaction.set_rollback(True)
        else:
            listing.refresh(recognised)  # the public rows of every product the file recognised, in batches
    return PublishedListResult(errors, **counts, dry_run=dry_run)
