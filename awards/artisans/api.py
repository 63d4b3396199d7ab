"""The artisan-title process through the API: the public register (with the directory's filters), the
candidate's dossiers and portrait, the secretariat's rounds, dossier checks, public comment, final decisions,
councils and sessions with their documents, and the council members' councils, dossiers and secret ballot.

Every object comes through the funnels of permissions.py (another's object: 404, as on the pages), and every write
is the service the page calls (services.py, evidence.py, voting.py): a rule exists once. Nothing here reads a
Ballot: a session shows THAT members voted, and its counts once closed (voting.py explains the design).
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from catalog.api import _int
from catalog.geography import resolve_province_filter

from . import evidence as files
from . import pdf, queries, services, voting
from .enums import EvidenceKind, NominationState, Title
from .forms import member_account
from .models import ArtisanNomination, ArtisanRound, ArtisanTitle, Council, CouncilMember, CouncilSession
from .permissions import (
    comments_of_round,
    councils_for_secretariat,
    get_comment_for_secretariat,
    get_council_for_secretariat,
    get_evidence_for_user,
    get_nomination_for_council_member,
    get_nomination_for_editor,
    get_nomination_for_reader,
    get_nomination_for_secretariat,
    get_session_for_user,
    is_national,
    is_provincial,
    nominations_for_candidate,
    nominations_for_council_member,
    nominations_for_secretariat,
    runs_session,
    seats_of,
    sessions_for_user,
)
from .serializers import (
    AchievementsSerializer,
    ArtisanEvidenceSerializer,
    ArtisanNominationCreateSerializer,
    ArtisanNominationListSerializer,
    ArtisanNominationSerializer,
    ArtisanRoundSerializer,
    ArtisanRoundWriteSerializer,
    AttendanceSerializer,
    BallotSerializer,
    CommentAnswerSerializer,
    CommentPeriodOpenSerializer,
    CommentPeriodSerializer,
    CouncilCreateSerializer,
    CouncilListSerializer,
    CouncilMemberSerializer,
    CouncilSerializer,
    DeclarationSerializer,
    DossierCheckSerializer,
    EvidenceUploadSerializer,
    MemberAddSerializer,
    MemberDossierListSerializer,
    MemberDossierSerializer,
    PaperBallotsSerializer,
    PortraitUploadSerializer,
    PublicCommentSerializer,
    SeatCouncilSerializer,
    SessionCreateSerializer,
    SessionListSerializer,
    SessionSerializer,
    TitleDecisionSerializer,
)


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




def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _secretariat(user) -> bool:
    """The secretariat's pages (catalog.decorators.secretariat_required, with a scope): provincial or national."""
    return is_national(user) or is_provincial(user)


def _round(round_id: int) -> ArtisanRound:
    artisan_round = ArtisanRound.objects.select_related("policy").filter(pk=round_id).first()
    if artisan_round is None:
        raise ValidationError({"round": [_("Không có đợt xét tặng này.")]})
    return artisan_round


PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}


def _dossier(nomination: ArtisanNomination) -> ArtisanNomination:
    """The dossier read again after a write, with what its serializer shows."""
    return (ArtisanNomination.objects.select_related("round__policy", "province")
            .prefetch_related("prior_titles", "works", "evidence", "events").get(pk=nomination.pk))


# --- Candidates --------------------------------------------------------------------------------------------


