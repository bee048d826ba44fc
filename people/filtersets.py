import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import Collective, CollectiveKind, Person
from units.models import Unit

ACTIVE_CHOICES = (("1", _("Active")), ("0", _("Deactivated")))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RegisterFilter(django_filters.FilterSet):
    """Shared by the people and the collectives: a search, a unit (and everything under it), active or not. The
    unit list is the user's units that keep a register."""

    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method="under_unit", empty_label=_("All units")
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"), choices=ACTIVE_CHOICES, method="by_active", empty_label=_("All")
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        keeping = Unit.objects.filter(Q(people__isnull=False) | Q(collectives__isnull=False)).values("pk")
        units = Unit.objects.restrict(user).filter(pk__in=keeping).order_by("path")
        self.filters["unit"].queryset = units
        self.form.fields["unit"].queryset = units

    def under_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")


class PersonFilter(RegisterFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    collective = django_filters.ModelChoiceFilter(
        label=_("Collective"), queryset=Collective.objects.none(), empty_label=_("All collectives")
    )

    class Meta:
        model = Person
        fields = ("q", "unit", "collective", "active")

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset=queryset, user=user, **kwargs)
        collectives = Collective.objects.restrict(user).exclude(kind=CollectiveKind.HOUSEHOLD)
        unit_pk = (data or {}).get("unit")
        if unit_pk and str(unit_pk).isdigit():
            unit = Unit.objects.filter(pk=unit_pk).first()
            if unit is not None:
                collectives = Collective.objects.restrict(user).filter(unit__path__startswith=unit.path)
        self.filters["collective"].queryset = collectives
        self.form.fields["collective"].queryset = collectives

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(full_name__icontains=word) | Q(position__icontains=word)
        return queryset.filter(condition)


class CollectiveFilter(RegisterFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CollectiveKind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Collective
        fields = ("q", "unit", "kind", "active")

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(name__icontains=word) | Q(head__icontains=word)
        return queryset.filter(condition)
