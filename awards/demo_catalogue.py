"""The recognised demo catalogue: published rounds at every level (commune, district before the reform, province,
region, national) over the bulk products of catalog.demo_words, and the rounds the dossier personas are in.

Each published round is recorded as a past round whose scoring is closed (its paper sheets stored the way the
results demo stores them), then goes through the real decision services: save, propose the list, approve,
publish. Publishing issues the certificates, makes them public and refreshes the listing rows; the decision
is then dated back to the days after it was signed, as if it had been published in the system then. The
national round is published now, so its complaint window is open: the complaint persona files one.

The personas (catalog.demo.ACCOUNTS, catalog.demo_bulk.FEATURED): draft, submitted and returned dossiers in the
open Hà Nội 2026 round; an accepted dossier in the TP HCM 2026 round being scored (sheets submitted and half
filled); a recognised and a not recognised product in the Hà Nội 2025 round; a complaint on the national round.

Idempotent: a round found by its title is left as it is; everything is written in one transaction.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from catalog import listing
from catalog.demo_bulk import featured_product
from catalog.demo_words import VILLAGES, bulk_catalogue
from catalog.enums import Level
from catalog.geography import region_of, resolve_province
from catalog.models import Certificate, Product, Region, User
from scoring import demo as scoring_demo
from scoring.enums import JuryRole, NominationState, RoundState, SheetStatus
from scoring.figures import refresh_figures
from scoring.models import Nomination, Rubric, ScoreSheet, SelectionRound

from . import services
from .demo import SCAN
from .enums import DecisionState
from .holidays import complaint_deadline
from .models import Complaint, DecisionEntry, ResultsDecision

JUDGES = ["giamkhao1@demo.vn", "giamkhao2@demo.vn", "giamkhao3@demo.vn"]
THRESHOLD = Decimal("70")
# Share of the 100 points per criteria group (Phụ lục 4): the group figures of a sheet follow its total.
GROUP_SHARES = (Decimal("0.40"), Decimal("0.40"), Decimal("0.10"))
HCM_TITLE = "Bình chọn sản phẩm CNNT tiêu biểu Thành phố Hồ Chí Minh năm 2026"
HANOI_OPEN_TITLE = "Bình chọn sản phẩm CNNT tiêu biểu thành phố Hà Nội năm 2026"
COMPLAINT_TEXT = ("Đề nghị Hội đồng chấm lại tiêu chí nhóm 2: hồ sơ đã nộp giấy chứng nhận sở hữu kiểu dáng công "
                  "nghiệp nhưng phiếu chấm ghi chưa có.")
NOT_RECOGNISED = "Điểm trung bình dưới ngưỡng 70 điểm."
# Fixed averages of the personas' products (the bulk ones are drawn from a seeded RNG).
FEATURED_AVERAGES = {"recognised": "88.20", "not_recognised": "64.50", "complaint": "84.60"}
COMPLAINT_NATIONAL_AVERAGE = Decimal("68.40")


@dataclass
class Plan:
    """A published round to seed: where, when it was decided, and its products with their averages."""

    title: str
    level: str
    year: int
    decided_on: datetime.date
    number: str
    signer: tuple[str, str]
    province: object = None
    region: object = None
    commune: str = ""
    entries: list[tuple[Product, Decimal]] = field(default_factory=list)
    backdate: bool = True


def seed_recognitions(*, stdout=None) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        done = _seed()
    if stdout and done:
        stdout.write(f"Awards: {ResultsDecision.objects.filter(state=DecisionState.PUBLISHED).count()} published "
                     f"decisions, {Certificate.objects.public().count()} public certificates, "
                     f"{Complaint.objects.count()} complaints.")


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _seed() -> bool:
    admin = _user("quantri@demo.vn")
    rubric = Rubric.objects.filter(name="Phụ lục 4 – Thông tư 26/2014/TT-BCT", version="1").first()
    if admin is None or rubric is None or not Product.objects.filter(producer__tax_code__startswith="89").exists():
        return False  # the catalog or scoring part of the demo has not run
    today = timezone.localdate()
    plans = _plans(today)
    for plan in plans:
        if not SelectionRound.objects.filter(title=plan.title).exists():
            _publish(plan, rubric=rubric, admin=admin)
    _seed_complaint()
    _seed_open_personas()
    _seed_hcm_scoring(today, rubric=rubric, admin=admin)
    return True


# --- What to seed -----------------------------------------------------------------------------------------

def _average(rng: random.Random) -> Decimal:
    if rng.random() < 1 / 12:
        return Decimal(rng.randint(5800, 6950)) / 100
    return Decimal(rng.randint(7200, 9400)) / 100


def _plans(today: datetime.date) -> list[Plan]:
    """The published rounds: each village's products in its home round, the best two of each province round
    in their region's round, the best two of each region in the national round (and the complaint persona)."""
    products = {(p.producer.tax_code, p.name): p for p in Product.objects.filter(
        producer__tax_code__startswith="89").select_related("producer__province")}
    villages = {v.name: v for v in VILLAGES}
    home: dict[tuple, Plan] = {}
    rng = random.Random(12)
    for item in bulk_catalogue():
        product = products.get((item.producer.tax_code, item.name))
        if product is None:
            continue
        village = villages[item.producer.village.name]
        plan = home.setdefault(_home_key(village, product), _home_plan(village, product))
        plan.entries.append((product, _average(rng)))

    hanoi = resolve_province("Hà Nội")
    for key, target in [("recognised", ("province", hanoi.pk)), ("not_recognised", ("province", hanoi.pk)),
                        ("complaint", ("province", resolve_province("Bắc Ninh").pk))]:
        product = featured_product(key)
        if product is not None and target in home:
            home[target].entries.append((product, Decimal(FEATURED_AVERAGES[key])))

    complaint = featured_product("complaint")
    regions: dict[int, Plan] = {}
    for plan in home.values():
        if plan.level != Level.PROVINCE:
            continue
        region = region_of(plan.province)
        if region is None:
            continue
        target = regions.setdefault(region.pk, Plan(
            title=f"Bình chọn sản phẩm CNNT tiêu biểu {_region_words(region)} năm 2025", level=Level.REGION,
            year=2025, decided_on=datetime.date(2025, 12, 10), number=f"{3100 + len(regions)}/QĐ-BCT",
            signer=("Phan Thị Thắng", "Thứ trưởng Bộ Công Thương"), region=region))
        best = sorted(_recognised(plan), key=lambda e: (-e[1], e[0].name))[:2]
        featured = [e for e in plan.entries if e[0] == complaint]
        for product, average in best + [e for e in featured if e not in best]:
            target.entries.append((product, min(Decimal("96"), average - Decimal("2.5"))))

    national = Plan(title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia năm {today.year}", level=Level.NATIONAL,
                    year=today.year, decided_on=today - datetime.timedelta(days=6), number="2468/QĐ-BCT",
                    signer=("Nguyễn Sinh Nhật Tân", "Thứ trưởng Bộ Công Thương"), backdate=False)
    for plan in regions.values():
        best = sorted(_recognised(plan), key=lambda e: (-e[1], e[0].name))[:2]
        national.entries += [(product, average - Decimal("1.5")) for product, average in best if product != complaint]
    if complaint is not None:
        national.entries.append((complaint, COMPLAINT_NATIONAL_AVERAGE))
    return list(home.values()) + list(regions.values()) + [national]


