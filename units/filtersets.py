import django_filters
from django.utils.translation import gettext_lazy as _

from units.models import Cluster, ClusterKind, UnitKind


class ChildFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices, empty_label=_("All kinds"))


class ClusterFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ClusterKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Cluster
        fields = ("year", "kind")
