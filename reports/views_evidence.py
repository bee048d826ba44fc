"""Evidence files on the report page: upload and remove (POST, back to the report page with a message) and download
(always an attachment, never shown inline). Looked up through the scope: outside it is 404, without an editing role
403."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from reports import evidence as services
from reports.models import Evidence, Report, report_page_url
from targets.models import Figure
from units.scope import ScopedViewMixin
from uploads.files import ERR_NO_FILE
from uploads.http import SizeLimitHandler, download_response

MSG_ADDED = gettext_noop("Evidence file “%(name)s” added.")
MSG_DELETED = gettext_noop("Evidence file “%(name)s” removed.")


def back_to_report(report: Report) -> str:
    """Where upload and remove go back to (one place to change)."""
    return report_page_url(period_id=report.period_id, unit_id=report.unit_id)


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), error_messages={"required": gettext_lazy(ERR_NO_FILE)})
    figure = forms.ModelChoiceField(queryset=Figure.objects.none(), required=False, label=gettext_lazy("For figure"))

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].queryset = Figure.objects.filter(
            indicator__section__campaign_id=report.period.campaign_id
        )


@method_decorator(csrf_exempt, name="dispatch")  # the CSRF check runs in post(), after the size limit is in place
class EvidenceUploadView(ScopedViewMixin, View):
    http_method_names = ["post"]
    action = "report.edit"

    def load_scoped(self, pk):
        self.report = self.get_scoped_object(Report.objects.select_related("period", "unit"), pk)
        return self.report.unit

    def post(self, request, pk):
        self.limit = SizeLimitHandler(request)
        request.upload_handlers.insert(0, self.limit)
        return csrf_protect(self.upload)(request)

    def upload(self, request):
        form = EvidenceUploadForm(request.POST, request.FILES, report=self.report)
        if self.limit.too_large is not None:
            messages.error(request, self.limit.message())
        elif not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            try:
                item = services.evidence_add(
                    report=self.report,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    figure=form.cleaned_data["figure"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _(MSG_ADDED) % {"name": item.name})
        return redirect(back_to_report(self.report))


class EvidenceDeleteView(ScopedViewMixin, View):
    http_method_names = ["post"]
    action = "report.edit"

    def load_scoped(self, pk):
        self.evidence = self.get_scoped_object(Evidence.objects.select_related("report__unit"), pk)
        return self.evidence.report.unit

    def post(self, request, pk):
        report, name = self.evidence.report, self.evidence.name
        try:
            services.evidence_delete(evidence=self.evidence, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _(MSG_DELETED) % {"name": name})
        return redirect(back_to_report(report))


class EvidenceDownloadView(ScopedViewMixin, View):
    """The file as a download, whatever it is: never rendered by the browser, never sniffed."""

    def get(self, request, pk):
        evidence = self.get_scoped_object(Evidence, pk)
        return download_response(evidence.file, name=evidence.name, content_type=evidence.content_type)
