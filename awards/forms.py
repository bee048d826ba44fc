"""The form of a province award setting. It only parses what was typed (dates dd/mm/yyyy, numbers with a decimal
comma); the rules (dates that do not overlap, the range of a percentage) are in awards.services_settings, whose
errors come back keyed by field."""

from django import forms
from django.utils.text import capfirst

from awards.models import AwardSetting, AwardType, SettingKey
from units.dates import PlausibleDate

DATE_PLACEHOLDER = "dd/mm/yyyy"


def _label(field: str):
    return capfirst(AwardSetting._meta.get_field(field).verbose_name)


def _date_widget():
    return forms.DateInput(attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "inputmode": "numeric"})


class AwardSettingForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_label("award_type"), queryset=AwardType.objects.none())
    key = forms.ChoiceField(label=_label("key"), choices=SettingKey.choices)
    value = forms.DecimalField(label=_label("value"), max_digits=7, decimal_places=2, localize=True)
    valid_from = forms.DateField(
        label=_label("valid_from"), widget=_date_widget(), validators=[PlausibleDate(_label("valid_from"))]
    )
    valid_until = forms.DateField(
        label=_label("valid_until"),
        required=False,
        widget=_date_widget(),
        validators=[PlausibleDate(_label("valid_until"))],
    )
    legal_basis = forms.CharField(label=_label("legal_basis"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("-rank", "name")
