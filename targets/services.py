"""Writes to targets: what the upper level assigns to its units, and what each unit registers.

Rules that span rows live here: a registered target may not fall below the assigned one (in the direction of the
figure); a grid is saved whole or not at all; a save based on stale values is refused with what the other person
changed (optimistic locking on Target.version)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import Campaign
from targets.models import Figure, FigureForm, Target
from targets.numbers import format_number, format_range
from targets.rules import lower_is_better
from units.models import Unit
from units.versioning import VersionConflict, cell_conflict_message, lock_for_update

__all__ = (
    "CellInput",
    "figure_check_value",
    "target_grid_save",
    "targets_assign_save",
    "NUMERIC_FORMS",
)

NUMERIC_FORMS = {
    FigureForm.AT_LEAST,
    FigureForm.RANGE,
    FigureForm.CHANGE,
    FigureForm.RELATIVE,
    FigureForm.OUT_OF,
    FigureForm.PLANNED,
    FigureForm.RANK,
}
PERCENT = "%"

ERR_BELOW_ASSIGNED = gettext_noop(
    "“%(figure)s”: the registered target %(registered)s is below the %(assigned)s assigned."
)
ERR_ABOVE_ASSIGNED = gettext_noop(
    "“%(figure)s”: the registered target %(registered)s is above the %(assigned)s assigned (lower is better here)."
)
ERR_NEGATIVE = gettext_noop("“%(figure)s”: %(value)s cannot be negative.")
ERR_SHARE = gettext_noop("“%(figure)s”: a share cannot be above 100%% (%(value)s).")
ERR_RANGE = gettext_noop("“%(figure)s”: the lower value %(low)s is above the upper value %(high)s.")
ERR_OUT_OF = gettext_noop("“%(figure)s”: %(value)s is more than the total %(total)s.")
ERR_NOT_NUMERIC = gettext_noop("“%(figure)s” is not a numeric target; it takes no number.")
ERR_NOT_PARTICIPANT = gettext_noop("%(unit)s does not take part in this campaign.")
ERR_FIGURE_ELSEWHERE = gettext_noop("A figure of another campaign was sent.")


@dataclass(frozen=True)
class CellInput:
    figure_id: int
    unit_id: int
    value: Decimal | None
    high: Decimal | None = None
    note: str | None = None  # None: leave the note as it is
    version: int | None = None  # the Target.version the form was built from (None: no target existed)


def figure_check_value(*, figure: Figure, value: Decimal | None, high: Decimal | None = None) -> list[str]:
    """The errors of a number entered for a figure: negative counts, shares above 100%, ranges upside down…"""
    if value is None and high is None:
        return []
    name = figure.name
    if figure.form not in NUMERIC_FORMS:
        return [_(ERR_NOT_NUMERIC) % {"figure": name}]
    errors = []
    for number in (value, high):
        if number is None:
            continue
        if number < 0 and figure.form != FigureForm.CHANGE:
            errors.append(_(ERR_NEGATIVE) % {"figure": name, "value": format_number(number)})
        if figure.unit_of_measure.strip() == PERCENT and figure.form not in (FigureForm.CHANGE, FigureForm.RELATIVE):
            if number > 100:
                errors.append(_(ERR_SHARE) % {"figure": name, "value": format_number(number)})
        if figure.form == FigureForm.OUT_OF and figure.total is not None and number > figure.total:
            errors.append(
                _(ERR_OUT_OF) % {"figure": name, "value": format_number(number), "total": format_number(figure.total)}
            )
    if value is not None and high is not None and value > high:
        errors.append(_(ERR_RANGE) % {"figure": name, "low": format_number(value), "high": format_number(high)})
    return errors


def _check_registered(figure: Figure, target: Target) -> list[str]:
    """A registered target must meet the assigned one in the figure's direction."""
    if target.registered_value is None or target.assigned_value is None or figure.form == FigureForm.PLANNED:
        return []
    values = {
        "figure": figure.name,
        "registered": format_range(target.registered_value, target.registered_high),
        "assigned": format_range(target.assigned_value, target.assigned_high),
    }
    if lower_is_better(figure):
        if target.registered_value > target.assigned_value:
            return [_(ERR_ABOVE_ASSIGNED) % values]
    elif target.registered_value < target.assigned_value:
        return [_(ERR_BELOW_ASSIGNED) % values]
    return []


