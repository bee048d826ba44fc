"""The offline target sheets. The unit's own (below); the whole assignment grid of a campaign (at the end) is built
and read with the same helpers.

The unit's sheet: a unit downloads its targets as an .xlsx workbook, fills in what it registers (đăng ký)
and a note for each figure, and uploads the file back.

The upload is read whole before anything is saved: every cell is checked, every problem is collected with the sheet,
row and column it is in, and one SheetError carries them all. What is read comes back as services.CellInput, which
the caller hands to services.target_grid_save: that applies the rules spanning rows (not below the assigned target,
stale versions) and saves all or nothing.

The file is plain data: text we write can never act as a formula (it is stored as a string cell), and a formula in
an uploaded sheet is refused. The sheet name and the column headings are part of the file format and stay
Vietnamese whatever the language of the page, so that a sheet downloaded today can be uploaded tomorrow."""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection

from campaigns.models import Campaign
from targets.models import Figure, Target
from targets.numbers import (
    ERR_NOT_A_NUMBER,
    ERR_TOO_LARGE_NUMBER,
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    format_number,
    format_range,
    parse_range,
)
from targets.selectors import assignment_table, target_grid_rows
from targets.services import ERR_NOT_NUMERIC, NUMERIC_FORMS, CellInput, figure_check_value
from units import sheets
from units.models import Unit
from units.sheets import ERR_FORMULA

__all__ = (
    "ASSIGN_SHEET",
    "SHEET",
    "HEADERS",
    "MAX_BYTES",
    "SheetError",
    "SheetProblem",
    "assignment_sheet_build",
    "assignment_sheet_read",
    "target_sheet_build",
    "target_sheet_read",
)

SHEET = "Chỉ tiêu"
# Column order is the file format: A…G are shown, H and I are hidden and hold what the upload needs.
HEADERS = ("STT", "Chỉ tiêu", "Nội dung", "Đơn vị tính", "Được giao", "Đăng ký", "Ghi chú", "Mã", "Phiên bản")
(COL_LABEL, COL_SENTENCE, COL_NAME, COL_UOM, COL_ASSIGNED, COL_REGISTERED, COL_NOTE, COL_FIGURE, COL_VERSION) = range(
    1, len(HEADERS) + 1
)
WIDTHS = (7, 50, 32, 11, 14, 14, 32, 8, 8)
HIDDEN = (COL_FIGURE, COL_VERSION)
TITLE_ROWS = 5  # type and reference, title, unit, year, how to fill in; then an empty row, then the header
HEADER_ROW = TITLE_ROWS + 2
NOT_APPLICABLE = "—"

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024  # what the zip may expand to: a 5 MB file of XML is far below this
MAX_CELLS = 500_000  # rows × columns of the used range of the sheet
HEADER_SEARCH_ROWS = 40
NOTE_MAX_LENGTH = Target._meta.get_field("note").max_length
FIXED_TIME = datetime(2000, 1, 1)  # noqa: DTZ001 - the workbook's created/modified, so that the output is stable
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

ERR_CELL = gettext_noop("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(error)s")
ERR_IN_SHEET = gettext_noop("Sheet “%(sheet)s”: %(error)s")
ERR_NOT_XLSX = gettext_noop(
    "The file is not an Excel workbook (.xlsx) or cannot be read. Upload the target sheet downloaded from this page."
)
ERR_TOO_LARGE_FILE = gettext_noop("The file is too large: a target sheet is at most %(size)s MB.")
ERR_NO_SHEET = gettext_noop(
    "The workbook has no sheet named “%(sheet)s”. Upload the target sheet downloaded from this page."
)
ERR_NO_HEADER = gettext_noop(
    "The header row (%(headers)s) was not found. Do not change the header; download the sheet again."
)
ERR_HEADER = gettext_noop(
    "The header should be “%(expected)s” but is “%(found)s”. Do not change the columns; download the sheet again."
)
ERR_TOO_MANY_CELLS = gettext_noop(
    "The sheet has content down to row %(row)s and across to column %(column)s. Keep only the target table."
)
ERR_OTHER_SHEET = gettext_noop(
    "This sheet was downloaded for another campaign or unit. Download the sheet of %(unit)s for this campaign."
)
ERR_HIDDEN = gettext_noop("This hidden cell was changed. Download the sheet again and fill it in.")
ERR_NO_FIGURE_ID = gettext_noop("This row is not one of the sheet's targets. Rows cannot be added to the sheet.")
ERR_UNKNOWN_FIGURE = gettext_noop("This row is not a target of this campaign. Do not copy rows from another sheet.")
ERR_DUPLICATE = gettext_noop("This target already appears in row %(row)s.")
ERR_DECIMAL_PLACES = gettext_noop("“%(text)s” has more than %(places)s decimal places.")
ERR_NOTE_LENGTH = gettext_noop("The note has %(count)s characters; at most %(limit)s are allowed.")
HOW_TO_FILL = gettext_noop(
    "Fill in only the “%(registered)s” and “%(note)s” columns: numbers as 1.105 or 7,5, a range as 7 - 7,5. "
    "Do not add, delete or move rows. Then upload this file."
)
TITLE_UNIT = gettext_noop("Unit: %(unit)s")
TITLE_YEAR = gettext_noop("Year: %(year)s")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
_RIGHT = Alignment(wrap_text=True, vertical="top", horizontal="right")
_UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class SheetProblem:
    row: int | None
    column: str | None  # the column letter
    message: str  # the whole message, naming the sheet, row and column


