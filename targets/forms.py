"""Form fields for Vietnamese numbers: what the officer types is parsed by targets.numbers, what the form shows
back is formatted by it."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from targets.numbers import format_number, format_range, parse_number, parse_range

ERR_MIN = gettext_noop("The number must be at least %(limit)s.")
ERR_MAX = gettext_noop("The number must be at most %(limit)s.")


class VNNumberInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class VNDecimalField(forms.CharField):
    """A number in Vietnamese form ("1.105", "7,5"); cleans to a Decimal, within min_value and max_value."""

    widget = VNNumberInput

    def __init__(self, *, min_value: Decimal | None = None, max_value: Decimal | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, (Decimal, int, float)) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_number(text)

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(_(ERR_MIN) % {"limit": format_number(self.min_value)}, code="min_value")
        if value is not None and self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(_(ERR_MAX) % {"limit": format_number(self.max_value)}, code="max_value")


class VNRangeField(forms.CharField):
    """ "7 - 7,5" or a single number; cleans to (low, high)."""

    widget = VNNumberInput

    def prepare_value(self, value):
        if isinstance(value, (tuple, list)) and len(value) == 2:
            return format_range(*value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_range(text)
