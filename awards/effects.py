"""The counts behind the confirmations of the awards pages; the sentences themselves are in scoring.effects."""

from __future__ import annotations

from django.db.models import Count, Q

from catalog.models import Certificate
from scoring import effects

from . import services
from .enums import DecisionState
from .models import Complaint, ResultsDecision


def publish_confirm(decision: ResultsDecision) -> str:
    certificates, producers = services.publication_effects(decision)
    return effects.publish_sentence(certificates=certificates, producers=producers)


def approve_confirm(decision: ResultsDecision) -> str:
    counts = decision.entries.aggregate(all=Count("pk"), recognised=Count("pk", filter=Q(recognised=True)))
    return effects.approve_sentence(recognised=counts["recognised"],
                                    not_recognised=counts["all"] - counts["recognised"])


def revoke_confirm(certificate: Certificate) -> str:
    """Counted as the listing counts a product recognised: its other certificates in force today."""
    others = Certificate.objects.filter(product_id=certificate.product_id).exclude(pk=certificate.pk).in_force()
    return effects.revoke_sentence(number=certificate.number, product=certificate.product.name,
                                   others_in_force=others.count())


def answer_confirm(complaint: Complaint) -> str:
    producer = complaint.nomination.product.producer
    return effects.complaint_answer_sentence(producer=producer.name, recipients=effects.recipients_count(producer))


def reopen_scoring_confirm(selection_round) -> str:
    """As awards.services.reopen_scoring acts: an approved decision goes back to draft."""
    approved = ResultsDecision.objects.filter(round=selection_round, state=DecisionState.APPROVED).exists()
    return effects.reopen_scoring_sentence(round_title=selection_round.title,
                                           counted=effects.counting_sheet_count(selection_round),
                                           decision_back_to_draft=approved)
