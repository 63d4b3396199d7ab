"""The world the access matrix asks about (tests/security/access_matrix.py): the owner's objects, all with id
SEED_PK, the second objects some rows need (SECOND_PK, OPEN_PK: see ROUTE_VALUES), and the other roles' own
objects elsewhere. Built once per test by `build_world`; returns the account of each role."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from awards import exports as award_exports
from awards import services as award_services
from awards.artisans import voting
from awards.artisans.enums import CouncilLevel, EvidenceKind, MemberRole, NominationState
from awards.artisans.models import (
    ArtisanTitle,
    CommentPeriod,
    Council,
    CouncilMember,
    CouncilSession,
    Evidence,
    PublicComment,
    SessionCandidate,
)
from awards.models import AnnualReportCycle, Complaint
from awards.reports import annual, periodic
from catalog import enums
from catalog.models import Job, Province
from scoring import exports, report_files
from scoring.figures import refresh_figures
from scoring.juries import declare_conflict
from scoring.models import Forwarding, Rubric, ScoreSheet
from tests.awards.artisans.conftest import ArtisanNominationFactory, ArtisanRoundFactory, make_complete
from tests.factories import (
    CertificateFactory,
    DecisionEntryFactory,
    DocumentFactory,
    JuryFactory,
    JuryMemberFactory,
    NominationFactory,
    ProducerFactory,
    ProductFactory,
    ProductPhotoFactory,
    ProvinceFactory,
    ResultsDecisionFactory,
    SelectionRoundFactory,
    UserFactory,
)
from tests.images import pdf_bytes

from .access_matrix import CERTIFICATE_NUMBER, OPEN_PK, ROLES, SECOND_PK, SEED_PK

OTHER_PROVINCE = "79"  # Thành phố Hồ Chí Minh
TODAY = timezone.localdate
FIGURES = {"production_volume": "12.000 sản phẩm", "revenue": Decimal(2_500_000_000),
           "export_revenue": Decimal(400_000_000), "jobs": 35, "market": "both", "export_markets": "Nhật Bản",
           "logo_use": "all", "support": ["extension", "training"], "support_amount": Decimal(50_000_000),
           "notes": ""}


def build_world(*, producer, other_producer, secretary, admin_user, on_commit) -> dict:
    owner = producer.users.get()
    judge = UserFactory(pk=SEED_PK, email="giam-khao-dot@example.vn", role=enums.Role.JURY)
    conflicted = UserFactory(email="giam-khao-xung-dot@example.vn", role=enums.Role.JURY)
    other_province = ProvinceFactory(code=OTHER_PROVINCE)

    # --- The owner's catalogue and the round being scored (blind) -------------------------------------------
    product = ProductFactory(pk=SEED_PK, producer=producer, name="Bình hút lộc men rạn")
    second_producer = ProducerFactory(pk=SEED_PK, users=[owner], name="Cơ sở thứ hai của chủ")
    ProductPhotoFactory(pk=SEED_PK, product=product)
    DocumentFactory(pk=SEED_PK, producer=producer)
    selection_round = SelectionRoundFactory(pk=SEED_PK, level="province", commune="", state="scoring",
                                            blind_judging=True, scope_province=secretary.scope_province)
    nomination = NominationFactory(pk=SEED_PK, round=selection_round, product=product, state="accepted")
    jury = JuryFactory(pk=SEED_PK, round=selection_round)
    JuryMemberFactory(pk=SEED_PK, jury=jury, user=judge)
    # The conflicted member sits on the same jury, with a recorded conflict with the owner's producers.
    JuryMemberFactory(jury=jury, user=conflicted)
    for barred in (producer, second_producer):
        declare_conflict(user=conflicted, producer=barred, relation="family", note="Con của chủ cơ sở.", by=secretary)
    decision = ResultsDecisionFactory(pk=SEED_PK, round=selection_round)
    DecisionEntryFactory(pk=SEED_PK, decision=decision, nomination=nomination, scored=False)
    CertificateFactory(pk=SEED_PK, product=product, number=CERTIFICATE_NUMBER, source="issued")
    ScoreSheet.objects.create(pk=SEED_PK, nomination=nomination, member=judge, status="submitted")
    refresh_figures(nominations=[nomination.pk])  # as the sheet services do after every save
    Rubric.objects.create(pk=SEED_PK, name="Thang điểm của tỉnh", version="2")
    Complaint.objects.create(pk=SEED_PK, decision=decision, nomination=nomination, filed_by=owner,
                             text="Xin xem lại điểm.", answer_due=datetime.date(2026, 4, 1))
    with on_commit(execute=True):  # the report file and the nominations export, built as the worker would
        report_files.start(selection_round=selection_round, fmt="xlsx", by=secretary)
        exports.start(selection_round=selection_round, fmt="xlsx", query="", total=1, by=secretary)
        exports.start_list(exports.AUDIT, owner=selection_round, fmt="xlsx", query="", total=1, by=secretary)
        # The decision's list (its owner: the decision) and the secretary's certificates (keyed by them).
        exports.start_list(award_exports.DECISION_ENTRIES, owner=decision, fmt="xlsx", query="", total=1, by=secretary)
        exports.start_list(award_exports.CERTIFICATES, owner=secretary, fmt="xlsx", query="", total=1, by=secretary)
    # A dry run of a spreadsheet import of the round (its page, status and confirmation).
    Job.objects.create(pk=SEED_PK, kind="round-import", key=f"round-import:{SEED_PK}", state="done",
                       created_by=secretary,
                       params={"round": SEED_PK, "kind": "nominations", "dry_run": True, "skip_bad_rows": False})

    # --- Second objects (SECOND_PK, OPEN_PK): the states some rows need to be reachable at all --------------
    # A recognised product of the owner's second producer (public: its producer page, its annual report).
    year = TODAY().year - 1
    public_product = ProductFactory(pk=SECOND_PK, producer=second_producer, name="Khay sơn mài khảm trai")
    CertificateFactory(pk=SECOND_PK, product=public_product, number="GCN-525252", source="issued",
                       issued_on=datetime.date(year, 3, 1), valid_until=datetime.date(year + 2, 12, 31))
    DocumentFactory(producer=second_producer)  # a paper of its dossier, for the open (not blind) round below
    # A round whose scoring has closed, open to the jury (not blind): the jury papers, the reopen page.
    closed_round = SelectionRoundFactory(pk=SECOND_PK, level="province", commune="", state="scoring_closed",
                                         blind_judging=False, scope_province=secretary.scope_province)
    NominationFactory(pk=SECOND_PK, round=closed_round, product=public_product, state="accepted")
    closed_jury = JuryFactory(pk=SECOND_PK, round=closed_round)
    JuryMemberFactory(jury=closed_jury, user=judge)
    JuryMemberFactory(jury=closed_jury, user=conflicted)
    # A published decision with a recognised line of the owner's: its scan, its certificate ZIP, a complaint.
    published = ResultsDecisionFactory(pk=SECOND_PK, state="published",
                                       round__scope_province=secretary.scope_province)
    published.signed_scan.save("quyet-dinh.pdf", ContentFile(pdf_bytes()), save=True)
    DecisionEntryFactory(pk=SECOND_PK, decision=published, nomination__product=public_product)
    with on_commit(execute=True):
        award_services.start_certificate_bundle(decision=published, by=secretary)
    # A round open for registration (the owner nominates into it), and a forwarding to it waiting for the owner.
    SelectionRoundFactory(pk=OPEN_PK, level="province", commune="", scope_province=secretary.scope_province)
    Forwarding.objects.create(pk=SEED_PK, from_round=closed_round, to_round_id=OPEN_PK, product=public_product,
                              state="proposed", created_by=secretary)
    # The annual report of the owner's holder (Hà Nội, a certificate in force at the end of last year).
    cycle = annual.save_cycle(cycle=AnnualReportCycle(
        year=year, province=second_producer.province, opens_on=TODAY() - datetime.timedelta(days=10),
        deadline=TODAY() + datetime.timedelta(days=20)), by=secretary)
    AnnualReportCycle.objects.filter(pk=cycle.pk).update(id=SEED_PK)  # the services choose no id
    cycle = AnnualReportCycle.objects.get(pk=SEED_PK)
    report = annual.save_annual_report(cycle=cycle, producer=second_producer, by=owner, figures=FIGURES,
                                       submit=False)
    type(report).objects.filter(pk=report.pk).update(id=SEED_PK)
    # The province's periodic report to the ministry (the unpublished figures of its rounds).
    periodic_report = periodic.generate(kind="provincial", province=second_producer.province, year=year, half=0,
                                        by=secretary)
    type(periodic_report).objects.filter(pk=periodic_report.pk).update(id=SEED_PK)

    # --- Artisan titles: the owner's own dossier, a provincial council with the jury member on it -----------
    ha_noi = Province.objects.get(pk=secretary.scope_province_id)
    artisan_round = ArtisanRoundFactory(pk=OPEN_PK)  # not SEED_PK: every page links the open round
    dossier = make_complete(ArtisanNominationFactory(
        pk=SEED_PK, round=artisan_round, user=owner, full_name=owner.full_name, email=owner.email, province=ha_noi,
        state=NominationState.ACCEPTED))
    evidence = Evidence(pk=SEED_PK, nomination=dossier, kind=EvidenceKind.PHOTO, caption="Ảnh tác phẩm",
                        original_name="anh.pdf", content_type="application/pdf", size=len(pdf_bytes()))
    evidence.file.save("anh.pdf", ContentFile(pdf_bytes()), save=True)
    council = voting.save_council(council=Council(pk=SEED_PK, round=artisan_round, level=CouncilLevel.PROVINCIAL,
                                                  province=ha_noi, name="Hội đồng cấp tỉnh Hà Nội"), by=secretary)
    CouncilMember.objects.create(pk=SEED_PK, council=council, user=judge, role=MemberRole.MEMBER)
    session = CouncilSession.objects.create(pk=SEED_PK, council=council, held_on=TODAY(), created_by=secretary)
    SessionCandidate.objects.create(session=session, nomination=dossier)
    ArtisanTitle.objects.create(pk=SEED_PK, full_name="Nguyễn Văn Gốm", title="nnut", year=2019, craft="Gốm sứ",
                                province=ha_noi)
    period = CommentPeriod.objects.create(pk=SEED_PK, round=artisan_round, opens_on=TODAY(),
                                          closes_on=TODAY() + datetime.timedelta(days=30), opened_by=admin_user)
    period.nominations.add(dossier)
    PublicComment.objects.create(pk=SEED_PK, period=period, nomination=dossier, full_name="Lê Thị Hoa",
                                 phone="0912 345 678", address="Gia Lâm, Hà Nội", text="Tôi đồng ý.")

    # --- Elsewhere: the other producer's product, a round of another province with its jury and secretariat --
    other_product = ProductFactory(producer=other_producer, name="Giỏ mây của cơ sở khác")
    other_round = SelectionRoundFactory(level="province", commune="", state="scoring", scope_province=other_province)
    NominationFactory(round=other_round, product=other_product, state="accepted")
    other_judge = UserFactory(email="giam-khao-khac@example.vn", role=enums.Role.JURY)
    JuryMemberFactory(jury=JuryFactory(round=other_round), user=other_judge)
    other_secretary = UserFactory(email="thu-ky-khac@example.vn", role=enums.Role.SECRETARIAT,
                                  scope_level=enums.ScopeLevel.PROVINCE, scope_province=other_province)
    # The other judge sits on the other province's artisan council (with its own dossier on the ballot).
    other_dossier = ArtisanNominationFactory(round=artisan_round, province=other_province,
                                             state=NominationState.ACCEPTED)
    other_council = voting.save_council(council=Council(round=artisan_round, level=CouncilLevel.PROVINCIAL,
                                                        province=other_province, name="Hội đồng cấp tỉnh TP HCM"),
                                        by=other_secretary)
    CouncilMember.objects.create(council=other_council, user=other_judge, role=MemberRole.MEMBER)
    other_session = CouncilSession.objects.create(council=other_council, held_on=TODAY(), created_by=other_secretary)
    SessionCandidate.objects.create(session=other_session, nomination=other_dossier)

    users = {"anonymous": None, "owner": owner, "other producer": other_producer.users.get(),
             "jury member": judge, "other jury": other_judge, "conflicted member": conflicted,
             "secretariat": secretary, "other province": other_secretary, "administrator": admin_user}
    assert tuple(users) == ROLES
    return users
