"""A scoring table read from an Excel sheet into rows of criteria, for a review page before anything is saved.

Columns (found by their headings in the first 15 rows, in any order, with or without diacritics):
    STT | TIÊU CHÍ | ĐIỂM CHUẨN              one points column, or
    STT | TIÊU CHÍ | Chuẩn | Thưởng | Trừ    a column each for standard, bonus and penalty points.

The tree comes from the numbers (STT): I, II… (Roman) above 1, 2…; 1.1 under 1; a, b… (or a), b)) under the last
number; a1, a.1 under a; a row without a number under the last numbered row. A row with rows under it is a group.

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

from scoring.models import Criterion, CriterionKind
from targets.numbers import parse_number
from units.sheets import is_formula
from units.text import search_key

__all__ = ("ImportRow", "read_table", "DEFAULT_CASES")

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
DEFAULT_CASES = 10

ERR_NOT_XLSX = gettext_noop("The file is not an Excel workbook (.xlsx).")
ERR_TOO_LARGE = gettext_noop("The file is too large: a scoring table is at most 5 MB.")
ERR_NO_HEADER = gettext_noop(
    "No heading row found: the table needs the columns STT and TIÊU CHÍ, and ĐIỂM CHUẨN or Chuẩn / Thưởng / Trừ."
)
ERR_NO_ROWS = gettext_noop("The table has no criteria under its heading row.")
ERR_TOO_MANY = gettext_noop("The table has more than %(count)s rows.")
ERR_ROW_FORMULA = gettext_noop("Row %(row)s: formulas are not accepted; type the points themselves.")
ERR_ROW_POINTS = gettext_noop("Row %(row)s: “%(text)s” is not a number of points, levels or “(không xếp loại)”.")
ERR_ROW_NO_POINTS = gettext_noop("Row %(row)s: a criterion with no rows under it needs its points.")
ERR_ROW_RULE = gettext_noop("Row %(row)s: %(message)s")

ROMAN = re.compile(r"^(?=[IVXLC]+$)M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
NUMBERED = re.compile(r"^\d+(\.\d+)*$")
LETTER = re.compile(r"^[a-zđ]$")
LETTER_SUB = re.compile(r"^[a-zđ]\.?\d+(\.\d+)*$")
PER_CASE = re.compile(r"\bmoi\b")
CAP = re.compile(r"(?:toi da|khong qua)\s+([\d.,]+)")
GROUP_CAP = re.compile(r"tong (?:so )?diem (tru|cong|thuong)\b.*?(?:khong qua|toi da)\s+([\d.,]+)")
DISQUALIFY = re.compile(r"khong xep loai")
TOTAL = re.compile(r"^(tong cong|cong|tong so diem|tong diem)\b")


@dataclass
class ImportRow:
    row: int  # the sheet's row number
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

    def as_json(self) -> dict:
        text = lambda v: None if v is None else str(v)  # noqa: E731
        return {
            "row": self.row,
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


def _open(file):
    data = file.read(MAX_BYTES + 1) if hasattr(file, "read") else bytes(file)
    if len(data) > MAX_BYTES:
        raise ValidationError(_(ERR_TOO_LARGE))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > 10 * MAX_BYTES:
                raise ValidationError(_(ERR_TOO_LARGE))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_(ERR_NOT_XLSX)) from error


def _header(ws) -> tuple[int, dict] | None:
    """(row, {"stt": column, "heading": column, "points" | "standard", "bonus", "penalty": column})."""
    for row in ws.iter_rows(min_row=1, max_row=15):
        columns = {}
        for cell in row:
            key = _key(cell.value)
            if key in ("stt", "tt", "so tt"):
                columns["stt"] = cell.column
            elif key.startswith("tieu chi") or key.startswith("noi dung"):
                columns.setdefault("heading", cell.column)
            elif key.startswith("diem chuan") or key in ("diem", "diem toi da", "thang diem"):
                columns["points"] = cell.column
            elif key == "chuan":
                columns["standard"] = cell.column
            elif key in ("thuong", "cong", "diem thuong", "diem cong"):
                columns["bonus"] = cell.column
            elif key in ("tru", "diem tru"):
                columns["penalty"] = cell.column
        if "stt" in columns and "heading" in columns and ("points" in columns or "standard" in columns):
            return row[0].row, columns
    return None


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
    workbook = _open(file)
    ws = workbook.worksheets[0]
    found = _header(ws)
    if found is None:
        raise ValidationError(_(ERR_NO_HEADER))
    header, columns = found
    rows: list[ImportRow] = []
    state = {"roman": False, "number": 0, "letter": 0, "last": -1}
    stack: list[int] = []  # indexes of the open ancestors
    for cells in ws.iter_rows(min_row=header + 1):
        by_column = {cell.column: cell for cell in cells}
        heading = _text(by_column.get(columns["heading"]).value if columns["heading"] in by_column else "")
        label = _text(by_column[columns["stt"]].value) if columns["stt"] in by_column else ""
        if not heading or (not label and TOTAL.match(_key(heading))):
            continue  # an empty row, or the table's own total line
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_(ERR_TOO_MANY) % {"count": MAX_ROWS})
        number = cells[0].row
        row = ImportRow(row=number, label=label[:20], heading=heading[:1000])
        row.depth = _depth(label, state)
        while stack and rows[stack[-1]].depth >= row.depth:
            stack.pop()
        row.parent = stack[-1] if stack else None
        point_columns = (
            [("points", None)]
            if "points" in columns
            else [("standard", None), ("bonus", "bonus"), ("penalty", "penalty")]
        )
        for name, sign in point_columns:
            cell = by_column.get(columns.get(name))
            if cell is None or cell.value is None or _text(cell.value) == "":
                continue
            if is_formula(cell):
                row.problems.append(_(ERR_ROW_FORMULA) % {"row": number})
                continue
            try:
                _points(cell.value, row, sign)
            except ValidationError:
                row.problems.append(_(ERR_ROW_POINTS) % {"row": number, "text": _text(cell.value)})
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
            row.problems.append(_(ERR_ROW_NO_POINTS) % {"row": row.row})
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
            row.problems.extend(_(ERR_ROW_RULE) % {"row": row.row, "message": m} for m in error.messages)
    return rows
