"""API serializers of the catalogue: public listing rows and producers, and the producer's own records.

Serializers only shape and type-check; the rules live in the services (catalog.services, catalog.uploads),
which run the models' full_clean, so the API refuses exactly what the pages refuse.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import enums
from .models import Document, Listing, Producer, Product, ProductPhoto, Province


class ListingSerializer(serializers.ModelSerializer):
    """One recognised product as the public list shows it (its listing row)."""

    id = serializers.IntegerField(source="product_id")
    province = serializers.CharField(source="province_name")

    class Meta:
        model = Listing
        fields = ["id", "name", "producer_id", "producer_name", "province", "group", "level", "year",
                  "recognised_on", "valid_until", "is_current", "best_average"]


class PublicCertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    level = serializers.CharField()
    issued_on = serializers.CharField()
    valid_until = serializers.CharField()
    status = serializers.CharField()


class PublicProductSerializer(serializers.Serializer):
    """A recognised product's public record, the open-data record (catalog.opendata.product_record)."""

    id = serializers.IntegerField()
    url = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    is_set = serializers.BooleanField()
    description = serializers.CharField()
    materials = serializers.CharField()
    specifications = serializers.CharField()
    market = serializers.CharField()
    producer_id = serializers.IntegerField()
    producer_name = serializers.CharField()
    producer_url = serializers.CharField()
    province = serializers.CharField()
    commune = serializers.CharField()
    producer_address = serializers.CharField()
    producer_phone = serializers.CharField()
    producer_email = serializers.CharField()
    producer_website = serializers.CharField()
    status = serializers.CharField()
    certificates = PublicCertificateSerializer(many=True)


class PublicProducerSerializer(serializers.ModelSerializer):
    """A producer with recognised products; contacts only where it chose to publish them."""

    province = serializers.CharField(source="province.name")

    class Meta:
        model = Producer
        fields = ["id", "name", "province", "commune", "description", "address", "phone", "email", "website"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.publish_contacts:
            for field in ("address", "phone", "email", "website"):
                data[field] = ""
        return data


class ProducerSerializer(serializers.ModelSerializer):
    """The producer's own profile (and, read-only, what a secretariat in scope sees)."""

    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.current(),
                                            help_text=_("Mã tỉnh/thành phố hiện hành."))

    class Meta:
        model = Producer
        fields = ["id", "name", "legal_form", "tax_code", "address", "province", "commune", "representative",
                  "phone", "email", "website", "year_founded", "employees", "description", "publish_contacts"]
        # Uniqueness is the model's check, with its message; the four fields blank only for an unverified producer
        # are required here, as in the form.
        extra_kwargs = {"tax_code": {"validators": [], "required": True, "allow_blank": False},
                        "legal_form": {"required": True, "allow_blank": False},
                        "address": {"required": True, "allow_blank": False},
                        "representative": {"required": True, "allow_blank": False}}


class ProductSerializer(serializers.ModelSerializer):
    producer = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Product
        fields = ["id", "producer", "name", "group", "is_set", "description", "materials", "specifications",
                  "production_capacity", "price_range", "market", "standards", "year_first_produced"]


class ProductCreateSerializer(ProductSerializer):
    producer = serializers.IntegerField(help_text=_("Mã cơ sở (id) do bạn quản lý."))


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProductPhoto
        fields = ["id", "product", "url", "width", "height", "position", "caption", "role"]
        read_only_fields = fields

    def get_url(self, photo) -> str:
        return photo.image.url


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text=_("JPEG, PNG hoặc WebP."))
    role = serializers.ChoiceField(choices=enums.PhotoRole.choices)
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Tải về qua trang có kiểm tra quyền."))

    class Meta:
        model = Document
        fields = ["id", "producer", "product", "kind", "number", "issuer", "issued_on", "expires_on",
                  "original_name", "content_type", "size", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse("catalog:document_download", args=[document.pk])


class DocumentUploadSerializer(serializers.Serializer):
    producer = serializers.IntegerField()
    product = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=enums.DocumentKind.choices)
    file = serializers.FileField(help_text=_("PDF, JPEG hoặc PNG."))
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    issuer = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
