"""The API of certificates and results: public verification of a certificate number, the published results
of rounds, and the secretariat's certificates, results decisions and the audited reopen of scoring.

Reads through awards.queries and awards.permissions; every write is the call the page makes (awards.services),
on an object found through the same funnel (404 for another's object).
"""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from catalog.api import _int
from catalog.enums import JobState
from catalog.jobs import job_status
from catalog.models import Certificate
from scoring.api import _valid
from scoring.permissions import get_round_for_secretariat
from scoring.serializers import RoundSerializer

from . import queries, services
from .enums import DecisionState
from .models import DecisionEntry, ResultsDecision
from .permissions import (
    certificates_for_secretariat,
    decisions_for_secretariat,
    get_certificate_for_secretariat,
    get_decision_for_secretariat,
)
from .serializers import (
    DecisionCreateSerializer,
    DecisionSerializer,
    DecisionStateSerializer,
    DecisionWriteSerializer,
    EntriesWriteSerializer,
    EntrySerializer,
    FirstProposalSerializer,
    JobStatusSerializer,
    ReopenScoringSerializer,
    RevocationSerializer,
)


class CertificateVerificationSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    level = serializers.CharField()
    product = serializers.CharField()
    producer = serializers.CharField()
    province = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)


class ResultSerializer(serializers.ModelSerializer):
    """A recognised product in a published results decision."""

    round = serializers.IntegerField(source="decision.round_id")
    decision_number = serializers.CharField(source="decision.number")
    product = serializers.IntegerField(source="nomination.product_id")
    product_name = serializers.CharField(source="nomination.product.name")
    producer_name = serializers.CharField(source="nomination.product.producer.name")
    certificate_number = serializers.CharField(source="certificate.number", allow_null=True, default=None)

    class Meta:
        model = DecisionEntry
        fields = ["id", "round", "decision_number", "rank", "average", "product", "product_name", "producer_name",
                  "certificate_number"]


class CertificateSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name")
    producer = serializers.IntegerField(source="product.producer_id")

    class Meta:
        model = Certificate
        fields = ["id", "number", "level", "product", "product_name", "producer", "issued_on", "valid_until",
                  "status", "source", "revoked_on"]


@extend_schema(tags=["public"])
class VerificationViewSet(viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = CertificateVerificationSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("number", str, required=True,
                                                description=_("Số giấy chứng nhận."))],
                   responses={200: CertificateVerificationSerializer})
    @action(detail=False, methods=["get"])
    def verify(self, request):
        """Whether a certificate number is genuine and in force, as the page behind the QR code says."""
        number = request.query_params.get("number", "").strip()
        if not number:
            raise ValidationError({"number": [_("Hãy nhập số giấy chứng nhận.")]})
        certificate = queries.public_certificate(number)
        if certificate is None:
            raise NotFound(_("Không tìm thấy giấy chứng nhận số “%(number)s”.") % {"number": number[:100]})
        product = certificate.product
        return Response(CertificateVerificationSerializer({
            "number": certificate.number, "status": certificate.status_on(), "level": certificate.level,
            "product": product.name, "producer": product.producer.name, "province": product.producer.province.name,
            "issued_on": certificate.issued_on, "valid_until": certificate.valid_until,
            "revoked_on": certificate.revoked_on,
        }).data)


