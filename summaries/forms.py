"""The edit form of a summary report. Rules live in summaries.services; this only reads input."""

from django import forms

from summaries.models import SummaryReport
from summaries.services import EDIT_FIELDS

TEXT_ROWS = {"introduction": 4, "results": 14, "shortcomings": 6, "lessons": 5, "tasks": 6, "proposals": 4}


class SummaryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SummaryReport
        fields = EDIT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rows in TEXT_ROWS.items():
            self.fields[name].widget.attrs["rows"] = rows
        self.fields["recipients"].widget.attrs["rows"] = 4
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
