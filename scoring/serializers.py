"""API serializers for rounds, nominations, juries and score sheets. Shapes only; the services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.enums import ProductGroup

from .enums import ConflictRelation, JuryRole, NominationState, RoundState
from .models import Jury, JuryMember, Nomination, NominationEvent, ScoreSheet, SelectionRound


class RoundSerializer(serializers.ModelSerializer):
    scope_province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    scope_region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SelectionRound
        fields = ["id", "title", "level", "year", "scope_province", "scope_region", "commune", "groups", "state",
                  "registration_opens", "registration_closes", "scoring_opens", "scoring_closes", "results_due"]
        read_only_fields = fields


class RoundStateSerializer(serializers.Serializer):
    new_state = serializers.ChoiceField(choices=RoundState.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = NominationEvent
        fields = ["from_state", "to_state", "reason", "at"]


class NominationSerializer(serializers.ModelSerializer):
    """A nomination as its producer and the secretariat see it, with its history."""

    product_name = serializers.CharField(source="product.name", read_only=True)
    producer = serializers.IntegerField(source="product.producer_id", read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "round", "product", "product_name", "producer", "state", "round_notes", "sample_delivery",
                  "submitted_at", "created_at", "events"]
        read_only_fields = ["id", "round", "product", "state", "submitted_at", "created_at"]


class NominationCreateSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    product = serializers.IntegerField()
    round_notes = serializers.CharField(required=False, allow_blank=True, default="")
    sample_delivery = serializers.CharField(required=False, allow_blank=True, default="")


class NominationUpdateSerializer(serializers.Serializer):
    round_notes = serializers.CharField(allow_blank=True)
    sample_delivery = serializers.CharField(allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NominationDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[NominationState.ACCEPTED, NominationState.RETURNED,
                                                NominationState.REJECTED])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CriterionScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    max = serializers.DecimalField(max_digits=6, decimal_places=2)
    step = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class SheetSerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True)
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    overall_comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    criteria = CriterionScoreSerializer(many=True)


class JudgeNominationSerializer(serializers.Serializer):
    """An assigned nomination for its jury member: the frozen dossier as dossier_for_jury gives it (with
    blind judging nothing that names the producer) and the member's own sheet."""

    id = serializers.IntegerField()
    round = serializers.IntegerField()
    round_title = serializers.CharField()
    group = serializers.CharField()
    recused = serializers.BooleanField()
    dossier = serializers.DictField(required=False)
    sheet = SheetSerializer(required=False, allow_null=True)


class SheetWriteSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.CharField(allow_blank=True, allow_null=True), required=False,
                                   default=dict, help_text=_("Mã tiêu chí → điểm; chuỗi rỗng xoá điểm."))
    comments = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=5000),
                                     required=False, default=dict)
    overall_comment = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                            max_length=10000)


class ConflictSerializer(serializers.Serializer):
    tax_code = serializers.CharField(max_length=20, help_text=_("Mã số thuế của cơ sở."))
    relation = serializers.ChoiceField(choices=ConflictRelation.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class JuryMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = JuryMember
        fields = ["id", "email", "full_name", "role"]


class JurySerializer(serializers.ModelSerializer):
    members = JuryMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Jury
        fields = ["id", "round", "name", "groups", "members"]
        read_only_fields = ["id", "round", "members"]


class JuryCreateSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    groups = serializers.ListField(child=serializers.ChoiceField(choices=ProductGroup.choices), allow_empty=False)


class JuryMemberCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=JuryRole.choices, default=JuryRole.MEMBER)


class MemberProgressSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk")
    full_name = serializers.CharField(source="user.full_name")
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    late = serializers.BooleanField()


class NominationProgressSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="nomination.pk")
    product_name = serializers.CharField(source="nomination.product.name")
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    members = MemberProgressSerializer(many=True)
    nominations = NominationProgressSerializer(many=True)


class SecretariatSheetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreSheet
        fields = ["id", "nomination", "member", "status", "total", "submitted_at"]
        read_only_fields = fields


# --- The ranking and paper sheets (secretariat) ------------------------------------------------------------


class MemberTotalSerializer(serializers.Serializer):
    member = serializers.CharField(help_text=_("Tên giám khảo sau khi công bố kết quả; trước đó “Thành viên n”."))
    total = serializers.CharField(allow_null=True)


class RankingRowSerializer(serializers.Serializer):
    """One line of the round's ranking as the ranking page shows it (scoring.results.ReportRow). Figures are
    strings: `average` the official 2-place figure, `exact_average` every digit of the exact mean (what the
    threshold is compared with), `average_display` the rounded figure as the page writes it."""

    nomination = serializers.IntegerField()
    product_name = serializers.CharField()
    producer_name = serializers.CharField()
    group = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    average = serializers.CharField(allow_null=True)
    exact_average = serializers.CharField()
    average_display = serializers.CharField()
    group_averages = serializers.DictField(child=serializers.CharField())
    zscore = serializers.CharField(allow_null=True)
    spread = serializers.CharField(allow_null=True)
    range = serializers.CharField(allow_null=True)
    sheet_count = serializers.IntegerField()
    member_totals = MemberTotalSerializer(many=True)
    passes = serializers.BooleanField()
    within_quota = serializers.BooleanField()
    council_decision_needed = serializers.BooleanField()
    quota_tie = serializers.BooleanField()
    provisional = serializers.BooleanField()
    eligible = serializers.BooleanField()
    eligibility_problem = serializers.CharField()
    standing = serializers.CharField()
    standing_label = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())


class PaperSheetSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text=_("E-mail của giám khảo đã chấm phiếu giấy."))
    values = serializers.DictField(child=serializers.CharField(allow_blank=True, allow_null=True),
                                   help_text=_("Mã tiêu chí → điểm; chuỗi rỗng xoá điểm."))
    comments = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=5000),
                                     required=False, default=dict)
    overall_comment = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                            max_length=10000)
    submit = serializers.BooleanField(required=False, default=True,
                                      help_text=_("Nộp và khóa phiếu sau khi ghi (mặc định có)."))


class PaperSheetResultSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    member = serializers.EmailField()
    sheet = SheetSerializer()
