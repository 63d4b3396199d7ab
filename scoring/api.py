"""The API of rounds, nominations, judging and the secretariat's round work.

Each view finds its object through scoring.permissions (404 for another's object) and changes it through the
service the page calls (scoring.services, scoring.sheets, scoring.juries), so a rule exists once.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from catalog.api import _int
from catalog.numbers import number_text
from catalog.permissions import get_product_for_user

from . import juries, paper_sheets, ranking_queries, rubric_services, services, sheets
from .dossier import dossier_for_jury
from .enums import ChangePath, NominationState, RoundState
from .models import Jury, Nomination, Recusal, ScoreSheet, SelectionRound
from .permissions import (
    get_nomination_for_judge,
    get_nomination_for_producer,
    get_nomination_for_secretariat,
    get_round_for_secretariat,
    nominations_for_judge,
    nominations_for_producer,
    nominations_for_secretariat,
    rounds_for_secretariat,
)
from .progress import round_progress
from .results import Ranking, ReportRow, eligibility_problem, round_ranking
from .serializers import (
    ConflictSerializer,
    JudgeNominationSerializer,
    JuryCreateSerializer,
    JuryMemberCreateSerializer,
    JurySerializer,
    NominationCreateSerializer,
    NominationDecisionSerializer,
    NominationSerializer,
    NominationUpdateSerializer,
    PaperSheetResultSerializer,
    PaperSheetSerializer,
    ProgressSerializer,
    RankingRowSerializer,
    ReasonSerializer,
    RoundSerializer,
    RoundStateSerializer,
    SheetWriteSerializer,
)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Public ------------------------------------------------------------------------------------------------


@extend_schema(tags=["public"])
class PublicRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Rounds once announced (a draft round is the secretariat's alone)."""

    permission_classes = [AllowAny]
    serializer_class = RoundSerializer
    filterset_fields = ["level", "year", "state"]

    def get_queryset(self):
        return (SelectionRound.objects.exclude(state=RoundState.DRAFT)
                .select_related("scope_province", "scope_region").order_by("-year", "pk"))


# --- Producer ----------------------------------------------------------------------------------------------


