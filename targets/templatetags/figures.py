from django import template

from targets.numbers import format_number, format_range

register = template.Library()


@register.filter
def vn(value):
    """A number in Vietnamese form: 1.105; 7,5."""
    return format_number(value)


@register.simple_tag
def target_range(target, which: str) -> str:
    """The assigned or registered target as printed: '1.105' or '7 - 7,5'; '' when there is none."""
    if target is None:
        return ""
    return format_range(getattr(target, f"{which}_value"), getattr(target, f"{which}_high"))


@register.simple_tag
def figure_text(figure) -> str:
    """The campaign's own figure: '≥ 1.105 tấn', '7 - 7,5 %', '10/10 thôn', 'nhóm 15 tỉnh dẫn đầu', 'trên 85 %'."""
    unit = f" {figure.unit_of_measure}" if figure.unit_of_measure else ""
    if figure.form == "rank" and figure.value is not None:
        return f"nhóm {format_number(figure.value)}{unit} dẫn đầu"
    if getattr(figure, "strict", False) and figure.value is not None and figure.value_high is None:
        return f"{'dưới' if figure.direction == 'down' else 'trên'} {format_number(figure.value)}{unit}"
    if figure.form == "out_of" and figure.value is not None:
        return f"{format_number(figure.value)}/{format_number(figure.total)}{unit}"
    if figure.form == "grade":
        return figure.grade
    if figure.value is None:
        return "—"
    return f"{format_range(figure.value, figure.value_high)}{unit}"
