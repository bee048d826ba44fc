"""Filters of the API's lists (django-filter); a value a filter does not take is 400 with the field named."""

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.filtersets import CampaignFilter
from documents.models import IssuedDocument
from reports.models import Period, Report, ReportStatus
from units.models import Edition, Unit, UnitKind

__all__ = ("CampaignFilter", "IssuedDocumentFilter", "PeriodFilter", "ReportFilter", "UnitFilter")

ID = {"min_value": 1, "max_value": 2**63 - 1}


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search", max_length=100)
    edition = django_filters.ChoiceFilter(choices=Edition.choices)
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    code = django_filters.CharFilter(max_length=32)
    parent = django_filters.NumberFilter(label=_("parent"), method="under_parent", **ID)

    class Meta:
        model = Unit
        fields = ("q", "edition", "kind", "code", "parent")

    def search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def under_parent(self, queryset, name, value):
        parent = Unit.objects.filter(pk=value).first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)


class PeriodFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(**ID)

    class Meta:
        model = Period
        fields = ("campaign",)


class ReportFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(field_name="period__campaign", **ID)
    period = django_filters.NumberFilter(**ID)
    unit = django_filters.NumberFilter(**ID)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = Report
        fields = ("campaign", "period", "unit", "status")


class IssuedDocumentFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(**ID)
    code = django_filters.CharFilter(max_length=9)
    year = django_filters.NumberFilter(field_name="issued_on__year", min_value=1945, max_value=2100)

    class Meta:
        model = IssuedDocument
        fields = ("unit", "code", "year")
