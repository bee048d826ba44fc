"""Pages of the nominations and of the emulation council. Thin: every rule is in nominations.services (and
nominations.files for the dossier); objects are looked up through the scope (outside it 404), the roles are checked
at the nominating unit (officers, administrators) or at the session's unit (council, reviewers, administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from documents import issuing
from documents.models import Register
from documents.papers import PaperStatus
from documents.preview import preview_response
from documents.services import document_job_create, document_job_print
from documents.views_issue import IssueView
from nominations import files, papers, selectors, services
from nominations.forms import (
    AchievementsForm,
    BallotForm,
    DossierUploadForm,
    MemberForm,
    NominationFilterForm,
    NominationForm,
    SessionEditForm,
    SessionForm,
    VersionForm,
)
from nominations.models import (
    Ballot,
    CouncilMember,
    CouncilPaper,
    CouncilPaperKind,
    CouncilSession,
    DossierFile,
    Nomination,
    NominationStatus,
    SessionStatus,
)
from nominations.printing import render_ballots_html, render_count_html, render_minutes_html
from units.models import Unit
from units.scope import ScopedViewMixin, ServiceFormView
from units.views import breadcrumbs
from uploads.files import limit_in_mb
from uploads.http import SizeLimitHandler, download_response

MSG_CREATED = gettext_noop("The nomination was created and its eligibility checked.")
MSG_SAVED = gettext_noop("The achievement report was saved.")
MSG_DRAFTED = gettext_noop("The achievement report was drafted again from the record.")
MSG_CHECKED = gettext_noop("Eligibility checked again: %(summary)s")
MSG_SUBMITTED = gettext_noop("The nomination was sent to the council.")
MSG_WITHDRAWN = gettext_noop("The nomination was withdrawn.")
MSG_FILE_ADDED = gettext_noop("File “%(name)s” added to the dossier.")
MSG_FILE_DELETED = gettext_noop("File “%(name)s” removed from the dossier.")
MSG_SESSION_CREATED = gettext_noop("The council session was created: add its members, then record the votes.")
MSG_SESSION_SAVED = gettext_noop("The session was saved.")
MSG_MEMBER_ADDED = gettext_noop("Member “%(name)s” added.")
MSG_MEMBER_SAVED = gettext_noop("Member “%(name)s” saved.")
MSG_MEMBER_REMOVED = gettext_noop("Member “%(name)s” removed.")
MSG_BALLOT = gettext_noop("Votes recorded for “%(nomination)s”: %(result)s.")
MSG_CLOSED = gettext_noop("The session was closed; its ballots are locked.")
MSG_PASSED = gettext_noop("passed")
MSG_FAILED = gettext_noop("not passed")

NOMINATIONS = Nomination.objects.select_related(
    "unit", "award_type", "person__unit", "collective__unit", "campaign", "created_by"
)
SESSIONS = CouncilSession.objects.select_related("unit")


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _summary(nomination) -> str:
    return selectors.explanation_summary(nomination)


class IndexView(ScopedViewMixin, View):
    """/nominations/: where to start: the units the user acts for, with their nominations and councils."""

    def get(self, request):
        units = sorted({m.unit for m in request.user.memberships_list}, key=lambda u: u.path)
        if request.user.is_superuser and not units:
            units = list(Unit.objects.filter(depth=1).order_by("code")[:50])
        rows = [
            {
                "unit": unit,
                "may_nominate": request.user.can("nomination.edit", unit),
                "council": request.user.can("council.act", unit),
            }
            for unit in units
        ]
        recent = self.scoped(NOMINATIONS).order_by("-updated")[:20]
        return render(request, "nominations/index.html", {"rows": rows, "recent": recent})


# ------------------------------------------------------------------ nominations


class UnitMixin(ScopedViewMixin):
    def load_scoped(self, unit_pk, **kwargs):
        self.unit = self.get_scoped_object(Unit, unit_pk)
        return self.unit


class NominationListView(UnitMixin, View):
    """A unit's nominations (its own and those of the units under it) for a year, filtered by award, status and
    eligibility. Anyone whose scope holds the unit."""

    def get(self, request, unit_pk):
        form = NominationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        nominations = selectors.nomination_list(unit=self.unit, **{k: v for k, v in filters.items() if v})
        context = {
            "unit": self.unit,
            "form": form,
            "nominations": nominations[:500],
            "may_nominate": request.user.can("nomination.edit", self.unit),
            "crumbs": breadcrumbs(request.user, self.unit),
        }
        return render(request, "nominations/list.html", context)


class NominationCreateView(UnitMixin, ServiceFormView):
    action = "nomination.edit"
    template_name = "nominations/form.html"

    def get_form(self, data=None):
        return NominationForm(data, unit=self.unit, user=self.request.user)

    def perform(self, form):
        data = form.cleaned_data
        nomination = services.nomination_create(
            unit=self.unit,
            user=self.request.user,
            year=data["year"],
            award_type=data["award_type"],
            person=data.get("person"),
            collective=data.get("collective"),
            campaign=data.get("campaign"),
            award_kind=data.get("award_kind") or None,
        )
        return _(MSG_CREATED), reverse("nomination_detail", kwargs={"pk": nomination.pk})

    def get_context(self):
        return {"unit": self.unit, "crumbs": breadcrumbs(self.request.user, self.unit)}


class NominationMixin(ScopedViewMixin):
    def load_scoped(self, pk, **kwargs):
        self.nomination = self.get_scoped_object(NOMINATIONS, pk)
        return self.nomination.unit


class NominationDetailView(NominationMixin, View):
    """The nomination: the eligibility explained criterion by criterion, the achievement report, the dossier, the
    council's vote. Anyone whose scope holds the nominating unit."""

    def get(self, request, pk):
        nomination = self.nomination
        may_edit = request.user.can("nomination.edit", nomination.unit)
        context = {
            "nomination": nomination,
            "summary": _summary(nomination),
            "checks": nomination.explanation or [],
            "files": nomination.files.select_related("uploaded_by").order_by("kind", "pk"),
            "checklist": files.dossier_checklist(nomination),
            "ballot": Ballot.objects.filter(nomination=nomination).select_related("session").first(),
            "may_edit": may_edit and nomination.status == NominationStatus.DRAFT,
            "may_check": may_edit and nomination.status in (NominationStatus.DRAFT, NominationStatus.SUBMITTED),
            "may_withdraw": may_edit and nomination.status in (NominationStatus.DRAFT, NominationStatus.SUBMITTED),
            "upload_form": DossierUploadForm(),
            "max_mb": limit_in_mb(),
            "crumbs": breadcrumbs(request.user, nomination.unit),
        }
        return render(request, "nominations/detail.html", context)


