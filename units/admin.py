from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from units.models import Cluster, ClusterMember, Unit, UnitSuccession
from units.text import search_key


class UnitSuccessionInline(admin.TabularInline):
    """The unit's successors (units/data/successors-2025.tsv, or added here for a later reorganisation)."""

    model = UnitSuccession
    fk_name = "old"
    extra = 0
    raw_id_fields = ("new",)
    fields = ("new", "is_main", "note")


@admin.register(Unit)
class UnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=("search_name",))
    list_display = ("name", "unit_type", "code", "edition", "official")
    list_filter = ("edition", "kind", "official")
    search_fields = ("name", "code", "search_name")
    raw_id_fields = ("successor",)
    inlines = (UnitSuccessionInline,)

    def get_search_results(self, request, queryset, search_term):
        # Diacritic-free search as in the app: "cao lau" finds "Xã Cao Lâu".
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset | self.model.objects.filter(search_name__contains=search_key(search_term)), duplicates


class ClusterMemberInline(admin.TabularInline):
    model = ClusterMember
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "kind", "organiser")
    list_filter = ("year", "kind")
    search_fields = ("name",)
    autocomplete_fields = ("organiser",)
    inlines = (ClusterMemberInline,)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old", "new", "is_main", "note")
    list_filter = ("is_main", "old__kind")
    search_fields = ("old__name", "old__code", "new__name", "new__code")
    raw_id_fields = ("old", "new")
    list_select_related = ("old", "new")
