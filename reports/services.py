"""Reporting periods and the review of unit reports: save (all or nothing), submit (complete, or with a reason for
each missing figure), return (with a reason, down to single figures), approve (locked), reopen.

Every change locks the report row and checks the version the page was built from, so two reviewers acting on the
same report cannot both win, and a submission is never lost or doubled."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notices.services import report_approved_notify, report_returned_notify, report_submitted_notify
from reports.frozen import report_targets_freeze
from reports.models import (
    Period,
    PeriodReopening,
    Report,
    ReportAction,
    ReportEvent,
    ReportStatus,
    ReportValue,
)
from targets.models import Figure, FigureForm
from targets.numbers import format_number
from targets.rules import needs_previous
from targets.services import ERR_NOT_PARTICIPANT
from units.dates import model_dates_check
from units.versioning import lock_for_update

ERR_PERIOD_DATES = gettext_noop("The period ends before it starts.")
ERR_PERIOD_DUE = gettext_noop("The due date is before the end of the period.")
ERR_PERIOD_EXISTS = gettext_noop("The campaign already has a period named “%(label)s”.")
ERR_CLOSED = gettext_noop(
    "Entry for %(period)s closed on %(date)s. Ask the reviewer to reopen the period for %(unit)s."
)
ERR_LOCKED = gettext_noop("This report is %(status)s and cannot be changed.")
ERR_NUMBER_NEEDED = gettext_noop("“%(figure)s” takes a number.")
ERR_NEGATIVE = gettext_noop("“%(figure)s” cannot be negative.")
ERR_RANK_VALUE = gettext_noop("“%(figure)s” is a rank: report the place as a whole number from 1 (1 is first).")
ERR_SHARE = gettext_noop("“%(figure)s” is a share in %%: it cannot be above 100.")
ERR_NO_PREVIOUS = gettext_noop(
    "“%(figure)s” is not measured against the previous year: it takes no previous year's value."
)
ERR_FLAG = gettext_noop("“%(figure)s” takes yes or no.")
ERR_GRADE = gettext_noop("“%(figure)s” takes a grade.")
ERR_VERDICT = gettext_noop("Only the reviewer judges “%(figure)s”.")
ERR_UNKNOWN_FIGURE = gettext_noop("A figure that is not part of this campaign was sent.")
ERR_MISSING = gettext_noop(
    "Not submitted: %(count)s figure(s) lack what they need and give no reason why: %(figures)s. Enter what is "
    "missing, or say why it is missing."
)
# What a figure lacks, as the refusal names it after the figure, and as the cell itself says.
LACKS_VALUE = gettext_noop("its value")
LACKS_PREVIOUS = gettext_noop("the previous year's value")
LACKS_BOTH = gettext_noop("its value and the previous year's value")
ERR_CELL_VALUE = gettext_noop("Enter the value, or say why it is missing.")
ERR_CELL_PREVIOUS = gettext_noop(
    "Enter the previous year's value: the change is measured against it. Or say why it is missing."
)
ERR_NOT_SUBMITTED = gettext_noop("Only a submitted report is returned or approved; this one is %(status)s.")
ERR_RETURN_REASON = gettext_noop("Say why the report is returned: the unit needs the reason to correct it.")
ERR_CHILDREN_FIRST = gettext_noop(
    "Approve the reports of the units under %(unit)s first (the campaign asks for it): %(units)s."
)
ERR_REOPEN_DATE = gettext_noop("Reopen until a date from today on.")
ERR_REOPEN_REASON = gettext_noop("Say why the period is reopened.")

SHARE_UNITS = {"%"}
NUMBER_FORMS = {
    FigureForm.AT_LEAST,
    FigureForm.RANGE,
    FigureForm.CHANGE,
    FigureForm.RELATIVE,
    FigureForm.OUT_OF,
    FigureForm.PLANNED,
    FigureForm.RANK,
}


@dataclass(frozen=True)
class ValueInput:
    figure_id: int
    value: Decimal | None = None
    previous: Decimal | None = None  # the previous year's value (baseline): a change figure only
    flag: bool | None = None
    grade: str = ""
    note: str = ""
    missing_reason: str = ""


# ------------------------------------------------------------------ periods


def period_add(*, campaign, kind: str, label: str, starts_on, ends_on, due_on, grace_days: int = 5) -> Period:
    model_dates_check(Period, starts_on=starts_on, ends_on=ends_on, due_on=due_on)
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = _(ERR_PERIOD_DATES)
    if due_on < ends_on:
        errors["due_on"] = _(ERR_PERIOD_DUE)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Period.objects.create(
                campaign=campaign,
                kind=kind,
                label=label.strip(),
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                grace_days=grace_days,
            )
    except IntegrityError:
        raise ValidationError({"label": _(ERR_PERIOD_EXISTS) % {"label": label}}) from None


def period_open_until(*, period: Period, unit) -> datetime.date:
    """The last day the unit may enter figures for the period: its closing day, or a later reopening."""
    reopening = PeriodReopening.objects.filter(period=period, unit=unit).first()
    return max(period.closes_on, reopening.until) if reopening else period.closes_on


def period_is_open(*, period: Period, unit, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) <= period_open_until(period=period, unit=unit)


@transaction.atomic
def period_reopen(*, period: Period, unit, user, until: datetime.date, reason: str) -> PeriodReopening:
    errors = {}
    if until < timezone.localdate():
        errors["until"] = _(ERR_REOPEN_DATE)
    else:
        try:
            model_dates_check(PeriodReopening, until=until)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not reason.strip():
        errors["reason"] = _(ERR_REOPEN_REASON)
    if errors:
        raise ValidationError(errors)
    reopening, _created = PeriodReopening.objects.update_or_create(
        period=period, unit=unit, defaults={"until": until, "reason": reason.strip(), "by": user}
    )
    report = Report.objects.filter(period=period, unit=unit).first()
    if report is not None:
        ReportEvent.objects.create(report=report, action=ReportAction.REOPEN, by=user, reason=reason.strip())
    return reopening


# ------------------------------------------------------------------ reports


def campaign_figures_queryset(campaign_id: int):
    """The campaign's figures in document order, with their indicators."""
    return (
        Figure.objects.filter(indicator__section__campaign_id=campaign_id)
        .select_related("indicator")
        .order_by("indicator__section__position", "indicator__position", "position", "pk")
    )