@extend_schema(tags=["public"])
class PublicResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Recognised products of published results decisions, by round and rank."""

    permission_classes = [AllowAny]
    serializer_class = ResultSerializer
    filterset_fields = {"decision__round": ["exact"]}

    def get_queryset(self):
        return (DecisionEntry.objects.filter(decision__state=DecisionState.PUBLISHED, recognised=True)
                .select_related("decision", "nomination__product__producer", "certificate")
                .order_by("decision__round_id", "rank", "pk"))


@extend_schema(tags=["secretariat"])
class SecretariatCertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates of products within the account's scope; revocation with its reason."""

    serializer_class = CertificateSerializer
    filterset_fields = ["level", "status", "source"]

    def get_queryset(self):
        return certificates_for_secretariat(self.request.user).select_related("product").order_by("pk")

    def get_object(self):
        return get_certificate_for_secretariat(self.request.user, _int(self.kwargs["pk"]))

    @extend_schema(request=RevocationSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke from a date on (today by default), citing the revocation decision and its reason
        (awards.services.revoke_certificate). Asking the person to confirm is the calling system's part."""
        certificate = self.get_object()
        data = _valid(RevocationSerializer, request.data)
        certificate = services.revoke_certificate(certificate=certificate, by=request.user, **data)
        return Response(CertificateSerializer(certificate).data)


def _bundle_status(request, decision: ResultsDecision, job) -> dict:
    url = None
    if job is not None and job.state == JobState.DONE:
        url = request.build_absolute_uri(reverse("api:secretariat-decision-bundle-download", args=[decision.pk]))
    return job_status(job, url)


@extend_schema(tags=["secretariat"])
class SecretariatDecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Results decisions of the account's rounds: create and edit (number, date, signer, signed scan), the list
    of recognised products, approve, publish (certificates issued), and the ZIP of their certificates."""

    serializer_class = DecisionSerializer
    filterset_fields = ["round", "state"]

    def get_queryset(self):
        return decisions_for_secretariat(self.request.user).select_related("round").order_by("pk")

    def get_object(self):
        return get_decision_for_secretariat(self.request.user, _int(self.kwargs["pk"]))

    def _valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def create(self, request):
        """A round's decision (one per round; awards.services.save_decision)."""
        data = self._valid(DecisionCreateSerializer)
        selection_round = get_round_for_secretariat(request.user, data.pop("round"))
        decision = services.save_decision(decision=ResultsDecision(round=selection_round, **data), by=request.user)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionWriteSerializer, responses=DecisionSerializer)
    def partial_update(self, request, pk=None):
        """Edit the number, date, signer or attach the signed scan (multipart); refused once published."""
        decision = self.get_object()
        for field, value in self._valid(DecisionWriteSerializer, partial=True).items():
            setattr(decision, field, value)
        decision = services.save_decision(decision=decision, by=request.user)
        return Response(DecisionSerializer(decision).data)

    @extend_schema(responses=EntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def entries(self, request, pk=None):
        """The decision's lines in rank order (unscored last), a page at a time."""
        decision = self.get_object()
        page = self.paginate_queryset(queries.decision_entries(decision))
        return self.get_paginated_response(EntrySerializer(page, many=True).data)

    @extend_schema(request=EntriesWriteSerializer, responses=DecisionSerializer)
    @entries.mapping.put
    def set_entries(self, request, pk=None):
        """Set the draft's list (awards.services.propose_entries): only eligible nominations may be recognised,
        each refusal with its reason."""
        decision = self.get_object()
        data = self._valid(EntriesWriteSerializer)
        recognised = [_NominationRef(pk) for pk in data["recognised"]]
        decision = services.propose_entries(decision=decision, recognised=recognised, by=request.user,
                                            exclusion_reasons=data["exclusion_reasons"],
                                            default_exclusion_reason=data["default_exclusion_reason"])
        return Response(DecisionSerializer(decision).data)

    @extend_schema(request=FirstProposalSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def propose(self, request, pk=None):
        """The first proposal in one action (awards.services.propose_first_entries): every eligible nomination
        within the quota recognised, the others listed with the reason given."""
        decision = self.get_object()
        data = self._valid(FirstProposalSerializer)
        decision = services.propose_first_entries(decision=decision, by=request.user,
                                                  exclusion_reason=data["exclusion_reason"])
        return Response(DecisionSerializer(decision).data)

    @extend_schema(request=DecisionStateSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def state(self, request, pk=None):
        """Approve, publish, or send an approved decision back to draft with a reason
        (awards.services.set_decision_state: approving and publishing need the round's scoring closed)."""
        decision = self.get_object()
        data = self._valid(DecisionStateSerializer)
        decision = services.set_decision_state(decision=decision, by=request.user, **data)
        return Response(DecisionSerializer(decision).data)

    @extend_schema(request=None, responses=JobStatusSerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def bundle(self, request, pk=None):
        """The progress of the ZIP of the published decision's certificates (a background job)."""
        decision = self.get_object()
        return Response(_bundle_status(request, decision, services.latest_certificate_bundle(decision)))

    @extend_schema(request=None, responses={202: JobStatusSerializer, 409: JobStatusSerializer})
    @bundle.mapping.post
    def start_bundle(self, request, pk=None):
        """Queue the ZIP's build (awards.services.start_certificate_bundle): 202, or 409 while one is running.
        Only for a published decision."""
        decision = self.get_object()
        if not decision.is_published:
            raise NotFound
        job, mine = services.start_certificate_bundle(decision=decision, by=request.user)
        job.refresh_from_db()  # the immediate backend (demo) has already run it
        return Response(_bundle_status(request, decision, job), status=202 if mine else 409)

    @extend_schema(responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None, url_path="bundle/download",
            url_name="bundle-download")
    def bundle_download(self, request, pk=None):
        """The built ZIP (404 until the job is done)."""
        decision = self.get_object()
        job = services.latest_certificate_bundle(decision)
        if job is None or job.state != JobState.DONE or not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


class _NominationRef:
    """What propose_entries reads of a chosen nomination: its id (the service checks it belongs to the round)."""

    def __init__(self, pk: int):
        self.pk = pk


@extend_schema(tags=["secretariat"])
class SecretariatRoundResultsViewSet(viewsets.GenericViewSet):
    """The round's side of the results: the audited reopen of scoring."""

    serializer_class = RoundSerializer
    filter_backends: list = []

    @extend_schema(request=ReopenScoringSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], url_path="reopen-scoring", url_name="reopen-scoring")
    def reopen_scoring(self, request, pk=None):
        """A closed round back to scoring, with its reason (awards.services.reopen_scoring); an approved decision
        goes back to draft. Refused once the decision is published."""
        selection_round = get_round_for_secretariat(request.user, _int(pk))
        data = _valid(ReopenScoringSerializer, request.data)
        selection_round = services.reopen_scoring(round=selection_round, by=request.user, reason=data["reason"])
        return Response(RoundSerializer(selection_round).data)


def register(router) -> None:
    router.register("public/certificates", VerificationViewSet, basename="public-certificate")
    router.register("public/results", PublicResultViewSet, basename="public-result")
    router.register("secretariat/certificates", SecretariatCertificateViewSet, basename="secretariat-certificate")
    router.register("secretariat/decisions", SecretariatDecisionViewSet, basename="secretariat-decision")
    # Only detail actions: the router adds secretariat/rounds/{id}/reopen-scoring/ beside scoring's round routes.
    router.register("secretariat/rounds", SecretariatRoundResultsViewSet, basename="secretariat-round-results")