@extend_schema(tags=["candidate"])
class CandidateNominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The candidate's own artisan dossiers: file one in an open round, edit the declaration and achievements, add
    and remove evidence, submit, withdraw; the state and its history. A dossier is reached as on its page
    (permissions.get_nomination_for_editor): the candidate, or the secretariat in scope entering it for them."""

    serializer_class = ArtisanNominationSerializer
    filterset_fields = ["round", "state"]

    def get_serializer_class(self):
        return ArtisanNominationListSerializer if self.action == "list" else ArtisanNominationSerializer

    def get_queryset(self):
        return nominations_for_candidate(self.request.user).select_related("province").order_by("pk")

    def get_object(self):
        return _dossier(get_nomination_for_editor(self.request.user, _int(self.kwargs["pk"])))

    @extend_schema(request=ArtisanNominationCreateSerializer, responses={201: ArtisanNominationSerializer})
    def create(self, request):
        """File a dossier in a round taking submissions (services.save_nomination): for oneself; the secretariat
        enters one for someone (without an account), as the page does."""
        data = _valid(ArtisanNominationCreateSerializer, request.data)
        artisan_round = _round(data.pop("round"))
        user = None if _secretariat(request.user) else request.user
        nomination = services.save_nomination(nomination=ArtisanNomination(round=artisan_round, user=user, **data),
                                              by=request.user)
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeclarationSerializer, responses=ArtisanNominationSerializer)
    def partial_update(self, request, pk=None):
        """Edit the declaration while the dossier is in draft or returned."""
        nomination = self.get_object()
        for field, value in _valid(DeclarationSerializer, request.data, partial=True).items():
            setattr(nomination, field, value)
        nomination = services.save_nomination(nomination=nomination, by=request.user)
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)

    @extend_schema(request=AchievementsSerializer, responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["put"], filter_backends=[])
    def achievements(self, request, pk=None):
        """Replace the prior titles and works (services.save_achievements): all or nothing."""
        nomination = self.get_object()
        data = _valid(AchievementsSerializer, request.data)
        services.save_achievements(nomination=nomination, prior_titles=data["prior_titles"], works=data["works"],
                                   by=request.user)
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer},
                   responses={201: ArtisanEvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser],
            filter_backends=[], pagination_class=None)
    def evidence(self, request, pk=None):
        """Add a proof: a file, checked as the page's upload is (evidence.add_evidence), or a video link."""
        nomination = self.get_object()
        data = _valid(EvidenceUploadSerializer, request.data)
        try:
            item = files.add_evidence(nomination=nomination, kind=data["kind"], upload=data["file"], url=data["url"],
                                      caption=data["caption"], by=request.user)
        except DjangoValidationError as exc:  # under the field the page shows it at
            raise ValidationError({"url" if data["kind"] == EvidenceKind.VIDEO_LINK else "file": exc.messages}) \
                from exc
        return Response(ArtisanEvidenceSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None,
                   responses={(200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY)})
    @extend_schema(methods=["PUT", "POST"], request={"multipart/form-data": PortraitUploadSerializer},
                   responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["get", "put", "post"], parser_classes=[MultiPartParser, FormParser],
            filter_backends=[], pagination_class=None)
    def portrait(self, request, pk=None):
        """GET: the private portrait, for those who may read the dossier (the portrait page's funnel, council
        members included). PUT or POST: replace it, checked and re-encoded as the page's upload is
        (evidence.set_portrait: upright, no metadata), while the dossier is editable."""
        if request.method == "GET":
            return files.portrait_response(get_nomination_for_reader(request.user, _int(pk)))
        nomination = self.get_object()
        data = _valid(PortraitUploadSerializer, request.data)
        try:
            files.set_portrait(nomination=nomination, upload=data["image"], by=request.user)
        except DjangoValidationError as exc:  # under the field the page shows it at
            raise ValidationError({"image": exc.messages}) from exc
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)

    def _move(self, request, new_state):
        nomination = self.get_object()
        services.set_nomination_state(nomination=nomination, new_state=new_state, by=request.user)
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)

    @extend_schema(request=None, responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        """Submit to the Sở Công Thương (refused outside the round's window, with the declaration incomplete or a
        prerequisite unmet). Asking the person to confirm is the calling system's part."""
        return self._move(request, NominationState.SUBMITTED)

    @extend_schema(request=None, responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        return self._move(request, NominationState.WITHDRAWN)


@extend_schema(tags=["candidate"])
class EvidenceViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A proof of a dossier, for those who may read the dossier; removed by its editors while it is editable."""

    serializer_class = ArtisanEvidenceSerializer
    filter_backends: list = []

    def get_object(self):
        item = get_evidence_for_user(self.request.user, _int(self.kwargs["pk"]))
        if self.request.method == "DELETE":  # as the page: readers who may not edit the dossier find nothing
            get_nomination_for_editor(self.request.user, item.nomination_id)
        return item

    def perform_destroy(self, instance):
        files.delete_evidence(evidence=instance, by=self.request.user)


# --- Secretariat -------------------------------------------------------------------------------------------


@extend_schema(tags=["secretariat"])
class SecretariatArtisanRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The rounds of the artisan titles (every province's); created and edited by the national level, which also
    runs their public comment (comments, comment periods)."""

    serializer_class = ArtisanRoundSerializer
    filter_backends: list = []

    def get_queryset(self):
        if not _secretariat(self.request.user):
            return ArtisanRound.objects.none()
        return ArtisanRound.objects.order_by("-number")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=_int(self.kwargs["pk"]))

    def _national(self) -> None:
        if not is_national(self.request.user):  # the round form is the national level's (its page: 404)
            raise NotFound

    @extend_schema(request=ArtisanRoundWriteSerializer, responses={201: ArtisanRoundSerializer})
    def create(self, request):
        self._national()
        data = _valid(ArtisanRoundWriteSerializer, request.data)
        artisan_round = services.save_round(artisan_round=ArtisanRound(**data), by=request.user)
        return Response(ArtisanRoundSerializer(artisan_round).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArtisanRoundWriteSerializer, responses=ArtisanRoundSerializer)
    def partial_update(self, request, pk=None):
        self._national()
        artisan_round = self.get_object()
        for field, value in _valid(ArtisanRoundWriteSerializer, request.data, partial=True).items():
            setattr(artisan_round, field, value)
        artisan_round = services.save_round(artisan_round=artisan_round, by=request.user)
        return Response(ArtisanRoundSerializer(artisan_round).data)

    @extend_schema(responses=PublicCommentSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def comments(self, request, pk=None):
        """The round's signed public comments, unanswered first: the round_comments page's rows (national level)."""
        self._national()
        page = self.paginate_queryset(comments_of_round(request.user, self.get_object()))
        return self.get_paginated_response(PublicCommentSerializer(page, many=True).data)

    @extend_schema(request=CommentPeriodOpenSerializer, responses={201: CommentPeriodSerializer})
    @action(detail=True, methods=["post"], url_path="comment-periods", url_name="comment-periods",
            filter_backends=[])
    def comment_periods(self, request, pk=None):
        """Post for public comment every candidate the ministerial council proposed and no period has posted yet
        (services.open_comment_period, as the round_comments page does), for the policy's number of days."""
        self._national()
        artisan_round = self.get_object()
        data = _valid(CommentPeriodOpenSerializer, request.data)
        period = services.open_comment_period(artisan_round=artisan_round, opens_on=data["opens_on"],
                                              by=request.user)
        return Response(CommentPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["secretariat"])
class SecretariatArtisanCommentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A signed public comment (the national level's, permissions.get_comment_for_secretariat) and its answer."""

    serializer_class = PublicCommentSerializer
    filter_backends: list = []

    def get_object(self):
        return get_comment_for_secretariat(self.request.user, _int(self.kwargs["pk"]))

    @extend_schema(request=CommentAnswerSerializer, responses=PublicCommentSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request, pk=None):
        """Record the standing body's answer (services.answer_comment): once, never edited. Asking the person to
        confirm is the calling system's part."""
        comment = self.get_object()
        data = _valid(CommentAnswerSerializer, request.data)
        comment = services.answer_comment(comment=comment, response=data["response"], by=request.user)
        return Response(PublicCommentSerializer(get_comment_for_secretariat(request.user, comment.pk)).data)


class SecretariatNominationFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(label=_("Quá hạn kiểm tra hoặc bổ sung"), method="filter_overdue")

    class Meta:
        model = ArtisanNomination
        fields = ["round", "state", "title_sought", "province"]

    def filter_overdue(self, queryset, name, value):
        on = timezone.localdate()
        return queries.overdue(queryset, on) if value else queryset.exclude(queries.overdue_condition(on))


@extend_schema(tags=["secretariat"])
class SecretariatArtisanNominationViewSet(viewsets.ReadOnlyModelViewSet):
    """The dossiers of the account's provinces (units merged into them included; nationally, every one): the
    check (accepted, returned with what is missing, rejected) and, nationally, the final decision."""

    filterset_class = SecretariatNominationFilter

    def get_serializer_class(self):
        return ArtisanNominationListSerializer if self.action == "list" else ArtisanNominationSerializer

    def get_queryset(self):
        return nominations_for_secretariat(self.request.user).select_related("province").order_by("pk")

    def get_object(self):
        return _dossier(get_nomination_for_secretariat(self.request.user, _int(self.kwargs["pk"])))

    @extend_schema(request=DossierCheckSerializer, responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def check(self, request, pk=None):
        """The result of the check, as the nomination_check page records it (services.set_nomination_state):
        returning or rejecting needs a reason or the missing items; accepting needs a complete dossier. The
        candidate is e-mailed."""
        nomination = self.get_object()
        data = _valid(DossierCheckSerializer, request.data)
        services.set_nomination_state(nomination=nomination, new_state=data["decision"], by=request.user,
                                      reason=data["reason"], missing_items=data["missing_items"])
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)

    @extend_schema(request=TitleDecisionSerializer, responses=ArtisanNominationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        """The final decision on a candidate the State council proposed (services.record_decision, national
        level): awarded with the decision's number and date (the register gets its line), or not, with a reason."""
        nomination = self.get_object()
        data = _valid(TitleDecisionSerializer, request.data)
        services.record_decision(nomination=nomination, by=request.user, **data)
        return Response(ArtisanNominationSerializer(_dossier(nomination)).data)


def _full_council(council: Council) -> Council:
    return (Council.objects.select_related("province")
            .prefetch_related(Prefetch("members", queryset=CouncilMember.objects.select_related("user")), "sessions")
            .get(pk=council.pk))


@extend_schema(tags=["secretariat"])
class SecretariatCouncilViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The councils the account runs (the provincial secretariat its province's; nationally the ministerial and
    State councils): create, list members, add members, hold sessions."""

    filterset_fields = ["round", "level"]

    def get_serializer_class(self):
        return CouncilListSerializer if self.action == "list" else CouncilSerializer

    def get_queryset(self):
        return councils_for_secretariat(self.request.user).select_related("province").order_by("pk")

    def get_object(self):
        return _full_council(get_council_for_secretariat(self.request.user, _int(self.kwargs["pk"])))

    @extend_schema(request=CouncilCreateSerializer, responses={201: CouncilSerializer})
    def create(self, request):
        """A round's council (voting.save_council: only within the account's scope, one per level and province)."""
        if not _secretariat(request.user):
            raise NotFound
        data = _valid(CouncilCreateSerializer, request.data)
        council = Council(round=_round(data.pop("round")), **data)
        council = voting.save_council(council=council, by=request.user)
        return Response(CouncilSerializer(_full_council(council)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberAddSerializer, responses={201: CouncilMemberSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def members(self, request, pk=None):
        """List a member by the e-mail of their account (voting.add_member: one seat each, one chair; not once
        the council has voted)."""
        council = self.get_object()
        data = _valid(MemberAddSerializer, request.data)
        try:
            user = member_account(data["email"])
        except DjangoValidationError as exc:
            raise ValidationError({"email": exc.messages}) from exc
        member = voting.add_member(council=council, user=user, role=data["role"], position=data["position"],
                                   by=request.user)
        return Response(CouncilMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def sessions(self, request, pk=None):
        """Call a session of the council (voting.create_session); its attendance and ballot: council/sessions/."""
        council = self.get_object()
        data = _valid(SessionCreateSerializer, request.data)
        session = voting.create_session(council=council, by=request.user, **data)
        return Response(_session_data(request.user, session), status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("document", str, OpenApiParameter.PATH,
                                                enum=list(pdf.COUNCIL_DOCUMENTS))], responses=PDF)
    @action(detail=True, methods=["get"], url_path="documents/<slug:document>", url_name="document",
            filter_backends=[], pagination_class=None)
    def document(self, request, pk=None, document=None):
        """The council's PDF (the council_document page's, pdf.council_document): proposal (tờ trình), list (danh
        sách) or summary (tóm tắt thành tích)."""
        return pdf.council_document(get_council_for_secretariat(request.user, _int(pk)), document)


@extend_schema(tags=["secretariat"])
class SecretariatCouncilMemberViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A member of a council the account runs; DELETE takes them off the list (voting.remove_member)."""

    serializer_class = CouncilMemberSerializer
    filter_backends: list = []

    def get_object(self):
        member = get_object_or_404(CouncilMember.objects.select_related("council", "user"), pk=_int(self.kwargs["pk"]))
        get_council_for_secretariat(self.request.user, member.council_id)  # as the page: the council's funnel
        return member

    def perform_destroy(self, instance):
        voting.remove_member(member=instance, by=self.request.user)


# --- Council members and sessions --------------------------------------------------------------------------


@extend_schema(tags=["council"])
class MemberCouncilViewSet(viewsets.ReadOnlyModelViewSet):
    """The councils the account sits on, with its role there and their sessions (the my_councils page)."""

    serializer_class = SeatCouncilSerializer
    filter_backends: list = []

    def get_queryset(self):
        seats = seats_of(self.request.user)
        return (Council.objects.filter(members__in=seats)
                .annotate(my_role=Subquery(seats.filter(council=OuterRef("pk")).values("role")[:1]))
                .select_related("province").prefetch_related("sessions").order_by("pk"))

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=_int(self.kwargs["pk"]))


@extend_schema(tags=["council"])
class MemberNominationViewSet(viewsets.ReadOnlyModelViewSet):
    """The dossiers on the ballots of the account's councils and those waiting at their stage, as the
    member_dossier page shows them: achievements, standards check and evidence, never identity or contacts."""

    filter_backends: list = []

    def get_serializer_class(self):
        return MemberDossierListSerializer if self.action == "list" else MemberDossierSerializer

    def get_queryset(self):
        return nominations_for_council_member(self.request.user).select_related("province").order_by("pk")

    def get_object(self):
        nomination = get_nomination_for_council_member(self.request.user, _int(self.kwargs["pk"]))
        return (ArtisanNomination.objects.select_related("round__policy", "province")
                .prefetch_related("prior_titles", "works", "evidence").get(pk=nomination.pk))


def _members_of(session: CouncilSession, ids, field: str) -> list[CouncilMember]:
    """The council's members named by id; an id of no member of this council is refused under `field`."""
    found = list(session.council.members.filter(pk__in=ids).select_related("user"))
    unknown = sorted(set(ids) - {member.pk for member in found})
    if unknown:
        raise ValidationError({field: [_("Không có thành viên mã %(ids)s trong hội đồng này.")
                                       % {"ids": ", ".join(map(str, unknown[:20]))}]})
    return found


def _session_data(user, session: CouncilSession) -> dict:
    """The session as its page shows it (voting.session_view, the page's own reading of it)."""
    session = CouncilSession.objects.select_related("council__round__policy").get(pk=session.pk)
    view = voting.session_view(user, session)
    council = session.council
    closed = view.closed
    return SessionSerializer({
        "id": session.pk, "council": council.pk, "council_name": council.name, "held_on": session.held_on,
        "place": session.place, "state": session.state, "authorised_vice_chair": session.authorised_vice_chair_id,
        "listed_count": session.listed_count, "present_count": session.present_count,
        "voting_opened_at": session.voting_opened_at, "closed_at": session.closed_at,
        "runs": view.runs, "may_vote": view.may_vote, "needed": view.needed,
        "attendance": [{"member": line.member_id, "full_name": str(line.member.user), "role": line.member.role,
                        "present": line.present} for line in view.attendance],
        "quorum": view.quorum,
        "candidates": [{"id": line.pk, "nomination": line.nomination_id, "full_name": line.nomination.full_name,
                        "title_sought": line.nomination.title_sought, "craft": line.nomination.craft,
                        "approvals": line.approvals if closed else None,
                        "disapprovals": line.disapprovals if closed else None,
                        "passed": line.passed if closed else None} for line in view.candidates],
        "voted": [{"member": record.member_id, "full_name": str(record.member.user), "channel": record.channel}
                  for record in view.voters],
    }).data


@extend_schema(tags=["council"])
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sessions of the councils the account runs or sits on. Those who run them (the secretariat in scope, the
    council's secretary) record attendance, open voting, enter paper ballots and close; a present member casts
    their own secret ballot. Every step is the page's call to voting.py."""

    filterset_fields = ["council", "state"]

    def get_serializer_class(self):
        return SessionListSerializer if self.action == "list" else SessionSerializer

    def get_queryset(self):
        return sessions_for_user(self.request.user).select_related("council").order_by("-held_on", "-pk")

    def retrieve(self, request, pk=None):
        return Response(_session_data(request.user, get_session_for_user(request.user, _int(pk))))

    def _runner_session(self, pk) -> CouncilSession:
        session = get_session_for_user(self.request.user, _int(pk))
        if not runs_session(self.request.user, session):
            raise Http404
        return session

    @extend_schema(request=AttendanceSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def attendance(self, request, pk=None):
        """Who is present (the others absent) and, the chair absent, the vice-chair authorised to preside."""
        session = self._runner_session(pk)
        data = _valid(AttendanceSerializer, request.data)
        present = _members_of(session, data["present"], "present")
        vice_id = data["authorised_vice_chair"]
        vice = _members_of(session, [vice_id], "authorised_vice_chair")[0] if vice_id else None
        voting.record_attendance(session=session, present=present, authorised_vice_chair=vice, by=request.user)
        return Response(_session_data(request.user, session))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"], url_path="open", url_name="open", filter_backends=[])
    def open_voting(self, request, pk=None):
        """Check the quorum and open the ballot (voting.open_voting): members and candidates are fixed."""
        session = self._runner_session(pk)
        voting.open_voting(session=session, by=request.user)
        return Response(_session_data(request.user, session))

    @extend_schema(request=BallotSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def vote(self, request, pk=None):
        """The member's own secret ballot, one mark for every candidate line (voting.cast_ballots). It cannot be
        changed, and nothing ever shows it back: the answer says only that the member has voted."""
        session = get_session_for_user(request.user, _int(pk))
        seat = seats_of(request.user).filter(council_id=session.council_id).first()
        if seat is None:
            raise Http404
        data = _valid(BallotSerializer, request.data)
        voting.cast_ballots(session=session, voters=[seat], marks=data["marks"], by=request.user)
        return Response(_session_data(request.user, session))

    @extend_schema(request=PaperBallotsSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def paper(self, request, pk=None):
        """The counted paper ballots of present members (voting.cast_ballots, as the paper-ballot page)."""
        session = self._runner_session(pk)
        data = _valid(PaperBallotsSerializer, request.data)
        voters = _members_of(session, data["voters"], "voters")
        voting.cast_ballots(session=session, voters=voters, marks=data["marks"], by=request.user)
        return Response(_session_data(request.user, session))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        """Count the ballots, store the results and move the nominations (voting.close_session)."""
        session = self._runner_session(pk)
        voting.close_session(session=session, by=request.user)
        return Response(_session_data(request.user, session))

    @extend_schema(parameters=[OpenApiParameter("document", str, OpenApiParameter.PATH,
                                                enum=list(pdf.SESSION_DOCUMENTS))], responses=PDF)
    @action(detail=True, methods=["get"], url_path="documents/<slug:document>", url_name="document",
            filter_backends=[], pagination_class=None)
    def document(self, request, pk=None, document=None):
        """The session's PDF for everyone who reaches the session (the session_document page's,
        pdf.session_document): ballots (phiếu bầu), minutes (biên bản họp), count (biên bản kiểm phiếu, once
        closed)."""
        return pdf.session_document(get_session_for_user(request.user, _int(pk)), document)


def register(router) -> None:
    router.register("public/artisans", ArtisanRegisterViewSet, basename="public-artisan")
    router.register("artisans/nominations", CandidateNominationViewSet, basename="artisan-nomination")
    router.register("artisans/evidence", EvidenceViewSet, basename="artisan-evidence")
    router.register("secretariat/artisan-rounds", SecretariatArtisanRoundViewSet, basename="secretariat-artisan-round")
    router.register("secretariat/artisan-nominations", SecretariatArtisanNominationViewSet,
                    basename="secretariat-artisan-nomination")
    router.register("secretariat/artisan-comments", SecretariatArtisanCommentViewSet,
                    basename="secretariat-artisan-comment")
    router.register("secretariat/artisan-councils", SecretariatCouncilViewSet, basename="secretariat-artisan-council")
    router.register("secretariat/artisan-council-members", SecretariatCouncilMemberViewSet,
                    basename="secretariat-artisan-council-member")
    router.register("council/councils", MemberCouncilViewSet, basename="council")
    router.register("council/nominations", MemberNominationViewSet, basename="council-nomination")
    router.register("council/sessions", SessionViewSet, basename="council-session")