def _recognised(plan: Plan):
    return [e for e in plan.entries if e[1] >= THRESHOLD]


def _home_key(village, product) -> tuple:
    if village.home_level == Level.PROVINCE:
        return ("province", product.producer.province_id)
    return (village.home_level, village.name)


def _home_plan(village, product) -> Plan:
    province = product.producer.province
    chair = "Chủ tịch Ủy ban nhân dân"
    if village.home_level == Level.COMMUNE:
        place = village.commune[0].lower() + village.commune[1:]  # "Xã Bát Tràng" → "xã Bát Tràng"
        return Plan(title=f"Bình chọn sản phẩm CNNT tiêu biểu {place} năm 2025", level=Level.COMMUNE, year=2025,
                    decided_on=datetime.date(2025, 10, 20), number=f"{210 + len(village.name)}/QĐ-UBND",
                    signer=("Đỗ Văn Hải", f"{chair} {place}"), province=province, commune=village.commune)
    if village.home_level == Level.DISTRICT:
        place = f"huyện {village.name}"
        return Plan(title=f"Bình chọn sản phẩm CNNT tiêu biểu {place} năm 2024", level=Level.DISTRICT, year=2024,
                    decided_on=datetime.date(2024, 12, 16), number="1875/QĐ-UBND",
                    signer=("Trần Quốc Việt", f"{chair} {place}"), province=province)
    place = province.name
    if not place.startswith(("Thành phố", "Tỉnh")):
        place = f"{'thành phố' if province.kind == 'city' else 'tỉnh'} {place}"
    return Plan(title=f"Bình chọn sản phẩm CNNT tiêu biểu {place} năm 2025", level=Level.PROVINCE,
                year=2025, decided_on=datetime.date(2025, 9, 15), number=f"{2500 + province.pk}/QĐ-UBND",
                signer=("Lê Hồng Sơn", f"{chair} {place}"), province=province)


