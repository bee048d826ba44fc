from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def assignment_rows(grid, form=None):
    """The rows of a page of the assignment grid (targets.selectors.AssignmentGrid), written out directly: a page
    holds up to 800 cells, and a bound field and a dozen template nodes per cell cost several times the page's
    queries. Each cell posts ``a-<figure>-<unit>`` (the assigned target, a number or a range) with the version it was
    shown at (``v-<figure>-<unit>``), labelled by its row and column headers.

    Without ``form`` (a GET) the cells show the saved targets; with the bound ``AssignmentGridForm`` of a refused POST
    they show what was posted, each refused cell marked with its first error."""
    bound = form is not None and form.is_bound
    errors = form.errors if bound else {}
    data = form.data if bound else None
    registered = escape(_("reg."))
    columns = [(column, str(column.figure.pk), column.cells) for column in grid.columns]
    out = []
    for i, unit in enumerate(grid.units):
        u = str(unit.pk)
        out.append(f'<tr><th class="text-nowrap" id="u{u}">{escape(unit.name)}</th>')
        for _column, f, cells in columns:
            target, name = cells[i], f"a-{f}-{u}"
            if bound:
                value = data.get(name)
            elif target is not None:
                value = format_range(target.assigned_value, target.assigned_high)
            else:
                value = None
            version = "" if target is None else str(target.version)
            refused = errors.get(name)
            marked = ' class="is-invalid"' if refused else ""
            out.append(
                f'<td><input type="hidden" name="v-{f}-{u}" value="{version}"><input{marked} name="{name}" '
                f'inputmode="decimal" '
                f'aria-labelledby="u{u} f{f}" value="{"" if value is None else escape(value)}">'
            )
            if refused:
                out.append(f'<div class="invalid-feedback">{escape(refused[0])}</div>')
            if target is not None and target.registered_value is not None:
                reg = format_range(target.registered_value, target.registered_high)
                out.append(f'<div class="reg">{registered} {escape(reg)}</div>')
            out.append("</td>")
        out.append("</tr>\n")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
