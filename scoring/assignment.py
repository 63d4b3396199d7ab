"""Balanced assignment of nominations to jury members when a round asks for N members per nomination.

Pure: ids in, ids out. Rule: nominations are taken in the given order; each gets the N eligible members (not
conflicted) with the lightest load so far, ties broken by the members' given order. Loads therefore differ by at
most one whenever conflicts allow it, and the same input always gives the same assignment.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from django.utils.translation import gettext as _


class AssignmentError(ValueError):
    pass


def assign(nominations: Sequence[Hashable], members: Sequence[Hashable], per_nomination: int,
           conflicts: Iterable[tuple[Hashable, Hashable]] = ()) -> dict[Hashable, list[Hashable]]:
    """Map each nomination to `per_nomination` members. `conflicts` holds (member, nomination) pairs to avoid.

    Raises AssignmentError naming the first nomination that cannot get enough members.
    """
    if per_nomination < 1:
        raise AssignmentError(_("Số giám khảo cho mỗi sản phẩm phải từ 1 trở lên."))
    barred = set(conflicts)
    load = dict.fromkeys(members, 0)
    order = {member: index for index, member in enumerate(members)}
    result: dict[Hashable, list[Hashable]] = {}
    for nomination in nominations:
        eligible = [m for m in members if (m, nomination) not in barred]
        if len(eligible) < per_nomination:
            raise AssignmentError(
                _("Hồ sơ %(nomination)s chỉ có %(n)d giám khảo không xung đột lợi ích, cần %(need)d.")
                % {"nomination": nomination, "n": len(eligible), "need": per_nomination})
        chosen = sorted(eligible, key=lambda m: (load[m], order[m]))[:per_nomination]
        for member in chosen:
            load[member] += 1
        result[nomination] = sorted(chosen, key=order.__getitem__)
    return result