def campaign_figures(campaign) -> list[Figure]:
    return list(campaign_figures_queryset(campaign.pk))


def report_for(*, period: Period, unit) -> Report:
    """The unit's report for the period, created empty on first use. Only a participating unit reports."""
    if not period.campaign.participations.filter(unit=unit).exists():
        raise ValidationError(_(ERR_NOT_PARTICIPANT) % {"unit": unit.name})
    report, _created = Report.objects.get_or_create(period=period, unit=unit)
    return report


def _check_editable(report: Report) -> None:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(_(ERR_LOCKED) % {"status": report.get_status_display().lower()}, code="locked")
    if not period_is_open(period=report.period, unit=report.unit):
        raise ValidationError(
            _(ERR_CLOSED)
            % {
                "period": report.period.label,
                "date": period_open_until(period=report.period, unit=report.unit).strftime("%d/%m/%Y"),
                "unit": report.unit.name,
            },
            code="closed",
        )


def value_check(figure: Figure, item: ValueInput) -> str | None:
    """What is wrong with one entered value, in the figure's form; None when it is right."""
    name = figure.name
    if item.previous is not None and not needs_previous(figure):
        return _(ERR_NO_PREVIOUS) % {"figure": name}
    if figure.form in NUMBER_FORMS:
        if item.flag is not None or item.grade:
            return _(ERR_NUMBER_NEEDED) % {"figure": name}
        if item.value is not None and item.value < 0 and figure.form != FigureForm.CHANGE:
            return _(ERR_NEGATIVE) % {"figure": name}
        if figure.form == FigureForm.RANK and item.value is not None:
            if item.value < 1 or item.value != item.value.to_integral_value():
                return _(ERR_RANK_VALUE) % {"figure": name}
        if item.value is not None and figure.unit_of_measure.strip() in SHARE_UNITS and item.value > 100:
            if figure.form != FigureForm.CHANGE:
                return _(ERR_SHARE) % {"figure": name}
    elif figure.form == FigureForm.STATUS:
        if item.value is not None or item.grade:
            return _(ERR_FLAG) % {"figure": name}
    elif figure.form == FigureForm.GRADE:
        if item.value is not None or item.flag is not None:
            return _(ERR_GRADE) % {"figure": name}
    elif figure.form == FigureForm.QUALITATIVE:
        if item.value is not None or item.flag is not None or item.grade:
            return _(ERR_VERDICT) % {"figure": name}
    return None


