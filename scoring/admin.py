from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import (
    CouncilDecision,
    Criterion,
    DecisionItem,
    EntryEvidence,
    LeadingProposal,
    ProposedUnit,
    ScoreEntry,
    ScoreSheet,
    ScoreStage,
    SheetParticipant,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = (
        "parent",
        "position",
        "label",
        "heading",
        "kind",
        "max_points",
        "per_case",
        "levels",
        "bonus_cap",
        "penalty_cap",
        "figure",
        "formula",
        "formula_params",
    )
    raw_id_fields = ("parent", "figure")
    extra = 0


class StageInline(admin.TabularInline):
    model = ScoreStage
    fields = ("kind", "status", "opened_at", "opened_by", "closed_at", "closed_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ParticipantInline(admin.TabularInline):
    model = SheetParticipant
    raw_id_fields = ("unit",)
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cluster", "organiser", "campaign", "period", "created")
    list_select_related = ("cluster", "organiser", "campaign__doc_type", "period")
    raw_id_fields = ("cluster", "organiser", "campaign", "period")
    search_fields = ("title", "cluster__name", "organiser__name")
    inlines = (StageInline, ParticipantInline, CriterionInline)


class EvidenceInline(admin.TabularInline):
    model = EntryEvidence
    fields = ("name", "content_type", "size", "sha256", "added_by", "added_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoreEntry)
class ScoreEntryAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "criterion", "stage", "score", "updated_by", "updated")
    list_select_related = ("unit", "criterion", "stage__sheet", "updated_by")
    raw_id_fields = ("stage", "criterion", "unit", "updated_by")
    inlines = (EvidenceInline,)


class ProposedUnitInline(admin.TabularInline):
    model = ProposedUnit
    raw_id_fields = ("unit",)
    extra = 0


@admin.register(LeadingProposal)
class LeadingProposalAdmin(SimpleHistoryAdmin):
    list_display = ("sheet", "proposed_by", "proposed_at")
    raw_id_fields = ("sheet", "proposed_by")
    inlines = (ProposedUnitInline,)


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    raw_id_fields = ("unit",)
    extra = 0


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("proposal", "decided_by", "decided_at")
    raw_id_fields = ("proposal", "decided_by")
    inlines = (DecisionItemInline,)
