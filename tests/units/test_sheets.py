"""The shared spreadsheet cells (units.sheets) and plausible dates (units.dates): text is written as text, never a
formula; formulas are recognised on upload; implausible dates are refused naming the field."""

import datetime
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from units import sheets
from units.dates import PlausibleDate, date_check, plausible_dates, year_check

# Text that a spreadsheet would take for a formula (or an error value), as names typed into the app may be.
FORMULA_LIKE = (
    "=1+1",
    "@SUM(1+1)",
    "+1+1",
    "#REF!",
    "-2+3",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "=1/0",
    "\t=1+1",
    "\r=1+1",
)
# Formulas as an uploaded sheet may hold them (openpyxl stores a string starting with "=" as a formula).
FORMULAS = ('=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "=1/0", "=SUM(A1:A2)")
IMPLAUSIBLE_DATES = (datetime.date(1899, 12, 31), datetime.date(1944, 12, 31), datetime.date(2101, 1, 1))


def _round_trip(workbook) -> Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.smoke
@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_is_written_as_text_never_a_formula(text):
    workbook = Workbook()
    sheets.put(workbook.active, 1, 1, text)
    cell = _round_trip(workbook).active["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.smoke
def test_put_keeps_numbers_and_empties_and_drops_control_characters():
    workbook = Workbook()
    ws = workbook.active
    sheets.put(ws, 1, 1, 7.5)
    sheets.put(ws, 2, 1, "")
    sheets.put(ws, 3, 1, "Xã\x01 Cao Lâu")
    sheets.put(ws, 4, 1, translation.gettext_lazy("Unit"))
    ws = _round_trip(workbook).active
    assert (ws["A1"].value, ws["A1"].data_type) == (7.5, "n")
    assert ws["A2"].value is None
    assert ws["A3"].value == "Xã Cao Lâu"
    assert ws["A4"].data_type == "s"


@pytest.mark.smoke
@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_is_recognised_and_text_like_one_too(formula):
    workbook = Workbook()
    workbook.active["A1"] = formula
    workbook.active["A2"] = formula
    workbook.active["A2"].data_type = "s"
    ws = _round_trip(workbook).active
    assert sheets.is_formula(ws["A1"]) and not sheets.is_formula(ws["A2"])
    assert sheets.looks_like_formula(ws["A2"].value) and not sheets.looks_like_formula("+84 912")


@pytest.mark.smoke
@pytest.mark.parametrize("value", IMPLAUSIBLE_DATES)
def test_an_implausible_date_is_refused_naming_the_field(value):
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        date_check(value, field="ngày quyết định")
    [message] = info.value.messages
    assert message.startswith("Ngày quyết định: ngày ") and value.strftime("%d/%m/%Y") in message
    assert "01/01/1945" in message and "31/12/2100" in message
    date_check(datetime.date(1945, 1, 1), field="x")
    date_check(datetime.date(2100, 12, 31), field="x")
    date_check(None, field="x")


@pytest.mark.smoke
def test_a_year_and_a_form_field_use_the_same_rule():
    with translation.override("vi"), pytest.raises(ValidationError, match="Năm: năm 1899 không hợp lý"):
        year_check(1899, field="năm")

    class Form(forms.Form):
        on = forms.DateField(label="Ngày họp", validators=[PlausibleDate("Ngày họp")])
        other = forms.DateField(label="Ngày khác")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            plausible_dates(self, "other")

    with translation.override("vi"):
        form = Form({"on": "1899-12-31", "other": "2999-01-01"})
        assert not form.is_valid()
        assert form.errors["on"][0].startswith("Ngày họp: ngày 31/12/1899 không hợp lý")
        assert form.errors["other"][0].startswith("Ngày khác: ngày 01/01/2999 không hợp lý")
        assert Form({"on": "2024-01-24", "other": "2024-01-24"}).is_valid()
