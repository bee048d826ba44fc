"""The edit forms of the printed papers of scoring. Rules live in scoring.papers; these only read input (the date
dd/mm/yyyy, the times hh:mm, the number of copies from 1 to 20)."""

from django import forms

from scoring.models import ScoringMinutes, SelfScoringReport
from scoring.papers import MINUTES_FIELDS, REPORT_FIELDS
from units.dates import plausible_dates

DATE_PLACEHOLDER = "dd/mm/yyyy"


class SelfReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SelfScoringReport
        fields = REPORT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        for name, rows in (("introduction", 4), ("assessment", 8), ("proposals", 4), ("recipients", 4)):
            self.fields[name].widget.attrs["rows"] = rows


class MinutesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ScoringMinutes
        fields = MINUTES_FIELDS
        widgets = {
            "held_on": forms.DateInput(
                attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "inputmode": "numeric"}
            ),
            "opened_at": forms.TimeInput(attrs={"placeholder": "08:00", "autocomplete": "off"}, format="%H:%M"),
            "closed_at": forms.TimeInput(attrs={"placeholder": "11:00", "autocomplete": "off"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_dates(self, "held_on")
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        for name, rows in (("attendees", 6), ("content", 5), ("conclusion", 4)):
            self.fields[name].widget.attrs["rows"] = rows
        self.fields["attendees"].required = True
