"""The scoring sheet as an Excel workbook (openpyxl): the criteria tree with maximum points, every member's points at
each stage, the totals and the rank; a second sheet with the ranking and its rule. Numbers are numeric cells with an
Excel number format; text is always a text cell, so a name starting with "=" never becomes a formula. The headings
are Vietnamese, as the printed tables are.

How each criterion is scored is in the "Loại" column after its kind: points per case and their cap ("0,5 điểm/
trường hợp, tối đa 1,5"), levels ("mức: Chuẩn 3 / 1,5 / 0"), a group's caps of bonus and penalty points; a
disqualifying criterion shows "Có" / "Không", and a disqualified unit "Không xếp loại" instead of a rank."""

import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from scoring.models import STAGE_ORDER, CriterionKind
from scoring.rules import RANKING_RULE
from scoring.selectors import Board
from targets.numbers import format_number
from units.models import MemberRole
from units.sheets import put

__all__ = ("SHEET", "RANKING_SHEET", "HEADERS", "STAGE_HEADERS", "sheet_workbook")

SHEET = "Bảng chấm điểm"
RANKING_SHEET = "Xếp hạng"
HEADERS = ("STT", "Tiêu chí", "Loại", "Điểm tối đa")
STAGE_HEADERS = {
    "self": "Tự chấm",
    "cluster": "Cụm kiểm tra",
    "explanation": "Giải trình",
    "upper": "Cấp trên kiểm tra",
    "final": "Kết quả",
}
KIND_NAMES = {
    CriterionKind.GROUP: "Nhóm",
    CriterionKind.QUANTITATIVE: "Định lượng",
    CriterionKind.QUALITATIVE: "Định tính",
    CriterionKind.DIRECT: "Chấm trực tiếp",
    CriterionKind.BONUS: "Điểm thưởng",
    CriterionKind.PENALTY: "Điểm trừ",
    CriterionKind.DISQUALIFIER: "Không xếp loại nếu có",
}
NOT_RANKED = "Không xếp loại"
YES, NO = "Có", "Không"
ROLE_NAMES = {MemberRole.LEADER: "Cụm trưởng", MemberRole.DEPUTY: "Cụm phó", MemberRole.MEMBER: "Thành viên"}
TOTAL_ROWS = ("Cộng điểm tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp hạng")
RANKING_HEADERS = (
    "Hạng",
    "Đơn vị",
    "Vai trò trong cụm",
    *STAGE_HEADERS.values(),
    "Số tiêu chí đạt điểm tối đa",
    "Điểm thưởng",
    "Điểm trừ",
)
POINTS_FORMAT = "#,##0.00"
INTEGER_FORMAT = "0"
FIRST_ROW = 6  # title lines, an empty row, then two header rows

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_BOLD = Font(bold=True)


def _put(ws, row, column, value, *, number_format=None, font=None, fill=None, alignment=None, border=True):
    cell = put(ws, row, column, value)  # text as a text cell, never a formula
    if not isinstance(value, str) and value is not None and number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if alignment:
        cell.alignment = alignment
    if border:
        cell.border = _BORDER
    return cell


def _title(ws, board: Board, last_column: int) -> None:
    sheet = board.sheet
    campaign = sheet.campaign
    lines = [
        (sheet.title.upper(), Font(bold=True, size=13)),
        (f"{sheet.scorer_name} — năm {sheet.year} — {sheet.organiser.name}", _BOLD),
        (f"{campaign.doc_type.name} {campaign.reference}: {campaign.title}".strip(), None),
        (
            f"Kỳ báo cáo: {sheet.period.label if sheet.period else 'kỳ gần nhất có báo cáo'} — "
            f"xuất ngày {timezone.localdate().strftime('%d/%m/%Y')}",
            Font(italic=True, color="595959"),
        ),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        _put(ws, number, 1, text, font=font, border=False)
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=max(last_column, 4))


def kind_text(criterion) -> str:
    """The kind of a criterion and how it is scored, as the "Loại" column shows it."""
    parts = [KIND_NAMES[CriterionKind(criterion.kind)]]
    if criterion.per_case is not None:
        parts.append(
            f"{format_number(criterion.per_case)} điểm/trường hợp, tối đa {format_number(criterion.max_points)}"
        )
    if criterion.levels:
        parts.append(f"mức: {criterion.level_text()}")
    if criterion.bonus_cap is not None:
        parts.append(f"cộng tối đa {format_number(criterion.bonus_cap)}")
    if criterion.penalty_cap is not None:
        parts.append(f"trừ tối đa {format_number(criterion.penalty_cap)}")
    return "; ".join(parts)


def _cell_value(node, value):
    if value is None:
        return None
    if node.kind == CriterionKind.DISQUALIFIER:
        return YES if value else NO
    return float(value)


