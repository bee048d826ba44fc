"""Reads for the roll-up page, bounded at any size: one page of the unit's children rolled up (searched by name), one
page of the reporting units' progress (searched by name, filtered by status), and the counters over all of them as
SQL counts. A fixed number of queries whatever the number of units; the Excel workbook still reads everything
(reports.views_rollup.rollup_context)."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, F, FilteredRelation, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Participation
from reports import rollup
from reports.models import Period, Report, ReportStatus
from reports.services import campaign_figures
from units.models import Unit
from units.paging import ERR_UNKNOWN_FILTER, FilteredPage, page_of, search_text

NOT_STARTED = "not_started"
LATE = "late"
PROGRESS_FILTERS = (
    (NOT_STARTED, _("Not started")),
    (ReportStatus.DRAFT.value, ReportStatus.DRAFT.label),
    (ReportStatus.SUBMITTED.value, ReportStatus.SUBMITTED.label),
    (ReportStatus.RETURNED.value, ReportStatus.RETURNED.label),
    (ReportStatus.APPROVED.value, ReportStatus.APPROVED.label),
    (LATE, _("Late")),
)


def reporting_units_with_report(*, period: Period, unit: Unit):
    """The reporting units under ``unit`` (the participants with no participant below them), as a queryset, each
    with its report of the period joined as ``this_report``. One query finds the depths of the participants (the
    usual case is one depth: every participant a commune); a mix of depths reads the leaves' ids."""
    campaign = period.campaign
    participants = Unit.objects.filter(campaign_participations__campaign=campaign, path__startswith=unit.path)
    depths = list(participants.order_by().values_list("depth", flat=True).distinct()[:2])
    if len(depths) == 1:
        units = participants.filter(depth=depths[0])
    elif not depths:
        units = Unit.objects.none()
    else:
        units = Unit.objects.filter(pk__in=[pk for pk, _path in rollup.reporting_units(campaign, unit.path)])
    return units.annotate(this_report=FilteredRelation("reports", condition=Q(reports__period=period))).order_by("path")


def _late(period: Period) -> Q:
    """Came late (sent after the due date, in local time) or is late (not sent and the due date has passed): the SQL
    form of rollup.is_late."""
    after = datetime.datetime.combine(period.due_on + datetime.timedelta(days=1), datetime.time.min)
    late = Q(this_report__submitted_at__gte=timezone.make_aware(after))
    if timezone.localdate() > period.due_on:
        late |= Q(this_report__submitted_at__isnull=True)
    return late


def _status(period: Period, status: str) -> Q:
    if status == NOT_STARTED:
        return Q(this_report__isnull=True)
    if status == LATE:
        return _late(period)
    return Q(this_report__status=status)


@dataclass(kw_only=True)
class ProgressPage(FilteredPage):
    """A page of the reporting units' progress (rollup.Progress), and the counters over every reporting unit (not
    only the page)."""

    total: int  # reporting units under the unit
    submitted: int  # of them with a submitted or approved report
    late: int
    filters: tuple = PROGRESS_FILTERS


def progress_page(*, period: Period, unit: Unit, text: str = "", status: str = "", page=1) -> ProgressPage:
    """Five queries whatever the number of units: the depths, the counters, the count and the page of the list, the
    number of values in the page's reports."""
    units = reporting_units_with_report(period=period, unit=unit)
    late = _late(period)
    counts = units.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(this_report__status__in=rollup.COUNTED)),
        late=Count("pk", filter=late),
    )
    text, status, problem = search_text(text), str(status or ""), ""
    if status and status not in dict(PROGRESS_FILTERS):
        status, problem = "", str(ERR_UNKNOWN_FILTER)
    if text:
        units = units.search(text)
    if status:
        units = units.filter(_status(period, status))
    rows = units.annotate(
        report_status=F("this_report__status"),
        sent=F("this_report__submitted_at"),
        report_id=F("this_report__id"),
    ).values("pk", "name", "path", "report_status", "sent", "report_id")
    current = page_of(rows, page, count=None if text or status else counts["total"])
    ids = [row["report_id"] for row in current.object_list if row["report_id"]]
    values = dict(Report.objects.filter(pk__in=ids).annotate(n=Count("values")).values_list("pk", "n")) if ids else {}
    today = timezone.localdate()
    current.object_list = [
        rollup.Progress(
            unit_id=row["pk"],
            unit_name=row["name"],
            path=row["path"],
            status=row["report_status"] or "",
            submitted_at=row["sent"],
            late=rollup.is_late(period, row["sent"], today),
            values=values.get(row["report_id"], 0),
        )
        for row in current.object_list
    ]
    return ProgressPage(
        page=current,
        total=counts["total"],
        submitted=counts["submitted"],
        late=counts["late"],
        text=text,
        status=status,
        problem=problem,
    )


