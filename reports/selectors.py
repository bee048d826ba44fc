"""Reads for the report pages: a fixed number of queries, whatever the number of figures, units and periods.

Who may do what on a report is also read here, so that the pages and the lists agree: a unit's own people (officer,
leader, clerk, administrator at the unit or above) enter its figures; a reviewer or administrator at a unit *above*
the report's unit reviews it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from campaigns.models import Campaign, Participation, Section
from reports.achievement import Achievement, Status, achievement, summarise
from reports.baseline import predecessors_previous
from reports.evidence import evidence_prefetch
from reports.frozen import judged_against
from reports.models import Period, PeriodReopening, Report, ReportAction, ReportEvent, ReportStatus, ReportValue
from reports.services import NUMBER_FORMS, period_open_until, report_changes
from targets.models import Figure, FigureForm, Indicator, Target
from targets.numbers import format_number, format_range
from targets.rules import ChangeMeasure, change_measure, needs_previous
from targets.whose import target_source
from units.models import Unit
from units.paging import ERR_UNKNOWN_FILTER, FilteredPage, page_of, search_text
from units.text import search_key

NOT_STARTED = "not_started"
POINTS = gettext_noop("%(value)s percentage points")
NOT_STARTED_LABEL = gettext_lazy("Not started")
NARRATIVE_LABELS = {name: capfirst(Report._meta.get_field(name).verbose_name) for name in Report.NARRATIVE_FIELDS}


# ------------------------------------------------------------------ who may


def may_edit(user, unit: Unit) -> bool:
    """The unit's own people: officer, leader, clerk or administrator at the unit or above."""
    return user.can("report.edit", unit)


def may_review(user, unit: Unit) -> bool:
    """A reviewer or administrator at a unit above the report's unit (never the unit's own)."""
    return user.can("report.review", unit)


def may_add_periods(user, campaign: Campaign) -> bool:
    return user.can("period.manage", campaign.issuing_unit)


# ------------------------------------------------------------------ texts


def _with_unit(text: str, unit: str) -> str:
    unit = (unit or "").strip()
    if not text or not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def value_unit(figure) -> str:
    """The unit the reported values are in: the figure's, except for a change in percent of the previous year,
    whose values are quantities of their own (accidents, exports) and whose % is the target's."""
    if figure.form == FigureForm.CHANGE and change_measure(figure) == ChangeMeasure.PERCENT:
        return ""
    return figure.unit_of_measure


def flag_text(flag) -> str:
    if flag is None:
        return ""
    return _("Kept") if flag else _("Not kept")


def verdict_text(verdict) -> str:
    if verdict is None:
        return ""
    return str(Status.ACHIEVED.label) if verdict else str(Status.MISSED.label)


def target_text(figure: Figure, ach: Achievement) -> str:
    """The unit's target for the figure as the page shows it: the registered or assigned value when there is one,
    else the campaign's own ('1.105 tấn', '7 - 7,5%', '10/10 thôn', 'khá')."""
    unit = figure.unit_of_measure
    if figure.form == FigureForm.GRADE:
        return figure.grade
    if figure.form == FigureForm.STATUS:
        return _("Keep")
    if figure.form == FigureForm.QUALITATIVE:
        return _("Reviewer judges")
    if ach.status == Status.NOT_ASSIGNED:
        return str(Status.NOT_ASSIGNED.label)
    low, high = ach.target, ach.target_high
    if low is None:
        low, high = figure.value, figure.value_high
    if low is None:
        return ""
    if figure.form == FigureForm.OUT_OF and figure.total is not None:
        return _with_unit(f"{format_number(low)}/{format_number(figure.total)}", unit)
    text = format_range(low, high) if high is not None else format_number(low)
    if figure.form == FigureForm.CHANGE:
        sign = "−" if figure.direction == "down" else "+"
        if change_measure(figure) == ChangeMeasure.POINTS:
            return sign + _(POINTS) % {"value": text}
        return sign + _with_unit(text, unit)
    return _with_unit(text, unit)