class NominationEditView(NominationMixin, ServiceFormView):
    action = "nomination.edit"
    template_name = "nominations/edit.html"

    def get_form(self, data=None):
        initial = {"version": self.nomination.version, "achievements": self.nomination.achievements}
        return AchievementsForm(data, initial=initial)

    def perform(self, form):
        services.nomination_update(
            nomination=self.nomination,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            achievements=form.cleaned_data["achievements"],
        )
        return _(MSG_SAVED), reverse("nomination_detail", kwargs={"pk": self.nomination.pk})

    def get_context(self):
        return {"nomination": self.nomination, "crumbs": breadcrumbs(self.request.user, self.nomination.unit)}


class NominationActionView(NominationMixin, View):
    """A POST that calls one service with the version the page was built from, then goes back to the page."""

    http_method_names = ["post"]
    action = "nomination.edit"

    def act(self, version: int | None) -> str:
        raise NotImplementedError

    def post(self, request, pk):
        form = VersionForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else None
        try:
            message = self.act(version)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, message)
        return redirect("nomination_detail", pk=pk)


class NominationCheckView(NominationActionView):
    def act(self, version):
        verdict = services.nomination_recheck(nomination=self.nomination, user=self.request.user)
        return _(MSG_CHECKED) % {"summary": verdict.summary()}


class NominationDraftView(NominationActionView):
    def act(self, version):
        services.nomination_draft_achievements(
            nomination=self.nomination, user=self.request.user, expected_version=version or 0
        )
        return _(MSG_DRAFTED)


