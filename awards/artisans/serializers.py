"""API serializers of the artisan-title process. Shapes and types only: the services decide (services.py,
voting.py, evidence.py, the calls the pages make), and each object comes through permissions.py.

Three readers, three shapes of a dossier: the candidate and the secretariat in scope read all of it
(`ArtisanNominationSerializer`); a council member reads what the member_dossier page shows, achievements only, never the
identity number, birth date, address or contacts (`MemberDossierSerializer`). No serializer has a field for a
ballot's choice: a session shows THAT members voted, and its counts once closed.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Province

from .dossier import ITEMS, checklist, standards_of
from .enums import Choice, EvidenceKind, MemberRole, NominationState, PrizeLevel, PrizeRank, Title
from .forms import NominationForm
from .models import (
    ArtisanNomination,
    ArtisanRound,
    CommentPeriod,
    Council,
    CouncilMember,
    CouncilSession,
    Evidence,
    NominationEvent,
    PriorTitle,
    PublicComment,
    Work,
)

ID = {"min_value": 1, "max_value": 2**63 - 1}
# The declaration's fields are the page's (NominationForm): one list of what a candidate declares.
DECLARATION_FIELDS = list(NominationForm.Meta.fields)


# --- Pieces of a dossier -----------------------------------------------------------------------------------


class ArtisanEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = NominationEvent
        fields = ["from_state", "to_state", "reason", "at"]


class PriorTitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorTitle
        fields = ["title", "year", "decision"]


class WorkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Work
        fields = ["name", "year", "competition", "level", "rank", "sent_by_state"]


class ArtisanEvidenceSerializer(serializers.ModelSerializer):
    """A proof of the dossier. A file is downloaded through `download_url`, the permission-checked page."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "nomination", "kind", "caption", "url", "original_name", "content_type", "size",
                  "download_url", "created_at"]
        read_only_fields = fields

    def get_download_url(self, item) -> str | None:
        return None if item.url else reverse("artisans:evidence_download", args=[item.pk])


class StandardLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    hard = serializers.BooleanField()


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()


class _StandardsMixin(serializers.Serializer):
    standards = serializers.SerializerMethodField(help_text=_("Kiểm tra tiêu chuẩn: thông tin, hội đồng quyết định."))

    @extend_schema_field(StandardLineSerializer(many=True))
    def get_standards(self, nomination):
        return StandardLineSerializer(standards_of(nomination).lines, many=True).data


# --- Nominations -------------------------------------------------------------------------------------------


class ArtisanNominationListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = ArtisanNomination
        fields = ["id", "round", "title_sought", "full_name", "craft", "province", "province_name", "state",
                  "submitted_at", "check_due", "completion_due", "updated_at"]
        read_only_fields = fields


class ArtisanNominationSerializer(_StandardsMixin, serializers.ModelSerializer):
    """The whole dossier, as the candidate and the secretariat in scope read it, with its history."""

    province_name = serializers.CharField(source="province.name", read_only=True)
    has_portrait = serializers.SerializerMethodField()
    prior_titles = PriorTitleSerializer(many=True, read_only=True)
    works = WorkSerializer(many=True, read_only=True)
    evidence = ArtisanEvidenceSerializer(many=True, read_only=True)
    events = ArtisanEventSerializer(many=True, read_only=True)
    checklist = serializers.SerializerMethodField(help_text=_("Các thành phần hồ sơ Sở Công Thương kiểm tra."))

    class Meta:
        model = ArtisanNomination
        fields = ["id", "round", "state", *DECLARATION_FIELDS, "province_name", "has_portrait", "submitted_at",
                  "check_due", "completion_due", "missing_items", "created_at", "updated_at", "prior_titles",
                  "works", "evidence", "checklist", "standards", "events"]
        read_only_fields = fields

    def get_has_portrait(self, nomination) -> bool:
        return bool(nomination.portrait)

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, nomination):
        return ChecklistItemSerializer(checklist(nomination), many=True).data


class DeclarationSerializer(serializers.ModelSerializer):
    """The declaration (Mẫu 01/02) as the page's form takes it; the posthumous mark is the secretariat's (the
    service refuses it from anyone else)."""

    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.current())

    class Meta:
        model = ArtisanNomination
        fields = DECLARATION_FIELDS
        validators: list = []  # the constraints are the service's (save_nomination: full_clean, one per round)


class ArtisanNominationCreateSerializer(DeclarationSerializer):
    round = serializers.IntegerField(help_text=_("Đợt xét tặng đang nhận hồ sơ."), **ID)

    class Meta(DeclarationSerializer.Meta):
        fields = ["round", *DECLARATION_FIELDS]


class PriorTitleRowSerializer(serializers.Serializer):
    title = serializers.ChoiceField(choices=Title.choices)
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    decision = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WorkRowSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    competition = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=PrizeLevel.choices)
    rank = serializers.ChoiceField(choices=PrizeRank.choices, required=False, allow_null=True, default=None)
    sent_by_state = serializers.BooleanField(required=False, default=False)