def actual_text(figure: Figure, value: ReportValue | None) -> str:
    """What the unit reported, as the page shows it; '' for nothing."""
    if value is None:
        return ""
    if figure.form in NUMBER_FORMS:
        return _with_unit(format_number(value.value), value_unit(figure)) if value.value is not None else ""
    if figure.form == FigureForm.STATUS:
        return flag_text(value.flag)
    if figure.form == FigureForm.GRADE:
        return value.grade
    if figure.form == FigureForm.QUALITATIVE:
        return verdict_text(value.verdict)
    return ""


def _inherited_text(figure: Figure, own_previous, inherited: dict) -> str:
    """A merged unit's baseline taken from its predecessors (reports/baseline.py), said as such."""
    if own_previous is not None or figure.pk not in inherited:
        return ""
    shown = _with_unit(format_number(inherited[figure.pk]), figure.unit_of_measure)
    return _("%(value)s (the predecessors' sum)") % {"value": shown}


def previous_text(figure: Figure, value: ReportValue | None) -> str:
    """The previous year's value of a change figure as the page shows it; '' for none."""
    if value is None or value.previous is None or figure.form != FigureForm.CHANGE:
        return ""
    return _with_unit(format_number(value.previous), value_unit(figure))  # in the unit the actual is shown in


def _snapshot_text(figure: Figure | None, entry: dict | None) -> str:
    """One side of a change, from a submission's snapshot of a value."""
    if not entry:
        return ""
    unit = value_unit(figure) if figure is not None else ""
    if entry.get("value") is not None:
        return _with_unit(entry["value"], unit)
    if entry.get("flag") is not None:
        return flag_text(entry["flag"])
    return entry.get("grade") or ""


@dataclass
class Difference:
    label: str  # what changed ('' for the value itself)
    old: str
    new: str
    key: str = ""  # "value", "note", "missing_reason", or a narrative field


def _figure_differences(figure: Figure | None, old: dict | None, new: dict | None) -> list[Difference]:
    old, new = old or {}, new or {}
    result = []
    before, after = _snapshot_text(figure, old), _snapshot_text(figure, new)
    if before != after:
        result.append(Difference("", before, after, "value"))
    missing_label = capfirst(ReportValue._meta.get_field("missing_reason").verbose_name)
    for key, label in (("previous", _("Previous year")), ("note", _("Note")), ("missing_reason", missing_label)):
        if (old.get(key) or "") != (new.get(key) or ""):
            result.append(Difference(label, old.get(key) or "", new.get(key) or "", key))
    return result


# ------------------------------------------------------------------ the report page


@dataclass
class FigureRow:
    figure: Figure
    indicator: Indicator
    section_heading: str  # printed before the row when the row opens a section
    first_of_indicator: bool
    target: Target | None
    value: ReportValue | None
    achievement: Achievement
    target_text: str
    actual_text: str
    previous_text: str = ""  # a change figure's baseline
    inherited_previous: Decimal | None = None  # a merged unit's baseline: its predecessors' (reports/baseline.py)
    differences: list[Difference] = field(default_factory=list)
    missing: bool = False  # marked when sending failed: no value and no reason why
    target_changed: bool = False  # a submitted or approved report's targets changed after they were frozen
    live_target_text: str = ""  # the target as it stands now, when it changed
    source_label: str = ""  # where the unit's target comes from: "huyện giao", "tỉnh giao" (targets.whose)

    @property
    def return_reason(self) -> str:
        return self.value.return_reason if self.value is not None else ""

    @property
    def note_changed(self) -> bool:
        return any(d.key == "note" for d in self.differences)

    @property
    def value_unit(self) -> str:
        return value_unit(self.figure)

    @property
    def takes_previous(self) -> bool:
        return needs_previous(self.figure)

    @property
    def takes_entry(self) -> bool:
        return self.figure.form != FigureForm.QUALITATIVE


