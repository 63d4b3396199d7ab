"""The public artisan register (sổ danh hiệu) through the API, with the directory's filters."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from catalog.geography import resolve_province_filter

from . import queries
from .enums import Title
from .models import ArtisanTitle


class ArtisanTitleSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.name")

    class Meta:
        model = ArtisanTitle
        fields = ["id", "full_name", "title", "year", "craft", "province", "posthumous", "decision_number",
                  "decided_on"]


class RegisterFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    danh_hieu = serializers.ChoiceField(choices=Title.choices, required=False, allow_blank=True, default="")
    tinh = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    nam = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1900, max_value=2100)

    def validate_tinh(self, value):
        typed = resolve_province_filter(value)
        if typed.unknown:
            raise serializers.ValidationError(typed.error)
        return typed.province


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("q", str, description=_("Tìm theo tên, nghề, tỉnh; có dấu hoặc không dấu.")),
    OpenApiParameter("danh_hieu", str, enum=Title.values),
    OpenApiParameter("tinh", str, description=_("Mã hoặc tên tỉnh/thành phố, kể cả tên cũ.")),
    OpenApiParameter("nam", int),
]))
@extend_schema(tags=["public"])
class ArtisanRegisterViewSet(viewsets.ReadOnlyModelViewSet):
    """People awarded the titles of People's Artisan and Artisan of Merit."""

    permission_classes = [AllowAny]
    serializer_class = ArtisanTitleSerializer
    filter_backends: list = []

    def get_queryset(self):
        if self.action != "list":
            return ArtisanTitle.objects.select_related("province")
        filters = RegisterFilter(data=self.request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        params = {k: v for k, v in filters.validated_data.items() if v not in ("", None) and k != "tinh"}
        return queries.directory(**params, province=filters.validated_data["tinh"]).select_related("province")


def register(router) -> None:
    router.register("public/artisans", ArtisanRegisterViewSet, basename="public-artisan")