def _conflict(target: Target, figure: Figure, value_fields: tuple[str, str]) -> str:
    return cell_conflict_message(
        name=figure.name,
        unit=target.unit.name,
        user=target.updated_by,
        time=target.updated,
        value=format_range(getattr(target, value_fields[0]), getattr(target, value_fields[1])) or "—",
    )


def _save_cells(*, campaign: Campaign, cells: list[CellInput], user, fields: tuple[str, str], check_registered: bool):
    figure_ids = {c.figure_id for c in cells}
    figures = {f.pk: f for f in Figure.objects.filter(pk__in=figure_ids, indicator__section__campaign=campaign)}
    if len(figures) != len(figure_ids):
        raise ValidationError(_(ERR_FIGURE_ELSEWHERE))
    participants = set(campaign.participations.values_list("unit_id", flat=True))
    units = {u.pk: u for u in Unit.objects.filter(pk__in={c.unit_id for c in cells})}
    # Errors keyed by cell, "<figure id>-<unit id>", so that a grid marks the very cell; "__all__" for the rest.
    errors: dict[str, list[str]] = {}
    conflicts = []
    for unit_id in {c.unit_id for c in cells} - participants:
        errors.setdefault("__all__", []).append(
            _(ERR_NOT_PARTICIPANT) % {"unit": units[unit_id].name if unit_id in units else unit_id}
        )
    # Two people saving targets of the same campaign are serialised on the campaign row, so the version check below
    # sees the other's save and a target is never created twice.
    lock_for_update(Campaign, campaign.pk)
    existing = {
        (t.figure_id, t.unit_id): t
        for t in Target.objects.select_related("unit", "updated_by").filter(figure_id__in=figure_ids, unit_id__in=units)
    }
    to_save = []
    for cell in cells:
        figure = figures[cell.figure_id]
        target = existing.get((cell.figure_id, cell.unit_id))
        note = cell.note if cell.note is not None else (target.note if target else "")
        current = (getattr(target, fields[0]), getattr(target, fields[1]), target.note) if target else (None, None, "")
        wanted = (cell.value, cell.high, note)
        if current == wanted:
            continue
        if target is not None and cell.version != target.version or target is None and cell.version is not None:
            if target is not None:
                conflicts.append(_conflict(target, figure, fields))
            continue
        problems = figure_check_value(figure=figure, value=cell.value, high=cell.high)
        if target is None:
            target = Target(figure=figure, unit=units[cell.unit_id], version=0)
        setattr(target, fields[0], cell.value)
        setattr(target, fields[1], cell.high)
        target.note = note
        if check_registered:
            problems += _check_registered(figure, target)
        if problems:
            errors.setdefault(f"{cell.figure_id}-{cell.unit_id}", []).extend(problems)
        to_save.append(target)
    if conflicts:
        raise VersionConflict(conflicts)
    if errors:
        raise ValidationError(errors)
    for target in to_save:
        target.updated_by = user
        target.bump()
    return to_save


@transaction.atomic
def target_grid_save(*, campaign: Campaign, unit: Unit, cells: list[CellInput], user) -> list[Target]:
    """A unit registers its targets (đăng ký): all cells are checked, then all are saved, or none."""
    if any(c.unit_id != unit.pk for c in cells):
        raise ValidationError(_(ERR_NOT_PARTICIPANT) % {"unit": unit.name})
    return _save_cells(
        campaign=campaign,
        cells=cells,
        user=user,
        fields=("registered_value", "registered_high"),
        check_registered=True,
    )


@transaction.atomic
def targets_assign_save(*, campaign: Campaign, cells: list[CellInput], user) -> list[Target]:
    """The upper level assigns targets to its participating units (giao): all or nothing."""
    return _save_cells(
        campaign=campaign, cells=cells, user=user, fields=("assigned_value", "assigned_high"), check_registered=False
    )