def _has_value(figure: Figure, value: ReportValue | None) -> bool:
    if value is None:
        return False
    if needs_previous(figure):
        return value.value is not None and value.previous is not None  # the change needs its baseline
    if figure.form in NUMBER_FORMS:
        return value.value is not None
    if figure.form == FigureForm.STATUS:
        return value.flag is not None
    if figure.form == FigureForm.GRADE:
        return bool(value.grade.strip())
    return True  # qualitative: the reviewer judges it


@transaction.atomic
def report_save(
    *, report: Report, user, expected_version: int, values: Iterable[ValueInput] = (), narrative: dict | None = None
) -> Report:
    """Save the entered values and narrative, all or nothing. Errors are by figure id (or narrative field)."""
    locked = lock_for_update(Report, report.pk, expected_version, related=("period", "unit"))
    _check_editable(locked)
    figures = {f.pk: f for f in campaign_figures(locked.period.campaign)}
    errors: dict[str, list[str]] = {}
    items = list(values)
    for item in items:
        figure = figures.get(item.figure_id)
        if figure is None:
            errors.setdefault("__all__", []).append(_(ERR_UNKNOWN_FIGURE))
            continue
        problem = value_check(figure, item)
        if problem:
            errors.setdefault(f"figure_{figure.pk}", []).append(problem)
    if errors:
        raise ValidationError(errors)
    existing = {v.figure_id: v for v in locked.values.all()}
    changed, created = [], []
    for item in items:
        row = existing.get(item.figure_id) or ReportValue(report=locked, figure_id=item.figure_id)
        row.value, row.previous, row.flag, row.grade = item.value, item.previous, item.flag, item.grade.strip()
        row.note, row.missing_reason = item.note.strip(), item.missing_reason.strip()
        (changed if row.pk else created).append(row)
    ReportValue.objects.bulk_create(created)
    ReportValue.objects.bulk_update(changed, ["value", "previous", "flag", "grade", "note", "missing_reason"])
    for name, text in (narrative or {}).items():
        if name in Report.NARRATIVE_FIELDS:
            setattr(locked, name, text.strip())
    locked.bump()
    return locked


def report_snapshot(report: Report) -> dict:
    """The values and narrative as they stand: what a submission keeps."""
    values = {}
    for v in report.values.order_by("figure_id"):
        entry = {
            "value": None if v.value is None else format_number(v.value),
            "flag": v.flag,
            "grade": v.grade,
            "note": v.note,
            "missing_reason": v.missing_reason,
        }
        if v.previous is not None:  # only then, so that snapshots taken before the baseline existed still compare
            entry["previous"] = format_number(v.previous)
        values[str(v.figure_id)] = entry
    return {
        "values": values,
        "narrative": {name: getattr(report, name) for name in Report.NARRATIVE_FIELDS},
    }


