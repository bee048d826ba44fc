from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nominations.models import Ballot, CouncilMember, CouncilSession, DossierFile, Nomination


class DossierFileInline(admin.TabularInline):
    model = DossierFile
    extra = 0
    fields = ("kind", "name", "size", "content_type", "uploaded_by", "uploaded")
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "unit", "year", "award_type", "status", "eligible")
    list_filter = ("status", "eligible", "year", "award_type")
    search_fields = ("person__full_name", "collective__name", "unit__name")
    raw_id_fields = ("unit", "person", "collective", "campaign")
    readonly_fields = ("eligible", "explanation", "checked_at", "version")
    inlines = (DossierFileInline,)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0


@admin.register(CouncilSession)
class CouncilSessionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "unit", "year", "held_on", "status")
    list_filter = ("status", "year")
    raw_id_fields = ("unit",)
    inlines = (CouncilMemberInline,)


@admin.register(Ballot)
class BallotAdmin(SimpleHistoryAdmin):
    list_display = ("nomination", "session", "votes_for", "votes_against", "members_total", "threshold", "passed")
    raw_id_fields = ("session", "nomination")
    readonly_fields = ("members_total", "threshold", "passed")
