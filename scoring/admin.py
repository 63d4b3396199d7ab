from django.contrib import admin

from .models import Forwarding, Nomination, NominationEvent, RoundEvent, Rubric, SelectionRound


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


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "total"]


@admin.register(SelectionRound)
class SelectionRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "year", "state", "registration_opens", "registration_closes"]
    list_filter = ["level", "state", "year"]
    search_fields = ["title"]
    # States move only through set_round_state, which records the history.
    readonly_fields = ["state", "created_by", "created_at"]
    inlines = [RoundEventInline]


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
