"""The catalogue's API: the public catalogue (listing rows, with the list page's filters and search), producers
with recognised products, and the producer's own profile, products, photos and documents.

Reads go through catalog.permissions (404 for another's object), writes through catalog.services and
catalog.uploads, the same calls the pages make.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from . import queries, services, uploads
from .collation import vietnamese
from .models import Certificate, Document, Producer, Product
from .opendata import product_record
from .permissions import (
    get_document_for_user,
    get_photo_for_user,
    get_producer_for_user,
    get_product_for_user,
    producers_for_user,
)
from .public.forms import CatalogueFilterForm
from .public.views import catalogue_query, filter_choices, province_filter
from .serializers import (
    DocumentSerializer,
    DocumentUploadSerializer,
    ListingSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    ProducerSerializer,
    ProductCreateSerializer,
    ProductSerializer,
    PublicProducerSerializer,
    PublicProductSerializer,
)

CATALOGUE_PARAMETERS = [
    OpenApiParameter("q", str, description=_("Tìm theo tên sản phẩm, cơ sở, nguyên liệu; có dấu hoặc không dấu.")),
    OpenApiParameter("cap", str, description=_("Cấp công nhận (commune, province, region, national...).")),
    OpenApiParameter("nam", int, description=_("Năm công nhận.")),
    OpenApiParameter("nhom", str, description=_("Nhóm sản phẩm (1–4).")),
    OpenApiParameter("khu_vuc", str, description=_("Mã khu vực.")),
    OpenApiParameter("tinh", str, description=_("Mã hoặc tên tỉnh/thành phố, kể cả tên cũ.")),
    OpenApiParameter("sap_xep", str, enum=[queries.SORT_NEWEST, queries.SORT_NAME, queries.SORT_SCORE]),
]


# --- Public ------------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=CATALOGUE_PARAMETERS, tags=["public"]),
                    retrieve=extend_schema(tags=["public"]))
class PublicProductViewSet(viewsets.GenericViewSet):
    """Recognised products, read from the listing rows the public catalogue reads."""

    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = ListingSerializer

    def get_serializer_class(self):
        return PublicProductSerializer if self.action == "retrieve" else ListingSerializer

    def list(self, request):
        form = CatalogueFilterForm(request.query_params, choices=filter_choices())
        if not form.is_valid():
            raise ValidationError(form.errors)
        params = form.params()
        typed = province_filter(params["province"])
        if typed.unknown:
            raise ValidationError({"tinh": [typed.error]})
        query = catalogue_query(params)
        page = self.paginate_queryset(queries.catalogue(query))
        return self.get_paginated_response(ListingSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        on = timezone.localdate()
        certificates = Prefetch("product__certificates", to_attr="public_certificates",
                                queryset=Certificate.objects.public(on).order_by("-issued_on", "number"))
        rows = queries.current_listings(on).select_related("product", "producer__province")
        row = get_object_or_404(rows.prefetch_related(certificates), pk=_int(pk))
        return Response(PublicProductSerializer(product_record(row, on)).data)


def _int(value) -> int:
    """A path id; anything else is simply not found."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@extend_schema(tags=["public"])
class PublicProducerViewSet(viewsets.ReadOnlyModelViewSet):
    """Producers with at least one recognised product."""

    permission_classes = [AllowAny]
    serializer_class = PublicProducerSerializer
    filter_backends: list = []

    def get_queryset(self):
        return (Producer.objects.filter(pk__in=queries.recognised_producer_ids())
                .select_related("province").order_by(vietnamese("name"), "pk"))


# --- The producer's own records ----------------------------------------------------------------------------