def _region_words(region: Region) -> str:
    return f"khu vực {region.name[0].lower()}{region.name[1:]}"


# --- A published round ------------------------------------------------------------------------------------

def _secretary_for(plan: Plan, admin: User) -> User:
    scoped = User.objects.filter(role="secretariat", is_active=True)
    if plan.level == Level.NATIONAL:
        scoped = scoped.filter(scope_level="national")
    elif plan.level == Level.REGION:
        scoped = scoped.filter(scope_level="region", scope_region=plan.region)
    else:
        scoped = scoped.filter(scope_level="province", scope_province=plan.province)
    return scoped.order_by("pk").first() or admin


def _publish(plan: Plan, *, rubric, admin) -> ResultsDecision:
    day = datetime.timedelta(days=1)
    secretary = _secretary_for(plan, admin)
    selection_round = SelectionRound.objects.create(
        title=plan.title, level=plan.level, year=plan.year, scope_province=plan.province, scope_region=plan.region,
        commune=plan.commune, groups=scoring_demo.ALL_GROUPS, rubric=rubric, legal_basis=scoring_demo.LEGAL_BASIS,
        allow_without_commune_round=plan.level == Level.PROVINCE, state=RoundState.SCORING_CLOSED,
        created_by=secretary, registration_opens=plan.decided_on - 150 * day,
        registration_closes=plan.decided_on - 90 * day, scoring_opens=plan.decided_on - 75 * day,
        scoring_closes=plan.decided_on - 45 * day, results_due=plan.decided_on + 10 * day,
    )
    Nomination.objects.bulk_create(
        Nomination(round=selection_round, product=product, state=NominationState.ACCEPTED, created_by=admin,
                   sample_delivery="Đã giao mẫu tại Sở Công Thương.") for product, _average in plan.entries)
    nominations = list(selection_round.nominations.order_by("pk"))
    averages = {product.pk: average for product, average in plan.entries}
    _score(nominations, averages)

    decision = ResultsDecision(round=selection_round, number=plan.number, decided_on=plan.decided_on,
                               signer_name=plan.signer[0], signer_title=plan.signer[1])
    decision.signed_scan.save(f"quyet-dinh-{selection_round.pk}.pdf", ContentFile(SCAN), save=False)
    services.save_decision(decision=decision, by=secretary)
    recognised = [n for n in nominations if averages[n.product_id] >= THRESHOLD]
    services.propose_entries(decision=decision, recognised=recognised, by=secretary,
                             default_exclusion_reason=NOT_RECOGNISED)
    for state in (DecisionState.APPROVED, DecisionState.PUBLISHED):
        decision = services.set_decision_state(decision=decision, new_state=state, by=secretary)
    if plan.backdate:
        notified = plan.decided_on + 3 * day
        ResultsDecision.objects.filter(pk=decision.pk).update(notified_on=notified,
                                                              complaint_due=complaint_deadline(notified))
        issued = Certificate.objects.filter(entry__decision=decision)
        issued.update(published_on=notified)
        listing.refresh(issued.values_list("product_id", flat=True))
    return decision


def _score(nominations, averages) -> None:
    """The round's paper sheets, as the results demo records them: three judges around the product's average
    (their mean is the average), group figures in the rubric's proportions; then the figures refreshed."""
    judges = list(User.objects.filter(email__in=JUDGES).order_by("email"))
    now = timezone.now()
    rows = []
    for nomination in nominations:
        average = averages[nomination.product_id]
        for judge, shift in zip(judges, (Decimal("-1.5"), Decimal("0"), Decimal("1.5")), strict=False):
            total = average + shift
            groups = [(total * share).quantize(Decimal("0.01")) for share in GROUP_SHARES]
            groups.append(total - sum(groups))
            rows.append(ScoreSheet(nomination=nomination, member=judge, status=SheetStatus.SUBMITTED,
                                   submitted_at=now, total=total,
                                   group_totals={str(i): str(v) for i, v in enumerate(groups, start=1)}))
    ScoreSheet.objects.bulk_create(rows, batch_size=1000)
    refresh_figures(nominations=[n.pk for n in nominations])


