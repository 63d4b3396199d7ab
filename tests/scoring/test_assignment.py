"""The balanced assignment of nominations to N members (pure)."""

import pytest

from scoring.assignment import AssignmentError, assign


def loads(plan):
    counts = {}
    for members in plan.values():
        for member in members:
            counts[member] = counts.get(member, 0) + 1
    return counts


def test_assign_balances_load_within_one():
    plan = assign(list(range(1, 8)), ["a", "b", "c", "d", "e"], 3)

    assert all(len(members) == 3 for members in plan.values())
    assert max(loads(plan).values()) - min(loads(plan).values()) <= 1
    assert sum(loads(plan).values()) == 21


def test_assign_is_deterministic():
    assert assign([1, 2, 3], ["a", "b", "c"], 2) == {1: ["a", "b"], 2: ["a", "c"], 3: ["b", "c"]}


def test_assign_respects_conflicts():
    plan = assign([1, 2], ["a", "b", "c"], 2, conflicts=[("a", 1), ("b", 2)])

    assert plan == {1: ["b", "c"], 2: ["a", "c"]}


@pytest.mark.parametrize(("members", "per", "conflicts"), [
    (["a", "b"], 3, []),
    (["a", "b", "c"], 3, [("c", 1)]),
    (["a"], 0, []),
])
def test_assign_refuses_when_too_few_members(members, per, conflicts):
    with pytest.raises(AssignmentError):
        assign([1], members, per, conflicts)