@dataclass
class TrailEntry:
    event: ReportEvent
    figure_reasons: list[tuple[str, str]]  # (figure name, reason) for a return


@dataclass
class ReportPage:
    period: Period
    unit: Unit
    report: Report  # unsaved (version 1, draft) when the unit has not started it
    rows: list[FigureRow]
    open_until: datetime.date
    is_open: bool
    trail: list[TrailEntry]
    narrative_changes: list[Difference]
    counts: dict

    @property
    def targets_changed(self) -> bool:
        """The targets changed after this submitted or approved report recorded them."""
        return any(row.target_changed for row in self.rows)

    @property
    def changed(self) -> bool:
        return bool(self.narrative_changes) or any(row.differences for row in self.rows)


def _figures_in_order(campaign: Campaign) -> list[tuple[Figure, Indicator, str, bool]]:
    """(figure, indicator, heading of the section the row opens or '', first figure of its indicator) in the
    document's order: three queries."""
    sections = list(Section.objects.filter(campaign=campaign).order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(section__campaign=campaign).order_by("position", "pk"))
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("position", "pk"))
    by_indicator, by_section, children = {}, {}, {}
    for figure in figures:
        by_indicator.setdefault(figure.indicator_id, []).append(figure)
    for indicator in indicators:
        by_section.setdefault(indicator.section_id, []).append(indicator)
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    result = []

    def walk(parent_id):
        for section in children.get(parent_id, []):
            heading = f"{section.label} {section.heading}".strip()
            opened = False
            for indicator in by_section.get(section.pk, []):
                for position, figure in enumerate(by_indicator.get(indicator.pk, [])):
                    result.append((figure, indicator, "" if opened else heading, position == 0))
                    opened = True
            walk(section.pk)

    walk(None)
    return result


_OWN = object()


def judge_value(
    *, report: Report, figure: Figure, target, value: ReportValue | None, issuer: bool, previous=_OWN
) -> tuple:
    """(Achievement, Judged) of one figure of a report: against the targets frozen when it was submitted, or the
    live ones for a draft (reports.frozen), by the one rule (reports.achievement). ``previous``: the previous year's
    value when it is not the report's own (a predecessor's, after a merger)."""
    judged = judged_against(report, figure, target)
    if previous is _OWN:
        previous = value.previous if value else None
    ach = achievement(
        figure=judged.figure,
        target=judged.target,
        actual=value.value if value else None,
        previous=previous,
        flag=value.flag if value else None,
        grade=value.grade if value else "",
        verdict=value.verdict if value else None,
        issuer=issuer,
    )
    return ach, judged


def report_rows(
    *, campaign: Campaign, unit: Unit, values: dict[int, ReportValue], report: Report | None = None
) -> list[FigureRow]:
    targets = {t.figure_id: t for t in Target.objects.filter(figure__indicator__section__campaign=campaign, unit=unit)}
    report = report if report is not None else Report(unit=unit)
    issuer = unit.pk == campaign.issuing_unit_id
    inherited = predecessors_previous(campaign=campaign, unit=unit)
    rows = []
    for figure, indicator, heading, first in _figures_in_order(campaign):
        target, value = targets.get(figure.pk), values.get(figure.pk)
        own_previous = value.previous if value else None
        previous = inherited.get(figure.pk) if own_previous is None else own_previous
        ach, judged = judge_value(
            report=report, figure=figure, target=target, value=value, issuer=issuer, previous=previous
        )
        live_text = ""
        if judged.changed:
            live = achievement(figure=figure, target=target, issuer=issuer)
            live_text = target_text(figure, live)
        rows.append(
            FigureRow(
                figure=figure,
                indicator=indicator,
                section_heading=heading,
                first_of_indicator=first,
                target=target,
                value=value,
                achievement=ach,
                target_text=target_text(judged.figure, ach),
                target_changed=judged.changed,
                live_target_text=live_text,
                actual_text=actual_text(figure, value),
                previous_text=previous_text(figure, value) or _inherited_text(figure, own_previous, inherited),
                inherited_previous=inherited.get(figure.pk) if own_previous is None else None,
                source_label=target_source(
                    judged.figure, judged.target, issuing_unit=campaign.issuing_unit, issuer=issuer
                ),
            )
        )
    return rows