class SheetError(ValidationError):
    """What is wrong with an uploaded sheet: one message per problem. Nothing of the sheet may be saved."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = list(problems)
        super().__init__([p.message for p in self.problems])


# ------------------------------------------------------------------ download


def _put(ws, row: int, column: int, value, *, alignment=_WRAP, font=None, fill=None, text_format=False):
    """Writes a value; text is always a string cell (units.sheets), so that "=HYPERLINK(…)" in a name stays text."""
    cell = sheets.put(ws, row, column, value)
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if text_format:
        cell.number_format = TEXT_FORMAT
    return cell


def _title_height(text: str, chars_per_line: int = 120) -> float:
    lines = sum(max(1, -(-len(part) // chars_per_line)) for part in text.split("\n"))
    return 16.0 * lines


def _stable(data: bytes) -> bytes:
    """The same workbook gives the same bytes: fixed times in docProps/core.xml and in the zip entries."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\2", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def target_sheet_build(*, campaign: Campaign, unit: Unit) -> bytes:
    """The unit's target sheet (.xlsx): a title block, then one row per figure in document order with what is
    assigned and what is registered; only "Đăng ký" (numeric figures) and "Ghi chú" can be edited."""
    rows = target_grid_rows(campaign=campaign, unit=unit)
    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Thi đua"
    workbook.properties.title = sheets.clean_text(f"{SHEET} — {unit.name}")
    ws = workbook.active
    ws.title = SHEET
    last_shown = get_column_letter(COL_NOTE)

    unnumbered = _("(unnumbered)")
    heading = f"{campaign.doc_type.name} {campaign.reference or unnumbered}"
    how_to = _(HOW_TO_FILL) % {"registered": HEADERS[COL_REGISTERED - 1], "note": HEADERS[COL_NOTE - 1]}
    title_lines = [
        (heading, Font(bold=True, size=12)),
        (campaign.title, Font(bold=True, size=13)),
        (_(TITLE_UNIT) % {"unit": unit.name}, Font(bold=True)),
        (_(TITLE_YEAR) % {"year": campaign.year}, None),
        (how_to, Font(italic=True, color="595959")),
    ]
    for number, (text, font) in enumerate(title_lines, start=1):
        _put(ws, number, 1, text, font=font)
        ws.merge_cells(f"A{number}:{last_shown}{number}")
        ws.row_dimensions[number].height = _title_height(text)
    # Which campaign and unit the sheet belongs to, in the hidden columns of the title block.
    _put(ws, 1, COL_FIGURE, campaign.pk)
    _put(ws, 1, COL_VERSION, unit.pk)

    for column, header in enumerate(HEADERS, start=1):
        cell = _put(ws, HEADER_ROW, column, header, alignment=_CENTRE, font=Font(bold=True), fill=_HEADER_FILL)
        cell.border = _BORDER
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for column in HIDDEN:
        ws.column_dimensions[get_column_letter(column)].hidden = True

    grey = Font(color="808080")
    for number, grid_row in enumerate(rows, start=HEADER_ROW + 1):
        figure, target = grid_row.figure, grid_row.target
        numeric = figure.form in NUMERIC_FORMS
        first = grid_row.first_of_indicator
        values = {
            COL_LABEL: grid_row.indicator_label if first else "",
            COL_SENTENCE: grid_row.indicator_sentence if first else "",
            COL_NAME: figure.name,
            COL_UOM: figure.unit_of_measure,
            COL_ASSIGNED: format_range(target.assigned_value, target.assigned_high) if target else "",
        }
        for column, value in values.items():
            alignment = {COL_LABEL: _CENTRE, COL_UOM: _CENTRE, COL_ASSIGNED: _RIGHT}.get(column, _WRAP)
            _put(ws, number, column, value, alignment=alignment, text_format=True)
        if numeric:
            registered = format_range(target.registered_value, target.registered_high) if target else ""
            cell = _put(ws, number, COL_REGISTERED, registered, alignment=_RIGHT, fill=_EDITABLE_FILL, text_format=True)
            cell.protection = _UNLOCKED
        else:
            _put(ws, number, COL_REGISTERED, NOT_APPLICABLE, alignment=_CENTRE, font=grey, fill=_GREY_FILL)
        note = _put(ws, number, COL_NOTE, target.note if target else "", fill=_EDITABLE_FILL, text_format=True)
        note.protection = _UNLOCKED
        _put(ws, number, COL_FIGURE, figure.pk)
        _put(ws, number, COL_VERSION, target.version if target else None)
        for column in range(1, len(HEADERS) + 1):
            ws.cell(row=number, column=column).border = _BORDER

    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_shown}{max(HEADER_ROW, HEADER_ROW + len(rows))}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True  # no password: it guards against slips, not against the user
    workbook.security = WorkbookProtection(lockStructure=True)  # no sheets added, renamed or removed

    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable(buffer.getvalue())


