import django_filters
from django.utils.translation import gettext_lazy as _

from units.models import Cluster, ClusterKind, UnitKind


class ChildFilter(django_filters.FilterSet):
    """The units below a unit: by name (with or without diacritics) and by kind."""

    q = django_filters.CharFilter(label=_("Name"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices, empty_label=_("All kinds"))

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


class ClusterFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ClusterKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Cluster
        fields = ("year", "kind")
