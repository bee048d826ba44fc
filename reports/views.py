"""Report pages: the periods of a campaign, a unit's report for a period (entry, review, read-only), and the lists.
Thin: scope through ScopedViewMixin, reads through reports.selectors, every change through reports.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from campaigns.models import Campaign, Participation
from reports import rollup, services
from reports.evidence import evidence_can_edit
from reports.forms import PeriodForm, ReopenForm, ReportForm, ReviewForm, bootstrap, main_field_name
from reports.models import Period, ReportStatus
from reports.selectors import (
    NARRATIVE_LABELS,
    may_add_periods,
    may_edit,
    may_review,
    my_reports_page,
    period_overview,
    period_shown,
    period_units_page,
    report_page,
    reports_to_review,
    reviews_anyone,
)
from units.models import Unit
from units.paging import page_of, search_text
from units.scope import ScopedViewMixin, add_service_errors
from units.versioning import VersionConflict
from units.views import breadcrumbs

ERR_NOTHING_SAVED = gettext_noop("Nothing was saved: correct the marked entries.")
ERR_NOTHING_DONE = gettext_noop("Nothing was done: correct the marked entries.")
ERR_SAVED_NOT_SENT = gettext_noop("Your entries were saved, but the report was not sent for review:")
ERR_UNKNOWN_ACTION = gettext_noop("The page sent an action this page does not know. Reload it and try again.")
ERR_UNKNOWN_PERIOD = gettext_noop("The page asked for a period this campaign does not have; the current one is shown.")


def _int(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() else None


class ReportListView(ScopedViewMixin, View):
    """/reports/: an officer's own reports (what is due, what came back and why); a reviewer's queue, oldest
    first."""

    def get(self, request):
        user = request.user
        enters = user.is_superuser or bool(user.units_for("report.edit"))
        reviews = reviews_anyone(user)
        search = search_text(request.GET.get("q", ""))
        return render(
            request,
            "reports/report_list.html",
            {
                "mine": my_reports_page(
                    user=user,
                    text=request.GET.get("mq", ""),
                    status=request.GET.get("mstatus", ""),
                    page=request.GET.get("mpage", 1),
                )
                if enters
                else None,
                "enters": enters and not user.is_superuser,
                "reviews": reviews,
                "to_review": page_of(reports_to_review(user=user, text=search), request.GET.get("page", 1))
                if reviews
                else None,
                "search": search,
            },
        )


class PeriodListView(ScopedViewMixin, View):
    """/reports/campaign/<pk>/periods/: the campaign's periods and, per unit the user may see, the report status.
    A reviewer or administrator at the issuing unit adds periods; a reviewer above a unit reopens its period."""

    def load_scoped(self, pk):
        self.campaign = self.get_scoped_object(Campaign.objects.select_related("issuing_unit", "doc_type"), pk)
        self.can_add = may_add_periods(self.request.user, self.campaign)

    def get(self, request, pk):
        return self._render(PeriodForm())

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "add":
            return self._add()
        if action == "reopen":
            return self._reopen()
        return self._render(PeriodForm(), problems=[_(ERR_UNKNOWN_ACTION)], status=400)

    def _add(self):
        if not self.can_add:
            raise PermissionDenied
        form = PeriodForm(self.request.POST)
        if form.is_valid():
            try:
                period = services.period_add(campaign=self.campaign, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(self.request, _("Added the reporting period %(period)s.") % {"period": period.label})
                return redirect("report_periods", pk=self.campaign.pk)
        return self._render(form, status=400)

    def _reopen(self):
        period = get_object_or_404(Period, campaign=self.campaign, pk=_int(self.request.POST.get("period")))
        unit = self.get_scoped_object(Unit, _int(self.request.POST.get("unit")))
        if not Participation.objects.filter(campaign=self.campaign, unit=unit).exists():
            raise Http404
        if not may_review(self.request.user, unit):
            raise PermissionDenied
        form = ReopenForm(self.request.POST)
        if form.is_valid():
            try:
                services.period_reopen(
                    period=period,
                    unit=unit,
                    user=self.request.user,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    self.request,
                    _("Reopened %(period)s for %(unit)s until %(date)s.")
                    % {
                        "period": period.label,
                        "unit": unit.name,
                        "date": form.cleaned_data["until"].strftime("%d/%m/%Y"),
                    },
                )
                return redirect("report_periods", pk=self.campaign.pk)
        return self._render(PeriodForm(), reopen=(period.pk, unit.pk, bootstrap(form), unit), status=400)

    def _rollup_unit(self):
        return rollup.rollup_unit_for(user=self.request.user, campaign=self.campaign)

    def _render(self, form, reopen=None, problems=(), status=200):
        """The periods with their counts, and one period's units, 50 a page; after a failed reopen, that period and
        that unit with its form."""
        blocks = period_overview(campaign=self.campaign, user=self.request.user)
        query = self.request.GET
        asked = reopen[0] if reopen is not None else query.get("period")
        period, unknown = period_shown([b.period for b in blocks], asked)
        units = None
        if period is not None:
            units = period_units_page(
                campaign=self.campaign,
                user=self.request.user,
                period=period,
                text=query.get("q", ""),
                status=query.get("status", ""),
                page=query.get("page", 1),
                unit=reopen[3] if reopen is not None else None,
            )
            for row in units.rows:
                row.reopen_form = reopen[2] if reopen is not None and row.unit.pk == reopen[1] else None
            if unknown:
                units.problem = _(ERR_UNKNOWN_PERIOD)
        return render(
            self.request,
            "reports/period_list.html",
            {
                "campaign": self.campaign,
                "blocks": blocks,
                "units": units,
                "rollup_unit": self._rollup_unit(),
                "form": bootstrap(form),
                "can_add": self.can_add,
                "problems": problems,
                "crumbs": breadcrumbs(self.request.user, self.campaign.issuing_unit),
            },
            status=status,
        )


class ReportView(ScopedViewMixin, View):
    """/reports/period/<period_pk>/unit/<unit_pk>/: the unit's report for the period. Its own people enter it while
    it is a draft or returned and the period is open; a reviewer above the unit returns or approves it once sent;
    everyone else in scope reads it. A POST is handed to the class of REPORT_ACTIONS its button names (save, submit,
    return, approve), below; this view looks the report up and renders the page."""

    def load_scoped(self, period_pk, unit_pk):
        visible = self.scoped(Campaign).values("pk")
        self.period = get_object_or_404(
            Period.objects.select_related("campaign__issuing_unit", "campaign__doc_type").filter(campaign__in=visible),
            pk=period_pk,
        )
        self.unit = self.get_scoped_object(Unit, unit_pk)
        if not Participation.objects.filter(campaign=self.period.campaign, unit=self.unit).exists():
            raise Http404

    def get(self, request, period_pk, unit_pk):
        return self.render_page(report_page(period=self.period, unit=self.unit))

    def post(self, request, period_pk, unit_pk):
        page = report_page(period=self.period, unit=self.unit)
        action = REPORT_ACTIONS.get(request.POST.get("action"))
        if action is None:
            return self.render_page(page, problems=[_(ERR_UNKNOWN_ACTION)], status=400)
        return action(self, page).post()

    # ------------------------------------------------------------ the page

    def render_page(self, page, entry_form=None, review_form=None, problems=(), status=200):
        user, report = self.request.user, page.report
        editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        if entry_form is not None:
            mode = "edit"  # what was typed is shown again, whatever happened to the report meanwhile
        elif review_form is not None:
            mode = "review"
        elif report.status == ReportStatus.SUBMITTED and may_review(user, self.unit):
            mode = "review"
        elif editable and page.is_open and may_edit(user, self.unit):
            mode = "edit"
        else:
            mode = "read"
        if mode == "edit":
            entry_form = bootstrap(entry_form or ReportForm(rows=page.rows, report=report))
        if mode == "review":
            review_form = bootstrap(review_form or ReviewForm(rows=page.rows, report=report))
        form = entry_form or review_form
        for row in page.rows:
            main = main_field_name(row.figure)
            pk = row.figure.pk
            row.main = entry_form[main] if entry_form is not None and main else None
            row.note_field = entry_form[f"note_{pk}"] if entry_form is not None else None
            previous = f"previous_{pk}"
            row.previous_field = (
                entry_form[previous] if entry_form is not None and previous in entry_form.fields else None
            )
            row.missing_field = entry_form[f"missing_{pk}"] if entry_form is not None else None
            row.return_field = review_form[f"return_{pk}"] if review_form is not None else None
            verdict = f"verdict_{pk}"
            row.verdict_field = (
                review_form[verdict] if review_form is not None and verdict in review_form.fields else None
            )
            fields = [
                f
                for f in (
                    row.main,
                    row.previous_field,
                    row.note_field,
                    row.missing_field,
                    row.return_field,
                    row.verdict_field,
                )
                if f
            ]
            row.has_error = row.missing or any(f.errors for f in fields)
        closed_message = ""
        if editable and not page.is_open:
            closed_message = _(services.ERR_CLOSED) % {
                "period": self.period.label,
                "date": page.open_until.strftime("%d/%m/%Y"),
                "unit": self.unit.name,
            }
        evidence = bool(report.pk)
        hidden_errors = list(form.errors.get("version", [])) if form is not None else []  # a tampered page
        return render(
            self.request,
            "reports/report_detail.html",
            {
                "campaign": self.period.campaign,
                "period": self.period,
                "unit": self.unit,
                "page": page,
                "report": report,
                "mode": mode,
                "form": form,
                "entry_form": entry_form,
                "review_form": review_form,
                "problems": [*problems, *(form.non_field_errors() if form is not None else []), *hidden_errors],
                "closed_message": closed_message,
                "narrative": [(label, getattr(report, name)) for name, label in NARRATIVE_LABELS.items()],
                "crumbs": breadcrumbs(user, self.unit),
                "evidence": evidence,
                "evidence_can_edit": evidence and evidence_can_edit(report=report, user=user),
                "evidence_figures": [row.figure for row in page.rows],
            },
            status=status,
        )


# ------------------------------------------------------------ the four actions of the report page


class ReportAction:
    """What one button of the report page does with the POST (its name="action" picks the class in
    REPORT_ACTIONS): check who may, build its form, call its service, answer. The page is ReportView's."""

    def __init__(self, view: ReportView, page):
        self.view, self.page = view, page
        self.request, self.period, self.unit = view.request, view.period, view.unit

    def post(self):
        raise NotImplementedError

    def done(self, message: str):
        messages.success(self.request, message % {"unit": self.unit.name})
        return redirect("report_detail", period_pk=self.period.pk, unit_pk=self.unit.pk)

    @staticmethod
    def place(form, error: ValidationError, default: str = ERR_NOTHING_SAVED) -> list[str]:
        """Put a service's errors on the fields they name; return the rest for the top of the page."""
        if not hasattr(error, "error_dict"):
            return error.messages
        rest = []
        for key, texts in error.message_dict.items():
            if not form.add_service_error(key, texts):
                rest += texts
        return rest or [_(default)]


