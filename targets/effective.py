"""The effective target of a unit for a figure, the one rule every judgement uses, in Python and in SQL:

the unit's registered target (đăng ký) when it has one, else the target assigned to it (giao), else, where the caller
judges against the campaign's own figure, the figure's value (the issuing unit's target). A range takes its (low,
high) pair the same way. tests/targets/test_effective.py checks that the two forms agree on every kind of target."""

from decimal import Decimal

from django.db.models import DecimalField, Value
from django.db.models.functions import Coalesce

__all__ = ("effective_target", "effective_target_sql")

PAIRS = (("registered_value", "registered_high"), ("assigned_value", "assigned_high"))
_NUMBER = DecimalField(max_digits=20, decimal_places=4)


def effective_target(target, figure=None) -> tuple[Decimal | None, Decimal | None]:
    """(low, high) of a Target (or any object with its fields; None for a unit without one): the registered pair,
    else the assigned pair, else the figure's own (value, value_high) when a figure is given, else (None, None)."""
    for value_field, high_field in PAIRS:
        value = getattr(target, value_field, None) if target is not None else None
        if value is not None and value != "":
            return value, getattr(target, high_field, None)
    if figure is None:
        return None, None
    return getattr(figure, "value", None), getattr(figure, "value_high", None)


def effective_target_sql(relation: str, figure=None) -> Coalesce:
    """The low value of `effective_target` as an SQL expression; `relation` is the path from the query's model to
    the unit's own Target ("" on Target itself, an alias of a FilteredRelation in a roll-up)."""
    prefix = f"{relation}__" if relation else ""
    fallback = getattr(figure, "value", None) if figure is not None else None
    return Coalesce(
        f"{prefix}registered_value",
        f"{prefix}assigned_value",
        Value(fallback, output_field=_NUMBER),
        output_field=_NUMBER,
    )
