"""Demo rounds for the seeded catalog: open rounds at several levels, nominations in every state, a past round
with recognised products forwarded upward. Idempotent: rounds are found by title, nominations by round and
product, certificates by number; existing rows are left as they are."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from catalog import enums as catalog_enums
from catalog import listing
from catalog.enums import CertificateSource, Level
from catalog.geography import resolve_province
from catalog.models import Certificate, Document, Producer, Product, Region, User
from catalog.validity import CERTIFICATE_VALID_YEARS, valid_until

from . import juries, services, sheets
from .enums import ChangePath, ConflictRelation, JuryRole, NominationState, RoundState
from .models import Forwarding, Jury, JuryMember, Nomination, Rubric, SelectionRound

# The smallest well-formed PDF: a stand-in scan of the business registration.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
LEGAL_BASIS = "Thông tư 26/2014/TT-BCT, sửa đổi bởi Thông tư 14/2018/TT-BCT và Thông tư 38/2025/TT-BCT."
ALL_GROUPS = ["1", "2", "3", "4"]

# The moves that bring a fresh draft to each state, and who makes each move.
PATHS = {
    NominationState.DRAFT: [],
    NominationState.SUBMITTED: [NominationState.SUBMITTED],
    NominationState.RETURNED: [NominationState.SUBMITTED, NominationState.RETURNED],
    NominationState.ACCEPTED: [NominationState.SUBMITTED, NominationState.ACCEPTED],
    NominationState.REJECTED: [NominationState.SUBMITTED, NominationState.REJECTED],
    NominationState.WITHDRAWN: [NominationState.SUBMITTED, NominationState.WITHDRAWN],
}
REASONS = {
    NominationState.RETURNED: "Ảnh mặt trên chưa rõ nét; đề nghị chụp lại trên nền trắng và bổ sung quy cách đóng gói.",
    NominationState.REJECTED: "Sản phẩm chưa sản xuất hàng loạt (dưới 100 sản phẩm/năm), chưa đáp ứng điều kiện.",
    NominationState.WITHDRAWN: "Cơ sở rút để hoàn thiện mẫu mã, tham gia đợt sau.",
}


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _product(tax_code: str, name: str) -> Product | None:
    return Product.objects.filter(producer__tax_code=tax_code, name=name).select_related("producer").first()


def _ensure_registration(producer: Producer) -> None:
    kind = catalog_enums.DocumentKind.BUSINESS_REGISTRATION
    if producer.documents.filter(kind=kind).exists():
        return
    document = Document(producer=producer, kind=kind, number=producer.tax_code, issuer="Sở Tài chính",
                        original_name="dang-ky-kinh-doanh.pdf", content_type="application/pdf",
                        size=len(PLACEHOLDER_PDF))
    document.file.save("dang-ky-kinh-doanh.pdf", ContentFile(PLACEHOLDER_PDF), save=False)
    document.save()


def _round(title: str, **fields) -> SelectionRound:
    selection_round, _created = SelectionRound.objects.get_or_create(title=title, defaults=fields)
    return selection_round


def _certificate(number: str, product: Product | None, level: str, issued_on: datetime.date, **scope) -> None:
    """A historical certificate with its legal validity, public from its issue, and the product's listing row."""
    if product is None:
        return
    _record, created = Certificate.objects.get_or_create(number=number, product=product, defaults={
        "level": level, "issued_on": issued_on,
        "valid_until": valid_until(issued_on, years=CERTIFICATE_VALID_YEARS),
        "issuer": "Ủy ban nhân dân cấp tỉnh", "source": CertificateSource.HISTORICAL, "published_on": issued_on,
        **scope,
    })
    if created:
        listing.refresh([product.pk])


def nominate_to(selection_round, product, state, *, producer_actor, secretary) -> None:
    """Nominate the product and walk the dossier to `state` through the services (PATHS), once (also used by
    awards.demo_catalogue for its personas)."""
    if product is None or Nomination.objects.filter(round=selection_round, product=product).exists():
        return
    _ensure_registration(product.producer)
    keep_going(_walk, selection_round=selection_round, product=product, state=state, producer_actor=producer_actor,
         secretary=secretary)