class SaveReport(ReportAction):
    """action=save: the unit's people save what they typed, as the draft."""

    def post(self):
        user, page = self.request.user, self.page
        if not may_edit(user, self.unit):
            raise PermissionDenied
        form = ReportForm(self.request.POST, rows=page.rows, report=page.report)
        if not form.is_valid():
            return self.view.render_page(page, entry_form=form, problems=[_(ERR_NOTHING_SAVED)], status=400)
        report = page.report if page.report.pk else services.report_for(period=self.period, unit=self.unit)
        try:
            saved = services.report_save(
                report=report,
                user=user,
                expected_version=form.cleaned_data["version"],
                values=form.value_inputs(),
                narrative=form.narrative(),
            )
        except VersionConflict as error:
            return self.view.render_page(page, entry_form=form, problems=error.messages, status=409)
        except ValidationError as error:
            return self.view.render_page(page, entry_form=form, problems=self.place(form, error), status=400)
        return self.saved(saved)

    def saved(self, report):
        return self.done(_("Saved the report of %(unit)s."))


class SubmitReport(SaveReport):
    """action=submit: save, then send for review. When sending is refused, what was typed stays saved and the page
    shows it again, at the new version, with the missing figures marked."""

    def saved(self, report):
        try:
            services.report_submit(report=report, user=self.request.user, expected_version=report.version)
        except ValidationError as error:
            missing = {f.pk for f in services.report_missing(report)}
            page = report_page(period=self.period, unit=self.unit)
            data = self.request.POST.copy()
            data["version"] = str(report.version)
            form = ReportForm(data, rows=page.rows, report=page.report)
            form.is_valid()
            for row in page.rows:
                row.missing = row.figure.pk in missing
            # Each gap's message goes on its cell (the value, or the previous year's); the summary on top.
            problems = [_(ERR_SAVED_NOT_SENT), *self.place(form, error)]
            return self.view.render_page(page, entry_form=form, problems=problems, status=400)
        return self.done(_("Sent the report of %(unit)s for review."))