@extend_schema(tags=["producer"])
class ProducerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Producer profiles the account manages (a secretariat reads those of its provinces)."""

    serializer_class = ProducerSerializer
    filter_backends: list = []

    def get_queryset(self):
        return producers_for_user(self.request.user).select_related("province").order_by("pk")

    def get_object(self):
        for_edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_producer_for_user(self.request.user, _int(self.kwargs["pk"]), for_edit=for_edit)

    def perform_create(self, serializer):
        if not self.request.user.is_producer:
            raise ValidationError(_("Chỉ tài khoản cơ sở sản xuất mới tạo được hồ sơ cơ sở."))
        serializer.instance = services.create_producer(producer=Producer(**serializer.validated_data),
                                                       by=self.request.user)

    def perform_update(self, serializer):
        producer = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(producer, field, value)
        serializer.instance = services.save_producer(producer=producer)


@extend_schema(tags=["producer"])
class ProductViewSet(viewsets.ModelViewSet):
    """Products of the producers the account manages (read-only for a secretariat in scope)."""

    serializer_class = ProductSerializer
    filterset_fields = ["producer", "group"]

    def get_serializer_class(self):
        return ProductCreateSerializer if self.action == "create" else ProductSerializer

    def get_queryset(self):
        return Product.objects.filter(producer__in=producers_for_user(self.request.user)).order_by("pk")

    def get_object(self):
        for_edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_product_for_user(self.request.user, _int(self.kwargs["pk"]), for_edit=for_edit)

    @extend_schema(responses={201: ProductSerializer})
    def create(self, request):
        serializer = ProductCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        producer = get_producer_for_user(request.user, data.pop("producer"), for_edit=True)
        product = services.save_product(product=Product(producer=producer, **data))
        return Response(ProductSerializer(product).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        product = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(product, field, value)
        serializer.instance = services.save_product(product=product)

    def perform_destroy(self, instance):
        services.delete_product(product=instance)

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses=PhotoSerializer(many=True),
                   methods=["POST"])
    @extend_schema(responses=PhotoSerializer(many=True), methods=["GET"])
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser],
            filter_backends=[], pagination_class=None)
    def photos(self, request, pk=None):
        """The product's photos; POST adds one, checked and re-encoded like the page's upload."""
        if request.method == "GET":
            product = get_product_for_user(request.user, _int(pk))
            return Response(PhotoSerializer(product.photos.order_by("position", "pk"), many=True).data)
        product = get_product_for_user(request.user, _int(pk), for_edit=True)
        upload = PhotoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        photo = uploads.add_photo(product=product, by=request.user, upload=upload.validated_data["image"],
                                  role=upload.validated_data["role"], caption=upload.validated_data["caption"])
        return Response(PhotoSerializer([photo], many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["producer"])
class PhotoViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = PhotoSerializer
    filter_backends: list = []

    def get_object(self):
        for_edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_photo_for_user(self.request.user, _int(self.kwargs["pk"]), for_edit=for_edit)

    def perform_destroy(self, instance):
        uploads.delete_photo(photo=instance)


@extend_schema(tags=["producer"])
@extend_schema_view(create=extend_schema(request={"multipart/form-data": DocumentUploadSerializer}))
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Private documents. The file itself is downloaded through `download_url`, the permission-checked page."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["producer", "product", "kind"]

    def get_queryset(self):
        return Document.objects.filter(producer__in=producers_for_user(self.request.user)).order_by("pk")

    def get_object(self):
        for_edit = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return get_document_for_user(self.request.user, _int(self.kwargs["pk"]), for_edit=for_edit)

    def create(self, request):
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = dict(upload.validated_data)
        producer = get_producer_for_user(request.user, data.pop("producer"), for_edit=True)
        product_id = data.pop("product")
        product = get_product_for_user(request.user, product_id, for_edit=True) if product_id else None
        document = uploads.add_document(producer=producer, product=product, upload=data.pop("file"),
                                        by=request.user, **data)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        uploads.delete_document(document=instance)


def register(router) -> None:
    router.register("public/products", PublicProductViewSet, basename="public-product")
    router.register("public/producers", PublicProducerViewSet, basename="public-producer")
    router.register("producers", ProducerViewSet, basename="producer")
    router.register("products", ProductViewSet, basename="product")
    router.register("photos", PhotoViewSet, basename="photo")
    router.register("documents", DocumentViewSet, basename="document")


