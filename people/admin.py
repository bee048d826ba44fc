from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from people.models import Collective, DisciplineRecord, Initiative, Person, TaskRating


class RatingInline(admin.TabularInline):
    model = TaskRating
    extra = 0
    fields = ("year", "rating", "note")


class DisciplineInline(admin.TabularInline):
    model = DisciplineRecord
    extra = 0
    fields = ("kind", "started_on", "ended_on", "note")


class InitiativeInline(admin.TabularInline):
    model = Initiative
    extra = 0
    fields = ("code", "title", "recognised_by", "recognised_on", "used_by")
    raw_id_fields = ("used_by",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "birth_year", "position", "unit", "collective", "active")
    list_filter = ("active", "female")
    search_fields = ("full_name", "position", "unit__name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("collective",)
    inlines = (RatingInline, InitiativeInline, DisciplineInline)


@admin.register(Collective)
class CollectiveAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "unit", "linked_unit", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "head", "unit__name")
    autocomplete_fields = ("unit", "linked_unit")
    inlines = (RatingInline, DisciplineInline)


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "person", "recognised_by", "recognised_on", "used_by")
    search_fields = ("code", "title", "person__full_name")
    raw_id_fields = ("person", "used_by")


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "started_on", "ended_on")
    list_filter = ("kind",)
    raw_id_fields = ("person", "collective")


@admin.register(TaskRating)
class TaskRatingAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "year", "rating")
    list_filter = ("year", "rating")
    raw_id_fields = ("person", "collective")