def report_page(*, period: Period, unit: Unit) -> ReportPage:
    """Everything the report page shows for one unit and period."""
    found = (
        Report.objects.filter(period=period, unit=unit)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(evidence_prefetch())
        .first()
    )
    report = found or Report(period=period, unit=unit)
    report.period, report.unit = period, unit
    values = {v.figure_id: v for v in report.values.all()} if report.pk else {}
    rows = report_rows(campaign=period.campaign, unit=unit, values=values, report=report)
    open_until = period_open_until(period=period, unit=unit)
    trail, narrative_changes = [], []
    if report.pk:
        names = {str(row.figure.pk): row.figure.name for row in rows}
        events = list(report.events.select_related("by").order_by("at", "pk"))
        for event in events:
            reasons = []
            if event.action == ReportAction.RETURN:
                reasons = [(names.get(k, "?"), v) for k, v in (event.snapshot or {}).get("figures", {}).items()]
            trail.append(TrailEntry(event=event, figure_reasons=reasons))
        if report.status == ReportStatus.SUBMITTED:
            by_id = {str(row.figure.pk): row for row in rows}
            for key, (old, new) in report_changes(report=report).items():
                if key in by_id:
                    by_id[key].differences = _figure_differences(by_id[key].figure, old, new)
                elif key in NARRATIVE_LABELS:
                    narrative_changes.append(Difference(str(NARRATIVE_LABELS[key]), old or "", new or "", key))
    return ReportPage(
        period=period,
        unit=unit,
        report=report,
        rows=rows,
        open_until=open_until,
        is_open=timezone.localdate() <= open_until,
        trail=trail,
        narrative_changes=narrative_changes,
        counts=summarise(row.achievement.status for row in rows),
    )


# ------------------------------------------------------------------ the periods of a campaign


@dataclass
class UnitRow:
    unit: Unit
    report: Report | None
    open_until: datetime.date
    is_open: bool
    reopening: PeriodReopening | None
    may_reopen: bool = False

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else str(NOT_STARTED_LABEL)


@dataclass
class PeriodBlock:
    """A period with the report counts of the participating units the user may see (SQL counts, not rows)."""

    period: Period
    counts: dict[str, int]
    total: int


PERIOD_FILTERS = ((NOT_STARTED, NOT_STARTED_LABEL), *ReportStatus.choices)
# My reports also filter by what is still to send: due from today on, or overdue (not sent, past the due date).
DUE, OVERDUE = "due", "overdue"
MY_FILTERS = (
    (DUE, gettext_lazy("To send")),
    (OVERDUE, gettext_lazy("Overdue")),
    *PERIOD_FILTERS,
)


def _visible_participants(*, campaign: Campaign, user):
    return Unit.objects.restrict(user).filter(campaign_participations__campaign=campaign)


