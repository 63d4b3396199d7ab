"""API serializers of the secretariat's results work: decisions, their lines, state moves, revocations and the
certificates' ZIP job. Shapes and types only; awards.services decides (the same calls as the pages)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .enums import DecisionState
from .forms import check_signed_scan
from .models import DecisionEntry, ResultsDecision

DECISION_FIELDS = ["number", "decided_on", "signer_name", "signer_title", "issuing_body", "signing_place",
                   "signature_block"]


class DecisionSerializer(serializers.ModelSerializer):
    has_signed_scan = serializers.SerializerMethodField()

    class Meta:
        model = ResultsDecision
        fields = ["id", "round", *DECISION_FIELDS, "has_signed_scan", "state", "notified_on", "complaint_due",
                  "published_at", "created_at"]
        read_only_fields = fields

    def get_has_signed_scan(self, decision) -> bool:
        return bool(decision.signed_scan)


class DecisionWriteSerializer(serializers.ModelSerializer):
    """The decision's number, date, signer and scan, as the decision form edits them (JSON, or multipart with the
    signed scan)."""

    class Meta:
        model = ResultsDecision
        fields = [*DECISION_FIELDS, "signed_scan"]
        extra_kwargs = {"signed_scan": {"required": False, "allow_null": False}}

    def validate_signed_scan(self, scan):
        try:
            check_signed_scan(scan)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return scan


class DecisionCreateSerializer(DecisionWriteSerializer):
    round = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("Đợt bình chọn của quyết định."))

    class Meta(DecisionWriteSerializer.Meta):
        fields = ["round", *DecisionWriteSerializer.Meta.fields]


class EntrySerializer(serializers.ModelSerializer):
    """A line of the decision: the figures recorded from the ranking when the list was proposed."""

    product_name = serializers.CharField(source="nomination.product.name")
    producer_name = serializers.CharField(source="nomination.product.producer.name")
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    certificate = serializers.IntegerField(source="certificate_id", allow_null=True)

    class Meta:
        model = DecisionEntry
        fields = ["id", "nomination", "product_name", "producer_name", "rank", "average", "group_averages",
                  "recognised", "exclusion_reason", "certificate"]
        read_only_fields = fields


class EntriesWriteSerializer(serializers.Serializer):
    """The list in one write (awards.services.propose_entries): the nominations recognised; every other accepted
    nomination of the round is listed as not recognised with its reason (its own, else the default)."""

    recognised = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
                                       allow_empty=True, max_length=100_000,
                                       help_text=_("Mã hồ sơ được công nhận."))
    exclusion_reasons = serializers.DictField(child=serializers.CharField(max_length=1000, allow_blank=True),
                                              required=False, default=dict,
                                              help_text=_("Mã hồ sơ → lý do không công nhận."))
    default_exclusion_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)

    def validate_exclusion_reasons(self, reasons):
        keyed = {}
        for key, reason in reasons.items():
            try:
                keyed[int(key)] = reason
            except (TypeError, ValueError):
                raise serializers.ValidationError(_("“%(key)s” không phải mã hồ sơ.") % {"key": str(key)[:50]}) \
                    from None
        return keyed


class FirstProposalSerializer(serializers.Serializer):
    exclusion_reason = serializers.CharField(max_length=1000, help_text=_(
        "Lý do ghi cho các hồ sơ không được đề nghị (dưới ngưỡng, ngoài số lượng tối đa…)."))


class DecisionStateSerializer(serializers.Serializer):
    new_state = serializers.ChoiceField(choices=DecisionState.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReopenScoringSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Lý do mở lại chấm điểm."))


class RevocationSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do thu hồi."))
    decision_number = serializers.CharField(max_length=60, help_text=_("Số quyết định thu hồi, ví dụ 55/QĐ-UBND."))
    revoked_on = serializers.DateField(required=False, default=timezone.localdate,
                                       help_text=_("Giấy chứng nhận hết giá trị từ ngày này (mặc định hôm nay)."))


class JobStatusSerializer(serializers.Serializer):
    """A background job's progress (catalog.jobs.job_status), as the progress page polls it."""

    state = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    attempts = serializers.IntegerField()
    max_attempts = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    download_url = serializers.CharField(allow_null=True)
    pruned = serializers.BooleanField(
        help_text=_("Tệp đã tạo không còn được lưu (xóa sau một thời gian); hãy tạo lại."))
