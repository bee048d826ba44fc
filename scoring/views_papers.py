"""Pages of the printed papers of a scoring sheet: the sheet's papers (and drafting one), each paper with its
preview, its edit form, printing and issuing. Thin: rules in scoring.papers and documents.issuing; every paper is
looked up through its scope (404 outside it), the role checked at its issuing unit (403 without it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from campaigns.text import plain
from documents import issuing
from documents.papers import PaperStatus
from documents.preview import preview_response
from documents.services import document_job_print
from documents.views_issue import IssueView
from scoring import papers
from scoring.forms_papers import MinutesForm, SelfReportForm
from scoring.models import ScoreSheet, ScoringMinutes, SelfScoringReport, StageStatus
from scoring.printing import minutes_issuer, render_minutes_html, render_self_report_html
from scoring.selectors import sheet_stages
from scoring.views import SheetMixin, _crumbs
from units.models import Unit
from units.scope import ScopedViewMixin, ServiceFormView

# Who edits a draft, at its issuing unit (issuing itself is document.issue: the clerk or an administrator).
REPORT_ACTION = "scoring.self"  # the member's officer, leader or administrator, as for its self-score
MINUTES_ACTION = "scoring.leader_propose"  # the leader unit's officer, leader or administrator


class SheetPapersView(SheetMixin, View):
    """/scoring/sheets/<pk>/papers/: the sheet's papers the user may see, and the drafts they may start."""

    def get(self, request, pk):
        sheet, user = self.sheet, request.user
        reports = SelfScoringReport.objects.restrict(user).filter(sheet=sheet).select_related("unit")
        minutes = ScoringMinutes.objects.restrict(user).filter(sheet=sheet).select_related("unit")
        issuer = minutes_issuer(sheet)
        drafting = [
            unit for unit in self.access.member_units() if user.acts_for(unit) and user.can(REPORT_ACTION, unit)
        ]
        return render(
            request,
            "scoring/papers.html",
            self.base_context(
                tab="papers",
                stages=sheet_stages(sheet),
                reports=reports.order_by("unit__code", "-created"),
                minutes=minutes.order_by("-created"),
                report_units=drafting,
                minutes_issuer=issuer,
                may_draft_minutes=user.acts_for(issuer) and user.can(MINUTES_ACTION, issuer),
            ),
        )


