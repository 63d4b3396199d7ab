"""The one place province names are resolved, and region membership is read, on a given date.

Provinces are dated rows (see `Province`): the 63 units before 1 July 2025 point through `successor` to the
34 units since. People, old records and spreadsheets write either, in many spellings; everything that turns
text into a province goes through `resolve_province`.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from .collation import vietnamese_key
from .models import Province, Region, RegionMembership
from .text import fold

# Administrative prefixes people put in front of a name ("Tỉnh Bắc Ninh", "TP. Hồ Chí Minh", "T.P Huế"),
# folded and with punctuation already turned into spaces. Longest first, so "thanh pho" wins over "t".
_PREFIX = re.compile(r"^(?:thanh pho|t p|tp|tinh|t)\s+")
# English spellings in imported sheets: "Ho Chi Minh City", "Bac Ninh Province".
_SUFFIX = re.compile(r"\s+(?:province|city)$")
_PUNCTUATION = re.compile(r"[-–—.,;:_/()'\"]+")
_CODE = re.compile(r"^(?:cu-)?\d{1,2}$")

# Spellings that folding and prefix removal do not reach: (as people write it, official name of the unit).
# An alias may point at an old unit; the date then decides whether the old unit or its successor is meant.
ALIASES: tuple[tuple[str, str], ...] = (
    ("HCM", "Thành phố Hồ Chí Minh"),
    ("TPHCM", "Thành phố Hồ Chí Minh"),
    ("HCMC", "Thành phố Hồ Chí Minh"),
    ("Sài Gòn", "Thành phố Hồ Chí Minh"),
    ("Saigon", "Thành phố Hồ Chí Minh"),
    ("Huế", "Thừa Thiên Huế"),  # "Huế" before July 2025 means the old province
    ("TT Huế", "Thừa Thiên Huế"),
    ("TTH", "Thừa Thiên Huế"),
    ("BR-VT", "Bà Rịa – Vũng Tàu"),
    ("BRVT", "Bà Rịa – Vũng Tàu"),
    ("Vũng Tàu", "Bà Rịa – Vũng Tàu"),
    ("Bắc Cạn", "Bắc Kạn"),
    ("Đắc Lắc", "Đắk Lắk"),
    ("Kontum", "Kon Tum"),
)


# Units merged away before the first dated row (1 August 2008), so not in the table, that people still write:
# (name, official name of the unit it joined). Matched like an alias; the page says "Hà Tây nay thuộc Hà Nội".
MERGED_BEFORE_RECORDS: tuple[tuple[str, str], ...] = (
    ("Hà Tây", "Hà Nội"),
)


@functools.lru_cache(maxsize=4096)  # pure; a province index keys ~150 names and aliases each time it loads
def province_key(text: str) -> str:
    """The comparison key of a province name: folded, punctuation and prefixes dropped, no spaces.

    "Tỉnh Bà Rịa – Vũng Tàu", "ba ria vung tau" and "BaRia-VungTau" all give "bariavungtau". Spaces are
    dropped last so that run-together spellings ("Hanoi", "Daklak") match too.
    """
    key = _PUNCTUATION.sub(" ", fold(text))
    key = re.sub(r"\s+", " ", key).strip()
    key = _PREFIX.sub("", key, count=1)
    key = _SUFFIX.sub("", key, count=1)
    return key.replace(" ", "")


def _in_force(province: Province, on: datetime.date) -> bool:
    return province.valid_from <= on and (province.valid_to is None or province.valid_to >= on)


@dataclass
class ProvinceIndex:
    """All provinces loaded once, indexed by name key and code, for many look-ups without more queries.

    `resolve_province` builds one per call; an import of thousands of rows can build one and reuse it.
    """

    provinces: list[Province]
    by_id: dict[int, Province] = field(init=False)
    by_key: dict[str, list[Province]] = field(init=False)
    by_code: dict[str, Province] = field(init=False)
    merged_names: dict[str, str] = field(init=False)  # name key → name, of MERGED_BEFORE_RECORDS

    def __post_init__(self) -> None:
        self.by_id = {p.pk: p for p in self.provinces}
        self.by_code = {p.code.lower(): p for p in self.provinces}
        self.by_key = {}
        for province in self.provinces:
            self.by_key.setdefault(province_key(province.name), []).append(province)
        self.merged_names = {province_key(name): name for name, _joined in MERGED_BEFORE_RECORDS}
        for alias, official in ALIASES + MERGED_BEFORE_RECORDS:
            for province in self.by_key.get(province_key(official), []):
                candidates = self.by_key.setdefault(province_key(alias), [])
                if province not in candidates:
                    candidates.append(province)

    @classmethod
    def load(cls) -> "ProvinceIndex":
        return cls(list(Province.objects.order_by("-valid_from", "pk")))

    def resolve(self, name: str, *, on: datetime.date | None = None) -> Province | None:
        """See `resolve_province`."""
        on = on or timezone.localdate()
        candidates = self.named(name)
        # A unit in force on the date beats one reached through a merger (old and new Bắc Ninh on 2024-05-01).
        for province in candidates:
            if _in_force(province, on):
                return province
        for province in candidates:
            successor = self._successor_on(province, on)
            if successor is not None:
                return successor
        return None

    def named(self, name: str) -> list[Province]:
        """Every unit, old or new, that the text names (by name, alias or code), whatever the date."""
        text = (name or "").strip()
        if not text:
            return []
        if _CODE.match(text.lower()):
            coded = self.by_code.get(text.lower().zfill(2))
            # A code stands for its unit's name, so that the date rule in `resolve` applies to it as well.
            key = province_key(coded.name) if coded else ""
        else:
            key = province_key(text)
        return self.by_key.get(key, [])

    def current_unit(self, province: Province, on: datetime.date) -> Province:
        """The unit a record filed under `province` belongs to on `on`: itself while in force, else its successor."""
        return self._successor_on(self.by_id.get(province.pk, province), on) or province

    def _successor_on(self, province: Province, on: datetime.date) -> Province | None:
        """Follow the merger chain from a unit that ended before `on` to the unit in force on `on`."""
        seen: set[int] = set()
        current: Province | None = province
        while current is not None and current.pk not in seen:
            if _in_force(current, on):
                return current
            if current.valid_to is None or current.valid_to >= on:
                return None  # the unit starts after `on`: a later unit is no answer for an earlier date
            seen.add(current.pk)
            current = self.by_id.get(current.successor_id) if current.successor_id else None
        return None


def resolve_province(name: str, *, on: datetime.date | None = None) -> Province | None:
    """The province or city in force on `on` (today by default) that `name` means, or None.

    Accepted: old and new names, any case, with or without diacritics, with or without an administrative
    prefix ("Tỉnh", "Thành phố", "TP.", "TP", "T.") or an English suffix ("Province", "City"), the aliases in
    `ALIASES` ("TP HCM", "Sài Gòn", "BR-VT"...), and unit codes ("24" is today's Bắc Ninh, "cu-24" the old
    Bắc Giang). Rules, in order:
    1. a matching unit in force on `on` is the answer ("Bắc Ninh" on 2024-05-01 is the old Bắc Ninh);
    2. otherwise a matching unit that ended before `on` leads, through its successors, to the unit in force
       on `on` ("Bac Giang" today is Bắc Ninh);
    3. a unit that only began after `on` is never the answer for an earlier date; without another match
       the answer is None (there is no row for any date before 1 August 2008).
    One query: all ~100 rows are loaded and matched in memory.
    """
    return ProvinceIndex.load().resolve(name, on=on)


@dataclass(frozen=True)
class ProvinceFilter:
    """A province typed into a public filter (the catalogue list, its API, the artisan directory), resolved.

    `province` is the unit in force that the text means, None if it means none; `former` is the old unit the
    text named when that is not the answer itself ("Hà Tây" → Hà Nội, former Hà Tây).
    """

    typed: str
    province: Province | None = None
    former: str = ""  # the old unit's name

    @property
    def unknown(self) -> bool:
        return bool(self.typed) and self.province is None

    @property
    def note(self) -> str:
        """"Hà Tây nay thuộc Hà Nội" for an old name, else empty."""
        if not self.former or self.province is None:
            return ""
        return gettext("%(former)s nay thuộc %(province)s") % {"former": self.former, "province": self.province.name}

    @property
    def error(self) -> str:
        """What the page or the API says about a name that means no province (empty when it means one)."""
        if not self.unknown:
            return ""
        return gettext("Không tìm thấy tỉnh/thành phố “%(name)s”. Hãy gõ tên tỉnh/thành phố hiện nay hoặc tên cũ "
                       "(trước ngày 1/7/2025).") % {"name": self.typed}


def resolve_province_filter(text: str, *, on: datetime.date | None = None) -> ProvinceFilter:
    """The one resolution of a typed province filter: `resolve_province`'s answer, and the old unit named. One
    query."""
    typed = (text or "").strip()
    if not typed:
        return ProvinceFilter(typed)
    on = on or timezone.localdate()
    index = ProvinceIndex.load()
    province = index.resolve(typed, on=on)
    named = index.named(typed)
    former = index.merged_names.get(province_key(typed), "")
    if province is not None and province not in named:  # reached through a merger, not named itself
        former = next((p.name for p in named if index.current_unit(p, on) == province), "")
    return ProvinceFilter(typed, province, former if province is not None else "")


def province_names() -> list[str]:
    """Every name a province filter suggests: today's and former units (MERGED_BEFORE_RECORDS too), each once, in
    Vietnamese order. One query."""
    return list(_in_vietnamese_order(frozenset(Province.objects.order_by().values_list("name", flat=True))))


@functools.lru_cache(maxsize=4)
def _in_vietnamese_order(names: frozenset[str]) -> tuple[str, ...]:
    # The sort by Vietnamese collation keys costs more than the query (1.4 ms, measured with the caches off), and
    # its answer changes only with the province list, which keys it.
    return tuple(sorted(names | {name for name, _joined in MERGED_BEFORE_RECORDS}, key=vietnamese_key))


def _valid_on(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def provinces_in_region(region: Region, *, on: datetime.date | None = None) -> QuerySet[Province]:
    """Provinces in force on `on` (today by default) whose membership of `region` covers that date."""
    on = on or timezone.localdate()
    members = RegionMembership.objects.filter(_valid_on(on), region=region).values("province_id")
    return Province.objects.current(on).filter(pk__in=members)


def region_ids_on(on: datetime.date) -> dict[int, int]:
    """Province id → id of the region it belongs to on `on`, for every province with a membership then. One query.

    Memberships of one province should not overlap; if they do, the one that started last wins.
    """
    memberships = RegionMembership.objects.filter(_valid_on(on)).order_by("valid_from", "pk")
    return dict(memberships.values_list("province_id", "region_id"))  # later rows overwrite earlier ones


def region_of(province: Province, *, on: datetime.date | None = None) -> Region | None:
    """The region `province` belongs to on `on` (today by default); None if no membership covers that date."""
    region_id = region_ids_on(on or timezone.localdate()).get(province.pk)
    return Region.objects.get(pk=region_id) if region_id else None


def province_with_predecessors(province: Province) -> list[int]:
    """Ids of `province` and of every unit that merged into it, recursively, the province itself first.

    Filtering by the new Ninh Bình with these ids also finds records tied to the old Ninh Bình, Hà Nam and
    Nam Định. One query.
    """
    return provinces_with_predecessors([province])


def provinces_with_predecessors(roots: Iterable[Province | int]) -> list[int]:
    """The same for several provinces at once (a region): the roots first, then merged units. One query."""
    children: dict[int, list[int]] = {}
    links: Iterable[tuple[int, int]] = Province.objects.filter(successor__isnull=False).values_list(
        "pk", "successor_id"
    )
    for pk, successor_id in links:
        children.setdefault(successor_id, []).append(pk)
    ids = [root if isinstance(root, int) else root.pk for root in roots]
    seen = set(ids)
    for pk in ids:  # grows while iterating: a breadth-first walk
        for child in sorted(children.get(pk, [])):
            if child not in seen:
                seen.add(child)
                ids.append(child)
    return ids