@dataclass(frozen=True)
class Gap:
    """What one figure lacks for the report to be sent: its value, the previous year's value (a change figure's
    baseline), or both; and no reason why is given."""

    figure: Figure
    value: bool
    previous: bool

    @property
    def what(self) -> str:
        if self.value and self.previous:
            return _(LACKS_BOTH)
        return _(LACKS_VALUE) if self.value else _(LACKS_PREVIOUS)


def _gap(figure: Figure, value: ReportValue | None) -> Gap | None:
    if _has_value(figure, value) or (value and value.missing_reason):
        return None
    if needs_previous(figure):  # a growth figure is its own change: it takes no previous year's value
        return Gap(figure, value=value is None or value.value is None, previous=value is None or value.previous is None)
    return Gap(figure, value=True, previous=False)


def report_gaps(report: Report) -> list[Gap]:
    """The figures without what they need (and without a reason why), in the campaign's order."""
    values = {v.figure_id: v for v in report.values.all()}
    gaps = (_gap(figure, values.get(figure.pk)) for figure in campaign_figures(report.period.campaign))
    return [gap for gap in gaps if gap is not None]


def report_missing(report: Report) -> list[Figure]:
    """The figures with neither what they need (a value; a change figure also its previous year's) nor a reason."""
    return [gap.figure for gap in report_gaps(report)]


def gaps_error(gaps: list[Gap]) -> ValidationError:
    """The refusal of a report with gaps: the summary for the top of the page ("__all__") naming each figure with what
    it lacks, and one message per cell, keyed "figure_<id>" (the value) and "previous_<id>" (the previous year's)."""
    names = "; ".join(f"{gap.figure.name} ({gap.what})" for gap in gaps[:10]) + ("…" if len(gaps) > 10 else "")
    errors = {"__all__": [ValidationError(_(ERR_MISSING) % {"count": len(gaps), "figures": names}, code="incomplete")]}
    for gap in gaps:
        if gap.value:
            errors[f"figure_{gap.figure.pk}"] = [ValidationError(_(ERR_CELL_VALUE), code="incomplete")]
        if gap.previous:
            errors[f"previous_{gap.figure.pk}"] = [ValidationError(_(ERR_CELL_PREVIOUS), code="incomplete")]
    return ValidationError(errors)


@transaction.atomic
def report_submit(*, report: Report, user, expected_version: int) -> Report:
    locked = lock_for_update(Report, report.pk, expected_version, related=("period", "unit"))
    _check_editable(locked)
    gaps = report_gaps(locked)
    if gaps:
        raise gaps_error(gaps)
    locked.values.update(return_reason="")
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), user
    locked.return_reason = ""
    # The targets in force are recorded with the submission: it is judged against them from now on (reports.frozen).
    frozen = report_targets_freeze(locked, campaign_figures(locked.period.campaign), at=locked.submitted_at)
    locked.bump()
    snapshot = {**report_snapshot(locked), "targets": frozen}
    ReportEvent.objects.create(report=locked, action=ReportAction.SUBMIT, by=user, snapshot=snapshot)
    report_submitted_notify(locked)
    return locked


def _check_submitted(report: Report) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _(ERR_NOT_SUBMITTED) % {"status": report.get_status_display().lower()}, code="not_submitted"
        )