def rolled_up_children(*, period: Period, unit: Unit):
    """The children of ``unit`` with a participant at or below them: those the drill-down shows (one query, the
    participants' paths cut to the children's length as a subquery)."""
    prefixes = (
        Participation.objects.filter(campaign=period.campaign, unit__path__startswith=unit.path)
        .annotate(prefix=Substr("unit__path", 1, len(unit.path) + Unit.steplen))
        .values("prefix")
    )
    return rollup.children_of(unit).filter(path__in=prefixes).order_by("path")


@dataclass
class ChildrenPage:
    page: Page
    total: int  # children rolled up, whatever the search
    text: str
    rollups: list[rollup.Rollup] = field(default_factory=list)


def children_page(*, period: Period, unit: Unit, figures, text: str = "", page=1) -> ChildrenPage:
    """One page of the children rolled up: the count, the page, then the roll-up of the page's units alone."""
    children = rolled_up_children(period=period, unit=unit)
    text = search_text(text)
    total = None
    if text:
        total = children.count()
        children = children.search(text)
    current = page_of(children, page)
    rolled = rollup.rollup_children(period=period, unit=unit, figures=figures, children=current.object_list)
    return ChildrenPage(
        page=current, total=current.paginator.count if total is None else total, text=text, rollups=rolled
    )


def rollup_table(*, figures, own, children) -> dict:
    """The figures' rows, the drill-down rows and the chart's data, for the page and for the workbook."""
    rows = [
        {"figure": f, "cell": own.cells.get(f.pk), "children": [child.cells.get(f.pk) for child in children]}
        for f in figures
    ]

    def number(value):
        return float(value) if value is not None else None

    chart = {
        "units": [child.unit.name for child in children],
        "figures": [
            {
                "name": row["figure"].name,
                "unit": row["figure"].unit_of_measure,
                "values": [number(c.value) if c else None for c in row["children"]],
                # each child's own target (registered, else assigned), which the roll-up has read already
                "targets": [number(c.target) if c else None for c in row["children"]],
            }
            for row in rows
        ],
    }
    return {
        "rows": rows,
        "children": children,
        "child_rows": [(child, [row["children"][i] for row in rows]) for i, child in enumerate(children)],
        "chart": chart,
    }


def rollup_page(*, period: Period, unit: Unit, children_text="", children_page_number=1, text="", status="", page=1):
    """What the roll-up page shows: the unit's figures, a page of its children and their chart, a page of progress,
    and the counters over every reporting unit."""
    figures = campaign_figures(period.campaign)
    own = rollup.rollup_unit(period=period, unit=unit, figures=figures)
    kids = children_page(period=period, unit=unit, figures=figures, text=children_text, page=children_page_number)
    progress = progress_page(period=period, unit=unit, text=text, status=status, page=page)
    return {
        "period": period,
        "campaign": period.campaign,
        "unit": unit,
        "own": own,
        **rollup_table(figures=figures, own=own, children=kids.rollups),
        "kids": kids,
        "progress": progress,
        "submitted": progress.submitted,
        "late": progress.late,
        "expected": progress.total,
    }
