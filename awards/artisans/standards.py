"""The standards check of an artisan nomination: a pure function of the declared facts and the policy's numbers.

No ORM here. `check_standards` returns one line per standard, each met, not met or left to the council's judgement,
with the reason in words. The check informs: the council sees every line and its vote decides. A line marked
`hard` that is not met is a prerequisite and blocks submission (services.set_nomination_state).

Rules (numbers from the policy version, defaults of Nghị định 43/2024/NĐ-CP in models.PolicyVersion):
- prior title (NNND only, when the policy asks for it): an Artisan of Merit title must be held. Hard.
- years in the craft: at least the minimum for the title sought.
- people taught: at least the minimum; a special craft (nghề đặc thù) has its own, lower minimum.
- works: at least N works with a qualifying prize: a national prize of rank R or better, or a regional or
  international one of rank R' or better for a work the State sent. For NNND only works later than the Artisan
  of Merit title count: a later year counts, the same year is left to the council (a year alone cannot say
  whether the work came after the title), an earlier year does not count.
- conduct and standing: always the council's judgement.
A number the policy leaves empty (several NNƯT figures are not yet confirmed) turns its line into a judgement.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .enums import Outcome, PrizeLevel, Title


@dataclass(frozen=True)
class TitleRules:
    """The policy's numbers for one title; None means the policy sets no figure."""

    min_years: int | None
    min_learners: int | None
    min_learners_special: int | None
    min_works: int | None
    national_rank: int | None  # a national prize of this rank or better (1 = first prize) qualifies
    foreign_rank: int | None  # a regional or international prize of this rank or better, the State sending
    requires_nnut: bool = False


@dataclass(frozen=True)
class PriorTitleFact:
    title: str  # Title value
    year: int


@dataclass(frozen=True)
class WorkFact:
    name: str
    year: int
    level: str  # PrizeLevel value
    rank: int | None  # PrizeRank value; None without a prize
    sent_by_state: bool = False


@dataclass(frozen=True)
class CandidateFacts:
    title_sought: str
    years_in_craft: int
    learners: int
    special_craft: bool = False
    prior_titles: tuple[PriorTitleFact, ...] = ()
    works: tuple[WorkFact, ...] = ()


@dataclass(frozen=True)
class StandardLine:
    code: str
    label: str
    outcome: str
    reason: str
    hard: bool = False

    @property
    def blocks(self) -> bool:
        return self.hard and self.outcome == Outcome.NOT_MET


@dataclass(frozen=True)
class Check:
    lines: list[StandardLine] = field(default_factory=list)

    @property
    def blocking(self) -> list[StandardLine]:
        return [line for line in self.lines if line.blocks]


def check_standards(facts: CandidateFacts, rules: TitleRules) -> Check:
    lines = []
    nnut_year = None
    if facts.title_sought == Title.NNND and rules.requires_nnut:
        line, nnut_year = _prior_title(facts)
        lines.append(line)
    lines.append(_years(facts, rules))
    lines.append(_learners(facts, rules))
    lines.append(_works(facts, rules, after_year=nnut_year, needs_after=facts.title_sought == Title.NNND
                        and rules.requires_nnut))
    lines.append(StandardLine("conduct", _("Phẩm chất, đạo đức, sự tiêu biểu"), Outcome.JUDGEMENT,
                              _("Hội đồng đánh giá qua hồ sơ và ý kiến của địa phương.")))
    return Check(lines)


def _prior_title(facts: CandidateFacts) -> tuple[StandardLine, int | None]:
    label = _("Đã được phong tặng Nghệ nhân ưu tú")
    years = sorted(t.year for t in facts.prior_titles if t.title == Title.NNUT)
    if not years:
        return StandardLine("prior_title", label, Outcome.NOT_MET,
                            _("Chưa có danh hiệu Nghệ nhân ưu tú: chưa đủ điều kiện xét Nghệ nhân nhân dân."),
                            hard=True), None
    return StandardLine("prior_title", label, Outcome.MET,
                        _("Nghệ nhân ưu tú năm %(year)s.") % {"year": years[0]}, hard=True), years[0]


def _unset(code: str, label: str) -> StandardLine:
    return StandardLine(code, label, Outcome.JUDGEMENT,
                        _("Chính sách áp dụng chưa quy định mức cho tiêu chuẩn này; hội đồng xem xét."))


def _years(facts: CandidateFacts, rules: TitleRules) -> StandardLine:
    label = _("Thời gian hành nghề")
    if rules.min_years is None:
        return _unset("years", label)
    outcome = Outcome.MET if facts.years_in_craft >= rules.min_years else Outcome.NOT_MET
    return StandardLine("years", label, outcome, _("%(years)s năm; tối thiểu %(min)s năm.") % {
        "years": facts.years_in_craft, "min": rules.min_years})


def _learners(facts: CandidateFacts, rules: TitleRules) -> StandardLine:
    label = _("Truyền nghề")
    minimum = rules.min_learners_special if facts.special_craft else rules.min_learners
    if minimum is None:
        return _unset("learners", label)
    outcome = Outcome.MET if facts.learners >= minimum else Outcome.NOT_MET
    if facts.special_craft:
        reason = _("Đã truyền nghề cho %(n)s người; nghề đặc thù, tối thiểu %(min)s người.")
    else:
        reason = _("Đã truyền nghề cho %(n)s người; tối thiểu %(min)s người.")
    return StandardLine("learners", label, outcome, reason % {"n": facts.learners, "min": minimum})


def qualifies(work: WorkFact, rules: TitleRules) -> bool:
    """Whether a work's prize is of the kind the standard counts (its date aside)."""
    if work.rank is None:
        return False
    if work.level == PrizeLevel.NATIONAL:
        return rules.national_rank is not None and work.rank <= rules.national_rank
    if work.level in (PrizeLevel.REGIONAL, PrizeLevel.INTERNATIONAL):
        return work.sent_by_state and rules.foreign_rank is not None and work.rank <= rules.foreign_rank
    return False


def _works(facts: CandidateFacts, rules: TitleRules, *, after_year: int | None, needs_after: bool) -> StandardLine:
    label = _("Tác phẩm đạt giải")
    if rules.min_works is None:
        return _unset("works", label)
    prized = [work for work in facts.works if qualifies(work, rules)]
    if needs_after:
        if after_year is None:
            return StandardLine("works", label, Outcome.NOT_MET,
                                _("Chỉ tính tác phẩm sau danh hiệu Nghệ nhân ưu tú, mà hồ sơ chưa có danh hiệu này."))
        counted = [work for work in prized if work.year > after_year]
        same_year = [work for work in prized if work.year == after_year]
    else:
        counted, same_year = prized, []
    values = {"n": len(counted), "min": rules.min_works}
    if len(counted) >= rules.min_works:
        return StandardLine("works", label, Outcome.MET, _("%(n)s tác phẩm đạt giải được tính; cần %(min)s.") % values)
    if len(counted) + len(same_year) >= rules.min_works:
        return StandardLine("works", label, Outcome.JUDGEMENT, _(
            "%(n)s tác phẩm đạt giải được tính, cần %(min)s; %(same)s tác phẩm cùng năm được phong Nghệ nhân ưu "
            "tú: hội đồng xác định tác phẩm có sau danh hiệu không.") % {**values, "same": len(same_year)})
    return StandardLine("works", label, Outcome.NOT_MET, _("%(n)s tác phẩm đạt giải được tính; cần %(min)s.") % values)