class ReviewAction(ReportAction):
    """A reviewer above the unit acts on the sent report: the form, the checks and the answers both actions share."""

    approving = False

    def post(self):
        user, page = self.request.user, self.page
        if not may_review(user, self.unit):
            raise PermissionDenied
        form = ReviewForm(self.request.POST, rows=page.rows, report=page.report, approving=self.approving)
        if not form.is_valid():
            return self.view.render_page(page, review_form=form, problems=[_(ERR_NOTHING_DONE)], status=400)
        if not page.report.pk:
            status = ReportStatus.DRAFT.label.lower()
            return self.view.render_page(
                page, problems=[_(services.ERR_NOT_SUBMITTED) % {"status": status}], status=400
            )
        try:
            message = self.perform(form)
        except VersionConflict as error:
            return self.view.render_page(page, review_form=form, problems=error.messages, status=409)
        except ValidationError as error:
            problems = self.place(form, error, ERR_NOTHING_DONE)
            return self.view.render_page(page, review_form=form, problems=problems, status=400)
        return self.done(message)

    def perform(self, form) -> str:
        raise NotImplementedError


class ReturnReport(ReviewAction):
    """action=return: back to the unit, with an overall reason and a reason per figure."""

    def perform(self, form) -> str:
        services.report_return(
            report=self.page.report,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            figure_reasons=form.figure_reasons(),
        )
        return _("Returned the report of %(unit)s.")


class ApproveReport(ReviewAction):
    """action=approve: approved, with a verdict for each qualitative figure."""

    approving = True

    def perform(self, form) -> str:
        services.report_approve(
            report=self.page.report,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            verdicts=form.verdicts(),
        )
        return _("Approved the report of %(unit)s.")


REPORT_ACTIONS: dict[str, type[ReportAction]] = {
    "save": SaveReport,
    "submit": SubmitReport,
    "return": ReturnReport,
    "approve": ApproveReport,
}
