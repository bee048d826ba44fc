"""Spreadsheet cells (openpyxl), shared by every Excel download and upload of the project.

Writing: text is always a text cell. openpyxl takes any string starting with "=" as a formula, and Excel or
LibreOffice may take "+", "-", "@", a tab or a carriage return as the start of one when the cell is edited, so a
name such as "=HYPERLINK(…)" or "@SUM(1+1)" is written as a string cell with Excel's quote prefix.

Reading: a formula in an uploaded sheet is refused wherever it is (the workbook must be opened with
``data_only=False`` to see it), and so is text starting with "=" where a number or a date is expected."""

from django.utils.functional import Promise
from django.utils.translation import gettext_noop
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

__all__ = ("FORMULA_START", "ERR_FORMULA", "clean_text", "put", "is_formula", "looks_like_formula")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ERR_FORMULA = gettext_noop("Formulas are not accepted. Type the value itself.")


def clean_text(value) -> str:
    """The text without the control characters a worksheet cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def put(ws, row: int, column: int, value):
    """Writes a value into a cell and returns the cell. Text (also lazy translations) is always a string cell, never
    a formula; an empty text leaves the cell empty; anything else (numbers, dates, None) is written as it is."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text or None
        if text:
            cell.data_type = "s"  # assigned after the value: openpyxl has just made "=…" a formula
            if text.startswith(FORMULA_START):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    else:
        cell.value = value
    return cell


def is_formula(cell) -> bool:
    """The cell holds a formula (also an array or data-table formula)."""
    return getattr(cell, "data_type", None) == "f"


def looks_like_formula(value) -> bool:
    """Text typed as "=…" (or " =…"): refused where a number or a date is expected."""
    return isinstance(value, str) and value.lstrip().startswith("=")
