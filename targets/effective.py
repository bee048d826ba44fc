"""The effective target of a unit for a figure, the one rule every judgement uses, in Python and in SQL:

the unit's registered target (đăng ký) when it has one, else the target assigned to it (giao), else, where the caller
judges against the campaign's own figure, the figure's value — for the issuing unit always, for a lower unit only
when the figure is a target of every unit (targets.rules.figure_reach: a rate, level or status; an absolute total of
the issuer is no lower unit's target, which is then "không giao chỉ tiêu"). A range takes its (low, high) pair the
same way. tests/targets/test_effective.py checks that the two forms agree on every kind of target."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from targets.rules import Reach, figure_reach

__all__ = ("TargetRule", "effective_target", "judging_target", "effective_target_sql")

PAIRS = (("registered_value", "registered_high"), ("assigned_value", "assigned_high"))


class TargetRule(models.TextChoices):
    """Which target judged a figure: what the explanation a reviewer reads names."""

    REGISTERED = "registered", _("the target the unit registered")
    ASSIGNED = "assigned", _("the target assigned to the unit")
    CAMPAIGN_EACH = "each", _("the campaign's target, which applies to every unit")
    CAMPAIGN_TOTAL = "total", _("the campaign's total, the issuing unit's own target")
    NOT_ASSIGNED = "none", _("no target assigned")


def judging_target(target, figure=None, *, issuer: bool = True) -> tuple[Decimal | None, Decimal | None, str]:
    """(low, high, TargetRule) of a Target (or any object with its fields; None for a unit without one): the
    registered pair, else the assigned pair, else the figure's own (value, value_high) when a figure is given and
    it is the unit's target (``issuer``: the unit is the campaign's issuing unit)."""
    for (value_field, high_field), rule in zip(PAIRS, (TargetRule.REGISTERED, TargetRule.ASSIGNED), strict=True):
        value = getattr(target, value_field, None) if target is not None else None
        if value is not None and value != "":
            return value, getattr(target, high_field, None), rule
    if figure is None:
        return None, None, TargetRule.NOT_ASSIGNED
    reach = figure_reach(figure)
    if reach == Reach.TOTAL and not issuer:
        return None, None, TargetRule.NOT_ASSIGNED
    rule = TargetRule.CAMPAIGN_EACH if reach == Reach.EACH else TargetRule.CAMPAIGN_TOTAL
    return getattr(figure, "value", None), getattr(figure, "value_high", None), rule


def effective_target(target, figure=None, *, issuer: bool = True) -> tuple[Decimal | None, Decimal | None]:
    """(low, high) of `judging_target`."""
    low, high, _rule = judging_target(target, figure, issuer=issuer)
    return low, high


def effective_target_sql(alias: str, figure=None, params: list | None = None, *, issuer: bool = True) -> str:
    """The low value of `effective_target` as SQL text, over the unit's own Target row joined as ``alias`` (NULLs when
    the unit has none); the figure's value, where it is the unit's target, is a parameter appended to ``params``."""
    fallback = getattr(figure, "value", None) if figure is not None else None
    if figure is not None and figure_reach(figure) == Reach.TOTAL and not issuer:
        fallback = None
    if params is None:
        params = []
    params.append(fallback)
    return f"COALESCE({alias}.registered_value, {alias}.assigned_value, %s)"
