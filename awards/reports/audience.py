"""Who a statistic is for: the explicit first argument of every query in `statistics`.

Three audiences read the same queries:
- the ministry (national secretariat and administrators): every province, every round;
- a provincial or regional secretariat: the producers filed under its provinces, old units merged into them
  included (the scope of `catalog.permissions.producers_for_user`), and the rounds held there (commune, district
  and province rounds of those provinces; a regional secretariat also its region's rounds);
- the public: published data only (certificates made public, published decisions), across the country.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog import enums as catalog_enums
from catalog.geography import provinces_with_predecessors
from catalog.permissions import secretariat_provinces

from .enums import AudienceKind


@dataclass(frozen=True)
class Audience:
    kind: str
    # Provinces whose producers and rounds are in scope, as filed (old units included); None: all of them.
    province_ids: frozenset[int] | None = None
    # The region whose regional rounds are in scope (a regional secretariat); the ministry sees every region's.
    region_id: int | None = None

    @property
    def published_only(self) -> bool:
        return self.kind == AudienceKind.PUBLIC

    @property
    def is_national(self) -> bool:
        return self.province_ids is None


PUBLIC = Audience(kind=AudienceKind.PUBLIC)
MINISTRY = Audience(kind=AudienceKind.MINISTRY)


def audience_for(user) -> Audience | None:
    """The internal audience of an account, or None for an account with no statistics of its own (producers,
    jury members: they read the public ones)."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_administrator:
        return MINISTRY
    if not user.is_secretariat:
        return None
    provinces = secretariat_provinces(user)
    if provinces is None:
        return MINISTRY
    region_id = user.scope_region_id if user.scope_level == catalog_enums.ScopeLevel.REGION else None
    return Audience(kind=AudienceKind.SECRETARIAT, province_ids=frozenset(provinces_with_predecessors(list(provinces))),
                    region_id=region_id)


def for_province(province) -> Audience:
    """A province's own scope (its periodic report), whoever asks."""
    return Audience(kind=AudienceKind.SECRETARIAT, province_ids=frozenset(provinces_with_predecessors([province])))
