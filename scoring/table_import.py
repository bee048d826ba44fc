"""A scoring table read from an Excel sheet, a Word file (.docx) or a PDF with a text layer into rows of criteria,
for a review page before anything is saved.

Columns (found by their headings in the first 15 rows, in any order, with or without diacritics; a heading of two
rows, "ĐIỂM" over "Chuẩn | Thưởng | Trừ", too):
    STT | TIÊU CHÍ | ĐIỂM CHUẨN              one points column, or
    STT | TIÊU CHÍ | Chuẩn | Thưởng | Trừ    a column each for standard, bonus and penalty points.

Excel: the first sheet. Word: every table of the document that has that heading row, one after the other, and a
table without one right after it with as many columns (a table cut at a page break); other tables (the document's
header, the signatures) are ignored. PDF: the tables pdfplumber finds on each page's text layer, the same way. The
heading row repeated on each page, and a row "(1) | (2) | (3)" numbering the columns, are skipped. A merged cell
counts once: a group row merged across the whole width is its text, not its points; a cell merged down over rows
counts for its first row only.

The tree comes from the numbers (STT): I, II… (Roman) above 1, 2…; 1.1 under 1; a, b… (or a), b)) under the last
number; a1, a.1 under a; a row without a number under the last numbered row. With the STT cell empty, a number at the
start of the criterion's text ("I. ", "1.1 ", "a) ") is taken instead. In a Word file, the numbers Word's list
numbering draws in a cell (not part of its text) are counted as Word does and put in front of the text. A row with
rows under it is a group.

Points, as tables write them: 3 (standard: points entered, or a group's maximum); +1 or a number in the Thưởng
column (bonus); -0,5 or a number in the Trừ column (penalty); "Chuẩn 3 / 1,5 / 0" or "0 / -2" (levels); "(không xếp
loại)" (a disqualifier). An unnumbered "Tổng cộng" line is the table's own total and is skipped. A heading saying
"mỗi …" ("mỗi trường hợp trừ 0,5") makes the points per case, capped at the "tối đa …" / "không quá …" of the
heading, else at 10 cases; a group's heading saying "tổng điểm trừ … không quá 1,5"
(or "cộng") caps the penalty (bonus) points under it. Every row is checked by Criterion.clean_rule; the rows come back
with their problems, and the import saves all of them or none (scoring.services.criteria_import)."""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from campaigns.importing.readers import ERR_NO_TEXT, ERR_PROTECTED, open_docx, open_pdf
from scoring.models import Criterion, CriterionKind
from targets.numbers import parse_number
from units.sheets import is_formula
from units.text import search_key

__all__ = ("ImportRow", "read_table", "DEFAULT_CASES", "ACCEPT")

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
DEFAULT_CASES = 10

ACCEPT = ".xlsx,.docx,.pdf"
ERR_NOT_XLSX = gettext_noop("The file is not an Excel workbook (.xlsx), a Word file (.docx) or a PDF.")
ERR_TOO_LARGE = gettext_noop("The file is too large: a scoring table is at most 5 MB.")
ERR_NO_HEADER = gettext_noop(
    "No heading row found: the table needs the columns STT and TIÊU CHÍ, and ĐIỂM CHUẨN or Chuẩn / Thưởng / Trừ."
)
ERR_NO_TABLE = gettext_noop(
    "The document has no scoring table: a table with the columns STT and TIÊU CHÍ, and ĐIỂM CHUẨN or Chuẩn / Thưởng "
    "/ Trừ."
)
ERR_NO_ROWS = gettext_noop("The table has no criteria under its heading row.")
ERR_TOO_MANY = gettext_noop("The table has more than %(count)s rows.")
ERR_ROW_FORMULA = gettext_noop("Row %(row)s: formulas are not accepted; type the points themselves.")
ERR_ROW_POINTS = gettext_noop("Row %(row)s: “%(text)s” is not a number of points, levels or “(không xếp loại)”.")
ERR_ROW_NO_POINTS = gettext_noop("Row %(row)s: a criterion with no rows under it needs its points.")
ERR_ROW_RULE = gettext_noop("Row %(row)s: %(message)s")
ERR_ROW_OF_TABLE = gettext_noop("%(row)s of table %(table)s")

