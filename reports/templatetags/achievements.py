from django import template
from django.utils.html import format_html

from units import vn

register = template.Library()


@register.simple_tag
def achievement_cell(achievement) -> str:
    """A figure's achievement (reports.achievement.Achievement) as a report shows it: the badge (status and
    percentage, the explanation as its title) and, when there is one, the explanation below it. One tag rather
    than an include per figure; the explanation, composed when read, is composed once."""
    explanation = achievement.explanation
    percent = f" · {vn.number(achievement.percent, 1)}%" if achievement.percent is not None else ""
    badge = format_html(
        '<span class="badge ach ach-{}" title="{}">{}{}</span>',
        achievement.status,
        explanation,
        achievement.status.label,
        percent,
    )
    if not explanation:
        return badge
    return format_html('{}<div class="small text-muted mt-1">{}</div>', badge, explanation)
