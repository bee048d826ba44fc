"""Targets frozen per report (issue #19): when a report is submitted, the targets in force for each of its figures
are recorded on it (Report.frozen_targets, and in the submission's event, so every submission keeps its own
version). A submitted or approved report is judged against what was recorded, so a target registered or assigned
later, or a figure edited later, never changes its judgement; a draft or a returned report (back with the unit) is
judged against the targets as they stand. Where the targets changed since, the page says so, with both.

An entry per figure id (a string): the unit's Target fields (registered and assigned, each a pair), the campaign
figure's own (value, value_high), and the rules that applied (reach, change measure), numbers as strings."""

from dataclasses import dataclass
from decimal import Decimal

from reports.models import Report, ReportStatus
from targets.models import Target
from targets.rules import change_measure, figure_reach

__all__ = (
    "FROZEN_STATUSES",
    "targets_in_force",
    "report_targets_freeze",
    "Judged",
    "judged_against",
    "frozen_target",
    "frozen_figure",
    "figure_key",
)

FROZEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
TARGET_FIELDS = ("registered_value", "registered_high", "assigned_value", "assigned_high")
FIGURE_FIELDS = ("value", "value_high")


def _text(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _number(text) -> Decimal | None:
    return None if text is None or text == "" else Decimal(str(text))


def _entry(figure, target) -> dict:
    entry = {name: _text(getattr(target, name, None)) if target is not None else None for name in TARGET_FIELDS}
    entry.update({name: _text(getattr(figure, name, None)) for name in FIGURE_FIELDS})
    entry["reach"] = figure_reach(figure)
    entry["change_measure"] = change_measure(figure)
    return entry


def targets_in_force(*, figures, unit, targets: dict | None = None) -> dict[str, dict]:
    """{figure id: entry} of the unit's targets as they stand; ``targets`` ({figure id: Target}) when already read."""
    if targets is None:
        targets = {t.figure_id: t for t in Target.objects.filter(figure__in=list(figures), unit=unit)}
    return {str(f.pk): _entry(f, targets.get(f.pk)) for f in figures}


def report_targets_freeze(report: Report, figures, *, at) -> dict[str, dict]:
    """Record the targets in force on the report (saved by the caller, with the submission)."""
    report.frozen_targets = targets_in_force(figures=figures, unit=report.unit)
    report.targets_frozen_at = at
    return report.frozen_targets


@dataclass(frozen=True)
class _FrozenTarget:
    registered_value: Decimal | None
    registered_high: Decimal | None
    assigned_value: Decimal | None
    assigned_high: Decimal | None


class _FrozenFigure:
    """The figure as it stood when the report was sent: its own value and rules from the entry, the rest live."""

    def __init__(self, figure, entry: dict):
        self._figure = figure
        self.value, self.value_high = _number(entry.get("value")), _number(entry.get("value_high"))
        self.reach = entry.get("reach", "")
        self.change_measure = entry.get("change_measure", "")

    def __getattr__(self, name):
        return getattr(self._figure, name)


@dataclass(frozen=True)
class Judged:
    """What a figure of a report is judged against: the figure and target to give achievement(), whether they are
    the frozen ones, and whether the targets changed since they were frozen."""

    figure: object
    target: object
    frozen: bool
    changed: bool


def judged_against(report: Report, figure, target) -> Judged:
    """The figure and target a report's figure is judged against: frozen for a submitted or approved report that
    recorded its targets, else the live ones."""
    entry = (report.frozen_targets or {}).get(str(figure.pk)) if report.status in FROZEN_STATUSES else None
    if entry is None:
        return Judged(figure=figure, target=target, frozen=False, changed=False)
    changed = _entry(figure, target) != entry
    return Judged(figure=_FrozenFigure(figure, entry), target=frozen_target(entry), frozen=True, changed=changed)


def frozen_target(entry: dict) -> _FrozenTarget:
    """The unit's target as an entry recorded it."""
    return _FrozenTarget(*(_number(entry.get(name)) for name in TARGET_FIELDS))


def frozen_figure(figure, entry: dict) -> _FrozenFigure:
    """The figure as an entry recorded it (its own value and rules; the rest live)."""
    return _FrozenFigure(figure, entry)


def figure_key(entry: dict) -> tuple:
    """What of an entry the frozen figure reads: entries with the same key give the same frozen figure."""
    return tuple(entry.get(name) for name in (*FIGURE_FIELDS, "reach", "change_measure"))