def _walk(*, selection_round, product, state, producer_actor, secretary) -> None:
    nomination = services.create_nomination(
        round=selection_round, product=product, by=producer_actor,
        sample_delivery="Giao 02 sản phẩm mẫu tại Sở Công Thương trước hạn nộp hồ sơ.",
    )
    for move in PATHS[state]:
        actor = producer_actor if move in {NominationState.SUBMITTED, NominationState.WITHDRAWN} else secretary
        services.set_nomination_state(nomination=nomination, new_state=move, by=actor, reason=REASONS.get(move, ""))


def seed_rounds(*, stdout=None) -> None:
    """Create the demo rounds and nominations (see the module docstring). E-mails are not sent."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        _seed()
    if stdout:
        stdout.write(f"Scoring: {SelectionRound.objects.count()} rounds, {Nomination.objects.count()} nominations, "
                     f"{Forwarding.objects.count()} forwardings.")


def _seed() -> None:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    admin = _user("quantri@demo.vn")
    hanoi_secretary = _user("thuky.hanoi@demo.vn") or admin
    north_secretary = _user("thuky.mienbac@demo.vn") or admin
    bat_trang = _user("sanxuat@demo.vn") or admin
    dong_ky = _user("sanxuat2@demo.vn") or admin
    hanoi = resolve_province("Hà Nội")
    bac_ninh = resolve_province("Bắc Ninh")
    north = Region.objects.filter(code="north").first()
    if admin is None or hanoi is None or north is None:
        return  # the catalog part of the demo has not run
    rubric, _created = Rubric.objects.get_or_create(name="Phụ lục 4 – Thông tư 26/2014/TT-BCT", version="1")
    schedule = {"registration_opens": today - 20 * day, "registration_closes": today + 40 * day,
                "scoring_opens": today + 45 * day, "scoring_closes": today + 60 * day,
                "results_due": today + 75 * day, "rubric": rubric, "legal_basis": LEGAL_BASIS, "groups": ALL_GROUPS,
                "state": RoundState.REGISTRATION_OPEN}

    commune = _round("Bình chọn sản phẩm CNNT tiêu biểu xã Bát Tràng năm 2026", level=Level.COMMUNE,
                     year=today.year, scope_province=hanoi, commune="Xã Bát Tràng", created_by=hanoi_secretary,
                     **{**schedule, "groups": ["1", "4"]})
    province = _round("Bình chọn sản phẩm CNNT tiêu biểu thành phố Hà Nội năm 2026", level=Level.PROVINCE,
                      year=today.year, scope_province=hanoi, allow_without_commune_round=True,
                      created_by=hanoi_secretary, **schedule)
    region = _round("Bình chọn sản phẩm CNNT tiêu biểu khu vực phía Bắc năm 2026", level=Level.REGION,
                    year=today.year, scope_region=north, created_by=north_secretary,
                    **{**schedule, "registration_closes": today + 55 * day, "scoring_opens": today + 60 * day,
                       "scoring_closes": today + 70 * day, "results_due": today + 90 * day})
    _round("Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia năm 2027", level=Level.NATIONAL, year=today.year + 1,
           created_by=admin, **{**schedule, "state": RoundState.DRAFT, "registration_opens": today + 200 * day,
                                "registration_closes": today + 260 * day, "scoring_opens": today + 270 * day,
                                "scoring_closes": today + 290 * day, "results_due": today + 320 * day})
    past = _round("Bình chọn sản phẩm CNNT tiêu biểu thành phố Hà Nội năm 2024", level=Level.PROVINCE, year=2024,
                  scope_province=hanoi, allow_without_commune_round=True, created_by=hanoi_secretary,
                  **{**schedule, "state": RoundState.RESULTS_PUBLISHED,
                     "registration_opens": datetime.date(2024, 6, 1), "registration_closes": datetime.date(2024, 8, 31),
                     "scoring_opens": datetime.date(2024, 9, 15), "scoring_closes": datetime.date(2024, 10, 15),
                     "results_due": datetime.date(2024, 11, 30)})

    binh = _product("0101234567", "Bình hút lộc men rạn cổ")
    am_chen = _product("0101234567", "Bộ ấm chén men lam vẽ tay")
    gio_may = _product("0500112233", "Giỏ mây đan hoa văn cổ")
    hop_may = _product("0500112233", "Bộ hộp mây đựng trà")
    may_tuot = _product("0107998877", "Máy tuốt lúa liên hợp mini")
    tu_che = _product("2300456789", "Tủ chè khảm trai tứ quý")
    sap_gu = _product("2300456789", "Sập gụ chạm tứ linh")
    che = _product("4600778899", "Chè búp Tân Cương đặc biệt")

    # Province round of Hà Nội: one nomination in every state.
    for product, state in [(am_chen, NominationState.DRAFT), (binh, NominationState.SUBMITTED),
                           (gio_may, NominationState.RETURNED), (hop_may, NominationState.ACCEPTED),
                           (may_tuot, NominationState.REJECTED)]:
        actor = bat_trang if product in (binh, am_chen) else admin
        nominate_to(province, product, state, producer_actor=actor, secretary=hanoi_secretary)
    nominate_to(commune, am_chen, NominationState.WITHDRAWN, producer_actor=bat_trang, secretary=hanoi_secretary)
    nominate_to(commune, binh, NominationState.ACCEPTED, producer_actor=bat_trang, secretary=hanoi_secretary)

    # Region round: products holding a provincial certificate (recorded from the paper register).
    for number, product, province_ in [("125/GCN-UBND-BN", tu_che, bac_ninh), ("126/GCN-UBND-BN", sap_gu, bac_ninh),
                                       ("88/GCN-UBND-TN", che, resolve_province("Thái Nguyên"))]:
        _certificate(number, product, Level.PROVINCE, datetime.date(2025, 3, 10), scope_province=province_)
    nominate_to(region, tu_che, NominationState.SUBMITTED, producer_actor=dong_ky, secretary=north_secretary)
    nominate_to(region, sap_gu, NominationState.ACCEPTED, producer_actor=dong_ky, secretary=north_secretary)
    nominate_to(region, che, NominationState.RETURNED, producer_actor=admin, secretary=north_secretary)

    # The 2024 Hà Nội round recognised the Bát Tràng vase; its secretariat forwards it to the region round.
    if binh is not None and not Nomination.objects.filter(round=past, product=binh).exists():
        Nomination.objects.create(round=past, product=binh, state=NominationState.ACCEPTED, created_by=bat_trang,
                                  sample_delivery="Đã giao mẫu ngày 20/8/2024.")
    _certificate("15/GCN-UBND-HN-2025", binh, Level.PROVINCE, datetime.date(2025, 1, 15), scope_province=hanoi)
    if binh is not None and not Forwarding.objects.filter(to_round=region, product=binh).exists():
        keep_going(services.forward_products, from_round=past, to_round=region, products=[binh], by=hanoi_secretary)

    _seed_scoring(today=today, day=day, hanoi=hanoi, secretary=hanoi_secretary, producer_actor=bat_trang,
                  admin=admin, rubric=rubric, products=[binh, am_chen, gio_may, hop_may, may_tuot])


SCORING_TITLE = "Bình chọn sản phẩm CNNT tiêu biểu thành phố Hà Nội năm 2025 (đợt bổ sung)"
JURY_ACCOUNTS = [("giamkhao1@demo.vn", JuryRole.HEAD), ("giamkhao2@demo.vn", JuryRole.DEPUTY),
                 ("giamkhao3@demo.vn", JuryRole.MEMBER)]
# giamkhao1 has submitted two sheets, giamkhao2 has a half-filled draft, giamkhao3 has not started.
DEMO_SHEETS = {
    "giamkhao1@demo.vn": [
        ({"1.1": "17", "1.2": "16", "2.1": "8", "2.2": "12.5", "2.3": "8", "2.4": "4", "3": "9", "4": "7.5"}, True),
        ({"1.1": "14", "1.2": "13.5", "2.1": "7", "2.2": "10", "2.3": "7", "2.4": "3.5", "3": "7", "4": "6"}, True),
    ],
    "giamkhao2@demo.vn": [({"1.1": "16", "1.2": "15.5", "2.1": "7.5"}, False)],
}


def _seed_scoring(*, today, day, hanoi, secretary, producer_actor, admin, rubric, products) -> None:
    """A blind Hà Nội round in scoring: accepted nominations, a jury of the three demo judges, partly filled
    sheets, a conflict recorded after a member scored and a declaration waiting for review.

    Built through the services (nominate, accept, close registration, open scoring), once: a re-run finds the
    round by title and leaves it as it is.
    """
    if SelectionRound.objects.filter(title=SCORING_TITLE).exists():
        return
    selection_round = _round(SCORING_TITLE, level=Level.PROVINCE, year=2025, scope_province=hanoi,
                             allow_without_commune_round=True, created_by=secretary, rubric=rubric,
                             legal_basis=LEGAL_BASIS, groups=ALL_GROUPS, state=RoundState.REGISTRATION_OPEN,
                             blind_judging=True,
                             registration_opens=today - 30 * day, registration_closes=today,
                             scoring_opens=today, scoring_closes=today + 14 * day, results_due=today + 30 * day)
    for product in products:
        if product is not None:
            actor = producer_actor if product.producer.users.filter(pk=producer_actor.pk).exists() else admin
            nominate_to(selection_round, product, NominationState.ACCEPTED, producer_actor=actor,
                      secretary=secretary)
    nominations = start_scoring(selection_round, secretary=secretary, jury_name="Ban giám khảo thành phố Hà Nội",
                                jury_accounts=JURY_ACCOUNTS, planned_sheets=DEMO_SHEETS,
                                reason="Hội đồng họp, giao ban giám khảo chấm điểm.")
    _seed_late_conflict(nominations, secretary=secretary)


def start_scoring(selection_round, *, secretary, jury_name: str, jury_accounts, planned_sheets: dict,
                  reason: str) -> list:
    """Close registration and open scoring through the services, seat the jury (accounts that exist) and fill
    each member's planned sheets in order of the accepted nominations (values, and whether to submit).
    Returns the accepted nominations."""
    services.set_round_state(round=selection_round, new_state=RoundState.REGISTRATION_CLOSED, by=secretary)
    selection_round = services.set_round_state(round=selection_round, new_state=RoundState.SCORING, by=secretary,
                                               reason=reason)
    jury = Jury.objects.create(round=selection_round, name=jury_name, groups=ALL_GROUPS)
    for email, role in jury_accounts:
        user = _user(email)
        if user is not None:
            JuryMember.objects.create(jury=jury, user=user, role=role)
    nominations = list(selection_round.nominations.filter(state=NominationState.ACCEPTED).order_by("pk"))
    for email, planned in planned_sheets.items():
        member = _user(email)
        if member is None:
            continue
        for nomination, (values, submit) in zip(nominations, planned, strict=False):
            sheet = sheets.save_scores(nomination_id=nomination.pk, member=member, values=values, by=member,
                                       path=ChangePath.WEB)
            if submit:
                sheets.submit_score_sheet(sheet=sheet, by=member)
    return nominations


def _seed_late_conflict(nominations, *, secretary) -> None:
    """A conflict found after scoring: giamkhao1 had scored the second nomination when the secretariat learnt
    they are related to its producer. The sheet is kept and stops counting (see the nomination's sheets page).
    And a declaration by giamkhao3 waiting for the secretariat's review (the round's jury page)."""
    first_judge, third_judge = _user("giamkhao1@demo.vn"), _user("giamkhao3@demo.vn")
    if first_judge is not None and len(nominations) > 1:
        juries.declare_conflict(user=first_judge, producer=nominations[1].product.producer,
                                relation=ConflictRelation.FAMILY, by=secretary,
                                note="Phát hiện sau khi giám khảo đã nộp phiếu: con rể của chủ cơ sở.")
    if third_judge is not None and nominations:
        juries.report_conflict(user=third_judge, tax_code=nominations[0].product.producer.tax_code,
                               relation=ConflictRelation.COOPERATIVE, note="Tôi cùng hợp tác xã với cơ sở này.")


def keep_going(service, **kwargs) -> None:
    # Re-running the seed months later finds windows closed: keep what exists, add what still fits.
    try:
        with transaction.atomic():
            service(**kwargs)
    except ValidationError:
        pass
