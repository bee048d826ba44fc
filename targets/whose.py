"""Whose a figure is and who assigned it (issue #19), as the target grid and the report page say it.

The campaign's own figure is either a total of the issuing unit ("Chỉ tiêu của Huyện Cao Lộc (toàn huyện)") or a
target of every unit ("Chỉ tiêu chung cho mỗi đơn vị"): targets.rules.figure_reach decides which. A target assigned to
a unit comes from the campaign's issuing unit ("Huyện Cao Lộc giao"), never from the unit that assigned the issuing
unit its own figure: on Huyện Cao Lộc's Chỉ thị adopted from the province's, the province's figures are "tỉnh giao" for
the district, and what the district assigns to Xã Cao Lâu is "huyện giao" for the commune.

The source of a unit's target (``target_source``) follows the one rule that judges it (targets.effective): the
registered target is the unit's own; the assigned one, or the campaign's figure of every unit, is the issuing unit's
("huyện giao"); for the issuing unit itself, the figure's source as written ("tỉnh giao")."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from targets.effective import TargetRule, judging_target
from targets.rules import Reach, figure_reach
from units.models import Unit, UnitKind

__all__ = ("assigned_by", "assigned_by_name", "figure_owner", "target_source")

OWNER_TOTAL = gettext_noop("Target of %(unit)s (the whole %(type)s)")
OWNER_EACH = gettext_noop("Common target for every unit")
ASSIGNED_BY_NAME = gettext_noop("Assigned by %(unit)s")
REGISTERED_BY_UNIT = gettext_noop("registered by the unit")
# What "toàn …" says of a unit that is not a locality (a department, an organisation).
AGENCY_WHOLE = "đơn vị"


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def assigned_by(unit: Unit) -> str:
    """How a lower document names a target from this unit: 'huyện giao', 'thị xã giao', 'tỉnh giao' (Vietnamese
    as documents write it, whatever the page's language)."""
    return f"{unit.unit_type} giao" if unit.kind != UnitKind.AGENCY else f"{_lower_first(unit.short_name)} giao"


def assigned_by_name(unit: Unit) -> str:
    """The column of the targets this unit assigned: 'Huyện Cao Lộc giao'."""
    return _(ASSIGNED_BY_NAME) % {"unit": unit.name}


def figure_owner(figure, issuing_unit: Unit) -> str:
    """Whose the campaign's own figure is: 'Chỉ tiêu của Huyện Cao Lộc (toàn huyện)' for a total of the issuing
    unit, 'Chỉ tiêu chung cho mỗi đơn vị' for a rate, level or status that every unit is judged against."""
    if figure_reach(figure) == Reach.EACH:
        return _(OWNER_EACH)
    kind = issuing_unit.unit_type if issuing_unit.kind != UnitKind.AGENCY else AGENCY_WHOLE
    return _(OWNER_TOTAL) % {"unit": issuing_unit.name, "type": kind}


def target_source(figure, target, *, issuing_unit: Unit, issuer: bool) -> str:
    """Where the target the unit is judged against comes from, as printed beside the figure: the figure's source as
    written for the issuing unit ('tỉnh giao' on a district's campaign adopted from the province's); for a lower
    unit, 'huyện giao' (assigned by the campaign's issuing unit, or the campaign's figure of every unit), 'đơn vị
    đăng ký' (registered), or '' when it has no target."""
    if issuer:
        return getattr(figure, "source_body", "") or ""
    _low, _high, rule = judging_target(target, figure, issuer=False)
    if rule == TargetRule.REGISTERED:
        return _(REGISTERED_BY_UNIT)
    if rule in (TargetRule.ASSIGNED, TargetRule.CAMPAIGN_EACH):
        return assigned_by(issuing_unit)
    return ""
