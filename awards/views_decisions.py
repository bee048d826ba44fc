"""Pages of the award decisions: the list, drafting one from a council session, the decision with its preview,
editing, removing a recipient, printing, issuing, and the certificates of an issued one; and nominating a cluster's
accepted leading units for Cờ thi đua tỉnh. Thin: rules in awards.services, awards.printing and documents.issuing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from awards import services
from awards.models import Decision, DecisionEntry, DecisionStatus
from awards.printing import render_decision_html
from campaigns.text import plain
from documents import issuing
from documents.preview import preview_response
from documents.services import document_job_create, document_job_for, document_job_print
from documents.views_issue import IssueView
from nominations.models import CouncilSession
from scoring.models import ScoreSheet
from units import vn
from units.dates import PlausibleDate
from units.scope import ScopedViewMixin, ServiceFormView
from units.views import breadcrumbs

DECISIONS = Decision.objects.select_related("unit", "session")


class DecisionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Decision
        fields = services.EDIT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["legal_bases"].widget.attrs["rows"] = 6
        self.fields["extra_articles"].widget.attrs["rows"] = 4
        self.fields["recipients"].widget.attrs["rows"] = 4
        self.fields["proposal_date"].widget = forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}
        )
        self.fields["proposal_date"].validators.append(PlausibleDate(self.fields["proposal_date"].label))


class DecisionListView(ScopedViewMixin, View):
    """/awards/decisions/: the decisions of the units the user acts for."""

    def get(self, request):
        decisions = self.scoped(DECISIONS).order_by("-year", "unit__path", "-created")
        drafts_only = request.GET.get("status") == DecisionStatus.DRAFT  # the home page's "to sign or issue"
        if drafts_only:
            decisions = decisions.filter(status=DecisionStatus.DRAFT)
        return render(request, "awards/decision_list.html", {"decisions": decisions[:200], "drafts_only": drafts_only})


class SessionDecisionDraftView(ScopedViewMixin, View):
    """POST: a draft decision from a closed council session's passed ballots."""

    action = "decision.edit"

    def load_scoped(self, session_pk):
        self.session = self.get_scoped_object(CouncilSession.objects.select_related("unit"), session_pk)
        return self.session.unit

    def post(self, request, session_pk):
        try:
            decision = services.decision_draft(session=self.session, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("session_detail", pk=session_pk)
        messages.success(request, _("The draft decision was written from the council's ballots."))
        for line in decision.left_out:
            messages.warning(request, _("Left out: %(line)s") % {"line": line})
        return redirect("decision_detail", pk=decision.pk)


class DecisionMixin(ScopedViewMixin):
    draft_only = False

    def load_scoped(self, pk, **kwargs):
        lookups = {"status": DecisionStatus.DRAFT} if self.draft_only else {}
        self.decision = self.get_scoped_object(DECISIONS, pk, **lookups)
        return self.decision.unit


class DecisionDetailView(DecisionMixin, View):
    def get(self, request, pk):
        user, decision = request.user, self.decision
        draft = decision.status == DecisionStatus.DRAFT
        entries = list(decision.entries.select_related("award_type", "nomination__ballot"))
        notes = services.entry_notes(decision, entries)
        for entry in entries:
            entry.amount_text, entry.note = vn.number(entry.amount), notes.get(entry.pk, "")
        context = {
            "decision": decision,
            "entries": entries,
            "total": vn.number(sum(e.amount for e in entries)),
            "origins": services.cluster_origins(decision),
            "issued": issuing.issued_for(decision).order_by("-pk").first(),
            "may_edit": draft and user.can("decision.edit", decision.unit),
            "may_issue": draft and user.can("document.issue", decision.unit),
            "may_certify": not draft and user.can("decision.certify", decision.unit),
            "crumbs": breadcrumbs(user, decision.unit),
        }
        return render(request, "awards/decision_detail.html", context)


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DecisionPreviewView(DecisionMixin, View):
    """The decision as it prints (an issued one as frozen at issue), framed by the decision's page."""

    def get(self, request, pk):
        issued = issuing.issued_for(self.decision).order_by("-pk").first()
        html = issued.html if issued is not None else render_decision_html(decision=self.decision)
        return preview_response(html)


class DecisionEditView(DecisionMixin, ServiceFormView):
    action = "decision.edit"
    draft_only = True
    template_name = "awards/decision_edit.html"

    def get_form(self, data=None):
        return DecisionForm(data, instance=self.decision, initial={"version": self.decision.version})

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in services.EDIT_FIELDS}
        services.decision_update(
            decision=self.decision, user=self.request.user, expected_version=form.cleaned_data["version"], **fields
        )
        return _("The decision was saved."), reverse("decision_detail", kwargs={"pk": self.decision.pk})

    def get_context(self):
        return {"decision": self.decision, "crumbs": breadcrumbs(self.request.user, self.decision.unit)}