class AchievementsSerializer(serializers.Serializer):
    """The whole lists of prior titles and works, replacing the stored ones (services.save_achievements)."""

    prior_titles = PriorTitleRowSerializer(many=True, max_length=50)
    works = WorkRowSerializer(many=True, max_length=200)


class EvidenceUploadSerializer(serializers.Serializer):
    """A file (PDF, JPEG, PNG, WebP; video MP4, MOV, WebM) or, for a video link, its address; evidence.add_evidence
    checks both as the page's upload does."""

    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    caption = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PortraitUploadSerializer(serializers.Serializer):
    """The portrait (the portrait_set page's field): evidence.set_portrait checks and re-encodes it."""

    image = serializers.FileField(help_text=_("Ảnh JPEG, PNG hoặc WebP."))


CHECK_DECISIONS = [NominationState.ACCEPTED, NominationState.RETURNED, NominationState.REJECTED]


class DossierCheckSerializer(serializers.Serializer):
    """The Sở Công Thương's check (the nomination_check page): accepted, returned with what is missing, or
    rejected."""

    decision = serializers.ChoiceField(choices=[(s.value, s.label) for s in CHECK_DECISIONS])
    missing_items = serializers.MultipleChoiceField(choices=list(ITEMS.items()), required=False, default=list)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate_missing_items(self, items):
        return sorted(items)


class TitleDecisionSerializer(serializers.Serializer):
    """The final decision on a candidate the State council proposed (the nomination_decide page)."""

    awarded = serializers.BooleanField()
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class MemberDossierSerializer(_StandardsMixin, serializers.ModelSerializer):
    """A dossier as a council member reads it (the member_dossier page): achievements, standards, evidence. No
    identity number, birth date, gender, address, phone, e-mail or account."""

    province_name = serializers.CharField(source="province.name", read_only=True)
    prior_titles = PriorTitleSerializer(many=True, read_only=True)
    works = WorkSerializer(many=True, read_only=True)
    evidence = ArtisanEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ArtisanNomination
        fields = ["id", "round", "state", "title_sought", "full_name", "posthumous", "craft", "special_craft",
                  "province_name", "years_in_craft", "learners", "other_distinctions", "prior_titles", "works",
                  "evidence", "standards"]
        read_only_fields = fields


class MemberDossierListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = ArtisanNomination
        fields = ["id", "round", "state", "title_sought", "full_name", "craft", "province_name"]
        read_only_fields = fields


# --- Rounds ------------------------------------------------------------------------------------------------

ROUND_FIELDS = ["number", "title", "award_year", "announced_on", "policy", "submissions_open", "submissions_close",
                "provincial_by", "ministerial_by", "state_by"]


class ArtisanRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArtisanRound
        fields = ["id", *ROUND_FIELDS, "created_at"]
        read_only_fields = fields


class ArtisanRoundWriteSerializer(serializers.ModelSerializer):
    """The round form's fields; the announcement date defaults to 2 September of the award year."""

    class Meta:
        model = ArtisanRound
        fields = ROUND_FIELDS
        extra_kwargs = {"announced_on": {"required": False, "allow_null": True}}
        validators: list = []  # services.save_round runs the model's own checks (full_clean)


# --- Public comment (the national back office) --------------------------------------------------------------


class PublicCommentSerializer(serializers.ModelSerializer):
    """A signed comment with its signer's phone and address (the round_comments page's columns) and its answer."""

    nomination_name = serializers.CharField(source="nomination.full_name", read_only=True)

    class Meta:
        model = PublicComment
        fields = ["id", "period", "nomination", "nomination_name", "full_name", "phone", "address", "text",
                  "submitted_at", "response", "responded_at"]
        read_only_fields = fields


class CommentPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentPeriod
        fields = ["id", "round", "opens_on", "closes_on", "nominations"]
        read_only_fields = fields


class CommentPeriodOpenSerializer(serializers.Serializer):
    """The round_comments page's form: from when the list is posted (for the policy's number of days)."""

    opens_on = serializers.DateField()


class CommentAnswerSerializer(serializers.Serializer):
    """The answer, recorded once (services.answer_comment refuses a blank one with its own message)."""

    response = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=5000)


# --- Councils ----------------------------------------------------------------------------------------------


class CouncilMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "council", "email", "full_name", "role", "position"]
        read_only_fields = fields


class SessionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CouncilSession
        fields = ["id", "held_on", "place", "state"]
        read_only_fields = fields


class CouncilSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True, default=None)
    members = CouncilMemberSerializer(many=True, read_only=True)
    sessions = SessionBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["id", "round", "level", "province", "province_name", "name", "founding_decision", "created_at",
                  "members", "sessions"]
        read_only_fields = fields


class CouncilListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Council
        fields = ["id", "round", "level", "province", "province_name", "name", "founding_decision"]
        read_only_fields = fields


class CouncilCreateSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(**ID)
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.current(), required=False,
                                                  allow_null=True, default=None)

    class Meta:
        model = Council
        fields = ["round", "level", "province", "name", "founding_decision"]
        validators: list = []  # voting.save_council: scope, then the model's constraints (full_clean)


class MemberAddSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text=_("E-mail tài khoản của thành viên."))
    role = serializers.ChoiceField(choices=MemberRole.choices, required=False, default=MemberRole.MEMBER)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class SessionCreateSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class SeatCouncilSerializer(CouncilListSerializer):
    """A council the account sits on, with its role there and the council's sessions."""

    role = serializers.SerializerMethodField()
    sessions = SessionBriefSerializer(many=True, read_only=True)

    class Meta(CouncilListSerializer.Meta):
        fields = [*CouncilListSerializer.Meta.fields, "role", "sessions"]
        read_only_fields = fields

    def get_role(self, council) -> str:
        return council.my_role


# --- Sessions ----------------------------------------------------------------------------------------------


class AttendanceLineSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    present = serializers.BooleanField()


class QuorumSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    listed = serializers.IntegerField()
    present = serializers.IntegerField()
    required = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField())


class BallotLineSerializer(serializers.Serializer):
    """A candidate on the session's ballot; `approvals`, `disapprovals`, `passed` only once the box is closed."""

    id = serializers.IntegerField(help_text=_("Mã dòng trong phiếu bầu (dùng khi bỏ phiếu)."))
    nomination = serializers.IntegerField()
    full_name = serializers.CharField()
    title_sought = serializers.CharField()
    craft = serializers.CharField()
    approvals = serializers.IntegerField(allow_null=True)
    disapprovals = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)


class VoterSerializer(serializers.Serializer):
    """THAT a member voted (online or on paper), never how."""

    member = serializers.IntegerField()
    full_name = serializers.CharField()
    channel = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    council = serializers.IntegerField()
    council_name = serializers.CharField()
    held_on = serializers.DateField()
    place = serializers.CharField()
    state = serializers.CharField()
    authorised_vice_chair = serializers.IntegerField(allow_null=True)
    listed_count = serializers.IntegerField(allow_null=True)
    present_count = serializers.IntegerField(allow_null=True)
    voting_opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    runs = serializers.BooleanField(help_text=_("Tài khoản này điều hành phiên họp."))
    may_vote = serializers.BooleanField(help_text=_("Tài khoản này có thể bỏ phiếu bây giờ."))
    needed = serializers.IntegerField(help_text=_("Số phiếu đồng ý tối thiểu để được đề nghị."))
    attendance = AttendanceLineSerializer(many=True)
    quorum = QuorumSerializer()
    candidates = BallotLineSerializer(many=True)
    voted = VoterSerializer(many=True)


class SessionListSerializer(serializers.ModelSerializer):
    council_name = serializers.CharField(source="council.name", read_only=True)

    class Meta:
        model = CouncilSession
        fields = ["id", "council", "council_name", "held_on", "place", "state"]
        read_only_fields = fields


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(**ID), max_length=500, allow_empty=True,
                                    help_text=_("Mã thành viên có mặt; những người khác vắng."))
    authorised_vice_chair = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)


def _candidate_keys(marks: dict) -> dict:
    keyed = {}
    for key, value in marks.items():
        try:
            keyed[int(key)] = value
        except (TypeError, ValueError):
            raise serializers.ValidationError(_("“%(key)s” không phải mã dòng trong phiếu bầu.")
                                              % {"key": str(key)[:50]}) from None
    return keyed


class BallotSerializer(serializers.Serializer):
    """One member's own ballot: for every candidate line of the session, approve or disapprove."""

    marks = serializers.DictField(child=serializers.ChoiceField(choices=Choice.choices), allow_empty=False,
                                  help_text=_("Mã dòng trong phiếu bầu → approve hoặc disapprove."))

    def validate_marks(self, marks):
        return {candidate: {choice: 1} for candidate, choice in _candidate_keys(marks).items()}


class PaperCountSerializer(serializers.Serializer):
    approve = serializers.IntegerField(min_value=0, max_value=1000)
    disapprove = serializers.IntegerField(min_value=0, max_value=1000)


class PaperBallotsSerializer(serializers.Serializer):
    """The counted paper ballots of present members: who handed one in, and the counts by candidate line."""

    voters = serializers.ListField(child=serializers.IntegerField(**ID), min_length=1, max_length=500,
                                   help_text=_("Mã thành viên đã bỏ phiếu giấy."))
    marks = serializers.DictField(child=PaperCountSerializer(), allow_empty=False,
                                  help_text=_("Mã dòng trong phiếu bầu → số phiếu đồng ý và không đồng ý."))

    def validate_marks(self, marks):
        return {candidate: {Choice.APPROVE: counts["approve"], Choice.DISAPPROVE: counts["disapprove"]}
                for candidate, counts in _candidate_keys(marks).items()}
