from django import template

from units import vn

register = template.Library()


@register.filter
def vn_long_date(value):
    return vn.long_date(value)


@register.filter
def vn_number(value, decimal_pos=None):
    return vn.number(value, decimal_pos)