class DecisionEntryRemoveView(DecisionMixin, View):
    """POST: take a recipient out of a draft (the form sends the decision's version)."""

    action = "decision.edit"
    draft_only = True

    def post(self, request, pk, entry_pk):
        entry = get_object_or_404(DecisionEntry, pk=entry_pk, decision=self.decision)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.decision_entry_remove(entry=entry, user=request.user, expected_version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s was taken out of the decision.") % {"name": entry.name})
        return redirect("decision_detail", pk=pk)


class DecisionPdfView(DecisionMixin, View):
    """POST: print the decision (Nghị định 30) in the background: an issued one from its frozen, signed version."""

    def post(self, request, pk):
        job = document_job_print(subject=self.decision, kind="decision", user=request.user)
        return redirect("document_job", job_id=job.pk)


class DecisionCertificatesView(DecisionMixin, View):
    """POST: every recipient's certificate in one PDF, rendered by a worker; the job page shows the progress. Only
    for an issued decision: a certificate cites its number and date."""

    action = "decision.certify"

    def post(self, request, pk):
        if self.decision.status != DecisionStatus.ISSUED:
            messages.error(request, _(services.ERR_CERTIFICATES_DRAFT))
            return redirect("decision_detail", pk=pk)
        if request.POST.get("again"):
            job = document_job_create(subject=self.decision, kind="certificates", user=request.user)
        else:
            job = document_job_for(subject=self.decision, kind="certificates", user=request.user)
        return redirect("document_job", job_id=job.pk)


class DecisionIssueView(DecisionMixin, IssueView):
    draft_only = True

    def load_scoped(self, pk, **kwargs):
        unit = super().load_scoped(pk)
        self.subject = self.decision
        return unit

    def issue(self, **kwargs):
        return services.decision_issue(decision=self.decision, **kwargs)

    def subject_url(self):
        return reverse("decision_detail", kwargs={"pk": self.decision.pk})

    def subject_label(self):
        return f"QUYẾT ĐỊNH: {plain(self.decision.title)}"


class ClusterNominateView(ScopedViewMixin, View):
    """POST: the cluster's leading units the council accepted, nominated for Cờ thi đua tỉnh by the organiser."""

    def load_scoped(self, sheet_pk):
        self.sheet = self.get_scoped_object(ScoreSheet.objects.select_related("cluster__organiser"), sheet_pk)
        if self.sheet.cluster_id is None:  # a sheet without a cluster proposes no Cờ thi đua of a cluster
            raise Http404
        if not self.request.user.can("decision.from_ranking", self.sheet.cluster.organiser):
            raise PermissionDenied

    def post(self, request, sheet_pk):
        try:
            created, existing = services.cluster_nominations_create(sheet=self.sheet, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            names = ", ".join(str(n.collective) for n in created) or "—"
            messages.success(request, _("Nominated for Cờ thi đua tỉnh: %(names)s.") % {"names": names})
            if existing:
                messages.info(
                    request,
                    _("Already nominated: %(names)s.") % {"names": ", ".join(str(n.collective) for n in existing)},
                )
        return redirect("scoring_sheet", pk=sheet_pk)
