"""Roll-up tables as Excel workbooks (openpyxl): the unit's figures with target, result, % and status, then the
drill-down to its children, then completeness. Numbers are numeric cells with Vietnamese-style number formats;
text is stored as text, never a formula (units.sheets.put)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.achievement import Status
from reports.models import ReportStatus
from targets.numbers import format_range
from units.sheets import put

STATUS_FILLS = {
    Status.EXCEEDED: "C6EFCE",
    Status.ACHIEVED: "DDEBF7",
    Status.MISSED: "FFC7CE",
    Status.NOT_ASSIGNED: "F2F2F2",
    Status.NO_DATA: "EDEDED",
    Status.ANNUAL: "FFF2CC",
}
NUMBER = "#,##0.##"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def _text(value) -> str:
    return str(value or "")


def _header(ws, row: int, titles) -> None:
    for column, title in enumerate(titles, start=1):
        cell = put(ws, row, column, _text(title))
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _number(ws, row, column, value):
    cell = put(ws, row, column, float(value) if value is not None else None)
    cell.number_format = NUMBER
    return cell


def rollup_workbook(*, period, campaign, unit, rows, children, progress, **_rest) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Roll-up")[:31]
    put(ws, 1, 1, _text(campaign.title)).font = Font(bold=True, size=13)
    put(ws, 2, 1, _text(f"{unit.name} — {period.label}")).font = BOLD
    titles = [_("Figure"), _("Unit of measure"), _("Target"), _("Result"), "%", _("Status"), _("Units reporting")]
    _header(ws, 4, titles)
    for number, row in enumerate(rows, start=5):
        figure, cell = row["figure"], row["cell"]
        put(ws, number, 1, _text(figure.name))
        put(ws, number, 2, _text(figure.unit_of_measure))
        if cell is not None and cell.target_high is not None:  # a range stays a range, as text
            put(ws, number, 3, format_range(cell.target, cell.target_high))
        else:
            _number(ws, number, 3, cell.target if cell is not None else figure.value)
        _number(ws, number, 4, cell.value if cell else None)
        _number(ws, number, 5, cell.percent if cell else None)
        status = Status(cell.status) if cell else Status.NO_DATA
        text = str(status.label)
        if cell is not None and (cell.unjudged or cell.per_unit):
            text = _("not judged") if cell.unjudged else _("judged per unit")
        label = put(ws, number, 6, text)
        label.fill = PatternFill("solid", fgColor=STATUS_FILLS[status])
        put(ws, number, 7, f"{cell.reported}/{cell.expected}" if cell else "")
    for column, width in enumerate((48, 12, 12, 14, 9, 16, 12), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width

    if children:
        drill = workbook.create_sheet(_("By unit")[:31])
        _header(drill, 1, [_("Unit"), *[_text(row["figure"].name) for row in rows]])
        for number, child in enumerate(children, start=2):
            put(drill, number, 1, _text(child.unit.name))
            for column, row in enumerate(rows, start=2):
                child_cell = child.cells.get(row["figure"].pk)
                _number(drill, number, column, child_cell.value if child_cell else None)
        drill.column_dimensions["A"].width = 30

    sheet = workbook.create_sheet(_("Completeness")[:31])
    _header(sheet, 1, [_("Unit"), _("Status"), _("Sent on"), _("Late")])
    for number, p in enumerate(progress, start=2):
        put(sheet, number, 1, _text(p.unit_name))
        status = ReportStatus(p.status).label if p.status else _("not started")
        put(sheet, number, 2, _text(status))
        submitted = timezone.localtime(p.submitted_at).strftime("%d/%m/%Y %H:%M") if p.submitted_at else ""
        put(sheet, number, 3, submitted)
        put(sheet, number, 4, _("late") if p.late else "")
    sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