class NominationSubmitView(NominationActionView):
    def act(self, version):
        services.nomination_submit(nomination=self.nomination, user=self.request.user, expected_version=version or 0)
        return _(MSG_SUBMITTED)


class NominationWithdrawView(NominationActionView):
    def act(self, version):
        services.nomination_withdraw(nomination=self.nomination, user=self.request.user, expected_version=version or 0)
        return _(MSG_WITHDRAWN)


# ------------------------------------------------------------------ the dossier


@method_decorator(csrf_exempt, name="dispatch")  # the CSRF check runs in post(), after the size limit is in place
class DossierUploadView(NominationMixin, View):
    http_method_names = ["post"]
    action = "nomination.edit"

    def post(self, request, pk):
        self.limit = SizeLimitHandler(request)
        request.upload_handlers.insert(0, self.limit)
        return csrf_protect(self.upload)(request)

    def upload(self, request):
        form = DossierUploadForm(request.POST, request.FILES)
        if self.limit.too_large is not None:
            messages.error(request, self.limit.message())
        elif not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            try:
                item = files.dossier_add(
                    nomination=self.nomination,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _(MSG_FILE_ADDED) % {"name": item.name})
        return redirect("nomination_detail", pk=self.nomination.pk)


class DossierFileMixin(ScopedViewMixin):
    def load_scoped(self, pk):
        self.item = self.get_scoped_object(DossierFile.objects.select_related("nomination__unit"), pk)
        return self.item.nomination.unit


class DossierDeleteView(DossierFileMixin, View):
    http_method_names = ["post"]
    action = "nomination.edit"

    def post(self, request, pk):
        nomination_pk, name = self.item.nomination_id, self.item.name
        try:
            files.dossier_delete(item=self.item, user=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _(MSG_FILE_DELETED) % {"name": name})
        return redirect("nomination_detail", pk=nomination_pk)


class DossierDownloadView(DossierFileMixin, View):
    """The file as a download, whatever it is: never rendered by the browser, never sniffed."""

    def get(self, request, pk):
        return download_response(self.item.file, name=self.item.name, content_type=self.item.content_type)


# ------------------------------------------------------------------ the council


class CouncilView(UnitMixin, View):
    """A unit's council: its sessions and the nominations that reached it (sent by the unit and the units under
    it), for a year."""

    action = "council.act"

    def get(self, request, unit_pk):
        year = request.GET.get("year")
        year = int(year) if year and year.isdigit() else None
        context = {
            "unit": self.unit,
            "year": year,
            "sessions": self.unit.council_sessions.order_by("-held_on", "-pk"),
            "incoming": selectors.incoming_list(unit=self.unit, year=year)[:500],
            "crumbs": breadcrumbs(request.user, self.unit),
        }
        return render(request, "nominations/council.html", context)


class SessionCreateView(UnitMixin, ServiceFormView):
    action = "council.act"
    template_name = "nominations/session_form.html"

    def get_form(self, data=None):
        return SessionForm(data, initial={"year": self.request.GET.get("year")})

    def perform(self, form):
        session = services.session_create(unit=self.unit, user=self.request.user, **form.cleaned_data)
        return _(MSG_SESSION_CREATED), reverse("session_detail", kwargs={"pk": session.pk})

    def get_context(self):
        return {"unit": self.unit, "crumbs": breadcrumbs(self.request.user, self.unit)}


class SessionMixin(ScopedViewMixin):
    action = "council.act"

    def load_scoped(self, pk, **kwargs):
        self.session = self.get_scoped_object(SESSIONS, pk)
        return self.session.unit


class SessionDetailView(SessionMixin, View):
    def get(self, request, pk):
        session = self.session
        groups = selectors.session_groups(session)
        for group in groups:
            for nomination in group.nominations:
                nomination.summary_text = _summary(nomination)
        members = list(session.members.all())
        context = {
            "session": session,
            "groups": groups,
            "members": members,
            "present": sum(1 for m in members if m.present),
            "is_open": session.status == SessionStatus.OPEN,
            "may_draft_decision": request.user.can("decision.edit", session.unit),
            "decisions": session.decisions.order_by("-created"),
            "papers": [
                {"paper": paper, "issued": issuing.issued_for(paper).order_by("-pk").first()}
                for paper in session.papers.order_by("kind")
            ],
            "may_issue": request.user.can("document.issue", session.unit),
            "member_form": MemberForm(),
            "crumbs": breadcrumbs(request.user, session.unit),
        }
        return render(request, "nominations/session_detail.html", context)