class SelfReportDraftView(SheetMixin, View):
    """POST: a member's draft self-scoring report (its draft when it has one)."""

    def load_more(self, unit_pk):
        self.unit = next((u for u in self.access.member_units() if u.pk == unit_pk), None)
        if self.unit is None or not Unit.objects.restrict(self.request.user).filter(pk=unit_pk).exists():
            raise Http404

    def allowed(self):
        return self.request.user.can(REPORT_ACTION, self.unit)

    def post(self, request, pk, unit_pk):
        try:
            report = papers.self_report_draft(sheet=self.sheet, unit=self.unit, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("scoring_papers", pk=pk)
        return redirect("selfscoringreport_detail", pk=report.pk)


class MinutesDraftView(SheetMixin, View):
    """POST: the cluster's draft minutes, issued by the leader's unit (its draft when it has one)."""

    def allowed(self):
        issuer = minutes_issuer(self.sheet)
        return self.request.user.acts_for(issuer) and self.request.user.can(MINUTES_ACTION, issuer)

    def post(self, request, pk):
        try:
            minutes = papers.minutes_draft(sheet=self.sheet, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("scoring_papers", pk=pk)
        return redirect("scoringminutes_detail", pk=minutes.pk)


# ------------------------------------------------------------------ one paper


class PaperMixin(ScopedViewMixin):
    """Looks the paper up in scope; ``draft_only`` views 404 on an issued one."""

    model = SelfScoringReport
    draft_only = False

    def load_scoped(self, pk):
        queryset = self.model.objects.select_related("unit", "sheet__organiser", "sheet__campaign")
        lookups = {"status": PaperStatus.DRAFT} if self.draft_only else {}
        self.paper = self.get_scoped_object(queryset, pk, **lookups)
        return self.paper.unit

    @property
    def prefix(self) -> str:
        return "scoring_report" if self.model is SelfScoringReport else "scoring_minutes"

    @property
    def edit_action(self) -> str:
        return REPORT_ACTION if self.model is SelfScoringReport else MINUTES_ACTION

    def detail_url(self) -> str:
        return reverse(f"{self.model._meta.model_name}_detail", kwargs={"pk": self.paper.pk})

    def render_html(self) -> str:
        if self.model is SelfScoringReport:
            return render_self_report_html(report=self.paper)
        return render_minutes_html(minutes=self.paper)


class PaperDetailView(PaperMixin, View):
    def get(self, request, pk):
        user, unit, paper = request.user, self.paper.unit, self.paper
        is_draft = paper.status == PaperStatus.DRAFT
        context = {
            "paper": paper,
            "type_line": paper.DOC_TYPE.upper(),
            "prefix": self.prefix,
            "sheet": paper.sheet,
            "issued": issuing.issued_for(paper).order_by("-pk").first(),
            "may_edit": is_draft and user.can(self.edit_action, unit),
            "may_issue": is_draft and user.can("document.issue", unit),
            "may_see_sheet": ScoreSheet.objects.restrict(user).filter(pk=paper.sheet_id).exists(),
            "crumbs": _crumbs(user, paper.sheet.organiser),
        }
        return render(request, "scoring/paper_detail.html", context)


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PaperPreviewView(PaperMixin, View):
    """The paper as it prints (an issued one as frozen at issue), framed by the paper's own page."""

    def get(self, request, pk):
        issued = issuing.issued_for(self.paper).order_by("-pk").first()
        return preview_response(issued.html if issued is not None else self.render_html())


class PaperEditView(PaperMixin, ServiceFormView):
    draft_only = True
    template_name = "scoring/paper_edit.html"

    def check_action(self, unit, action=None):
        super().check_action(unit, self.edit_action)

    def get_form(self, data=None):
        form_class = SelfReportForm if self.model is SelfScoringReport else MinutesForm
        return form_class(data, instance=self.paper, initial={"version": self.paper.version})

    def perform(self, form):
        if self.model is SelfScoringReport:
            fields = {name: form.cleaned_data[name] for name in papers.REPORT_FIELDS}
            papers.self_report_update(
                report=self.paper, user=self.request.user, expected_version=form.cleaned_data["version"], **fields
            )
        else:
            fields = {name: form.cleaned_data[name] for name in papers.MINUTES_FIELDS}
            papers.minutes_update(
                minutes=self.paper, user=self.request.user, expected_version=form.cleaned_data["version"], **fields
            )
        return _("The paper was saved."), self.detail_url()

    def get_context(self):
        return {
            "paper": self.paper,
            "type_line": self.paper.DOC_TYPE.upper(),
            "detail_url": self.detail_url(),
            "closed_stages": self.model is ScoringMinutes
            and [s.get_kind_display() for s in self.paper.sheet.stages.filter(status=StageStatus.CLOSED)],
            "crumbs": _crumbs(self.request.user, self.paper.sheet.organiser),
        }


class PaperPdfView(PaperMixin, View):
    """POST: print the paper (Nghị định 30) in the background: an issued one from its frozen, signed version."""

    def post(self, request, pk):
        job = document_job_print(subject=self.paper, kind=self.prefix, user=request.user)
        return redirect("document_job", job_id=job.pk)


class PaperIssueView(PaperMixin, IssueView):
    draft_only = True

    def load_scoped(self, pk):
        unit = super().load_scoped(pk)
        self.subject = self.paper
        return unit

    def issue(self, **kwargs):
        if self.model is SelfScoringReport:
            return papers.self_report_issue(report=self.paper, **kwargs)
        return papers.minutes_issue(minutes=self.paper, **kwargs)

    def subject_url(self):
        return self.detail_url()

    def subject_label(self):
        return f"{self.paper.DOC_TYPE.upper()}: {plain(self.paper.title)}"


def paper_views(model) -> dict:
    """The views of one kind of paper, by URL suffix."""
    return {
        suffix: type(f"{model.__name__}{view.__name__}", (view,), {"model": model}).as_view()
        for suffix, view in (
            ("detail", PaperDetailView),
            ("preview", PaperPreviewView),
            ("edit", PaperEditView),
            ("pdf", PaperPdfView),
            ("issue", PaperIssueView),
        )
    }
