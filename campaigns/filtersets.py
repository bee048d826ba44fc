import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignKind, CampaignStatus
from units.models import UnitKind
from units.text import search_key

LEVELS = [(k.value, k.label) for k in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.AGENCY)]


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="issuing_unit__kind", choices=LEVELS, empty_label=_("All levels")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CampaignKind.choices, empty_label=_("All"))

    class Meta:
        model = Campaign
        fields = ("q", "level", "year", "status", "kind")

    def search(self, queryset, name, value):
        words = value.split()
        condition = Q()
        for word in words:
            condition &= (
                Q(title__icontains=word)
                | Q(theme__icontains=word)
                | Q(symbol__icontains=word)
                | Q(issuing_unit__search_name__contains=search_key(word))
            )
        return queryset.filter(condition)