def period_overview(*, campaign: Campaign, user) -> list[PeriodBlock]:
    """The campaign's periods, each with how many of the participating units the user may see stand at each status.
    Three queries whatever the number of units: the periods, the units, the reports grouped by period and status."""
    periods = list(campaign.periods.all())
    units = _visible_participants(campaign=campaign, user=user)
    total = units.count()
    counts = {p.pk: dict.fromkeys([NOT_STARTED, *ReportStatus.values], 0) for p in periods}
    rows = (
        Report.objects.filter(period__campaign=campaign, unit__in=units.values("pk"))
        .order_by()
        .values("period_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["period_id"]][row["status"]] = row["n"]
    for by_status in counts.values():
        by_status[NOT_STARTED] = total - sum(by_status.values())
    return [PeriodBlock(period=p, counts=counts[p.pk], total=total) for p in periods]


def period_shown(periods: list[Period], asked) -> tuple[Period | None, bool]:
    """The period whose units the page lists: the one asked for, else the first still open for entry, else the last.
    Also whether the one asked for was unknown."""
    by_pk = {str(p.pk): p for p in periods}
    asked = str(asked or "").strip()
    if asked in by_pk:
        return by_pk[asked], False
    today = timezone.localdate()
    current = next((p for p in periods if p.closes_on >= today), periods[-1] if periods else None)
    return current, bool(asked)


@dataclass(kw_only=True)
class PeriodUnitsPage(FilteredPage):
    """A page of one period's units (UnitRow)."""

    period: Period
    filters: tuple = PERIOD_FILTERS


def period_units_page(
    *, campaign: Campaign, user, period: Period, text: str = "", status: str = "", page=1, unit: Unit | None = None
) -> PeriodUnitsPage:
    """One page (50) of the participating units the user may see, with their report of ``period``: searched by name
    (with or without diacritics), filtered by status (an unknown status is ignored and said so); with ``unit``, that
    unit alone (the page shows its failed reopen form). Four queries whatever the number of units."""
    units = _visible_participants(campaign=campaign, user=user).annotate(
        this_report=FilteredRelation("reports", condition=Q(reports__period=period))
    )
    text, status, problem = search_text(text), str(status or ""), ""
    if status and status not in dict(PERIOD_FILTERS):
        status, problem = "", str(ERR_UNKNOWN_FILTER)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    if text:
        units = units.search(text)
    if status == NOT_STARTED:
        units = units.filter(this_report__isnull=True)
    elif status:
        units = units.filter(this_report__status=status)
    current = page_of(units.order_by("path"), page)
    ids = [u.pk for u in current.object_list]
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit_id__in=ids)}
    reopenings = {r.unit_id: r for r in PeriodReopening.objects.filter(period=period, unit_id__in=ids)}
    today = timezone.localdate()
    rows = []
    for row_unit in current.object_list:
        reopening = reopenings.get(row_unit.pk)
        until = max(period.closes_on, reopening.until) if reopening else period.closes_on
        rows.append(
            UnitRow(
                unit=row_unit,
                report=reports.get(row_unit.pk),
                open_until=until,
                is_open=today <= until,
                reopening=reopening,
                may_reopen=may_review(user, row_unit),
            )
        )
    current.object_list = rows
    return PeriodUnitsPage(period=period, page=current, text=text, status=status, problem=problem)


# ------------------------------------------------------------------ the lists


@dataclass
class MyReport:
    period: Period
    unit: Unit
    report: Report | None
    open_until: datetime.date
    is_open: bool
    figure_reasons: list[tuple[str, str]] = field(default_factory=list)  # (figure, why) when returned

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else str(NOT_STARTED_LABEL)

    @property
    def needs_action(self) -> bool:
        return self.status in (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED) and self.is_open

    def owed(self, today: datetime.date) -> str:
        """DUE or OVERDUE while the unit has not sent it (not started or a draft), '' once sent: what the home page's
        counts (notices.todo) count."""
        if self.status not in (NOT_STARTED, ReportStatus.DRAFT):
            return ""
        return DUE if self.period.due_on >= today else OVERDUE


