"""What the signed-in user has to do, by role: the home page's task list and the bell's counts.

Each task is an SQL count over the units where the user holds the role that does it, and a link to the list that
shows exactly those rows (the same filter): reports to send and overdue (unit officers, leaders, clerks), reports
returned to them, reports waiting for their review (reviewers), draft documents to sign or issue (leaders, clerks),
open council sessions (council members). The number of queries does not grow with units, periods or reports: at most
one or two per task the user's roles give."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from awards.models import Decision, DecisionStatus
from campaigns.models import Campaign, CampaignStatus
from documents.papers import PaperStatus
from nominations.models import CouncilPaper, CouncilSession, SessionStatus
from reports.models import Period, Report, ReportStatus
from reports.selectors import DUE, OVERDUE, reports_to_review, reviews_anyone
from summaries.models import SummaryReport, SummaryStatus

SENT = (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED)  # no longer the unit's to send


@dataclass(frozen=True)
class Task:
    key: str  # stable, for tests and the page's ids
    label: str
    count: int
    url: str
    urgent: bool = False  # shown in red when there is any


def _my_reports_url(status: str) -> str:
    return f"{reverse('report_list')}?mstatus={status}#my-reports"


def _report_tasks(user, today) -> list[Task]:
    """Due, overdue and returned reports of the units the user enters reports for (the units themselves, as in
    reports.selectors.my_reports): three queries."""
    units = [unit.pk for unit in user.units_for("report.edit")]
    if not units:
        return []
    visible = Campaign.objects.restrict(user).values("pk")
    # One row per (period, taking-part unit): the reports each unit owes.
    owed = (
        Period.objects.filter(campaign__in=visible, campaign__participations__unit_id__in=units)
        .order_by()
        .aggregate(due=Count("pk", filter=Q(due_on__gte=today)), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    reports = Report.objects.filter(
        unit_id__in=units,
        period__campaign__in=visible,
        unit__campaign_participations__campaign=F("period__campaign"),
    ).order_by()
    sent = reports.filter(status__in=SENT).aggregate(
        due=Count("pk", filter=Q(period__due_on__gte=today)), overdue=Count("pk", filter=Q(period__due_on__lt=today))
    )
    returned = reports.filter(status=ReportStatus.RETURNED).count()
    return [
        Task(DUE, _("Reports to send"), owed["due"] - sent["due"], _my_reports_url(DUE)),
        Task(OVERDUE, _("Reports overdue"), owed["overdue"] - sent["overdue"], _my_reports_url(OVERDUE), urgent=True),
        Task("returned", _("Reports returned to me"), returned, _my_reports_url(ReportStatus.RETURNED), urgent=True),
    ]


def _document_tasks(user) -> list[Task]:
    """Drafts waiting to be signed (leaders) or numbered and issued (clerks): one query per kind of document."""
    if not user.is_superuser and not user.scope_paths("document.sign") and not user.scope_paths("document.issue"):
        return []

    def drafts(queryset, status):
        return queryset.restrict(user, "document.sign").filter(status=status) | queryset.restrict(
            user, "document.issue"
        ).filter(status=status)

    return [
        Task(
            "campaigns",
            _("Campaign documents to sign or issue"),
            drafts(Campaign.objects.all(), CampaignStatus.DRAFT).count(),
            f"{reverse('campaign_list')}?status={CampaignStatus.DRAFT}",
        ),
        Task(
            "decisions",
            _("Award decisions to sign or issue"),
            drafts(Decision.objects.all(), DecisionStatus.DRAFT).count(),
            f"{reverse('decision_list')}?status={DecisionStatus.DRAFT}",
        ),
        Task(
            "summaries",
            _("Summary reports to sign or issue"),
            drafts(SummaryReport.objects.all(), SummaryStatus.DRAFT).count(),
            f"{reverse('summary_list')}?status={SummaryStatus.DRAFT}",
        ),
        Task(  # the chair signs the minutes: the unit's leaders have nothing to do with them, its clerks issue them
            "council_papers",
            _("Council minutes to issue"),
            CouncilPaper.objects.restrict(user, "document.issue").filter(status=PaperStatus.DRAFT).count(),
            f"{reverse('council_paper_list')}?status={PaperStatus.DRAFT}",
        ),
    ]


def _council_tasks(user) -> list[Task]:
    """Open sessions of the councils the user sits on: one query."""
    councils = [m.unit for m in user.memberships_list if m.role == Role.COUNCIL]
    if not councils:
        return []
    count = CouncilSession.objects.restrict(user, "council.act").filter(status=SessionStatus.OPEN).count()
    url = reverse("council_home", args=[councils[0].pk]) if len(councils) == 1 else reverse("nomination_index")
    return [Task("sessions", _("Council sessions open for voting"), count, url)]


def user_tasks(user) -> list[Task]:
    """The tasks the user's roles give, each with its count (also those at 0: the page says there is nothing)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    tasks = _report_tasks(user, today)
    if reviews_anyone(user):
        tasks.append(
            Task(
                "review",
                _("Reports awaiting my review"),
                reports_to_review(user=user).count(),
                f"{reverse('report_list')}#to-review",
            )
        )
    tasks += _document_tasks(user)
    tasks += _council_tasks(user)
    return tasks


def tasks_total(tasks: list[Task]) -> int:
    return sum(task.count for task in tasks)
