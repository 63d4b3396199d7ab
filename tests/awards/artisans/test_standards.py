"""The standards check as a pure function: each standard at its boundaries, no database."""

import pytest

from awards.artisans.enums import Outcome, PrizeLevel, Title
from awards.artisans.standards import CandidateFacts, PriorTitleFact, TitleRules, WorkFact, check_standards

NNND = TitleRules(min_years=20, min_learners=150, min_learners_special=20, min_works=2, national_rank=2,
                  foreign_rank=3, requires_nnut=True)
# The default NNƯT rules: 15 years; the other figures are not confirmed, so the policy leaves them empty.
NNUT = TitleRules(min_years=15, min_learners=None, min_learners_special=None, min_works=None, national_rank=None,
                  foreign_rank=None)
HOLDS_NNUT = (PriorTitleFact(Title.NNUT, 2015),)
TWO_WORKS = (WorkFact("Bình gốm men rạn", 2018, PrizeLevel.NATIONAL, 2),
             WorkFact("Lọ hoa lam", 2020, PrizeLevel.NATIONAL, 1))


def nnnd(**changes) -> CandidateFacts:
    facts = {"title_sought": Title.NNND, "years_in_craft": 30, "learners": 300, "special_craft": False,
             "prior_titles": HOLDS_NNUT, "works": TWO_WORKS}
    return CandidateFacts(**{**facts, **changes})


def line(check, code):
    return next(line for line in check.lines if line.code == code)


@pytest.mark.parametrize(("years", "outcome"), [(19, Outcome.NOT_MET), (20, Outcome.MET), (45, Outcome.MET)])
def test_nnnd_years_in_craft_boundary(years, outcome):
    result = line(check_standards(nnnd(years_in_craft=years), NNND), "years")

    assert (result.outcome, result.reason, result.hard) == (outcome, f"{years} năm; tối thiểu 20 năm.", False)


@pytest.mark.parametrize(("years", "outcome"), [(14, Outcome.NOT_MET), (15, Outcome.MET)])
def test_nnut_years_in_craft_boundary(years, outcome):
    facts = CandidateFacts(title_sought=Title.NNUT, years_in_craft=years, learners=10)

    assert line(check_standards(facts, NNUT), "years").outcome == outcome


@pytest.mark.parametrize(("learners", "special", "outcome", "reason"), [
    (149, False, Outcome.NOT_MET, "Đã truyền nghề cho 149 người; tối thiểu 150 người."),
    (150, False, Outcome.MET, "Đã truyền nghề cho 150 người; tối thiểu 150 người."),
    (19, True, Outcome.NOT_MET, "Đã truyền nghề cho 19 người; nghề đặc thù, tối thiểu 20 người."),
    (20, True, Outcome.MET, "Đã truyền nghề cho 20 người; nghề đặc thù, tối thiểu 20 người."),
    (149, True, Outcome.MET, "Đã truyền nghề cho 149 người; nghề đặc thù, tối thiểu 20 người."),
])
def test_nnnd_learners_with_the_special_craft_exception(learners, special, outcome, reason):
    result = line(check_standards(nnnd(learners=learners, special_craft=special), NNND), "learners")

    assert (result.outcome, result.reason) == (outcome, reason)


def test_nnnd_without_the_nnut_title_is_a_blocking_prerequisite():
    check = check_standards(nnnd(prior_titles=()), NNND)

    prior = line(check, "prior_title")
    assert (prior.outcome, prior.hard, prior.blocks) == (Outcome.NOT_MET, True, True)
    assert [blocking.code for blocking in check.blocking] == ["prior_title"]
    # Its works cannot count "after the title" either.
    assert line(check, "works").outcome == Outcome.NOT_MET


def test_nnnd_holding_nnut_passes_the_prerequisite_and_nothing_blocks():
    check = check_standards(nnnd(), NNND)

    assert (line(check, "prior_title").outcome, line(check, "prior_title").reason) == (
        Outcome.MET, "Nghệ nhân ưu tú năm 2015.")
    assert check.blocking == []


def test_a_title_other_than_nnut_does_not_satisfy_the_prerequisite():
    check = check_standards(nnnd(prior_titles=(PriorTitleFact(Title.NNND, 2010),)), NNND)

    assert line(check, "prior_title").outcome == Outcome.NOT_MET


@pytest.mark.parametrize(("works", "outcome"), [
    # Two national second prizes after the 2015 title: met.
    (TWO_WORKS, Outcome.MET),
    # One only: not met.
    (TWO_WORKS[:1], Outcome.NOT_MET),
    # A national third prize does not count (second or better).
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.NATIONAL, 3)), Outcome.NOT_MET),
    # A regional third prize counts when the State sent the work, not otherwise.
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.REGIONAL, 3, sent_by_state=True)), Outcome.MET),
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.REGIONAL, 3, sent_by_state=False)), Outcome.NOT_MET),
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.INTERNATIONAL, 4, sent_by_state=True)), Outcome.NOT_MET),
    # A provincial first prize is not a qualifying prize.
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.PROVINCIAL, 1)), Outcome.NOT_MET),
    # Before the title: does not count; in its year: the council decides.
    ((TWO_WORKS[0], WorkFact("Đĩa", 2014, PrizeLevel.NATIONAL, 1)), Outcome.NOT_MET),
    ((TWO_WORKS[0], WorkFact("Đĩa", 2015, PrizeLevel.NATIONAL, 1)), Outcome.JUDGEMENT),
    # A work without a prize never counts.
    ((TWO_WORKS[0], WorkFact("Đĩa", 2019, PrizeLevel.NATIONAL, None)), Outcome.NOT_MET),
])
def test_nnnd_works_after_the_nnut_title(works, outcome):
    assert line(check_standards(nnnd(works=works), NNND), "works").outcome == outcome


def test_unset_policy_figures_leave_the_line_to_the_council():
    check = check_standards(CandidateFacts(title_sought=Title.NNUT, years_in_craft=16, learners=3), NNUT)

    assert [(result.code, result.outcome) for result in check.lines] == [
        ("years", Outcome.MET), ("learners", Outcome.JUDGEMENT), ("works", Outcome.JUDGEMENT),
        ("conduct", Outcome.JUDGEMENT)]
    assert line(check, "learners").reason == (
        "Chính sách áp dụng chưa quy định mức cho tiêu chuẩn này; hội đồng xem xét.")


def test_nnut_has_no_prior_title_line_and_nothing_blocks_it():
    check = check_standards(CandidateFacts(title_sought=Title.NNUT, years_in_craft=1, learners=0), NNUT)

    assert "prior_title" not in [result.code for result in check.lines]
    assert check.blocking == []


def test_the_policy_can_drop_the_prerequisite():
    rules = TitleRules(**{**NNND.__dict__, "requires_nnut": False})

    check = check_standards(nnnd(prior_titles=()), rules)

    assert "prior_title" not in [result.code for result in check.lines]
    assert line(check, "works").outcome == Outcome.MET  # then every qualifying work counts
