"""Back office for the artisan-title process. The policy versions are edited here (they are data); rounds,
councils and the register are read here and written through the pages, whose services hold the rules. Ballots
have no admin at all: there is nothing an administrator could read in them that the tally does not say."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from catalog.admin import AtomicImportAdminMixin, ReadOnlyAdmin

from .models import ArtisanNomination, ArtisanRound, ArtisanTitle, Council, CouncilMember, PolicyVersion, VoteRecord
from .resources import ArtisanTitleResource


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "effective_from", "quorum_percent", "approval_percent", "comment_days"]
    fieldsets = [
        (None, {"fields": ["name", "legal_basis", "effective_from", "notes"]}),
        ("NNND", {"fields": ["nnnd_requires_nnut", "nnnd_min_years", "nnnd_min_learners", "nnnd_min_learners_special",
                             "nnnd_min_works", "nnnd_national_rank", "nnnd_foreign_rank"]}),
        ("NNƯT", {"fields": ["nnut_min_years", "nnut_min_learners", "nnut_min_learners_special", "nnut_min_works",
                             "nnut_national_rank", "nnut_foreign_rank"]}),
        (None, {"fields": ["quorum_percent", "quorum_needs_chair", "approval_percent", "comment_days", "check_days",
                           "completion_days"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # A version a round applies stays, so the round can always say which rules it followed.
        return obj is None or not obj.rounds.exists()


@admin.register(ArtisanRound)
class ArtisanRoundAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "award_year", "announced_on", "policy"]


@admin.register(ArtisanNomination)
class ArtisanNominationAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "title_sought", "round", "province", "state"]
    list_filter = ["round", "title_sought", "state"]
    search_fields = ["full_name", "craft"]
    exclude = ["portrait"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    can_delete = False
    fields = ["user", "role", "position"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name", "level", "province", "round"]
    list_filter = ["round", "level"]
    inlines = [CouncilMemberInline]


@admin.register(VoteRecord)
class VoteRecordAdmin(ReadOnlyAdmin):
    """Who voted in which session: never how (there is no link to a ballot to show)."""

    list_display = ["session", "member", "channel"]
    list_filter = ["channel"]


@admin.register(ArtisanTitle)
class ArtisanTitleAdmin(AtomicImportAdminMixin, ImportExportModelAdmin):
    """The register; earlier rounds' published lists import here or on the secretariat's import page."""

    resource_classes = [ArtisanTitleResource]
    list_display = ["full_name", "title", "year", "craft", "province", "posthumous", "source"]
    list_filter = ["title", "year", "source", "posthumous"]
    search_fields = ["full_name", "craft", "search_words"]
    readonly_fields = ["source", "round", "nomination", "decided_on"]

    def has_change_permission(self, request, obj=None):
        # A line a decision wrote follows that decision; only imported lines are corrected here.
        return obj is None or obj.source != "awarded"

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.source != "awarded"
