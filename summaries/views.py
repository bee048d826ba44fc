"""Pages of the summary reports: the list, a period's reports (and drafting a new one), the report with its
preview, editing, printing and issuing. Thin: rules in summaries.services and documents.issuing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from campaigns.models import Campaign
from campaigns.text import plain
from documents import issuing
from documents.preview import preview_response
from documents.services import document_job_print, reference_filename
from documents.views_issue import IssueView
from reports.models import Period
from summaries import services
from summaries.forms import SummaryForm
from summaries.models import SummaryReport, SummaryStatus
from summaries.printing import render_summary_html, summary_docx
from units.models import Unit
from units.scope import ScopedViewMixin, ServiceFormView
from units.views import breadcrumbs

SUMMARIES = SummaryReport.objects.select_related("period__campaign", "unit", "previous_version")


class SummaryListView(ScopedViewMixin, View):
    """/summaries/: the summary reports of the units the user acts for."""

    def get(self, request):
        summaries = self.scoped(SUMMARIES).order_by("-year", "unit__path", "-created")
        drafts_only = request.GET.get("status") == SummaryStatus.DRAFT  # the home page's "to sign or issue"
        if drafts_only:
            summaries = summaries.filter(status=SummaryStatus.DRAFT)
        return render(
            request, "summaries/summary_list.html", {"summaries": summaries[:200], "drafts_only": drafts_only}
        )


class PeriodSummariesView(ScopedViewMixin, View):
    """/summaries/period/<pk>/: a period's summary reports; POST drafts a new one for the campaign's issuing unit."""

    def load_scoped(self, period_pk):
        visible = self.scoped(Campaign).values("pk")
        self.period = get_object_or_404(
            Period.objects.select_related("campaign__issuing_unit", "campaign__doc_type").filter(campaign__in=visible),
            pk=period_pk,
        )
        self.unit = self.period.campaign.issuing_unit

    def may_draft(self) -> bool:
        user = self.request.user
        return Unit.objects.restrict(user).filter(pk=self.unit.pk).exists() and user.can("summary.edit", self.unit)

    def get(self, request, period_pk):
        summaries = self.scoped(SUMMARIES).filter(period=self.period).order_by("-created")
        context = {
            "period": self.period,
            "campaign": self.period.campaign,
            "unit": self.unit,
            "summaries": summaries,
            "may_draft": self.may_draft(),
            "crumbs": breadcrumbs(request.user, self.unit),
        }
        return render(request, "summaries/period.html", context)

    def post(self, request, period_pk):
        if not Unit.objects.restrict(request.user).filter(pk=self.unit.pk).exists():
            raise Http404
        if not request.user.can("summary.edit", self.unit):
            raise PermissionDenied
        try:
            summary = services.summary_draft(period=self.period, unit=self.unit, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("summary_period", period_pk=period_pk)
        messages.success(request, _("The draft report was written from the figures and the units' reports."))
        return redirect("summaryreport_detail", pk=summary.pk)


class SummaryMixin(ScopedViewMixin):
    draft_only = False

    def load_scoped(self, pk):
        lookups = {"status": SummaryStatus.DRAFT} if self.draft_only else {}
        self.summary = self.get_scoped_object(SUMMARIES, pk, **lookups)
        return self.summary.unit


class SummaryDetailView(SummaryMixin, View):
    def get(self, request, pk):
        user, unit = request.user, self.summary.unit
        is_draft = self.summary.status == SummaryStatus.DRAFT
        context = {
            "summary": self.summary,
            "issued": issuing.issued_for(self.summary).order_by("-pk").first(),
            "may_edit": is_draft and user.can("summary.edit", unit),
            "may_issue": is_draft and user.can("document.issue", unit),
            "may_revise": not is_draft and user.can("summary.edit", unit),
            "draft_version": None
            if is_draft
            else self.summary.later_versions.filter(status=SummaryStatus.DRAFT).order_by("pk").first(),
            "crumbs": breadcrumbs(user, unit),
        }
        return render(request, "summaries/summary_detail.html", context)


@method_decorator(xframe_options_sameorigin, name="dispatch")
class SummaryPreviewView(SummaryMixin, View):
    """The report as it prints (the HTML the PDF is made from; an issued one as frozen at issue), framed by the
    report's own page."""

    def get(self, request, pk):
        issued = issuing.issued_for(self.summary).order_by("-pk").first()
        html = issued.html if issued is not None else render_summary_html(summary=self.summary)
        return preview_response(html)


class SummaryEditView(SummaryMixin, ServiceFormView):
    action = "summary.edit"
    draft_only = True
    template_name = "summaries/summary_edit.html"

    def get_form(self, data=None):
        return SummaryForm(data, instance=self.summary, initial={"version": self.summary.version})

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in services.EDIT_FIELDS}
        services.summary_update(
            summary=self.summary, user=self.request.user, expected_version=form.cleaned_data["version"], **fields
        )
        return _("The report was saved."), reverse("summaryreport_detail", kwargs={"pk": self.summary.pk})

    def get_context(self):
        return {"summary": self.summary, "crumbs": breadcrumbs(self.request.user, self.summary.unit)}


class SummaryPdfView(SummaryMixin, View):
    """POST: print the report (Nghị định 30) in the background: an issued one from its frozen, signed version."""

    def post(self, request, pk):
        job = document_job_print(subject=self.summary, kind="summary", user=request.user)
        return redirect("document_job", job_id=job.pk)


class SummaryDocxView(SummaryMixin, View):
    """The report as a Word file, for officials who finish the text in Word; the figures' table is its appendix."""

    def get(self, request, pk):

        summary = self.summary
        name = reference_filename(summary.reference, ".docx") if summary.number else f"bao-cao-du-thao-{pk}.docx"
        response = HttpResponse(
            summary_docx(summary=summary),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SummaryReviseView(SummaryMixin, View):
    """POST: a new draft version of an issued report (the issued one never changes)."""

    action = "summary.edit"

    def post(self, request, pk):
        try:
            draft = services.summary_revise(summary=self.summary, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("summaryreport_detail", pk=pk)
        messages.success(request, _("This is the new draft version; the issued document stays as it was."))
        return redirect("summaryreport_detail", pk=draft.pk)


class SummaryIssueView(SummaryMixin, IssueView):
    draft_only = True

    def load_scoped(self, pk):
        unit = super().load_scoped(pk)
        self.subject = self.summary
        return unit

    def issue(self, **kwargs):
        return services.summary_issue(summary=self.summary, **kwargs)

    def subject_url(self):
        return reverse("summaryreport_detail", kwargs={"pk": self.summary.pk})

    def subject_label(self):
        return f"BÁO CÁO: {plain(self.summary.title)}"