class SessionEditView(SessionMixin, ServiceFormView):
    template_name = "nominations/session_form.html"

    def get_form(self, data=None):
        s = self.session
        initial = {
            "year": s.year,
            "title": s.title,
            "held_on": s.held_on,
            "place": s.place,
            "opened_at": s.opened_at,
            "closed_at": s.closed_at,
            "notes": s.notes,
        }
        return SessionEditForm(data, initial={**initial, "version": s.version})

    def perform(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.session_update(session=self.session, user=self.request.user, expected_version=version, **data)
        return _(MSG_SESSION_SAVED), reverse("session_detail", kwargs={"pk": self.session.pk})

    def get_context(self):
        return {
            "unit": self.session.unit,
            "session": self.session,
            "crumbs": breadcrumbs(self.request.user, self.session.unit),
        }


class SessionPostView(SessionMixin, View):
    http_method_names = ["post"]

    def act(self, request) -> str:
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        try:
            message = self.act(request, **kwargs)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, message)
        return redirect("session_detail", pk=self.session.pk)


class MemberAddView(SessionPostView):
    def act(self, request):
        form = MemberForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        member = services.member_add(session=self.session, user=request.user, **form.cleaned_data)
        return _(MSG_MEMBER_ADDED) % {"name": member.name}


class MemberMixin(SessionPostView):
    def load_scoped(self, pk, **kwargs):
        sessions = self.scoped(CouncilSession).values("pk")
        self.member = get_object_or_404(
            CouncilMember.objects.select_related("session__unit"), pk=pk, session__in=sessions
        )
        self.session = self.member.session
        return self.session.unit


class MemberUpdateView(MemberMixin):
    def act(self, request):
        form = MemberForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        member = services.member_update(member=self.member, user=request.user, **form.cleaned_data)
        return _(MSG_MEMBER_SAVED) % {"name": member.name}


class MemberDeleteView(MemberMixin):
    def act(self, request):
        name = self.member.name
        services.member_remove(member=self.member, user=request.user)
        return _(MSG_MEMBER_REMOVED) % {"name": name}


class BallotView(SessionPostView):
    def load_scoped(self, pk, nomination_pk):
        unit = super().load_scoped(pk)
        self.nomination = self.get_scoped_object(NOMINATIONS, nomination_pk)
        return unit

    def act(self, request, nomination_pk):
        form = BallotForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        ballot = services.ballot_record(
            session=self.session,
            nomination=self.nomination,
            user=request.user,
            votes_for=form.cleaned_data["votes_for"],
            votes_against=form.cleaned_data["votes_against"] or 0,
            expected_version=form.cleaned_data["version"],
        )
        result = _(MSG_PASSED) if ballot.passed else _(MSG_FAILED)
        return _(MSG_BALLOT) % {"nomination": self.nomination, "result": result}


class SessionCloseView(SessionPostView):
    def act(self, request):
        form = VersionForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else None
        services.session_close(session=self.session, user=request.user, expected_version=version)
        return _(MSG_CLOSED)


PAPER_RENDER = {CouncilPaperKind.MINUTES: render_minutes_html, CouncilPaperKind.COUNT: render_count_html}


class PaperPdfView(SessionMixin, View):
    """POST: print a paper of the session through the document engine, in the background: an issued one from its
    frozen, signed copy; else as it stands (a draft, or the blank ballots)."""

    http_method_names = ["post"]
    kind = ""

    def post(self, request, pk):
        paper = self.session.papers.filter(kind=self.kind, status=PaperStatus.ISSUED).first()
        if paper is not None:
            job = document_job_print(subject=paper, kind=self.kind, user=request.user)
        else:
            job = document_job_create(subject=self.session, kind=self.kind, user=request.user)
        return redirect("document_job", job_id=job.pk)


class MinutesPdfView(PaperPdfView):
    kind = CouncilPaperKind.MINUTES