@transaction.atomic
def report_return(
    *, report: Report, user, expected_version: int, reason: str, figure_reasons: dict[int, str] | None = None
) -> Report:
    """Send a submitted report back with a reason; ``figure_reasons`` point at single figures."""
    locked = lock_for_update(Report, report.pk, expected_version, related=("period", "unit"))
    _check_submitted(locked)
    figure_reasons = {k: v.strip() for k, v in (figure_reasons or {}).items() if v and v.strip()}
    if not reason.strip() and not figure_reasons:
        raise ValidationError({"reason": _(ERR_RETURN_REASON)}, code="reason")
    rows = {v.figure_id: v for v in locked.values.all()}
    figures = {f.pk for f in campaign_figures(locked.period.campaign)}
    for figure_id, text in figure_reasons.items():
        if figure_id not in figures:
            raise ValidationError(_(ERR_UNKNOWN_FIGURE))
        row = rows.get(figure_id) or ReportValue.objects.create(report=locked, figure_id=figure_id)
        row.return_reason = text[:500]
        row.save(update_fields=["return_reason"])
    locked.status = ReportStatus.RETURNED
    locked.return_reason = reason.strip()
    locked.reviewed_at, locked.reviewed_by = timezone.now(), user
    locked.bump()
    ReportEvent.objects.create(
        report=locked,
        action=ReportAction.RETURN,
        by=user,
        reason=reason.strip(),
        snapshot={"figures": {str(k): v for k, v in figure_reasons.items()}},
    )
    report_returned_notify(locked)
    return locked


def _children_pending(report: Report) -> list[str]:
    """Names of the participating units below the report's unit whose report for the period is not approved."""
    campaign = report.period.campaign
    below = campaign.participations.filter(
        Q(unit__path__startswith=report.unit.path) & ~Q(unit=report.unit)
    ).values_list("unit_id", "unit__name")
    approved = set(
        Report.objects.filter(period=report.period, status=ReportStatus.APPROVED).values_list("unit_id", flat=True)
    )
    return [name for unit_id, name in below if unit_id not in approved]


@transaction.atomic
def report_approve(*, report: Report, user, expected_version: int, verdicts: dict[int, bool] | None = None) -> Report:
    """Approve (and lock) a submitted report; ``verdicts`` are the reviewer's đạt/không đạt for qualitative
    figures."""
    locked = lock_for_update(Report, report.pk, expected_version, related=("period", "unit"))
    _check_submitted(locked)
    if locked.period.campaign.approve_children_first:
        pending = _children_pending(locked)
        if pending:
            names = ", ".join(pending[:10]) + ("…" if len(pending) > 10 else "")
            raise ValidationError(_(ERR_CHILDREN_FIRST) % {"unit": locked.unit.name, "units": names})
    if verdicts:
        # A verdict is the reviewer's đạt/không đạt of a qualitative figure of this campaign, and nothing else: an
        # id from elsewhere would otherwise write a value for another campaign's figure into this report.
        judged = {f.pk for f in campaign_figures(locked.period.campaign) if f.form == FigureForm.QUALITATIVE}
        if set(verdicts) - judged:
            raise ValidationError(_(ERR_UNKNOWN_FIGURE))
    for figure_id, verdict in (verdicts or {}).items():
        ReportValue.objects.update_or_create(report=locked, figure_id=figure_id, defaults={"verdict": verdict})
    locked.status = ReportStatus.APPROVED
    locked.reviewed_at, locked.reviewed_by = timezone.now(), user
    locked.bump()
    ReportEvent.objects.create(report=locked, action=ReportAction.APPROVE, by=user)
    report_approved_notify(locked)
    return locked


def report_changes(*, report: Report) -> dict[str, tuple]:
    """What changed between the last two submissions: {figure id or narrative field: (before, after)}."""
    submissions = list(report.events.filter(action=ReportAction.SUBMIT).order_by("-at", "-pk")[:2])
    if len(submissions) < 2:
        return {}
    after, before = submissions[0].snapshot, submissions[1].snapshot
    changes = {}
    for key in set(after.get("values", {})) | set(before.get("values", {})):
        old, new = before.get("values", {}).get(key), after.get("values", {}).get(key)
        if old != new:
            changes[key] = (old, new)
    for name in Report.NARRATIVE_FIELDS:
        old, new = before.get("narrative", {}).get(name, ""), after.get("narrative", {}).get(name, "")
        if old != new:
            changes[name] = (old, new)
    return changes