def sheet_workbook(board: Board) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = "Thi đua"
    workbook.properties.created = datetime(2000, 1, 1)  # noqa: DTZ001 - stable output
    ws = workbook.active
    ws.title = SHEET
    units = board.units
    stages = list(STAGE_ORDER)
    per_unit = len(stages)
    last_column = len(HEADERS) + per_unit * len(units)
    _title(ws, board, last_column)

    top, sub = FIRST_ROW, FIRST_ROW + 1
    for column, header in enumerate(HEADERS, start=1):
        _put(ws, top, column, header, font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
        _put(ws, sub, column, "", fill=_HEADER_FILL)
        ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    for index, unit in enumerate(units):
        first = len(HEADERS) + 1 + index * per_unit
        _put(ws, top, first, unit.name, font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
        for offset, kind in enumerate(stages):
            if offset:
                _put(ws, top, first + offset, "", fill=_HEADER_FILL)
            _put(ws, sub, first + offset, STAGE_HEADERS[kind], font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
            ws.column_dimensions[get_column_letter(first + offset)].width = 11
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + per_unit - 1)

    scores = {(kind, u.pk): board.scores(kind, u.pk) for kind in stages for u in units}
    totals = {(kind, u.pk): board.totals(kind, u.pk) for kind in stages for u in units}
    row = sub + 1
    for node in board.nodes:
        criterion = node.criterion
        group = node.kind == CriterionKind.GROUP
        style = {"font": _BOLD if group else None, "fill": _GROUP_FILL if group else None}
        _put(ws, row, 1, criterion.label, alignment=_CENTRE, **style)
        _put(
            ws,
            row,
            2,
            criterion.heading,
            alignment=Alignment(wrap_text=True, vertical="top", indent=node.depth),
            **style,
        )
        _put(ws, row, 3, kind_text(criterion), alignment=_WRAP, **style)
        shown_max = node.shown_max
        if node.kind == CriterionKind.PENALTY and shown_max is not None:
            shown_max = -shown_max
        _put(ws, row, 4, float(shown_max) if shown_max is not None else None, number_format=POINTS_FORMAT, **style)
        for index, unit in enumerate(units):
            for offset, kind in enumerate(stages):
                if group:
                    value = totals[(kind, unit.pk)].groups.get(node.pk)
                else:
                    value = scores[(kind, unit.pk)].get(node.pk)
                column = len(HEADERS) + 1 + index * per_unit + offset
                _put(ws, row, column, _cell_value(node, value), number_format=POINTS_FORMAT, **style)
        row += 1

    ranks = {r.unit.pk: r.rank if r.rank is not None else NOT_RANKED for r in board.ranking()}
    for label in TOTAL_ROWS:
        _put(ws, row, 1, "", fill=_TOTAL_FILL)
        _put(ws, row, 2, label, font=_BOLD, fill=_TOTAL_FILL)
        _put(ws, row, 3, "", fill=_TOTAL_FILL)
        _put(
            ws,
            row,
            4,
            float(board.max_total) if label == TOTAL_ROWS[0] else None,
            number_format=POINTS_FORMAT,
            fill=_TOTAL_FILL,
        )
        for index, unit in enumerate(units):
            for offset, kind in enumerate(stages):
                t = totals[(kind, unit.pk)]
                column = len(HEADERS) + 1 + index * per_unit + offset
                if label == TOTAL_ROWS[4]:
                    value, number_format = (ranks.get(unit.pk) if kind == stages[-1] else None), INTEGER_FORMAT
                else:
                    value = {0: t.base, 1: t.bonus, 2: t.penalty, 3: t.total}[TOTAL_ROWS.index(label)]
                    value, number_format = float(value), POINTS_FORMAT
                _put(ws, row, column, value, number_format=number_format, font=_BOLD, fill=_TOTAL_FILL)
        row += 1

    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 10
    ws.freeze_panes = ws.cell(row=sub + 1, column=len(HEADERS) + 1)
    ws.print_title_rows = f"{top}:{sub}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    _ranking_sheet(workbook.create_sheet(RANKING_SHEET), board, totals)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ranking_sheet(ws, board: Board, totals) -> None:
    _title(ws, board, len(RANKING_HEADERS))
    roles = {m.unit_id: m.role for m in board.access.members}
    for column, header in enumerate(RANKING_HEADERS, start=1):
        _put(ws, FIRST_ROW, column, header, font=_BOLD, fill=_HEADER_FILL, alignment=_CENTRE)
    row = FIRST_ROW + 1
    for ranked in board.ranking():
        unit = ranked.unit
        _put(ws, row, 1, ranked.rank or NOT_RANKED, number_format=INTEGER_FORMAT, alignment=_CENTRE)
        _put(ws, row, 2, unit.name)
        _put(ws, row, 3, ROLE_NAMES.get(roles.get(unit.pk), ""))
        for offset, kind in enumerate(STAGE_ORDER):
            _put(ws, row, 4 + offset, float(totals[(kind, unit.pk)].total), number_format=POINTS_FORMAT)
        final = ranked.totals
        _put(ws, row, 4 + len(STAGE_ORDER), final.full, number_format=INTEGER_FORMAT)
        _put(ws, row, 5 + len(STAGE_ORDER), float(final.bonus), number_format=POINTS_FORMAT)
        _put(ws, row, 6 + len(STAGE_ORDER), float(final.penalty), number_format=POINTS_FORMAT)
        row += 1
    _put(ws, row + 1, 1, _(RANKING_RULE), alignment=_WRAP, border=False, font=Font(italic=True))
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=len(RANKING_HEADERS))
    ws.row_dimensions[row + 1].height = 48
    widths = (7, 32, 14, 11, 12, 11, 14, 11, 14, 11, 11)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW + 1, column=3)
