"""Quorum and approval arithmetic, pure and exact, at the boundaries the regulation gives."""

import pytest

from awards.artisans.tally import fewest, passes, quorum


def session(present, *, listed=11, chair=True, vice=False, percent=75, needs_chair=True):
    return quorum(listed=listed, present=present, chair_present=chair, authorised_vice_chair_present=vice,
                  quorum_percent=percent, needs_chair=needs_chair)


@pytest.mark.parametrize(("present", "valid"), [(8, False), (9, True), (11, True)])
def test_quorum_is_75_percent_of_listed_members(present, valid):
    # 8 × 100 = 800 < 75 × 11 = 825; 9 × 100 = 900 ≥ 825.
    assert session(present).valid is valid


def test_quorum_message_names_the_numbers():
    assert session(8).problems == ["Có mặt 8 trên 11 thành viên; cần ít nhất 9 (75%)."]


def test_chair_absent_fails_even_with_everyone_else():
    result = session(10, chair=False)

    assert (result.valid, result.problems) == (
        False, ["Vắng Chủ tịch hội đồng và không có Phó Chủ tịch được ủy quyền chủ trì."])


def test_authorised_vice_chair_presiding_makes_it_valid():
    assert session(9, chair=False, vice=True).valid is True


def test_policy_without_the_chair_rule():
    assert session(9, chair=False, needs_chair=False).valid is True


def test_an_empty_council_is_never_valid():
    assert session(0, listed=0).valid is False


@pytest.mark.parametrize(("approvals", "listed", "result"), [
    (9, 11, False),   # 900 < 990
    (10, 11, True),   # 1000 ≥ 990
    (11, 11, True),
    (8, 9, False),    # 800 < 810
    (9, 9, True),
    (0, 0, False),
])
def test_approval_threshold_is_90_percent_of_all_listed_members(approvals, listed, result):
    assert passes(approvals=approvals, listed=listed, approval_percent=90) is result


def test_with_ten_present_ten_approvals_pass():
    assert session(10).valid and passes(approvals=10, listed=11, approval_percent=90)


def test_counted_against_all_members_not_those_present():
    # 9 present, all 9 approve: 100% of those present, 81.8% of the council.
    assert session(9).valid and not passes(approvals=9, listed=11, approval_percent=90)


@pytest.mark.parametrize(("percent", "listed", "needed"), [(90, 11, 10), (75, 11, 9), (90, 10, 9), (90, 13, 12),
                                                           (75, 4, 3), (100, 7, 7)])
def test_fewest_is_the_exact_ceiling(percent, listed, needed):
    assert fewest(percent, listed) == needed
    assert passes(approvals=needed, listed=listed, approval_percent=percent)
    assert not passes(approvals=needed - 1, listed=listed, approval_percent=percent)
