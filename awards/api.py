"""The API of certificates and results: public verification of a certificate number, the published results
of rounds, and the secretariat's certificate list. Reads through awards.queries and awards.permissions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from catalog.models import Certificate

from . import queries
from .enums import DecisionState
from .models import DecisionEntry
from .permissions import certificates_for_secretariat


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
    """Certificates of products within the account's scope."""

    serializer_class = CertificateSerializer
    filterset_fields = ["level", "status", "source"]

    def get_queryset(self):
        return certificates_for_secretariat(self.request.user).select_related("product").order_by("pk")


def register(router) -> None:
    router.register("public/certificates", VerificationViewSet, basename="public-certificate")
    router.register("public/results", PublicResultViewSet, basename="public-result")
    router.register("secretariat/certificates", SecretariatCertificateViewSet, basename="secretariat-certificate")
