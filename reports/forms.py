"""Forms of the report pages. They only parse what was typed (Vietnamese numbers, dates dd/mm/yyyy); every rule is in
reports.services, whose errors come back keyed by field ("figure_<id>", "reason", "until"…)."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from reports.models import Period, PeriodReopening, Report, ReportValue
from reports.services import NUMBER_FORMS, ValueInput
from targets.forms import VNDecimalField
from targets.models import FigureForm
from targets.rules import needs_previous
from units.dates import plausible_dates

ERR_VERDICT_NEEDED = gettext_noop("Judge this figure: achieved or missed.")
PREVIOUS_LABEL = gettext_lazy("Previous year")
DATE_PLACEHOLDER = "dd/mm/yyyy"

YES, NO = "yes", "no"
LARGEST = Decimal("9999999999999999")  # what ReportValue.value holds: 20 digits, 4 of them decimals


def _date_input():
    return forms.DateInput(attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "inputmode": "numeric"})


class PeriodForm(forms.ModelForm):
    """A new reporting period (reports.services.period_add saves it)."""

    class Meta:
        model = Period
        fields = ("kind", "label", "starts_on", "ends_on", "due_on", "grace_days")
        widgets = {"starts_on": _date_input(), "ends_on": _date_input(), "due_on": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="period", **kwargs)
        self.fields["grace_days"].widget.attrs.update({"min": 0, "max": 366})
        plausible_dates(self, "starts_on", "ends_on", "due_on")

    def _post_clean(self):
        """The service checks the period (dates, a label used once per campaign), not the model form."""


class ReopenForm(forms.Form):
    """Reopen one unit's period until a date, with a reason (reports.services.period_reopen checks both)."""

    until = forms.DateField(label=capfirst(PeriodReopening._meta.get_field("until").verbose_name), widget=_date_input())
    reason = forms.CharField(
        label=capfirst(PeriodReopening._meta.get_field("reason").verbose_name), required=False, max_length=500
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_dates(self, "until")


def bootstrap(form: forms.Form) -> forms.Form:
    """Bootstrap classes on the widgets (and is-invalid on the fields with errors), for pages that lay the fields out
    by hand."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
        if isinstance(field, VNDecimalField):
            css += " text-end"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


def _field_names(figure_id: int) -> dict[str, str]:
    return {
        "value": f"value_{figure_id}",
        "previous": f"previous_{figure_id}",
        "flag": f"flag_{figure_id}",
        "grade": f"grade_{figure_id}",
        "note": f"note_{figure_id}",
        "missing": f"missing_{figure_id}",
        "return": f"return_{figure_id}",
        "verdict": f"verdict_{figure_id}",
    }


def main_field_name(figure) -> str | None:
    """The field the figure's value is typed in: a number, a kept status, a grade; None for a qualitative one."""
    names = _field_names(figure.pk)
    if figure.form in NUMBER_FORMS:
        return names["value"]
    if figure.form == FigureForm.STATUS:
        return names["flag"]
    if figure.form == FigureForm.GRADE:
        return names["grade"]
    return None


class ReportForm(forms.Form):
    """The unit's entry: one value (in the figure's form; a change figure also takes the previous year's value), a
    note and a reason it is missing per figure; the four narrative fields; and the version the page was built from."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, rows, report: Report, **kwargs):
        self.rows = rows
        initial = {"version": report.version}
        for name in Report.NARRATIVE_FIELDS:
            initial[name] = getattr(report, name)
        super().__init__(*args, initial=initial, **kwargs)
        for name in Report.NARRATIVE_FIELDS:
            self.fields[name] = forms.CharField(
                label=capfirst(Report._meta.get_field(name).verbose_name),
                required=False,
                strip=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        flag_choices = [("", "—"), (YES, gettext_lazy("Kept")), (NO, gettext_lazy("Not kept"))]
        for row in rows:
            figure, value, names = row.figure, row.value, _field_names(row.figure.pk)
            main = main_field_name(figure)
            if figure.form in NUMBER_FORMS:
                self.fields[main] = VNDecimalField(
                    required=False, label=figure.name, min_value=-LARGEST, max_value=LARGEST
                )
                self.initial[main] = value.value if value else None
                if needs_previous(figure):  # judged against the previous year's value, entered here too
                    self.fields[names["previous"]] = VNDecimalField(
                        required=False, label=PREVIOUS_LABEL, min_value=-LARGEST, max_value=LARGEST
                    )
                    self.fields[names["previous"]].widget.attrs["aria-label"] = "%s: %s" % (  # noqa: UP031
                        PREVIOUS_LABEL,
                        figure.name,
                    )
                    own = value.previous if value else None
                    self.initial[names["previous"]] = own if own is not None else row.inherited_previous
            elif figure.form == FigureForm.STATUS:
                self.fields[main] = forms.ChoiceField(choices=flag_choices, required=False, label=figure.name)
                self.initial[main] = "" if not value or value.flag is None else (YES if value.flag else NO)
            elif figure.form == FigureForm.GRADE:
                self.fields[main] = forms.CharField(max_length=40, required=False, label=figure.name)
                self.initial[main] = value.grade if value else ""
            self.fields[names["note"]] = forms.CharField(max_length=1000, required=False, label=_("Note"))
            self.fields[names["missing"]] = forms.CharField(
                max_length=500,
                required=False,
                label=capfirst(ReportValue._meta.get_field("missing_reason").verbose_name),
            )
            self.initial[names["note"]] = value.note if value else ""
            self.initial[names["missing"]] = value.missing_reason if value else ""
            self.fields[names["note"]].widget.attrs["placeholder"] = self.fields[names["note"]].label
            self.fields[names["missing"]].widget.attrs["placeholder"] = self.fields[names["missing"]].label
            for name in (main, names["note"], names["missing"]):
                if name:
                    label = self.fields[name].label
                    self.fields[name].widget.attrs["aria-label"] = (
                        figure.name if name == main else "%s: %s" % (label, figure.name)  # noqa: UP031
                    )

    def value_inputs(self) -> list[ValueInput]:
        data, items = self.cleaned_data, []
        for row in self.rows:
            figure, names = row.figure, _field_names(row.figure.pk)
            flag = data.get(names["flag"])
            items.append(
                ValueInput(
                    figure_id=figure.pk,
                    value=data.get(names["value"]) if figure.form in NUMBER_FORMS else None,
                    previous=data.get(names["previous"]) if needs_previous(figure) else None,
                    flag=None if not flag else flag == YES,
                    grade=data.get(names["grade"]) or "",
                    note=data.get(names["note"]) or "",
                    missing_reason=data.get(names["missing"]) or "",
                )
            )
        return items

    def narrative(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in Report.NARRATIVE_FIELDS}

    def add_service_error(self, key: str, messages: list[str]) -> bool:
        """Put a service error keyed "figure_<id>" on the figure's field; False when it names no field here."""
        if key.startswith("figure_"):
            figure_id = key.removeprefix("figure_")
            for row in self.rows:
                if str(row.figure.pk) == figure_id:
                    name = main_field_name(row.figure) or _field_names(row.figure.pk)["note"]
                    self.add_error(name, messages)
                    return True
        if key in self.fields and key != "version":
            self.add_error(key, messages)
            return True
        return False


class ReviewForm(forms.Form):
    """The reviewer's return (an overall reason and a reason per figure) or approval (a verdict for each qualitative
    figure)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=capfirst(Report._meta.get_field("return_reason").verbose_name),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows, report: Report, approving: bool = False, **kwargs):
        self.rows, self.approving = rows, approving
        super().__init__(*args, initial={"version": report.version}, **kwargs)
        verdicts = [("", "—"), (YES, gettext_lazy("achieved")), (NO, gettext_lazy("missed"))]
        for row in rows:
            names = _field_names(row.figure.pk)
            self.fields[names["return"]] = forms.CharField(
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=capfirst(ReportValue._meta.get_field("return_reason").verbose_name),
            )
            self.fields[names["return"]].widget.attrs["aria-label"] = "%s: %s" % (  # noqa: UP031
                self.fields[names["return"]].label,
                row.figure.name,
            )
            if row.figure.form == FigureForm.QUALITATIVE:
                self.fields[names["verdict"]] = forms.ChoiceField(
                    choices=verdicts, required=False, label=row.figure.name
                )
                self.fields[names["verdict"]].widget.attrs["aria-label"] = row.figure.name
                if row.value is not None and row.value.verdict is not None:
                    self.initial[names["verdict"]] = YES if row.value.verdict else NO

    def clean(self):
        data = super().clean()
        if self.approving:
            for row in self.rows:
                name = _field_names(row.figure.pk)["verdict"]
                if name in self.fields and not data.get(name):
                    self.add_error(name, _(ERR_VERDICT_NEEDED))
        return data

    def figure_reasons(self) -> dict[int, str]:
        reasons = {}
        for row in self.rows:
            text = (self.cleaned_data.get(_field_names(row.figure.pk)["return"]) or "").strip()
            if text:
                reasons[row.figure.pk] = text
        return reasons

    def verdicts(self) -> dict[int, bool]:
        verdicts = {}
        for row in self.rows:
            choice = self.cleaned_data.get(_field_names(row.figure.pk)["verdict"])
            if choice:
                verdicts[row.figure.pk] = choice == YES
        return verdicts

    def add_service_error(self, key: str, messages: list[str]) -> bool:
        if key.startswith("figure_"):
            name = "return_" + key.removeprefix("figure_")
            if name in self.fields:
                self.add_error(name, messages)
                return True
        if key == "reason":
            self.add_error("reason", messages)
            return True
        return False
