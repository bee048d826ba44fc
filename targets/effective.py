"""The effective target of a unit for a figure, the one rule every judgement uses, in Python and in SQL:

the unit's registered target (đăng ký) when it has one, else the target assigned to it (giao), else, where the caller
judges against the campaign's own figure, the figure's value (the issuing unit's target). A range takes its (low,
high) pair the same way. tests/targets/test_effective.py checks that the two forms agree on every kind of target."""

from decimal import Decimal

__all__ = ("effective_target", "effective_target_sql")

PAIRS = (("registered_value", "registered_high"), ("assigned_value", "assigned_high"))


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


def effective_target_sql(alias: str, figure=None, params: list | None = None) -> str:
    """The low value of `effective_target` as SQL text, over the unit's own Target row joined as ``alias`` (NULLs when
    the unit has none); the figure's value, where given, is a parameter appended to ``params``."""
    fallback = getattr(figure, "value", None) if figure is not None else None
    if params is None:
        params = []
    params.append(fallback)
    return f"COALESCE({alias}.registered_value, {alias}.assigned_value, %s)"
