from decimal import Decimal

from django import template

from units import vn

register = template.Library()


@register.filter
def vn_percent(value):
    """Decimal('7.5') -> '7,5%'; 75.0 -> '75%'; None -> '—'."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return f"{vn.number(value, places)}%"