class CountPdfView(PaperPdfView):
    kind = CouncilPaperKind.COUNT


class BallotsPdfView(PaperPdfView):
    kind = "ballots"


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PaperPreviewView(SessionMixin, View):
    """A paper as it prints (the HTML the PDF is made from; an issued one as frozen at issue)."""

    kind = ""

    def get(self, request, pk):
        paper = self.session.papers.filter(kind=self.kind).first()
        issued = issuing.issued_for(paper).order_by("-pk").first() if paper is not None else None
        if issued is not None:
            return preview_response(issued.html)
        return preview_response(PAPER_RENDER[self.kind](session=self.session, paper=paper))


class MinutesPreviewView(PaperPreviewView):
    kind = CouncilPaperKind.MINUTES


class CountPreviewView(PaperPreviewView):
    kind = CouncilPaperKind.COUNT


@method_decorator(xframe_options_sameorigin, name="dispatch")
class BallotsPreviewView(SessionMixin, View):
    def get(self, request, pk):
        return preview_response(render_ballots_html(session=self.session))


class PaperIssueView(IssueView):
    """The issue page of a closed session's minutes or count minutes (clerks and administrators of its unit)."""

    def load_scoped(self, pk, kind):
        session = self.get_scoped_object(SESSIONS, pk, status=SessionStatus.CLOSED)
        if kind not in CouncilPaperKind.values:
            raise Http404
        self.session = session
        self.subject = get_object_or_404(
            CouncilPaper.objects.select_related("session__unit", "unit"),
            session=session,
            kind=kind,
            status=PaperStatus.DRAFT,
        )
        return session.unit

    def issue(self, **kwargs):
        return papers.council_paper_issue(paper=self.subject, **kwargs)

    def subject_url(self):
        return reverse("session_detail", kwargs={"pk": self.session.pk})

    def subject_label(self):
        return f"{self.subject.get_kind_display()}: {self.subject.title}"

    def get_context(self):
        """The checklist's register is the one of the meeting's year: the paper is dated the day of the meeting."""
        context = super().get_context()
        year = self.session.held_on.year
        register = Register.objects.filter(unit=self.session.unit, year=year).first()
        if register is not None:
            text = _("Register of outgoing documents %(year)s: next number %(number)s") % {
                "year": year,
                "number": f"{register.last_number + 1:02d}",
            }
        else:
            text = _("Register of outgoing documents %(year)s: not opened") % {"year": year}
        context["checklist"][1] = (register is not None, text, True)
        return context


@method_decorator(xframe_options_sameorigin, name="dispatch")
class CouncilPaperView(ScopedViewMixin, View):
    """An issued council paper as it was frozen at issue (a draft as it stands), for anyone whose scope holds its
    unit: the page the register and the document job link to."""

    def load_scoped(self, pk):
        self.paper = self.get_scoped_object(CouncilPaper.objects.select_related("session__unit"), pk)
        return self.paper.unit

    def get(self, request, pk):
        issued = issuing.issued_for(self.paper).order_by("-pk").first()
        if issued is not None:
            return preview_response(issued.html)
        return preview_response(PAPER_RENDER[self.paper.kind](session=self.paper.session, paper=self.paper))


class CouncilPaperListView(ScopedViewMixin, View):
    """/nominations/papers/: the council papers of the units the user acts for, the drafts to issue first; the
    clerk's way to them (the session pages are the council's). ``?status=draft``: the drafts only."""

    def get(self, request):
        papers_ = self.scoped(CouncilPaper.objects.select_related("session", "unit")).order_by(
            "status", "-session__held_on", "session", "kind"
        )
        drafts_only = request.GET.get("status") == PaperStatus.DRAFT
        if drafts_only:
            papers_ = papers_.filter(status=PaperStatus.DRAFT)
        rows = [
            {
                "paper": paper,
                "may_issue": paper.status == PaperStatus.DRAFT and request.user.can("document.issue", paper.unit),
                "may_open_session": request.user.can("council.act", paper.unit),
            }
            for paper in papers_[:200]
        ]
        return render(request, "nominations/papers.html", {"rows": rows, "drafts_only": drafts_only})
