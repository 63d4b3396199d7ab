"""Who may enter which round: scope, group and the prerequisite chain. Read-only questions, no writes.

Which certificates count is catalog's rule (catalog.models.CertificateQuerySet.qualifying_for).
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.enums import PREREQUISITE_LEVEL, Level
from catalog.models import Producer, Product, Province, RegionMembership
from catalog.text import fold

from .models import SelectionRound


def _province_and_successor(province: Province) -> list[int]:
    # A producer still filed under a pre-2025 province belongs to the province it merged into.
    return [pk for pk in (province.pk, province.successor_id) if pk]


def province_in_region(province: Province, region, on: datetime.date) -> bool:
    memberships = RegionMembership.objects.filter(region=region, province__in=_province_and_successor(province))
    memberships = memberships.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return memberships.exists()


def round_covers_producer(selection_round: SelectionRound, producer: Producer) -> bool:
    """The round's scope includes the producer's location (on the round's closing date, for regions)."""
    level = selection_round.level
    if level == Level.NATIONAL:
        return True
    if level == Level.REGION:
        return province_in_region(producer.province, selection_round.scope_region,
                                  selection_round.registration_closes)
    if selection_round.scope_province_id not in _province_and_successor(producer.province):
        return False
    if level == Level.COMMUNE:
        return fold(producer.commune) == fold(selection_round.commune)
    return True


def prerequisite_certificates(selection_round: SelectionRound, product: Product):
    """The product's certificates that open this round's door (the level just below, in force on the round's
    registration closing date: CertificateQuerySet.qualifying_for); None when the round asks for none."""
    if selection_round.level not in PREREQUISITE_LEVEL or selection_round.allow_without_commune_round:
        return None
    return product.certificates.qualifying_for(selection_round.level, selection_round.registration_closes)


def prerequisite_problem(selection_round: SelectionRound, product: Product) -> str:
    """Why the product lacks the certificate this round asks for; "" when it holds one (or none is needed)."""
    certificates = prerequisite_certificates(selection_round, product)
    if certificates is None or certificates.exists():
        return ""
    below = Level(PREREQUISITE_LEVEL[selection_round.level]).label
    return _(
        "Sản phẩm cần giấy chứng nhận sản phẩm CNNT tiêu biểu %(level)s còn hiệu lực đến ngày %(date)s "
        "(hạn cuối nhận hồ sơ). Nếu sản phẩm đã được công nhận, đề nghị thư ký ghi nhận giấy chứng nhận đó."
    ) % {"level": str(below).lower(), "date": selection_round.registration_closes.strftime("%d/%m/%Y")}


def entry_problems(selection_round: SelectionRound, product: Product) -> list[str]:
    """Everything that keeps this product out of this round, apart from the registration window."""
    problems = []
    if not round_covers_producer(selection_round, product.producer):
        problems.append(_("Cơ sở không thuộc phạm vi của đợt bình chọn này (%(scope)s).")
                        % {"scope": selection_round.scope_label})
    if not selection_round.accepts_group(product.group):
        problems.append(_("Đợt bình chọn này không nhận sản phẩm thuộc nhóm “%(group)s”.")
                        % {"group": product.get_group_display()})
    prerequisite = prerequisite_problem(selection_round, product)
    if prerequisite:
        problems.append(prerequisite)
    return problems
