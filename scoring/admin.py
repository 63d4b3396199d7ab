from django.contrib import admin

from .enums import RoundState
from .models import (
    ConflictDeclaration,
    Criterion,
    CriterionGroup,
    Forwarding,
    Jury,
    JuryMember,
    Nomination,
    NominationEvent,
    Recusal,
    RoundEvent,
    Rubric,
    ScoreChange,
    ScoreSheet,
    SelectionRound,
)
from .rubric_services import is_rubric_frozen


class RoundEventInline(admin.TabularInline):
    model = RoundEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "by", "reason", "at"]
    can_delete = False


class NominationEventInline(admin.TabularInline):
    model = NominationEvent
    extra = 0
    readonly_fields = ["from_state", "to_state", "by", "reason", "at"]
    can_delete = False


class FrozenRubricMixin:
    """A rubric used by a round that has started scoring is read-only here too (copy it to a new version)."""

    def rubric_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and is_rubric_frozen(self.rubric_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


class CriterionGroupInline(admin.TabularInline):
    model = CriterionGroup
    extra = 0


@admin.register(Rubric)
class RubricAdmin(FrozenRubricMixin, admin.ModelAdmin):
    list_display = ["name", "version", "total", "based_on"]
    inlines = [CriterionGroupInline]

    def rubric_of(self, obj):
        return obj


@admin.register(Criterion)
class CriterionAdmin(FrozenRubricMixin, admin.ModelAdmin):
    list_display = ["code", "name_vi", "group", "max", "step"]
    list_filter = ["group__rubric"]

    def rubric_of(self, obj):
        return obj.group.rubric


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["name", "round"]
    inlines = [JuryMemberInline]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["user", "producer", "relation", "recorded_by", "recorded_at"]
    raw_id_fields = ["user", "producer", "recorded_by"]


@admin.register(Recusal)
class RecusalAdmin(admin.ModelAdmin):
    """Read-only: a recusal changes what counts, so it is made only through juries.recuse (which refreshes the
    nomination's figures) and is kept for the record."""

    list_display = ["user", "nomination", "at"]
    readonly_fields = ["user", "nomination", "reason", "at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScoreChangeInline(admin.TabularInline):
    model = ScoreChange
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "old", "new", "by", "at", "path", "note"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    """Read-only: scores change only through the services, which keep the audit."""

    list_display = ["nomination", "member", "status", "total", "submitted_at"]
    list_filter = ["status", "nomination__round"]
    inlines = [ScoreChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SelectionRound)
class SelectionRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "year", "state", "registration_opens", "registration_closes"]
    list_filter = ["level", "state", "year"]
    search_fields = ["title"]
    # States move only through set_round_state, which records the history.
    readonly_fields = ["state", "created_by", "created_at"]
    inlines = [RoundEventInline]
    # Once sheets may exist, these settings are in the stored figures (scoring.figures): the round form refuses
    # them after the draft stage, and so does the admin.
    RESULTS_SETTINGS = ["method", "min_sheets", "outlier_distance", "tie_break_chain"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != RoundState.DRAFT:
            return [*self.readonly_fields, *self.RESULTS_SETTINGS]
        return self.readonly_fields


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["product", "round", "state", "submitted_at"]
    list_filter = ["state", "round__level"]
    search_fields = ["product__name", "product__producer__name"]
    raw_id_fields = ["product", "round"]
    readonly_fields = ["state", "submitted_at", "frozen_at", "created_by"]
    inlines = [NominationEventInline]


@admin.register(Forwarding)
class ForwardingAdmin(admin.ModelAdmin):
    list_display = ["product", "from_round", "to_round", "state"]
    list_filter = ["state"]
    raw_id_fields = ["product", "from_round", "to_round", "source_nomination", "nomination"]