# ------------------------------------------------------------------ upload


class _Problems:
    """The problems found so far, each with where it is (in the sheet named ``sheet``)."""

    def __init__(self, sheet: str = SHEET):
        self.name = sheet
        self.items: list[tuple[int, int, SheetProblem]] = []

    def cell(self, row: int, column: int, error: str):
        letter = get_column_letter(column)
        message = _(ERR_CELL) % {"sheet": self.name, "row": row, "column": letter, "error": error}
        self.items.append((row, column, SheetProblem(row=row, column=letter, message=message)))

    def sheet(self, error: str):
        message = _(ERR_IN_SHEET) % {"sheet": self.name, "error": error}
        self.items.append((0, 0, SheetProblem(row=None, column=None, message=message)))

    def raise_if_any(self):
        if self.items:
            raise SheetError([problem for _row, _column, problem in sorted(self.items, key=lambda i: i[:2])])


def _file_error(message: str) -> SheetError:
    return SheetError([SheetProblem(row=None, column=None, message=message)])


def _read_bytes(file) -> bytes:
    too_large = _file_error(_(ERR_TOO_LARGE_FILE) % {"size": format_number(MAX_BYTES // (1024 * 1024))})
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
    else:
        if (getattr(file, "size", None) or 0) > MAX_BYTES:
            raise too_large
        if hasattr(file, "seek"):
            try:
                file.seek(0)
            except (OSError, ValueError):
                pass
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_large
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _file_error(_(ERR_NOT_XLSX)) from error
    if unpacked > MAX_UNPACKED:
        raise too_large
    return data


def _load(file, sheet: str = SHEET):
    """The sheet ``sheet`` of the uploaded workbook, formulas kept as formulas (data_only=False)."""
    workbook = _open(file)
    return _worksheet(workbook, sheet)


def _open(file):
    data = _read_bytes(file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            workbook = load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise _file_error(_(ERR_NOT_XLSX)) from error
    return workbook


def _worksheet(workbook, sheet: str):
    names = {unicodedata.normalize("NFC", name).strip(): name for name in workbook.sheetnames}
    if sheet not in names:
        raise _file_error(_(ERR_NO_SHEET) % {"sheet": sheet})
    return workbook[names[sheet]]


def _heading(value) -> str:
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip()


def _is_formula(cell) -> bool:
    return sheets.is_formula(cell) or sheets.looks_like_formula(cell.value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value) -> int | None:
    """A hidden id or version: an int (or a float or text holding one); None when it is anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _shown(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _number(cell) -> tuple[Decimal | None, Decimal | None]:
    """What a "Đăng ký" cell holds: (low, high), high None for a single number. Raises ValidationError."""
    value = cell.value
    if isinstance(value, str):
        low, high = parse_range(value)
        text = value.strip()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            low = Decimal(str(value))
        except InvalidOperation as error:
            raise ValidationError(_(ERR_NOT_A_NUMBER) % {"text": _shown(value)}) from error
        if not low.is_finite():
            raise ValidationError(_(ERR_NOT_A_NUMBER) % {"text": _shown(value)})
        if "%" in (cell.number_format or ""):
            low *= 100  # Excel stores 86,6% as 0.866
        high, text = low, format_number(low)
    else:
        raise ValidationError(_(ERR_NOT_A_NUMBER) % {"text": _shown(value)})
    for number in (low, high):
        if abs(number) >= Decimal(10) ** MAX_INTEGER_DIGITS:
            raise ValidationError(_(ERR_TOO_LARGE_NUMBER) % {"text": text})
        if number != number.to_integral() and -number.normalize().as_tuple().exponent > MAX_DECIMAL_PLACES:
            raise ValidationError(_(ERR_DECIMAL_PLACES) % {"text": text, "places": MAX_DECIMAL_PLACES})
    return low, (None if high == low else high)


def _note(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    return _shown(value).strip()


def _formulas(ws, problems: "_Problems", *, columns: int) -> set[tuple[int, int]]:
    """The (row, column) of every formula in the sheet, each marked as a problem: a sheet comes back with values.
    A sheet larger than MAX_CELLS is refused whole first."""
    if ws.max_row * columns > MAX_CELLS:
        problems.sheet(_(ERR_TOO_MANY_CELLS) % {"row": ws.max_row, "column": get_column_letter(ws.max_column)})
        problems.raise_if_any()
    formulas = set()
    for cells in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in cells:
            if sheets.is_formula(cell):
                formulas.add((cell.row, cell.column))
                problems.cell(cell.row, cell.column, _(ERR_FORMULA))
    return formulas


def _find_header(ws, problems: _Problems) -> int | None:
    """The row of the header, or None (with the problems noted) when it is missing or changed."""
    for row in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        if _heading(ws.cell(row=row, column=1).value) == HEADERS[0]:
            changed = False
            for column, expected in enumerate(HEADERS, start=1):
                found = _heading(ws.cell(row=row, column=column).value)
                if found != expected:
                    problems.cell(row, column, _(ERR_HEADER) % {"expected": expected, "found": found})
                    changed = True
            return None if changed else row
    problems.sheet(_(ERR_NO_HEADER) % {"headers": ", ".join(HEADERS[:COL_NOTE])})
    return None


def _check_identity(ws, header_row: int, campaign: Campaign, unit: Unit, problems: _Problems):
    """The hidden cells of the title block name the campaign and the unit the sheet was downloaded for."""
    for row in range(1, header_row):
        found = ws.cell(row=row, column=COL_FIGURE).value
        if not _blank(found):
            owner = (_integer(found), _integer(ws.cell(row=row, column=COL_VERSION).value))
            if owner != (campaign.pk, unit.pk):
                problems.cell(row, COL_FIGURE, _(ERR_OTHER_SHEET) % {"unit": unit.name})
            return
    problems.cell(1, COL_FIGURE, _(ERR_OTHER_SHEET) % {"unit": unit.name})


def target_sheet_read(*, campaign: Campaign, unit: Unit, file) -> list[CellInput]:
    """Reads an uploaded target sheet (a file-like object or bytes, at most 5 MB) and checks all of it: the
    CellInput of every figure row, or SheetError with every problem found, each naming its sheet, row and column.
    Saving, with the rule "not below the assigned target" and the stale-version check, is target_grid_save's."""
    ws = _load(file)
    problems = _Problems()
    formulas = _formulas(ws, problems, columns=max(ws.max_column, len(HEADERS)))

    header_row = _find_header(ws, problems)
    if header_row is None:  # the columns cannot be trusted: what is in the rows would only add noise
        problems.raise_if_any()
    _check_identity(ws, header_row, campaign, unit, problems)

    figures = {f.pk: f for f in Figure.objects.filter(indicator__section__campaign=campaign)}
    seen: dict[int, int] = {}
    result = []
    for cells in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row, max_col=len(HEADERS)):
        row = cells[0].row
        by_column = {column: cells[column - 1] for column in range(1, len(HEADERS) + 1)}
        read = {column: by_column[column] for column in (COL_REGISTERED, COL_NOTE, COL_FIGURE, COL_VERSION)}
        fresh_formulas = [
            column for column, cell in read.items() if _is_formula(cell) and (row, column) not in formulas
        ]
        for column in fresh_formulas:  # text typed as "=…": refused like a formula
            problems.cell(row, column, _(ERR_FORMULA))
        if any((row, column) in formulas for column in read) or fresh_formulas:
            continue
        figure_cell, version_cell = read[COL_FIGURE], read[COL_VERSION]
        registered_cell, note_cell = read[COL_REGISTERED], read[COL_NOTE]
        if _blank(figure_cell.value):
            if not (_blank(registered_cell.value) and _blank(note_cell.value) and _blank(version_cell.value)):
                column = COL_REGISTERED if not _blank(registered_cell.value) else COL_NOTE
                problems.cell(row, column, _(ERR_NO_FIGURE_ID))
            continue
        figure_id = _integer(figure_cell.value)
        if figure_id is None:
            problems.cell(row, COL_FIGURE, _(ERR_HIDDEN))
            continue
        figure = figures.get(figure_id)
        if figure is None:
            problems.cell(row, COL_FIGURE, _(ERR_UNKNOWN_FIGURE))
            continue
        if figure_id in seen:
            problems.cell(row, COL_FIGURE, _(ERR_DUPLICATE) % {"row": seen[figure_id]})
            continue
        seen[figure_id] = row
        ok = True
        version = None
        if not _blank(version_cell.value):
            version = _integer(version_cell.value)
            if version is None:
                problems.cell(row, COL_VERSION, _(ERR_HIDDEN))
                ok = False

        low = high = None
        raw = registered_cell.value
        if not (_blank(raw) or (isinstance(raw, str) and raw.strip() == NOT_APPLICABLE)):
            if figure.form not in NUMERIC_FORMS:
                problems.cell(row, COL_REGISTERED, _(ERR_NOT_NUMERIC) % {"figure": figure.name})
                ok = False
            else:
                try:
                    low, high = _number(registered_cell)
                except ValidationError as error:
                    for message in error.messages:
                        problems.cell(row, COL_REGISTERED, message)
                    ok = False
                else:
                    for message in figure_check_value(figure=figure, value=low, high=high):
                        problems.cell(row, COL_REGISTERED, message)
                        ok = False

        note = _note(note_cell.value)
        if len(note) > NOTE_MAX_LENGTH:
            problems.cell(row, COL_NOTE, _(ERR_NOTE_LENGTH) % {"count": len(note), "limit": NOTE_MAX_LENGTH})
            ok = False
        if ok:
            result.append(
                CellInput(figure_id=figure.pk, unit_id=unit.pk, value=low, high=high, note=note, version=version)
            )
    problems.raise_if_any()
    return result


# ------------------------------------------------------------------ the assignment grid as a sheet
#
# The whole grid of a campaign: a row per participating unit, a column per numeric figure, each cell what is
# assigned. The hidden last column holds each row's unit id, the hidden row under the header each column's figure
# id (and, in the last column, the campaign's id); the hidden sheet "Phiên bản" holds, at the same row and column,
# the version of each target the sheet was built from. Uploading it back saves every cell or none.

ASSIGN_SHEET = "Giao chỉ tiêu"
VERSIONS_SHEET = "Phiên bản"
ASSIGN_HEADERS = ("STT", "Đơn vị")  # then one column per figure, then "Mã"
ID_HEADING = "Mã"
ASSIGN_FIRST_FIGURE = len(ASSIGN_HEADERS) + 1
ID_ROW = HEADER_ROW + 1

ASSIGN_HOW_TO = gettext_noop(
    "Fill in the target assigned to each unit: numbers as 1.105 or 7,5, a range as 7 - 7,5; an empty cell assigns "
    "nothing. Do not add, delete or move rows or columns. Then upload this file: it is saved whole or not at all."
)
ERR_ASSIGN_HEADER = gettext_noop(
    "The header row (%(headers)s) was not found or was changed. Do not change the header; download the sheet again."
)
ERR_OTHER_CAMPAIGN = gettext_noop(
    "This sheet was downloaded for another campaign. Download the assignment sheet of this campaign."
)
ERR_UNKNOWN_COLUMN = gettext_noop(
    "This column is not a numeric target of this campaign. Columns cannot be added; download the sheet again."
)
ERR_DUPLICATE_COLUMN = gettext_noop("This target already appears in column %(column)s.")
ERR_NO_UNIT_ID = gettext_noop("This row is not one of the sheet's units. Rows cannot be added to the sheet.")
ERR_UNKNOWN_UNIT = gettext_noop("This row is not a unit taking part in this campaign. Download the sheet again.")
ERR_DUPLICATE_UNIT = gettext_noop("This unit already appears in row %(row)s.")
ASSIGN_TITLE_UNIT = gettext_noop("Assigned by: %(unit)s")


def assignment_sheet_build(*, campaign: Campaign) -> bytes:
    """The whole assignment grid (.xlsx): only the cells of the targets can be edited."""
    table = assignment_table(campaign=campaign)
    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Thi đua"
    workbook.properties.title = sheets.clean_text(f"{ASSIGN_SHEET} — {campaign.issuing_unit.name}")
    ws = workbook.active
    ws.title = ASSIGN_SHEET
    versions = workbook.create_sheet(VERSIONS_SHEET)
    versions.sheet_state = "hidden"
    id_column = ASSIGN_FIRST_FIGURE + len(table.figures)
    last_shown = get_column_letter(max(id_column - 1, COL_NOTE))

    unnumbered = _("(unnumbered)")
    title_lines = [
        (f"{campaign.doc_type.name} {campaign.reference or unnumbered}", Font(bold=True, size=12)),
        (campaign.title, Font(bold=True, size=13)),
        (_(ASSIGN_TITLE_UNIT) % {"unit": campaign.issuing_unit.name}, Font(bold=True)),
        (_(TITLE_YEAR) % {"year": campaign.year}, None),
        (_(ASSIGN_HOW_TO), Font(italic=True, color="595959")),
    ]
    for number, (text, font) in enumerate(title_lines, start=1):
        _put(ws, number, 1, text, font=font)
        ws.merge_cells(f"A{number}:{last_shown}{number}")
        ws.row_dimensions[number].height = _title_height(text)

    headings = [*ASSIGN_HEADERS]
    for figure, indicator in table.figures:
        uom = f" ({figure.unit_of_measure})" if figure.unit_of_measure else ""
        headings.append(f"{indicator.label} {figure.name}{uom}".strip())
    headings.append(ID_HEADING)
    for column, header in enumerate(headings, start=1):
        cell = _put(ws, HEADER_ROW, column, header, alignment=_CENTRE, font=Font(bold=True), fill=_HEADER_FILL)
        cell.border = _BORDER
    for column, (figure, _indicator) in enumerate(table.figures, start=ASSIGN_FIRST_FIGURE):
        _put(ws, ID_ROW, column, figure.pk)
        ws.column_dimensions[get_column_letter(column)].width = 16
    _put(ws, ID_ROW, id_column, campaign.pk)
    ws.row_dimensions[ID_ROW].hidden = True
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions[get_column_letter(id_column)].hidden = True

    for number, unit in enumerate(table.units, start=ID_ROW + 1):
        _put(ws, number, 1, number - ID_ROW, alignment=_CENTRE)
        _put(ws, number, 2, unit.name, text_format=True)
        for column, (figure, _indicator) in enumerate(table.figures, start=ASSIGN_FIRST_FIGURE):
            target = table.targets.get((figure.pk, unit.pk))
            value = format_range(target.assigned_value, target.assigned_high) if target else ""
            cell = _put(ws, number, column, value, alignment=_RIGHT, fill=_EDITABLE_FILL, text_format=True)
            cell.protection = _UNLOCKED
            cell.border = _BORDER
            if target is not None:
                versions.cell(row=number, column=column, value=target.version)
        _put(ws, number, id_column, unit.pk)
        for column in (1, 2):
            ws.cell(row=number, column=column).border = _BORDER

    ws.freeze_panes = ws.cell(row=ID_ROW + 1, column=ASSIGN_FIRST_FIGURE)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.protection.sheet = True
    versions.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable(buffer.getvalue())


def _assign_header(ws, problems: _Problems) -> tuple[int, int] | None:
    """(header row, column of the hidden ids), or None with the problem noted."""
    for row in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        if _heading(ws.cell(row=row, column=1).value) == ASSIGN_HEADERS[0]:
            headings = [_heading(ws.cell(row=row, column=c).value) for c in range(1, ws.max_column + 1)]
            if tuple(headings[: len(ASSIGN_HEADERS)]) == ASSIGN_HEADERS and ID_HEADING in headings:
                return row, headings.index(ID_HEADING, len(ASSIGN_HEADERS)) + 1
            break
    problems.sheet(_(ERR_ASSIGN_HEADER) % {"headers": ", ".join((*ASSIGN_HEADERS, ID_HEADING))})
    return None


def assignment_sheet_read(*, campaign: Campaign, file) -> list[CellInput]:
    """Reads an uploaded assignment sheet and checks all of it: the CellInput of every cell (an empty cell assigns
    nothing), with the version it was downloaded at, or SheetError with every problem, each naming its sheet, row
    and column. Saving (stale versions refused) is targets_assign_save's."""
    workbook = _open(file)
    ws = _worksheet(workbook, ASSIGN_SHEET)
    problems = _Problems(ASSIGN_SHEET)
    formulas = _formulas(ws, problems, columns=ws.max_column)
    versions_sheet = _worksheet(workbook, VERSIONS_SHEET)
    found = _assign_header(ws, problems)
    if found is None:  # the columns cannot be trusted: what is in the rows would only add noise
        problems.raise_if_any()
    header_row, id_column = found
    id_row = header_row + 1
    if _integer(ws.cell(row=id_row, column=id_column).value) != campaign.pk:
        problems.cell(id_row, id_column, _(ERR_OTHER_CAMPAIGN))
        problems.raise_if_any()

    table = assignment_table(campaign=campaign)
    figures = {figure.pk: figure for figure, _indicator in table.figures}
    units = {unit.pk for unit in table.units}
    columns: dict[int, Figure] = {}
    seen_figures: dict[int, int] = {}
    for column in range(ASSIGN_FIRST_FIGURE, id_column):
        figure = figures.get(_integer(ws.cell(row=id_row, column=column).value))
        if figure is None:
            problems.cell(id_row, column, _(ERR_UNKNOWN_COLUMN))
        elif figure.pk in seen_figures:
            problems.cell(
                id_row, column, _(ERR_DUPLICATE_COLUMN) % {"column": get_column_letter(seen_figures[figure.pk])}
            )
        else:
            seen_figures[figure.pk] = column
            columns[column] = figure
    result = []
    seen_units: dict[int, int] = {}
    for row in range(id_row + 1, ws.max_row + 1):
        raw_id = ws.cell(row=row, column=id_column).value
        if _blank(raw_id):
            if any(not _blank(ws.cell(row=row, column=c).value) for c in range(ASSIGN_FIRST_FIGURE, id_column)):
                problems.cell(row, id_column, _(ERR_NO_UNIT_ID))
            continue
        unit_id = _integer(raw_id)
        if unit_id is None:
            problems.cell(row, id_column, _(ERR_HIDDEN))
            continue
        if unit_id not in units:
            problems.cell(row, id_column, _(ERR_UNKNOWN_UNIT))
            continue
        if unit_id in seen_units:
            problems.cell(row, id_column, _(ERR_DUPLICATE_UNIT) % {"row": seen_units[unit_id]})
            continue
        seen_units[unit_id] = row
        for column, figure in columns.items():
            cell = ws.cell(row=row, column=column)
            if (row, column) in formulas:
                continue
            if sheets.looks_like_formula(cell.value):  # text typed as "=…": refused like a formula
                problems.cell(row, column, _(ERR_FORMULA))
                continue
            version_value = versions_sheet.cell(row=row, column=column).value
            version = None if _blank(version_value) else _integer(version_value)
            if version is None and not _blank(version_value):
                problems.cell(row, column, _(ERR_HIDDEN))
                continue
            low = high = None
            if not _blank(cell.value):
                try:
                    low, high = _number(cell)
                except ValidationError as error:
                    for message in error.messages:
                        problems.cell(row, column, message)
                    continue
                errors = figure_check_value(figure=figure, value=low, high=high)
                for message in errors:
                    problems.cell(row, column, message)
                if errors:
                    continue
            result.append(CellInput(figure_id=figure.pk, unit_id=unit_id, value=low, high=high, version=version))
    problems.raise_if_any()
    return result