# --- The personas -----------------------------------------------------------------------------------------

def _seed_complaint() -> None:
    product, user = featured_product("complaint"), _user("hoso.khieunai@demo.vn")
    if product is None or user is None or Complaint.objects.filter(nomination__product=product).exists():
        return
    entry = (DecisionEntry.objects.filter(nomination__product=product, recognised=False,
                                          decision__state=DecisionState.PUBLISHED)
             .select_related("decision", "nomination__product__producer").first())
    if entry is not None:
        scoring_demo.keep_going(services.file_complaint, entry=entry, by=user, text=COMPLAINT_TEXT)


def _seed_open_personas() -> None:
    """Draft, submitted and returned dossiers in the open Hà Nội round, through the nomination services."""
    selection_round = SelectionRound.objects.filter(title=HANOI_OPEN_TITLE).first()
    secretary = _user("thuky.hanoi@demo.vn")
    if selection_round is None or secretary is None:
        return
    for key, email, state in [("draft", "hoso.nhap@demo.vn", NominationState.DRAFT),
                              ("submitted", "hoso.danop@demo.vn", NominationState.SUBMITTED),
                              ("returned", "hoso.tralai@demo.vn", NominationState.RETURNED)]:
        product, user = featured_product(key), _user(email)
        if product is not None and user is not None:
            scoring_demo.nominate_to(selection_round, product, state, producer_actor=user, secretary=secretary)


# giamkhao4 has submitted three sheets, giamkhao5 has two half-filled drafts.
HCM_SHEETS = {
    "giamkhao4@demo.vn": [
        ({"1.1": "18", "1.2": "16.5", "2.1": "8.5", "2.2": "13", "2.3": "8", "2.4": "4", "3": "8.5", "4": "8"}, True),
        ({"1.1": "15", "1.2": "14", "2.1": "7", "2.2": "11", "2.3": "7.5", "2.4": "3.5", "3": "7", "4": "7"}, True),
        ({"1.1": "16", "1.2": "15", "2.1": "8", "2.2": "12", "2.3": "7", "2.4": "4", "3": "8", "4": "7.5"}, True),
    ],
    "giamkhao5@demo.vn": [({"1.1": "17", "1.2": "15"}, False), ({"1.1": "14.5", "1.2": "13", "2.1": "6.5"}, False)],
}
HCM_KEYS = ["scored", "hcm1", "hcm2", "hcm3", "hcm4", "hcm5"]


def _seed_hcm_scoring(today, *, rubric, admin) -> None:
    """The TP HCM 2026 round, not blind, in scoring: the persona's accepted dossier among six, a jury of two."""
    if SelectionRound.objects.filter(title=HCM_TITLE).exists():
        return
    hcm = resolve_province("TP HCM")
    secretary = _user("thuky.hcm@demo.vn") or admin
    persona = _user("hoso.dangcham@demo.vn")
    day = datetime.timedelta(days=1)
    selection_round = SelectionRound.objects.create(
        title=HCM_TITLE, level=Level.PROVINCE, year=today.year, scope_province=hcm, allow_without_commune_round=True,
        created_by=secretary, rubric=rubric, legal_basis=scoring_demo.LEGAL_BASIS, groups=scoring_demo.ALL_GROUPS,
        state=RoundState.REGISTRATION_OPEN, registration_opens=today - 40 * day, registration_closes=today,
        scoring_opens=today, scoring_closes=today + 20 * day, results_due=today + 35 * day)
    for key in HCM_KEYS:
        product = featured_product(key)
        if product is not None:
            actor = persona if key == "scored" and persona is not None else admin
            scoring_demo.nominate_to(selection_round, product, NominationState.ACCEPTED, producer_actor=actor,
                                   secretary=secretary)
    scoring_demo.start_scoring(
        selection_round, secretary=secretary, jury_name="Ban giám khảo Thành phố Hồ Chí Minh",
        jury_accounts=[("giamkhao4@demo.vn", JuryRole.HEAD), ("giamkhao5@demo.vn", JuryRole.MEMBER)],
        planned_sheets=HCM_SHEETS, reason="Ban giám khảo bắt đầu chấm điểm.")