def my_reports(*, user) -> list[MyReport]:
    """The periods of the campaigns the user's own units take part in, with their report: returned ones first,
    then those still to send (soonest due first), then the rest. Five queries."""
    units = {unit.pk: unit for unit in user.units_for("report.edit")}
    if not units:
        return []
    visible = Campaign.objects.restrict(user).values("pk")
    taking_part: dict[int, list[int]] = {}
    for campaign_id, unit_id in Participation.objects.filter(unit_id__in=units, campaign__in=visible).values_list(
        "campaign_id", "unit_id"
    ):
        taking_part.setdefault(campaign_id, []).append(unit_id)
    if not taking_part:
        return []
    periods = list(
        Period.objects.filter(campaign_id__in=taking_part).select_related(
            "campaign__doc_type", "campaign__issuing_unit"
        )
    )
    reports = {(r.period_id, r.unit_id): r for r in Report.objects.filter(period__in=periods, unit_id__in=units)}
    reasons: dict[int, list[tuple[str, str]]] = {}
    returned = [r.pk for r in reports.values() if r.status == ReportStatus.RETURNED]
    for value in (
        ReportValue.objects.filter(report_id__in=returned)
        .exclude(return_reason="")
        .select_related("figure")
        .order_by("figure__indicator__position", "figure__position", "figure_id")
    ):
        reasons.setdefault(value.report_id, []).append((value.figure.name, value.return_reason))
    reopenings = {
        (r.period_id, r.unit_id): r.until for r in PeriodReopening.objects.filter(period__in=periods, unit_id__in=units)
    }
    today = timezone.localdate()
    rows = []
    for period in periods:
        for unit_id in sorted(taking_part[period.campaign_id], key=lambda pk: units[pk].path):
            until = max(period.closes_on, reopenings.get((period.pk, unit_id), period.closes_on))
            report = reports.get((period.pk, unit_id))
            rows.append(
                MyReport(
                    period=period,
                    unit=units[unit_id],
                    report=report,
                    figure_reasons=reasons.get(report.pk, []) if report else [],
                    open_until=until,
                    is_open=today <= until,
                )
            )
    order = {ReportStatus.RETURNED: 0, NOT_STARTED: 1, ReportStatus.DRAFT: 1, ReportStatus.SUBMITTED: 2}
    rows.sort(key=lambda r: (not r.needs_action, order.get(r.status, 3), r.period.due_on, r.unit.path))
    return rows


@dataclass(kw_only=True)
class MyReportsPage(FilteredPage):
    """A page of the user's own reports (MyReport)."""

    total: int  # the user's reports, whatever the search
    filters: tuple = MY_FILTERS


def my_reports_page(*, user, text: str = "", status: str = "", page=1) -> MyReportsPage:
    """A page (50) of my_reports, in its order: searched by the unit's name or the campaign's title (with or without
    diacritics), filtered by status, or by DUE / OVERDUE (an unknown status is ignored and said so). The list grows
    with the user's own units and periods, not with the units below them."""
    rows = my_reports(user=user)
    total = len(rows)
    text, status, problem = search_text(text), str(status or ""), ""
    if status and status not in dict(MY_FILTERS):
        status, problem = "", str(ERR_UNKNOWN_FILTER)
    key = search_key(text)
    if key:
        rows = [r for r in rows if key in r.unit.search_name or key in search_key(r.period.campaign.title)]
    if status in (DUE, OVERDUE):
        today = timezone.localdate()
        rows = [r for r in rows if r.owed(today) == status]
    elif status:
        rows = [r for r in rows if r.status == status]
    return MyReportsPage(page=page_of(rows, page), total=total, text=text, status=status, problem=problem)


def reports_to_review(*, user, text: str = ""):
    """Submitted reports the user reviews (units below their reviewer or administrator roles), oldest first; with
    ``text``, those of the units whose name holds it (with or without diacritics)."""
    reports = Report.objects.restrict(user, "report.review").filter(status=ReportStatus.SUBMITTED)
    key = search_key(text)
    if key:
        reports = reports.filter(unit__search_name__contains=key)
    return reports.select_related("unit", "period__campaign__doc_type", "submitted_by").order_by("submitted_at", "pk")


def reviews_anyone(user) -> bool:
    return user.is_superuser or bool(user.scope_paths("report.review"))
