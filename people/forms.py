"""Forms of the register. They only parse what was typed (dates dd/mm/yyyy); every rule is in people.services, whose
errors come back keyed by field. Labels are the models' own verbose names."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from awards.models import AwardKind, AwardRecord, AwardType, RecipientKind
from people.models import (
    Collective,
    CollectiveKind,
    DisciplineKind,
    DisciplineRecord,
    Initiative,
    Person,
    Rating,
    TaskRating,
)
from people.services import year_range
from units.dates import PlausibleDate
from units.models import Unit

DATE_PLACEHOLDER = "dd/mm/yyyy"


def _label(model, field: str):
    return capfirst(model._meta.get_field(field).verbose_name)


def _date_field(model, field: str, required: bool = True) -> forms.DateField:
    widget = forms.DateInput(attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "inputmode": "numeric"})
    label = _label(model, field)
    return forms.DateField(label=label, required=required, widget=widget, validators=[PlausibleDate(label)])


def _year_field(model, field: str = "year") -> forms.IntegerField:
    low, high = year_range()
    return forms.IntegerField(
        label=_label(model, field), widget=forms.NumberInput(attrs={"min": low, "max": high, "style": "width: 7em"})
    )


def editable_units(user):
    """The units where the user may keep the register: in scope, under a unit where they may edit people."""
    return Unit.objects.restrict(user, "person.edit")


def collectives_for(user, unit: Unit):
    """The collectives a person of ``unit`` may belong to: kept by the unit or a unit above it, and visible."""
    line = [u.path for u in Unit.objects.get_ancestors(unit)] + [unit.path]
    return Collective.objects.restrict(user).filter(unit__path__in=line, active=True).select_related("unit")


class CollectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()}, {obj.unit.name})"


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_label(Person, "full_name"), max_length=150)
    birth_year = forms.IntegerField(
        label=_label(Person, "birth_year"), required=False, widget=forms.NumberInput(attrs={"style": "width: 7em"})
    )
    female = forms.NullBooleanField(
        label=_label(Person, "female"),
        required=False,
        widget=forms.Select(choices=[("", "—"), ("false", _("male")), ("true", _("female"))]),
    )
    position = forms.CharField(label=_label(Person, "position"), max_length=200, required=False)
    collective = CollectiveChoiceField(
        label=_label(Person, "collective"), queryset=Collective.objects.none(), required=False
    )

    def __init__(self, data=None, *, user, unit: Unit, instance: Person | None = None):
        initial = {}
        if instance is not None:
            initial = {name: getattr(instance, name) for name in ("full_name", "birth_year", "female", "position")}
            initial.update(collective=instance.collective_id, unit=instance.unit_id, active=instance.active)
        super().__init__(data, initial=initial)
        self.fields["full_name"].widget.attrs["autofocus"] = True
        if instance is not None:
            units = editable_units(user).filter(edition=instance.unit.edition) | Unit.objects.filter(
                pk=instance.unit_id
            )
            self.fields["unit"] = forms.ModelChoiceField(
                label=_label(Person, "unit"), queryset=units.distinct().order_by("path")
            )
            self.fields["active"] = forms.BooleanField(
                label=_label(Person, "active"),
                required=False,
                help_text=_("Untick to deactivate: the person's record is kept, but they are no longer listed."),
            )
            self.order_fields(["full_name", "birth_year", "female", "position", "unit", "collective", "active"])
        # The collectives of the person's unit line; a person moved to another unit picks one of the new line after.
        base = instance.unit if instance is not None else unit
        collectives = collectives_for(user, base)
        if instance is not None and instance.collective_id:  # kept even if since deactivated
            collectives = collectives | Collective.objects.filter(pk=instance.collective_id)
        self.fields["collective"].queryset = collectives.distinct()


class CollectiveForm(forms.Form):
    kind = forms.ChoiceField(label=_label(Collective, "kind"), choices=CollectiveKind.choices)
    name = forms.CharField(label=_label(Collective, "name"), max_length=200)
    linked_unit = forms.ModelChoiceField(
        label=_label(Collective, "linked_unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=Collective._meta.get_field("linked_unit").help_text,
    )
    head = forms.CharField(
        label=_label(Collective, "head"),
        max_length=150,
        required=False,
        help_text=_("For a household: the head of the household."),
    )

    def __init__(self, data=None, *, user, unit: Unit, instance: Collective | None = None):
        initial = {}
        if instance is not None:
            initial = {"kind": instance.kind, "name": instance.name, "linked_unit": instance.linked_unit_id}
            initial.update(head=instance.head, active=instance.active)
        super().__init__(data, initial=initial)
        self.fields["linked_unit"].queryset = (
            Unit.objects.restrict(user).filter(path__startswith=unit.path, edition=unit.edition).order_by("path")
        )
        if instance is not None:
            self.fields["active"] = forms.BooleanField(
                label=_label(Collective, "active"),
                required=False,
                help_text=_("Untick to deactivate: the record is kept, but it is no longer listed."),
            )


class RatingForm(forms.Form):
    year = _year_field(TaskRating)
    rating = forms.ChoiceField(label=_label(TaskRating, "rating"), choices=Rating.choices)
    note = forms.CharField(label=_label(TaskRating, "note"), max_length=300, required=False)
    replace = forms.BooleanField(label=_("Replace the rating of that year"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="rating", **kwargs)


class InitiativeForm(forms.Form):
    code = forms.CharField(
        label=_label(Initiative, "code"), max_length=40, help_text=Initiative._meta.get_field("code").help_text
    )
    title = forms.CharField(label=_label(Initiative, "title"), max_length=500)
    recognised_by = forms.CharField(label=_label(Initiative, "recognised_by"), max_length=200)
    recognised_on = _date_field(Initiative, "recognised_on")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="initiative", **kwargs)


class DisciplineForm(forms.Form):
    kind = forms.ChoiceField(label=_label(DisciplineRecord, "kind"), choices=DisciplineKind.choices)
    started_on = _date_field(DisciplineRecord, "started_on")
    ended_on = _date_field(DisciplineRecord, "ended_on", required=False)
    note = forms.CharField(label=_label(DisciplineRecord, "note"), max_length=500, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="discipline", **kwargs)
        self.fields["ended_on"].help_text = DisciplineRecord._meta.get_field("ended_on").help_text


class DisciplineEndForm(forms.Form):
    ended_on = _date_field(DisciplineRecord, "ended_on")


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.short_name})" if obj.short_name and obj.short_name != obj.name else obj.name


class AwardRecordForm(forms.Form):
    award_type = AwardTypeChoiceField(label=_label(AwardRecord, "award_type"), queryset=AwardType.objects.none())
    year = _year_field(AwardRecord)
    award_kind = forms.ChoiceField(label=_label(AwardRecord, "award_kind"), choices=AwardKind.choices)
    decision_reference = forms.CharField(
        label=_label(AwardRecord, "decision_reference"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "123/QĐ-UBND"}),
    )
    decided_on = _date_field(AwardRecord, "decided_on")
    decided_by = forms.CharField(
        label=_label(AwardRecord, "decided_by"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Chủ tịch UBND huyện Cao Lộc"}),
    )
    printed_title = forms.CharField(
        label=_label(AwardRecord, "printed_title"),
        max_length=200,
        required=False,
        help_text=AwardRecord._meta.get_field("printed_title").help_text,
    )
    amount = forms.IntegerField(label=_label(AwardRecord, "amount"), required=False, min_value=0)
    note = forms.CharField(label=_label(AwardRecord, "note"), max_length=300, required=False)

    def __init__(self, data=None, *, individual: bool, **kwargs):
        super().__init__(data, prefix="award", **kwargs)
        types = AwardType.objects.all()
        if individual:
            types = types.filter(recipient=RecipientKind.INDIVIDUAL)
        else:
            types = types.exclude(recipient=RecipientKind.INDIVIDUAL)
        self.fields["award_type"].queryset = types


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("First row: Họ và tên, Năm sinh, Chức vụ, Tập thể; one person a row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class AwardImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("One recipient of a past decision a row, as the decision prints it; download the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
