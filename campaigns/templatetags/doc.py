from django import template

from campaigns.text import inline_html, plain
from units import vn

register = template.Library()


@register.filter
def inline(text):
    """Escaped text with the documents' **bold** and *italic* marks turned into emphasis."""
    return inline_html(text)


@register.filter(name="plain")
def plain_filter(text):
    return plain(text)


@register.filter
def vn_date(value):
    return vn.long_date(value)


@register.filter
def vn_short_date(value):
    """'30/06/2024'."""
    return vn.short_date(value)
