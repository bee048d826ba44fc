"""Reads for a summary report: the figures' table of the annex, from the roll-up of the issuing unit for the period.
A fixed number of queries (the roll-up's, the figures, the unit's own targets), whatever the number of units."""

from dataclasses import dataclass

from django.utils import translation

from documents.issuing import issued_for
from reports import rollup
from reports.achievement import Status
from targets.models import Figure
from targets.numbers import format_number
from targets.rules import is_count

# Judged statuses that a percentage of the target is printed with (never beside "chưa có số liệu")
WITH_PERCENT = (Status.EXCEEDED, Status.ACHIEVED, Status.MISSED, Status.ANNUAL)


@dataclass(frozen=True)
class AnnexRow:
    position: int
    name: str
    unit_of_measure: str
    target: str
    result: str
    percent: str
    status: str  # a reports.achievement.Status value
    status_text: str  # in Vietnamese, as printed
    year_share: str = ""  # "50%" when judged against that share of the year's target (a part of the year)


def status_text(status: str) -> str:
    """'vượt', 'đạt', 'không đạt', 'chưa có số liệu': the document is in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return str(Status(status).label)


def _quantity(figure: Figure, value) -> str:
    """A value as printed: a count of whole things (targets.rules.is_count: xã, trường, hộ, người…) as a whole
    number, rounded half up ('7,4 trường' is '7 trường'), anything else as it is."""
    if value is None:
        return ""
    return format_number(value, 0) if is_count(figure) else format_number(value)


def _range_text(figure: Figure, low, high) -> str:
    low_text, high_text = _quantity(figure, low), _quantity(figure, high)
    return f"{low_text} - {high_text}" if high is not None and high_text != low_text else low_text


def _target_text(figure: Figure, cell, share=None) -> str:
    """The unit's target as the roll-up judged it (the one rule: its own, else the campaign's where that applies to
    it), a range as a range; "không giao chỉ tiêu" where a lower unit has none for an issuer's total. Over a part
    of the year, the period's share of the year's target with the year's after it: "552,5 (cả năm 1.105)"; a
    target kept for the whole year says so: "1.105 (cả năm)"."""
    if cell is None:
        return _range_text(figure, figure.value, figure.value_high)
    if cell.status == Status.NOT_ASSIGNED:
        return status_text(Status.NOT_ASSIGNED)
    judged = cell.judged
    if judged is not None and judged.share is not None:
        period = _range_text(figure, judged.target, judged.target_high)
        return f"{period} (cả năm {_range_text(figure, judged.year_target, judged.year_target_high)})"
    text = _range_text(figure, cell.target, cell.target_high)
    return f"{text} (cả năm)" if share is not None and text else text


def summary_annex(*, period, unit) -> list[AnnexRow]:
    """One row per figure of the campaign: target (as the roll-up judged it, reports.achievement's one rule),
    result rolled up from the submitted and approved reports, percent of target and the status."""
    figures = list(
        Figure.objects.filter(indicator__section__campaign=period.campaign).order_by(
            "indicator__section__position", "indicator__position", "position", "pk"
        )
    )
    cells = rollup.rollup_unit(period=period, unit=unit).cells
    part = period.year_share
    rows = []
    for position, figure in enumerate(figures, start=1):
        cell = cells.get(figure.pk)
        status = cell.status if cell is not None else Status.NO_DATA
        percent = cell.percent if cell is not None and status in WITH_PERCENT else None
        share = cell.judged.share if cell is not None and cell.judged is not None else None
        rows.append(
            AnnexRow(
                position=position,
                name=figure.name,
                unit_of_measure=figure.unit_of_measure,
                target=_target_text(figure, cell, part),
                result=_quantity(figure, cell.value) if cell is not None else "",
                percent=format_number(percent, 1) if percent is not None else "",
                status=status,
                status_text=status_text(status),
                year_share=f"{format_number(share * 100, 0)}%" if share is not None else "",
            )
        )
    return rows


# Issuing computes the annex once: the snapshot leaves its rows on the instance under this name, and the printed
# annex that follows in the same call takes them (once: a later reading computes them anew).
ISSUING_ANNEX = "_issuing_annex"


def summary_annex_rows(*, summary) -> list[AnnexRow]:
    """The rows an issued report was issued with (kept in its issued version's snapshot, so the figures reported
    later never change it), else the figures as they stand now."""
    issuing = summary.__dict__.pop(ISSUING_ANNEX, None)
    if issuing is not None:
        return issuing
    if summary.number:
        issued = issued_for(summary).order_by("-pk").first()
        if issued is not None and "annex" in issued.snapshot:
            return [AnnexRow(**row) for row in issued.snapshot["annex"]]
    return summary_annex(period=summary.period, unit=summary.unit)
