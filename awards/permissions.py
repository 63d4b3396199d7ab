"""Access funnels for certificates, results decisions and complaints. Missing and forbidden both answer 404.

The secretariat reads and records certificates for products in its scope, at its levels, and manages the
decisions and complaints of its rounds (scoring's round scope). Producers reach their own certificates, results
and complaints. Administrators reach everything.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from catalog import enums as catalog_enums
from catalog.enums import CertificateSource, Level
from catalog.models import Certificate, Product
from catalog.permissions import producers_for_user
from scoring.permissions import rounds_for_secretariat

from .enums import DecisionState
from .models import Complaint, DecisionEntry, ResultsDecision

LEVELS_BY_SCOPE = {
    catalog_enums.ScopeLevel.PROVINCE: [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE],
    catalog_enums.ScopeLevel.REGION: [Level.REGION],
    catalog_enums.ScopeLevel.NATIONAL: [Level.NATIONAL],
}


def certificate_levels_for(user) -> list[str]:
    if user.is_authenticated and user.is_administrator:
        return list(Level.values)
    if not (user.is_authenticated and user.is_secretariat):
        return []
    return LEVELS_BY_SCOPE.get(user.scope_level, [])


def products_for_secretariat(user) -> QuerySet[Product]:
    if not certificate_levels_for(user):
        return Product.objects.none()
    return Product.objects.filter(producer__in=producers_for_user(user))


def certificates_for_secretariat(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(product__in=products_for_secretariat(user),
                                      level__in=certificate_levels_for(user))


def can_record(user, certificate: Certificate) -> bool:
    return (certificate.level in certificate_levels_for(user)
            and products_for_secretariat(user).filter(pk=certificate.product_id).exists())


def get_certificate_for_secretariat(user, certificate_id) -> Certificate:
    return get_object_or_404(certificates_for_secretariat(user).select_related("product__producer"),
                             pk=certificate_id)


def certificates_for_download(user) -> QuerySet[Certificate]:
    """Issued certificates whose PDF the user may download: its producers', its scope's, or any for admins."""
    if not (user.is_authenticated and user.is_active):
        return Certificate.objects.none()
    own = Q(product__producer__in=producers_for_user(user, for_edit=True))
    in_scope = Q(pk__in=certificates_for_secretariat(user).values("pk"))
    return Certificate.objects.public().filter(own | in_scope, source=CertificateSource.ISSUED)


def get_certificate_for_download(user, certificate_id) -> Certificate:
    certificates = certificates_for_download(user).select_related(
        "product__producer__province", "scope_province", "scope_region", "entry__decision")
    return get_object_or_404(certificates, pk=certificate_id)


def decisions_for_secretariat(user) -> QuerySet[ResultsDecision]:
    return ResultsDecision.objects.filter(round__in=rounds_for_secretariat(user))


def get_decision_for_secretariat(user, decision_id) -> ResultsDecision:
    decisions = decisions_for_secretariat(user).select_related("round__scope_province", "round__scope_region")
    return get_object_or_404(decisions, pk=decision_id)


def complaints_for_secretariat(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(decision__in=decisions_for_secretariat(user))


def get_complaint_for_secretariat(user, complaint_id) -> Complaint:
    complaints = complaints_for_secretariat(user).select_related(
        "decision__round", "nomination__product__producer", "filed_by", "answered_by")
    return get_object_or_404(complaints, pk=complaint_id)


def entries_for_producer(user) -> QuerySet[DecisionEntry]:
    """The producer's results: lines of published decisions only (a draft list never leaks)."""
    return DecisionEntry.objects.filter(decision__state=DecisionState.PUBLISHED,
                                        nomination__product__producer__in=producers_for_user(user, for_edit=True))


def get_entry_for_producer(user, entry_id) -> DecisionEntry:
    entries = entries_for_producer(user).select_related("decision__round", "nomination__product__producer")
    return get_object_or_404(entries, pk=entry_id)


def complaints_for_producer(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(nomination__product__producer__in=producers_for_user(user, for_edit=True))
