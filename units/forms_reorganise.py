"""The form of the admin's reorganisation page (units.admin.UnitAdmin.reorganise_view)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from units.models import Edition
from units.reorganise import MERGE, REASON_MAX_LENGTH, SPLIT, parse_date


class ReorganiseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("reorganisation"),
        choices=[(MERGE, _("Merge units into one")), (SPLIT, _("Split one unit between several"))],
    )
    edition = forms.ChoiceField(label=_("list of units"), choices=Edition.choices, initial=Edition.E2025_07)
    sources = forms.CharField(
        label=_("units that cease"), max_length=2000, help_text=_("Codes, separated by commas: 06202, 06205.")
    )
    targets = forms.CharField(
        label=_("successor units"),
        max_length=2000,
        help_text=_("The code of the unit they merge into; for a split, the codes of the units it is split into."),
    )
    main = forms.CharField(
        label=_("main successor"), max_length=40, required=False, help_text=_("For a split; by default the first.")
    )
    parts = forms.CharField(
        label=_("villages or agencies going to another successor"),
        max_length=2000,
        required=False,
        help_text=_("For a split, when some do not go to the main one: CODE=SUCCESSOR, separated by commas."),
    )
    on = forms.CharField(
        label=_("first day of the new units"), max_length=10, help_text=_("dd/mm/yyyy; the units cease the day before.")
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The resolution that decides it, with its number and date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean_on(self):
        try:
            return parse_date(self.cleaned_data["on"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