ROMAN = re.compile(r"^(?=[IVXLC]+$)M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
NUMBERED = re.compile(r"^\d+(\.\d+)*$")
LETTER = re.compile(r"^[a-zđ]$")
LETTER_SUB = re.compile(r"^[a-zđ]\.?\d+(\.\d+)*$")
PER_CASE = re.compile(r"\bmoi\b")
CAP = re.compile(r"(?:toi da|khong qua)\s+([\d.,]+)")
GROUP_CAP = re.compile(r"tong (?:so )?diem (tru|cong|thuong)\b.*?(?:khong qua|toi da)\s+([\d.,]+)")
DISQUALIFY = re.compile(r"khong xep loai")
TOTAL = re.compile(r"^(tong cong|cong|tong so diem|tong diem)\b")
# A number at the start of a criterion's text: "I. ", "1. ", "1.1 ", "1.1. ", "a) ", "a. ", "a1) ", "(1) ".
LABEL_IN_TEXT = re.compile(
    r"^(?P<label>[IVXLC]+\.|\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+|[a-zđ]\.?\d*(?:\.\d+)*[.)]|\(\d+\))\s+(?P<rest>\S.*)$", re.S
)
COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
STT_KEYS = ("stt", "tt", "so tt")


@dataclass
class ImportRow:
    row: int  # the row's number in its sheet or table
    label: str
    heading: str
    depth: int = 0
    parent: int | None = None  # index in the list of rows
    kind: str = CriterionKind.DIRECT
    max_points: Decimal | None = None
    per_case: Decimal | None = None
    levels: list = field(default_factory=list)
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    note: str = ""  # what the reader decided that the table did not say
    problems: list = field(default_factory=list)
    table: int | None = None  # which of the document's scoring tables, when it has several

    @property
    def place(self) -> str:
        """The row as the messages name it: "5", or "5 of table 2" in a document of several tables."""
        if self.table is None:
            return str(self.row)
        return _(ERR_ROW_OF_TABLE) % {"row": self.row, "table": self.table}

    def as_json(self) -> dict:
        text = lambda v: None if v is None else str(v)  # noqa: E731
        return {
            "row": self.place,
            "label": self.label,
            "heading": self.heading,
            "parent": self.parent,
            "kind": str(self.kind),
            "max_points": text(self.max_points),
            "per_case": text(self.per_case),
            "levels": [[str(p), label] for p, label in self.levels],
            "bonus_cap": text(self.bonus_cap),
            "penalty_cap": text(self.penalty_cap),
        }


def _key(value) -> str:
    return search_key(str(value or "")).strip()


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip()


class _Span:
    """One cell of the table, as many grid columns as it is merged across (the same object in each of them)."""

    __slots__ = ("value", "formula")

    def __init__(self, value=None, formula=False):
        self.value, self.formula = value, formula


EMPTY = _Span()
# A table: its rows, each (row number, the spans of its grid columns).
Grid = list[tuple[int, list[_Span]]]


def _read_bytes(file) -> bytes:
    data = file.read(MAX_BYTES + 1) if hasattr(file, "read") else bytes(file)
    if len(data) > MAX_BYTES:
        raise ValidationError(_(ERR_TOO_LARGE))
    return data


def _zip_members(data: bytes) -> set[str] | None:
    """The names in the file when it is a ZIP archive (.xlsx, .docx), None when it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > 10 * MAX_BYTES:
                raise ValidationError(_(ERR_TOO_LARGE))
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return None


def _xlsx_grids(data: bytes) -> list[Grid]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_(ERR_NOT_XLSX)) from error
    grid = []
    for cells in workbook.worksheets[0].iter_rows():
        spans = [EMPTY] * max((cell.column for cell in cells), default=0)
        for cell in cells:
            spans[cell.column - 1] = _Span(cell.value, formula=is_formula(cell))
        grid.append((cells[0].row if cells else len(grid) + 1, spans))
    return [grid]


_ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN_DIGITS += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(number: int) -> str:
    out = ""
    for value, digits in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        out += digits * count
    return out


def _in_format(number: int, kind: str) -> str:
    if kind in ("upperRoman", "lowerRoman"):
        text = _roman(number)
        return text if kind == "upperRoman" else text.lower()
    if kind in ("upperLetter", "lowerLetter"):
        text = "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26] * ((number - 1) // 26 + 1)
        return text.upper() if kind == "upperLetter" else text
    return str(number)


class _WordNumbering:
    """The numbers Word draws before a list paragraph ("I.", "1.", "1.1", "a)"), which are not in its text: a table's
    STT column is often numbered so. Counters per list and level, a level resetting the ones under it; the
    paragraph's own numbering only (not one coming from its style), no overrides."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict = {}  # numId → {ilvl: (format, text, start)}
        self.counters: dict = {}  # abstractNumId → {ilvl: count}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for level in node.findall(qn("w:lvl")):
                value = lambda tag, default, level=level: (  # noqa: E731
                    level.find(qn(tag)).get(qn("w:val")) if level.find(qn(tag)) is not None else default
                )
                start = value("w:start", "1")
                levels[int(level.get(qn("w:ilvl")))] = (
                    value("w:numFmt", "decimal"),
                    value("w:lvlText", ""),
                    int(start) if start.isdigit() else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for node in numbering.findall(qn("w:num")):
            link = node.find(qn("w:abstractNumId"))
            if link is not None and link.get(qn("w:val")) in abstract:
                self.levels[node.get(qn("w:numId"))] = (link.get(qn("w:val")), abstract[link.get(qn("w:val"))])

    def label(self, paragraph) -> str:
        qn = self.qn
        properties = paragraph._p.pPr
        numbered = properties.find(qn("w:numPr")) if properties is not None else None
        if numbered is None or numbered.find(qn("w:numId")) is None:
            return ""
        found = self.levels.get(numbered.find(qn("w:numId")).get(qn("w:val")))
        level_node = numbered.find(qn("w:ilvl"))
        level = int(level_node.get(qn("w:val"))) if level_node is not None else 0
        if found is None or level not in found[1]:
            return ""
        key, levels = found
        counts = self.counters.setdefault(key, {})
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        kind, text, _start = levels[level]
        if kind in ("bullet", "none"):
            return ""
        for upper in range(level + 1):
            upper_kind, _text, upper_start = levels.get(upper, ("decimal", "", 1))
            text = text.replace(f"%{upper + 1}", _in_format(counts.get(upper, upper_start), upper_kind))
        return text.strip()


def _docx_grids(data: bytes) -> list[Grid]:
    """Every table of the document, nested ones not (a table in a cell is part of that cell's text); the numbers
    Word draws before its list paragraphs are put back in front of their text."""
    document = open_docx(data)
    numbering = _WordNumbering(document)

    def text_of(cell) -> str:
        parts = []
        for paragraph in cell.paragraphs:
            label = numbering.label(paragraph)
            parts.append(f"{label} {paragraph.text}" if label else paragraph.text)
        return " ".join(" ".join(parts).split())

    grids = []
    for table in document.tables:
        grid: Grid = []
        spans_of: dict = {}  # a <w:tc> element → its span; the elements are kept alive, so their ids are stable
        previous: list = []
        for number, row in enumerate(table.rows, start=1):
            cells = row.cells
            spans = []
            for column, cell in enumerate(cells):
                tc = cell._tc
                if column < len(previous) and previous[column] is tc:
                    spans.append(EMPTY)  # merged down from the row above: counted there
                    continue
                if id(tc) not in spans_of:
                    spans_of[id(tc)] = (tc, _Span(text_of(cell)))
                spans.append(spans_of[id(tc)][1])
            previous = [cell._tc for cell in cells]
            grid.append((number, spans))
        grids.append(grid)
    return grids


def _pdf_grids(data: bytes) -> list[Grid]:
    """The tables of the text layer, page by page; pdfplumber gives None for the grid cells a merged cell covers."""
    grids = []
    any_text = False
    with open_pdf(data) as pdf:
        for page in pdf.pages:
            any_text = any_text or bool(page.chars)
            for table in page.extract_tables():
                grid: Grid = []
                for number, values in enumerate(table, start=1):
                    spans = []
                    for value in values:
                        if value is None:
                            spans.append(spans[-1] if spans else EMPTY)
                        else:
                            spans.append(_Span(" ".join(value.split())))
                    grid.append((number, spans))
                grids.append(grid)
    if not any_text:
        raise ValidationError(_(ERR_NO_TEXT))
    return grids


def _grids(file) -> tuple[list[Grid], bool]:
    """(the tables of the file, whether it is a document rather than a workbook)."""
    data = _read_bytes(file)
    if data.startswith(b"%PDF"):
        return _pdf_grids(data), True
    members = _zip_members(data)
    if members is not None and "word/document.xml" in members:
        return _docx_grids(data), True
    if members is None and data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(_(ERR_PROTECTED))
    return _xlsx_grids(data), False


def _columns(spans: list[_Span]) -> dict:
    columns = {}
    for column, span in enumerate(spans):
        key = _key(span.value)
        if key in STT_KEYS:
            columns["stt"] = column
        elif key.startswith("tieu chi") or key.startswith("noi dung"):
            columns.setdefault("heading", column)
        elif key.startswith("diem chuan") or key in ("diem", "diem toi da", "thang diem"):
            columns["points"] = column
        elif key == "chuan":
            columns["standard"] = column
        elif key in ("thuong", "cong", "diem thuong", "diem cong"):
            columns["bonus"] = column
        elif key in ("tru", "diem tru"):
            columns["penalty"] = column
    return columns


def _header(grid: Grid) -> tuple[int, dict] | None:
    """(the index in the grid of the heading's last row, {"stt": column, "heading": column, "points" | "standard",
    "bonus", "penalty": column}). A heading of two rows ("ĐIỂM" over "Chuẩn | Thưởng | Trừ") is read as one."""
    for index, (_number, spans) in enumerate(grid[:15]):
        columns = _columns(spans)
        if "stt" in columns and "heading" in columns:
            below = _columns(grid[index + 1][1]) if index + 1 < len(grid) else {}
            last = index
            if "standard" in below:
                columns.update(below)
                last = index + 1
            if "standard" in columns:
                columns.pop("points", None)
            if "points" in columns or "standard" in columns:
                return last, columns
    return None


def _is_heading_again(spans: list[_Span], columns: dict) -> bool:
    """The heading row repeated (on each page), or a row numbering the columns: (1) | (2) | (3)…"""
    at = lambda name: _key(spans[columns[name]].value) if columns.get(name, len(spans)) < len(spans) else ""  # noqa: E731
    if at("stt") in STT_KEYS or at("standard") == "chuan" or at("points").startswith("diem"):
        return True
    numbers = []
    for span in dict.fromkeys(spans):  # each merged cell once, in order
        if span.value not in (None, ""):
            match = COLUMN_NUMBER.match(_text(span.value))
            if not match:
                return False
            numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(1, len(numbers) + 1))


def _table_rows(grids: list[Grid]) -> list[tuple[int, int, list[_Span], dict]]:
    """(table, row number, spans, columns) of every row under a heading row: the tables with one, and a table
    without one right after such a table, with as many columns (the same table cut at a page break)."""
    out = []
    table, columns, width = 0, None, 0
    for grid in grids:
        found = _header(grid)
        if found is not None:
            header, columns = found
            width = max(len(spans) for _number, spans in grid)
            table += 1
            body = grid[header + 1 :]
        elif columns is not None and grid and max(len(spans) for _number, spans in grid) == width:
            table += 1
            body = grid
        else:
            columns = None  # another table between: what follows it is no continuation
            continue
        for number, spans in body:
            if not _is_heading_again(spans, columns):
                out.append((table, number, spans, columns))
    return out


def _cells(spans: list[_Span], columns: dict) -> tuple[str, str, list[tuple[_Span, str | None]]]:
    """(label, heading, the points cells with their sign) of a row; a cell merged across columns counts for the
    first of heading, number, points that it covers."""
    get = lambda column: spans[column] if column is not None and column < len(spans) else EMPTY  # noqa: E731
    heading = get(columns["heading"])
    stt = get(columns["stt"])
    label = "" if stt is heading else _text(stt.value)
    text = _text(heading.value)
    if not label:
        found = LABEL_IN_TEXT.match(text)
        if found:
            label, text = found.group("label"), found.group("rest").strip()
    names = (
        [("points", None)] if "points" in columns else [("standard", None), ("bonus", "bonus"), ("penalty", "penalty")]
    )
    points = []
    for name, sign in names:
        span = get(columns.get(name))
        if span is not heading and span is not stt:
            points.append((span, sign))
    return label, text, points


def _depth(label: str, state: dict) -> int:
    """The depth of a row from its number, given the last depths seen."""
    plain = label.rstrip(".)").strip()
    if not plain:
        return state["last"] + 1
    if ROMAN.match(plain):
        state["roman"] = True
        depth = 0
    elif NUMBERED.match(plain):
        depth = plain.count(".") + (1 if state["roman"] else 0)
        state["number"] = depth
    elif LETTER.match(plain.lower()):
        depth = state["number"] + 1
        state["letter"] = depth
    elif LETTER_SUB.match(plain.lower()):
        depth = state["letter"] + 1
    else:
        depth = state["last"] + 1
    state["last"] = depth
    return depth


def _number(text: str) -> Decimal:
    return parse_number(text.replace("−", "-").replace(" ", "").removesuffix("điểm"))


def _points(raw, row: "ImportRow", sign: str | None) -> None:
    """Reads one points cell into the row: ``sign`` is "bonus" or "penalty" for those columns, None for the
    standard or the only points column."""
    text = _text(raw)
    key = _key(text)
    heading = _key(row.heading)
    if DISQUALIFY.search(key):
        row.kind = CriterionKind.DISQUALIFIER
        return
    if "/" in text:
        from scoring.forms import parse_levels

        row.levels = parse_levels(text)
        points = [p for p, _label in row.levels]
        negative = sign == "penalty" or all(p <= 0 for p in points)
        if sign == "penalty":
            row.levels = [[-abs(p), label] for p, label in row.levels]
        row.kind = CriterionKind.PENALTY if negative else CriterionKind.DIRECT
        row.max_points = max(abs(p) for p, _label in row.levels)
        return
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
        explicit = None
    else:
        value = _number(text)
        explicit = "+" if text.startswith("+") else None
    if sign == "penalty" or value < 0:
        row.kind = CriterionKind.PENALTY
    elif sign == "bonus" or explicit == "+":
        row.kind = CriterionKind.BONUS
    else:
        row.kind = CriterionKind.DIRECT
    value = abs(value)
    if row.kind in (CriterionKind.BONUS, CriterionKind.PENALTY) and PER_CASE.search(heading):
        row.per_case = value
        cap = CAP.search(heading)
        if cap:
            row.max_points = _number(cap.group(1).rstrip(".,"))
        else:
            row.max_points = value * DEFAULT_CASES
            row.note = _("at most %(count)s cases: no cap in the heading") % {"count": DEFAULT_CASES}
        return
    row.max_points = value


def read_table(file) -> list[ImportRow]:
    """The rows of the table, each with its problems (empty when it can be created); ValidationError when the file
    or its heading row cannot be read."""
    grids, is_document = _grids(file)
    found = _table_rows(grids)
    if not found:
        raise ValidationError(_(ERR_NO_TABLE) if is_document else _(ERR_NO_HEADER))
    several = found[-1][0] > 1
    rows: list[ImportRow] = []
    state = {"roman": False, "number": 0, "letter": 0, "last": -1}
    stack: list[int] = []  # indexes of the open ancestors
    for table, number, spans, columns in found:
        label, heading, points = _cells(spans, columns)
        if not heading or (not label and TOTAL.match(_key(heading))):
            continue  # an empty row, or the table's own total line
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_(ERR_TOO_MANY) % {"count": MAX_ROWS})
        row = ImportRow(row=number, label=label[:20], heading=heading[:1000], table=table if several else None)
        row.depth = _depth(label, state)
        while stack and rows[stack[-1]].depth >= row.depth:
            stack.pop()
        row.parent = stack[-1] if stack else None
        for span, sign in points:
            if span.value is None or _text(span.value) == "":
                continue
            if span.formula:
                row.problems.append(_(ERR_ROW_FORMULA) % {"row": row.place})
                continue
            try:
                _points(span.value, row, sign)
            except ValidationError:
                row.problems.append(_(ERR_ROW_POINTS) % {"row": row.place, "text": _text(span.value)})
            break  # one points cell per row
        rows.append(row)
        stack.append(len(rows) - 1)
    if not rows:
        raise ValidationError(_(ERR_NO_ROWS))
    parents = {r.parent for r in rows if r.parent is not None}
    for index, row in enumerate(rows):
        if index in parents:
            row.kind, row.per_case, row.levels = CriterionKind.GROUP, None, []
            for which, amount in GROUP_CAP.findall(_key(row.heading)):
                cap = _number(amount.rstrip(".,"))
                if which == "tru":
                    row.penalty_cap = cap
                else:
                    row.bonus_cap = cap
        elif row.max_points is None and row.kind != CriterionKind.DISQUALIFIER and not row.problems:
            row.problems.append(_(ERR_ROW_NO_POINTS) % {"row": row.place})
        if row.problems:
            continue
        try:
            Criterion.clean_rule(
                kind=row.kind,
                max_points=row.max_points,
                figure=None,
                formula="",
                params={},
                per_case=row.per_case,
                levels=row.levels,
                bonus_cap=row.bonus_cap,
                penalty_cap=row.penalty_cap,
            )
        except ValidationError as error:
            row.problems.extend(_(ERR_ROW_RULE) % {"row": row.place, "message": m} for m in error.messages)
    return rows
