"""Evidence files on the report page: upload and remove (POST, back to the report page with a message) and download
(always an attachment, never shown inline). Looked up through the scope: outside it is 404, without an editing role
403."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from reports import evidence as services
from reports.models import Evidence, Report
from targets.models import Figure
from units.scope import ScopedViewMixin

MSG_ADDED = gettext_noop("Evidence file “%(name)s” added.")
MSG_DELETED = gettext_noop("Evidence file “%(name)s” removed.")


def back_to_report(report: Report) -> str:
    """Where upload and remove go back to (one place to change)."""
    return services.report_page_url(period_id=report.period_id, unit_id=report.unit_id)


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), error_messages={"required": gettext_lazy(services.ERR_NO_FILE)})
    figure = forms.ModelChoiceField(queryset=Figure.objects.none(), required=False, label=gettext_lazy("For figure"))

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].queryset = Figure.objects.filter(
            indicator__section__campaign_id=report.period.campaign_id
        )


class SizeLimitHandler(FileUploadHandler):
    """First upload handler of an upload request: a file that passes the evidence limit is dropped while it is
    received (SkipFile), instead of being spooled whole to a temporary file before the service refuses it."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large: str | None = None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > services.MAX_BYTES:
            self.too_large = self.file_name
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


@method_decorator(csrf_exempt, name="dispatch")  # the CSRF check runs in post(), after the size limit is in place
class EvidenceUploadView(ScopedViewMixin, View):
    http_method_names = ["post"]
    required_roles = services.EDIT_ROLES

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
            name = services.clean_name(self.limit.too_large)
            messages.error(request, _(services.ERR_TOO_LARGE) % {"name": name, "limit": services.limit_in_mb()})
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
    required_roles = services.EDIT_ROLES

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


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as RFC 5987 ``filename*``."""
    from urllib.parse import quote

    return f"attachment; filename=\"{services.ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


class EvidenceDownloadView(ScopedViewMixin, View):
    """The file as a download, whatever it is: never rendered by the browser, never sniffed."""

    def get(self, request, pk):
        evidence = self.get_scoped_object(Evidence, pk)
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        content_type = (
            evidence.content_type if evidence.content_type in services.SERVED_AS_IS else "application/octet-stream"
        )
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = content_disposition(evidence.name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-cache"
        return response
