"""Indicator tables: a plan often gives its targets as a table, "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2025
| Ghi chú", with group rows ("I. Chỉ tiêu về kinh tế") between the indicators. The readers write such a table as
text rows ("| 1 | Thu nhập bình quân | triệu đồng | ≥ 78 |"), as a text export prints it, so that the parser reads
the three formats alike; this module says whether a header row is one of an indicator table, and turns a row into
the indicator's sentence for the target grammar (figures.py)."""

import re
from dataclasses import dataclass

_STT = re.compile(r"^(?:STT|TT|Số\s*TT|Số thứ tự)$", re.I)
_UNIT = re.compile(r"^(?:Đơn vị tính|ĐVT|Đơn vị|Đơn vị đo)$", re.I)
_NOTE = re.compile(r"^Ghi chú", re.I)
_NAME = re.compile(r"^(?:Tên\s+)?(?:Chỉ tiêu|Mục tiêu|Nội dung)(?:\s+(?:thi đua|chủ yếu))?$", re.I)
_VALUE = re.compile(r"Kế hoạch|\bKH\b|năm\s+\d{4}|Mục tiêu|Chỉ tiêu|Giá trị|Phấn đấu|Mức", re.I)
_ROMAN_LABEL = re.compile(r"^(?:[IVX]+|[A-Đ])\.?$")
_COMPARATORS = (
    (re.compile(r"^(?:≥|>=)\s*"), "tối thiểu "),
    (re.compile(r"^>\s*"), "trên "),
    (re.compile(r"^<\s*"), "dưới "),
    (re.compile(r"^(?:≤|<=)\s*"), "không quá "),
)


@dataclass(frozen=True)
class Columns:
    name: int
    value: int
    unit: int | None = None
    number: int | None = None
    note: int | None = None


def cells_of(text: str) -> list[str]:
    """The cells of a text row "| a | b |" ("" for a rule row "|---|---|")."""
    cells = [" ".join(cell.split()) for cell in text.strip().strip("|").split("|")]
    return [] if all(re.fullmatch(r":?-+:?", cell) for cell in cells if cell) else cells


def header_rows(rows: list[list[str]], marked: int = 0) -> int:
    """How many rows head a table: those Word marks to repeat on each page, else the first, and after them a row of
    column numbers "(1) | (2) | (3)" as the decree's tables print it."""
    count = max(1, min(marked, len(rows)))
    while (
        count < len(rows) and all(re.fullmatch(r"\(\d+\)", cell) for cell in rows[count] if cell) and any(rows[count])
    ):
        count += 1
    return count


def text_row(cells: list[str]) -> str:
    return "| " + " | ".join(" ".join(cell.replace("|", "/").split()) for cell in cells) + " |"


def indicator_columns(header: list[str]) -> Columns | None:
    """The columns of an indicator table from its header row, None when the row is no such header: it needs a
    column naming the indicator (Chỉ tiêu, Mục tiêu, Nội dung) and, after it, one for the value (Kế hoạch năm 2025,
    Chỉ tiêu năm 2025, Mục tiêu …)."""
    cells = [" ".join(cell.split()).strip("* ") for cell in header]
    name = next((i for i, cell in enumerate(cells) if _NAME.match(cell)), None)
    if name is None:
        return None

    def find(pattern, start=0):
        return next((i for i, cell in enumerate(cells) if i >= start and i != name and pattern.search(cell)), None)

    unit, number, note = find(_UNIT), find(_STT), find(_NOTE)
    value = next(
        (i for i, cell in enumerate(cells) if i > name and i not in (unit, number, note) and _VALUE.search(cell)),
        None,
    )
    if value is None:
        return None
    return Columns(name=name, value=value, unit=unit, number=number, note=note)


def is_group_row(cells: list[str], columns: Columns) -> bool:
    """A row that heads a group ("I | Chỉ tiêu về kinh tế | | |", a merged cell across the table): no value and
    no unit of its own."""
    filled = [cell for cell in cells if cell]
    if len(filled) == 1 and len(cells) < max(columns.name, columns.value) + 1:
        return True
    value = _cell(cells, columns.value)
    unit = _cell(cells, columns.unit)
    return bool(_cell(cells, columns.name)) and not value and not unit


def group_of(cells: list[str], columns: Columns) -> tuple[str, str]:
    """(label, heading) of a group row: "I", "Chỉ tiêu về kinh tế" → ("I.", "Chỉ tiêu về kinh tế")."""
    filled = [cell for cell in cells if cell]
    label = _cell(cells, columns.number)
    heading = _cell(cells, columns.name) or " ".join(filled)
    if len(filled) == 1:
        label, heading = "", filled[0]
    found = re.match(r"^([IVX]+|[A-Đ]|\d+)\s*[.\-–)]\s*(.+)$", heading)
    if not label and found:
        label, heading = found.group(1), found.group(2)
    if label and (_ROMAN_LABEL.match(label) or label.isdigit()) and not label.endswith("."):
        label += "."
    return label, heading


def row_sentence(cells: list[str], columns: Columns) -> tuple[str, str, str, str]:
    """(label, name, sentence, unit) of an indicator row: "Tỷ lệ hộ nghèo | % | < 1,5" → "Tỷ lệ hộ nghèo: dưới
    1,5%"; the unit column is appended to a value that does not print it already."""
    name = _cell(cells, columns.name).rstrip(":;. ")
    value = _cell(cells, columns.value)
    unit = _cell(cells, columns.unit)
    for pattern, words in _COMPARATORS:
        if pattern.match(value):
            value = pattern.sub(words, value, count=1)
            break
    if unit and re.search(r"\d", value) and unit.lower() not in value.lower():
        value = f"{value}{unit}" if unit == "%" else f"{value} {unit}"
    sentence = f"{name}: {value}" if value else name
    return _cell(cells, columns.number), name, sentence, unit


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""
