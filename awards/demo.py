"""Demo results: the published decision of the 2024 Hà Nội round (from scoring's demo), with certificates issued
through the real services, so the public pages and verification have something to show. Idempotent."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from catalog import listing
from catalog.models import Certificate, Product, User
from scoring.enums import NominationState, SheetStatus
from scoring.figures import refresh_figures
from scoring.models import Nomination, ScoreSheet, SelectionRound

from . import services
from .enums import DecisionState
from .models import ResultsDecision

PUBLISHED_ON = datetime.date(2024, 12, 23)
PAST_ROUND = "Bình chọn sản phẩm CNNT tiêu biểu thành phố Hà Nội năm 2024"
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# (producer tax code, product, recognised, average, group averages, reason if not recognised). The vase's
# nomination exists already (scoring's demo); the others are added here as accepted nominations.
RESULTS = [
    ("0101234567", "Bình hút lộc men rạn cổ", True, "86.40", ("35.20", "34.60", "8.40", "8.20"), ""),
    ("0500112233", "Bộ hộp mây đựng trà", True, "78.60", ("31.40", "31.80", "7.90", "7.50"), ""),
    ("0107998877", "Máy tuốt lúa liên hợp mini", True, "74.25", ("30.75", "30.50", "6.50", "6.50"), ""),
    ("0500112233", "Giỏ mây đan hoa văn cổ", False, "68.90", ("27.40", "28.50", "6.80", "6.20"),
     "Điểm trung bình dưới ngưỡng 70 điểm."),
]


def seed_results(*, stdout=None) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        decision = _seed()
    if stdout and decision:
        stdout.write(f"Awards: decision {decision.number} ({decision.get_state_display()}), "
                     f"{Certificate.objects.filter(entry__decision=decision).count()} certificates.")


def _seed() -> ResultsDecision | None:
    selection_round = SelectionRound.objects.filter(title=PAST_ROUND).first()
    secretary = (User.objects.filter(email="thuky.hanoi@demo.vn").first()
                 or User.objects.filter(email="quantri@demo.vn").first())
    if selection_round is None or secretary is None:
        return None  # the scoring part of the demo has not run
    decision = ResultsDecision.objects.filter(round=selection_round).first()
    if decision is not None and decision.is_published:
        return decision
    decision = decision or ResultsDecision(round=selection_round)
    decision.number, decision.decided_on = "2150/QĐ-UBND", datetime.date(2024, 12, 20)
    decision.signer_name = "Nguyễn Văn Minh"
    decision.signer_title = "Chủ tịch Ủy ban nhân dân thành phố Hà Nội"
    if not decision.signed_scan:
        decision.signed_scan.save("quyet-dinh-2150.pdf", ContentFile(SCAN), save=False)
    services.save_decision(decision=decision, by=secretary)

    recognised, reasons = [], {}
    for tax_code, name, is_recognised, *_scores, reason in RESULTS:
        product = Product.objects.filter(producer__tax_code=tax_code, name=name).first()
        if product is None:
            continue
        nomination, _created = Nomination.objects.get_or_create(
            round=selection_round, product=product,
            defaults={"state": NominationState.ACCEPTED, "sample_delivery": "Đã giao mẫu tại Sở Công Thương."})
        if is_recognised:
            recognised.append(nomination)
        else:
            reasons[nomination.pk] = reason
    _score(selection_round, recognised + list(selection_round.nominations.filter(pk__in=reasons)))
    if decision.is_draft:
        services.propose_entries(decision=decision, recognised=recognised, exclusion_reasons=reasons, by=secretary,
                                 default_exclusion_reason="Hội đồng không đề nghị công nhận.")
    _adopt_historical_certificates(decision)
    for state in (DecisionState.APPROVED, DecisionState.PUBLISHED):
        if decision.state != state:
            decision = services.set_decision_state(decision=decision, new_state=state, by=secretary)
    # The round is from 2024: date the publication back to then, as if it had happened in the system.
    ResultsDecision.objects.filter(pk=decision.pk).update(notified_on=PUBLISHED_ON)
    issued = Certificate.objects.filter(entry__decision=decision, source="issued")
    issued.update(published_on=PUBLISHED_ON)
    listing.refresh(issued.values_list("product_id", flat=True))
    return decision


JUDGES = ["giamkhao1@demo.vn", "giamkhao2@demo.vn", "giamkhao3@demo.vn"]


def _score(selection_round, nominations) -> None:
    """The 2024 round's sheets, as recorded from its paper score sheets: the three demo judges each gave the
    group figures of RESULTS (so the averages are those). Stored as the sheet services store them (totals and
    group totals) and the figures refreshed: the decision then records them from the ranking."""
    figures = {name: groups for _tax_code, name, _recognised, _average, groups, _reason in RESULTS}
    judges = list(User.objects.filter(email__in=JUDGES))
    for nomination in nominations:
        groups = figures.get(nomination.product.name)
        if groups is None:
            continue
        group_totals = {str(code): value for code, value in enumerate(groups, start=1)}
        total = sum((Decimal(v) for v in groups), Decimal(0))
        for judge in judges:
            ScoreSheet.objects.get_or_create(nomination=nomination, member=judge, defaults={
                "status": SheetStatus.SUBMITTED, "submitted_at": timezone.now(), "total": total,
                "group_totals": group_totals})
    refresh_figures(nominations=[n.pk for n in nominations])


def _adopt_historical_certificates(decision: ResultsDecision) -> None:
    """The scoring demo recorded the vase's paper certificate from this round: attach it, do not issue twice."""
    for entry in decision.entries.filter(recognised=True, certificate__isnull=True).select_related("nomination"):
        entry.certificate = Certificate.objects.filter(product=entry.nomination.product, level=decision.round.level,
                                                       source="historical", entry__isnull=True).first()
        if entry.certificate is not None:
            entry.save(update_fields=["certificate"])