@extend_schema(tags=["producer"])
class NominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The producer's nominations: create, edit the round's part, submit, withdraw; status and history."""

    serializer_class = NominationSerializer
    filterset_fields = ["round", "state"]

    def get_queryset(self):
        return (nominations_for_producer(self.request.user).select_related("product")
                .prefetch_related("events").order_by("pk"))

    def get_object(self):
        return get_nomination_for_producer(self.request.user, _int(self.kwargs["pk"]))

    @extend_schema(request=NominationCreateSerializer, responses={201: NominationSerializer})
    def create(self, request):
        data = _valid(NominationCreateSerializer, request.data)
        # Only rounds open for registration, as the nominate page: a draft round is not even named.
        selection_round = SelectionRound.objects.open_for_registration().filter(pk=data["round"]).first()
        if selection_round is None:
            raise ValidationError({"round": [_("Không có đợt bình chọn này.")]})
        product = get_product_for_user(request.user, data["product"], for_edit=True)
        nomination = services.create_nomination(round=selection_round, product=product, by=request.user,
                                                round_notes=data["round_notes"],
                                                sample_delivery=data["sample_delivery"])
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NominationUpdateSerializer, responses=NominationSerializer)
    def partial_update(self, request, pk=None):
        nomination = self.get_object()
        data = _valid(NominationUpdateSerializer, request.data)
        nomination = services.update_nomination(nomination=nomination, by=request.user, **data)
        return Response(NominationSerializer(nomination).data)

    def _move(self, request, new_state):
        nomination = self.get_object()
        reason = _valid(ReasonSerializer, request.data)["reason"]
        nomination = services.set_nomination_state(nomination=nomination, new_state=new_state, by=request.user,
                                                    reason=reason)
        return Response(NominationSerializer(nomination).data)

    @extend_schema(request=ReasonSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(request, NominationState.SUBMITTED)

    @extend_schema(request=ReasonSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(request, NominationState.WITHDRAWN)


# --- Jury member -------------------------------------------------------------------------------------------


def _sheet_data(nomination: Nomination, sheet: ScoreSheet | None) -> dict:
    criteria = rubric_services.criteria_of(rubric_services.rubric_for(nomination))
    scores = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
    return {
        "status": sheet.status if sheet else None,
        "total": sheet.total if sheet else None,
        "overall_comment": sheet.overall_comment if sheet else "",
        "submitted_at": sheet.submitted_at if sheet else None,
        "criteria": [
            {"code": c.code, "name": c.name_vi, "group": c.group.code, "max": c.max, "step": c.step,
             "value": scores[c.pk].value if c.pk in scores else None,
             "comment": scores[c.pk].comment if c.pk in scores else ""}
            for c in criteria
        ],
    }


def _judge_entry(nomination: Nomination, user, *, recused: set[int], full: bool) -> dict:
    entry = {"id": nomination.pk, "round": nomination.round_id, "round_title": nomination.round.title,
             "group": nomination.product.group, "recused": nomination.pk in recused}
    if full:
        sheet = ScoreSheet.objects.filter(nomination=nomination, member=user).first()
        entry["dossier"] = dossier_for_jury(nomination)
        entry["sheet"] = _sheet_data(nomination, sheet)
    return entry


@extend_schema(tags=["jury"])
class JudgeNominationViewSet(viewsets.GenericViewSet):
    """Nominations the member is to score, each with its frozen dossier; with blind judging nothing in them
    names the producer. The member's own sheet is saved as a draft and submitted through scoring.sheets."""

    serializer_class = JudgeNominationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return nominations_for_judge(self.request.user).select_related("round", "product").order_by("pk")

    def _recused(self) -> set[int]:
        return set(Recusal.objects.filter(user=self.request.user).values_list("nomination_id", flat=True))

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        recused = self._recused()
        entries = [_judge_entry(n, request.user, recused=recused, full=False) for n in page]
        return self.get_paginated_response(JudgeNominationSerializer(entries, many=True).data)

    def retrieve(self, request, pk=None):
        nomination = get_nomination_for_judge(request.user, _int(pk))
        entry = _judge_entry(nomination, request.user, recused=self._recused(), full=True)
        return Response(JudgeNominationSerializer(entry).data)

    def _save(self, request, pk):
        data = _valid(SheetWriteSerializer, request.data)
        try:
            return sheets.save_scores(nomination_id=_int(pk), member=request.user, by=request.user,
                                      path=ChangePath.API, values=data["values"], comments=data["comments"],
                                      overall_comment=data["overall_comment"])
        except sheets.NotJudging as exc:
            raise NotFound from exc

    @extend_schema(request=SheetWriteSerializer, responses=JudgeNominationSerializer)
    @action(detail=True, methods=["put"])
    def sheet(self, request, pk=None):
        """Save a draft: values and comments by criterion code; all or nothing, errors by criterion code."""
        self._save(request, pk)
        return self.retrieve(request, pk)

    @extend_schema(request=SheetWriteSerializer, responses=JudgeNominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Save what is sent, then submit and lock the sheet (refused while incomplete)."""
        sheet = self._save(request, pk)
        sheets.submit_score_sheet(sheet=sheet, by=request.user)
        return self.retrieve(request, pk)

    @extend_schema(request=ReasonSerializer, responses=JudgeNominationSerializer)
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        nomination = get_nomination_for_judge(request.user, _int(pk))
        reason = _valid(ReasonSerializer, request.data)["reason"]
        juries.recuse(nomination=nomination, by=request.user, reason=reason)
        return self.retrieve(request, pk)


@extend_schema(tags=["jury"])
class ConflictViewSet(viewsets.GenericViewSet):
    """A member declares a conflict of interest with a producer named by tax code (not chosen from a list,
    which would undo blind judging)."""

    serializer_class = ConflictSerializer
    filter_backends: list = []

    @extend_schema(responses={201: None})
    def create(self, request):
        from catalog.models import Producer

        if not request.user.is_jury:  # the page's jury_required answers 404 to other roles
            raise NotFound
        data = _valid(ConflictSerializer, request.data)
        producer = Producer.objects.filter(tax_code=data["tax_code"].strip()).first()
        if producer is None:
            raise ValidationError({"tax_code": [_("Không tìm thấy cơ sở có mã số thuế này.")]})
        juries.declare_conflict(user=request.user, producer=producer, relation=data["relation"], note=data["note"],
                                by=request.user)
        return Response(status=status.HTTP_201_CREATED)


# --- Secretariat -------------------------------------------------------------------------------------------


@extend_schema(tags=["secretariat"])
class SecretariatRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """The rounds within the account's scope: state moves and scoring progress."""

    serializer_class = RoundSerializer
    filterset_fields = ["level", "year", "state"]

    def get_queryset(self):
        return rounds_for_secretariat(self.request.user).select_related("scope_province", "scope_region").order_by(
            "-year", "pk")

    def get_object(self):
        return get_round_for_secretariat(self.request.user, _int(self.kwargs["pk"]))

    @extend_schema(request=RoundStateSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        selection_round = self.get_object()
        data = _valid(RoundStateSerializer, request.data)
        selection_round = services.set_round_state(round=selection_round, new_state=data["new_state"],
                                                   by=request.user, reason=data["reason"])
        return Response(RoundSerializer(selection_round).data)

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True, methods=["get"], filter_backends=[])
    def progress(self, request, pk=None):
        return Response(ProgressSerializer(round_progress(self.get_object())).data)

    @extend_schema(parameters=[OpenApiParameter("group", str, description=_("Mã nhóm sản phẩm: xếp hạng riêng "
                                                                             "trong nhóm."))],
                   responses=RankingRowSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def ranking(self, request, pk=None):
        """The round's ranking as its page shows it, a page at a time (ranks are those of the whole list);
        provisional while scoring runs."""
        selection_round = self.get_object()
        group = request.query_params.get("group") or None
        if group is not None and group not in selection_round.groups:
            raise ValidationError({"group": [_("Đợt bình chọn không có nhóm sản phẩm này.")]})
        ranking = round_ranking(selection_round, group=group)
        page = self.paginate_queryset(ranking_queries.ranking(selection_round, group=group))
        rows = [ranking_entry(ranking, row) for row in ranking.rows(page)]
        return self.get_paginated_response(RankingRowSerializer(rows, many=True).data)


def _figure(value) -> str | None:
    """A stored 2-place figure as its exact text ("84.00"), the same in every language."""
    return None if value is None else f"{value:.2f}"


def ranking_entry(ranking: Ranking, row: ReportRow) -> dict:
    """A line of the ranking page (templates/scoring/report_table.html) as data: the same figures, the same
    words for its standing and flags (scoring.report_views.flag_texts), the eligibility the decision checks."""
    from .report_views import flag_texts  # the page's own wording of flags

    ranked, product = row.ranked, row.nomination.product
    return {
        "nomination": row.nomination.pk, "product_name": product.name, "producer_name": product.producer.name,
        "group": product.group, "rank": ranked.rank, "average": _figure(ranked.average),
        "exact_average": ranked.exact_average_text, "average_display": number_text(ranked.average, 2),
        "group_averages": {code: _figure(value) for code, value in row.group_averages.items()},
        "zscore": _figure(row.zscore), "spread": _figure(row.spread), "range": _figure(row.range),
        "sheet_count": row.sheet_count,
        "member_totals": [{"member": member.label, "total": _figure(total)}
                          for member, total in zip(ranking.members, row.member_totals, strict=True)],
        "passes": ranked.passes, "within_quota": ranked.within_quota,
        "council_decision_needed": ranked.council_decision_needed, "quota_tie": ranked.quota_tie,
        "provisional": ranked.provisional, "eligible": ranked.eligible,
        "eligibility_problem": eligibility_problem(ranked, ranking.round.min_sheets),
        "standing": ranked.standing, "standing_label": row.standing[0],
        "flags": flag_texts(ranking.members, row.flags),
    }


@extend_schema(tags=["secretariat"])
class SecretariatNominationViewSet(viewsets.ReadOnlyModelViewSet):
    """Nominations of the account's rounds: accept, return for correction, reject (with a reason)."""

    serializer_class = NominationSerializer
    filterset_fields = ["round", "state"]

    def get_queryset(self):
        return (nominations_for_secretariat(self.request.user).select_related("product")
                .prefetch_related("events").order_by("pk"))

    def get_object(self):
        return get_nomination_for_secretariat(self.request.user, _int(self.kwargs["pk"]))

    @extend_schema(request=NominationDecisionSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        nomination = self.get_object()
        data = _valid(NominationDecisionSerializer, request.data)
        nomination = services.set_nomination_state(nomination=nomination, new_state=data["decision"],
                                                   by=request.user, reason=data["reason"])
        return Response(NominationSerializer(nomination).data)

    @extend_schema(request=PaperSheetSerializer, responses=PaperSheetResultSerializer)
    @action(detail=True, methods=["post"], url_path="paper-sheet", url_name="paper-sheet")
    def paper_sheet(self, request, pk=None):
        """Enter one member's paper score sheet (scoring.paper_sheets.enter_paper_sheet, as a row of the
        paper-sheet import): scores by criterion code within each maximum and step; submitted unless
        `submit` is false. Errors by criterion code, or under "email"."""
        nomination = self.get_object()
        data = _valid(PaperSheetSerializer, request.data)
        sheet = paper_sheets.enter_paper_sheet(nomination=nomination, email=data["email"], by=request.user,
                                               values=data["values"], comments=data["comments"],
                                               overall_comment=data["overall_comment"], submit=data["submit"])
        sheet = ScoreSheet.objects.prefetch_related("scores").get(pk=sheet.pk)
        return Response(PaperSheetResultSerializer({"nomination": nomination.pk, "member": sheet.member.email,
                                                    "sheet": _sheet_data(nomination, sheet)}).data)


@extend_schema(tags=["secretariat"])
class SecretariatJuryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Juries of the account's rounds and their members."""

    serializer_class = JurySerializer
    filterset_fields = ["round"]

    def get_queryset(self):
        return (Jury.objects.filter(round__in=rounds_for_secretariat(self.request.user))
                .prefetch_related("members__user").order_by("pk"))

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=_int(self.kwargs["pk"]))

    @extend_schema(request=JuryCreateSerializer, responses={201: JurySerializer})
    def create(self, request):
        data = _valid(JuryCreateSerializer, request.data)
        selection_round = get_round_for_secretariat(request.user, data["round"])
        jury = juries.create_jury(round=selection_round, name=data["name"], groups=data["groups"], by=request.user)
        return Response(JurySerializer(jury).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=JuryMemberCreateSerializer, responses={201: JurySerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        from catalog.models import User

        jury = self.get_object()
        data = _valid(JuryMemberCreateSerializer, request.data)
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user is None:
            raise ValidationError({"email": [_("Không có tài khoản với e-mail này.")]})
        juries.add_jury_member(jury=jury, user=user, role=data["role"], by=request.user)
        return Response(JurySerializer(self.get_object()).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("public/rounds", PublicRoundViewSet, basename="public-round")
    router.register("nominations", NominationViewSet, basename="nomination")
    router.register("jury/nominations", JudgeNominationViewSet, basename="jury-nomination")
    router.register("jury/conflicts", ConflictViewSet, basename="jury-conflict")
    router.register("secretariat/rounds", SecretariatRoundViewSet, basename="secretariat-round")
    router.register("secretariat/nominations", SecretariatNominationViewSet, basename="secretariat-nomination")
    router.register("secretariat/juries", SecretariatJuryViewSet, basename="secretariat-jury")
