from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from units.models import Cluster, ClusterMember, Unit
from units.text import search_key


@admin.register(Unit)
class UnitAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=("search_name",))
    list_display = ("name", "unit_type", "code", "edition", "official")
    list_filter = ("edition", "kind", "official")
    search_fields = ("name", "code", "search_name")
    raw_id_fields = ("successor",)

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
