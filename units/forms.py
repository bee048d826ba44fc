from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import KIND_TYPES, Cluster, ClusterKind, MemberRole, Unit, UnitKind, UnitType
from units.models.units import NAME_MAX_LENGTH
from units.text import nfc

# The largest id a database column holds (a 64-bit integer): SQLite refuses a larger number with OverflowError.
MAX_ID = 2**63 - 1


class ModelIdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses an id no database could hold, as it refuses any unknown id
    (Django's own field sends it to the database, where SQLite raises OverflowError)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if text.isdigit() and int(text) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class ManagedFormSet(forms.BaseFormSet):
    """A formset whose management fields, when missing or changed outside the page, are explained in Vietnamese:
    no field of the page is wrong, the page itself is stale or was altered."""

    default_error_messages = {
        "missing_management_form": _(
            "The form was changed outside this page or is incomplete (%(field_names)s). Reload the page and "
            "enter the changes again."
        ),
    }


def _type_choices(*kinds):
    return [(t.value, t.label) for kind in kinds for t in UnitType if t in KIND_TYPES[kind]]


class UnitChildForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    unit_type = forms.ChoiceField(label=_("Type"), choices=[])
    name = forms.CharField(
        label=_("Full name"), max_length=NAME_MAX_LENGTH, help_text=_("For example: Thôn Khòn Khuyên")
    )
    short_name = forms.CharField(label=_("Short name"), max_length=NAME_MAX_LENGTH, required=False)
    code = forms.CharField(
        label=_("Code"), max_length=32, required=False, help_text=_("Leave empty to number it after the parent's code.")
    )

    def __init__(self, *args, parent: Unit, instance: Unit | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "unit_type": instance.unit_type,
                    "name": instance.name,
                    "short_name": instance.short_name,
                    "code": instance.code,
                },
            )
        super().__init__(*args, **kwargs)
        kinds = [UnitKind.AGENCY]
        if parent.kind == UnitKind.COMMUNE:
            kinds.insert(0, UnitKind.VILLAGE)
        if instance is not None:
            kinds = [UnitKind(instance.kind)]
            self.fields["kind"].disabled = True
            self.fields["code"].required = True
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["unit_type"].choices = _type_choices(*kinds)

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean(self):
        data = super().clean()
        kind, unit_type = data.get("kind"), data.get("unit_type")
        if kind and unit_type and unit_type not in KIND_TYPES[kind]:
            self.add_error("unit_type", _("This type does not fit the chosen kind of unit."))
        return data


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), max_length=100, required=False)


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ("year", "kind", "name", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ClusterMemberForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["unit"].queryset = candidates


ClusterMemberFormSet = forms.formset_factory(
    ClusterMemberForm, formset=ManagedFormSet, extra=3, can_delete=True, max_num=500
)

__all__ = ("UnitChildForm", "UnitSearchForm", "ClusterForm", "ClusterMemberFormSet", "ClusterKind")
