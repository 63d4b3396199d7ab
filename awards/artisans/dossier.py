"""Reading a nomination's dossier: the facts the standards check needs, its checklist for the Sở Công Thương."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import EvidenceKind
from .models import ArtisanNomination
from .standards import CandidateFacts, Check, PriorTitleFact, WorkFact, check_standards


def facts_of(nomination: ArtisanNomination) -> CandidateFacts:
    """The declared facts as plain data (reads the prior titles and works: prefetch them for many)."""
    return CandidateFacts(
        title_sought=nomination.title_sought,
        years_in_craft=nomination.years_in_craft,
        learners=nomination.learners,
        special_craft=nomination.special_craft,
        prior_titles=tuple(PriorTitleFact(t.title, t.year) for t in nomination.prior_titles.all()),
        works=tuple(WorkFact(w.name, w.year, w.level, w.rank, w.sent_by_state) for w in nomination.works.all()),
    )


def standards_of(nomination: ArtisanNomination) -> Check:
    """The standards check of the dossier as it stands, under its round's policy."""
    return check_standards(facts_of(nomination), nomination.round.policy.rules_for(nomination.title_sought))


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    ok: bool


# What the Sở Công Thương checks (Nghị định 43/2024/NĐ-CP: the declaration with local confirmation, evidence of
# skills and of teaching, the award decisions of declared prizes). The return form offers the same items.
ITEMS = {
    "declaration": _("Bản khai thành tích (Mẫu 01/02): họ tên, ngày sinh, giới tính, địa chỉ, số căn cước, nghề, "
                     "số năm hành nghề"),
    "portrait": _("Ảnh chân dung"),
    "signed_declaration": _("Bản khai có chữ ký và xác nhận của địa phương"),
    "skills": _("Minh chứng kỹ năng nghề: ảnh hoặc video tác phẩm, quá trình làm nghề"),
    "teaching": _("Minh chứng truyền nghề"),
    "award_decisions": _("Quyết định hoặc giấy chứng nhận của các giải thưởng đã kê khai"),
}


def declaration_complete(nomination: ArtisanNomination) -> bool:
    """The identity and craft fields the declaration (and its PDF) cannot do without. A posthumous nomination
    may lack the identity number."""
    needed = [nomination.full_name, nomination.date_of_birth, nomination.gender, nomination.address.strip(),
              nomination.craft.strip(), nomination.years_in_craft]
    if not nomination.posthumous:
        needed.append(nomination.id_number.strip())
    return all(needed)


def checklist(nomination: ArtisanNomination) -> list[ChecklistItem]:
    kinds = set(nomination.evidence.values_list("kind", flat=True))
    prized = any(work.rank is not None for work in nomination.works.all())
    status = {
        "declaration": declaration_complete(nomination),
        "portrait": bool(nomination.portrait),
        "signed_declaration": EvidenceKind.SIGNED_DECLARATION in kinds,
        "skills": bool(kinds & {EvidenceKind.PHOTO, EvidenceKind.VIDEO, EvidenceKind.VIDEO_LINK}),
        "teaching": EvidenceKind.TEACHING in kinds,
        "award_decisions": not prized or EvidenceKind.AWARD_DECISION in kinds,
    }
    return [ChecklistItem(code, str(label), status[code]) for code, label in ITEMS.items()]


def missing(nomination: ArtisanNomination) -> list[ChecklistItem]:
    return [item for item in checklist(nomination) if not item.ok]
