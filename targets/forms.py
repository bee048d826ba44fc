"""Form fields for Vietnamese numbers (what the officer types is parsed by targets.numbers, what the form shows back
is formatted by it), and the forms of the two target grids: one field per cell, the rules left to targets.services."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from targets.numbers import format_number, format_range, parse_number, parse_range
from targets.services import CellInput

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


class VersionField(forms.Field):
    """The hidden version a grid's cell was built from: the number sent, or None (no row existed, or the page was
    tampered with: the service then refuses the cell as changed by someone else). Never an error of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        return int(text) if text.isascii() and text.isdigit() else None


class ClippedCharField(forms.CharField):
    """Free text kept as typed (not stripped), cut at max_chars rather than refused: the input has a maxlength, so
    only a hand-made request sends more."""

    def __init__(self, *, max_chars: int, **kwargs):
        self.max_chars = max_chars
        super().__init__(required=False, strip=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value)[: self.max_chars]


def _range_cell(value) -> tuple[Decimal | None, Decimal | None]:
    """(low, high) of a cleaned VNRangeField; high is None for a single number, both None for an empty cell."""
    if value is None:
        return None, None
    low, high = value
    return low, (high if high != low else None)


NOTE_LIMIT = 500


class TargetGridForm(forms.Form):
    """The unit's registration grid: per numeric figure, the registered target (reg-<figure>, a number or a range),
    its note (note-<figure>) and the version of the target the page was built from (ver-<figure>)."""

    def __init__(self, data=None, *, rows, unit, **kwargs):
        self.rows = [row for row in rows if row.editable]
        self.unit = unit
        super().__init__(data, **kwargs)
        for row in self.rows:
            fid, target = row.figure.pk, row.target
            self.fields[f"reg-{fid}"] = VNRangeField(required=False, label=row.figure.name)
            self.fields[f"note-{fid}"] = ClippedCharField(max_chars=NOTE_LIMIT, label=row.figure.name)
            self.fields[f"ver-{fid}"] = VersionField()
            if target is not None:
                self.initial[f"reg-{fid}"] = (target.registered_value, target.registered_high)
                self.initial[f"note-{fid}"] = target.note
                self.initial[f"ver-{fid}"] = target.version

    def cells(self) -> list[CellInput]:
        data, cells = self.cleaned_data, []
        for row in self.rows:
            fid = row.figure.pk
            low, high = _range_cell(data[f"reg-{fid}"])
            cells.append(
                CellInput(
                    figure_id=fid,
                    unit_id=self.unit.pk,
                    value=low,
                    high=high,
                    note=data[f"note-{fid}"],
                    version=data[f"ver-{fid}"],
                )
            )
        return cells


ERR_STRAY_CELLS = gettext_noop(
    "Nothing was saved: the units of this page changed after you opened it. Reload the page, then make your change "
    "again."
)
CELL_NAME = re.compile(r"^a-\d+-\d+$")


class AssignmentGridForm(forms.Form):
    """One page of the assignment grid: per numeric figure and unit shown, the assigned target (a-<figure>-<unit>)
    and the version of the target the page was built from (v-<figure>-<unit>). Only the cells posted are saved;
    a posted cell that is not on the page (its units changed since it was opened) refuses the whole form."""

    def __init__(self, data=None, *, units, columns, **kwargs):
        self.keys = [(column.figure.pk, unit.pk) for column in columns for unit in units]
        super().__init__(data, **kwargs)
        for column in columns:
            for unit, target in zip(units, column.cells, strict=True):
                name = f"{column.figure.pk}-{unit.pk}"
                self.fields[f"a-{name}"] = VNRangeField(required=False, label=f"{unit.name}: {column.figure.name}")
                self.fields[f"v-{name}"] = VersionField()
                if target is not None:
                    self.initial[f"a-{name}"] = (target.assigned_value, target.assigned_high)
                    self.initial[f"v-{name}"] = target.version

    def clean(self):
        if any(CELL_NAME.match(name) and name not in self.fields for name in self.data):
            raise forms.ValidationError(_(ERR_STRAY_CELLS), code="conflict")
        return super().clean()

    @property
    def conflicting(self) -> bool:
        return any(error.code == "conflict" for error in self.errors.as_data().get(NON_FIELD_ERRORS, []))

    def cells(self) -> list[CellInput]:
        """The cells posted, each with the version it was shown at; the cells of the page not posted are left."""
        data, cells = self.cleaned_data, []
        for figure_id, unit_id in self.keys:
            if f"a-{figure_id}-{unit_id}" not in self.data:
                continue
            low, high = _range_cell(data[f"a-{figure_id}-{unit_id}"])
            cells.append(
                CellInput(
                    figure_id=figure_id,
                    unit_id=unit_id,
                    value=low,
                    high=high,
                    version=data[f"v-{figure_id}-{unit_id}"],
                )
            )
        return cells
