"""Progress reports: a campaign's reporting periods, each participating unit's report for a period (the actual value
of every figure, a note per figure, the narrative, evidence files), and the review trail (submit, return, approve)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import ScopedQuerySet, Timestamped, Versioned


def report_page_url(*, period_id: int, unit_id: int) -> str:
    """The report page of a unit for a period (``report_detail``): where uploads and removals go back to and what
    notices link to."""
    return reverse("report_detail", kwargs={"period_pk": period_id, "unit_pk": unit_id})


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Six months")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")
    FIVE_YEARS = "five_years", _("Five years")


class Period(models.Model):
    """A reporting period of a campaign: what it covers, when reports are due, and how many days after the due date
    entry stays open."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=12, choices=PeriodKind.choices)
    label = models.CharField(_("name"), max_length=100, help_text=_("E.g. 6 tháng đầu năm 2024."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    due_on = models.DateField(_("due date"))
    grace_days = models.PositiveSmallIntegerField(
        _("days entry stays open after the due date"), default=5, help_text=_("0: entry closes on the due date.")
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ("campaign", "ends_on", "starts_on", "pk")
        constraints = [models.UniqueConstraint(fields=["campaign", "label"], name="period_label_once_per_campaign")]

    def __str__(self):
        return self.label

    @property
    def year_share(self):
        """The share of the year the period covers when it is a part of one (a quarter 0,25, six months 0,5, nine
        months 0,75: by its months, from its dates), else None: what reports.achievement judges a part of the year
        by."""
        if self.kind not in (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.NINE_MONTHS):
            return None
        months = (self.ends_on.year - self.starts_on.year) * 12 + self.ends_on.month - self.starts_on.month + 1
        if not 0 < months < 12:
            return None
        return Decimal(months) / Decimal(12)

    @property
    def closes_on(self) -> datetime.date:
        """The last day entry is open."""
        return self.due_on + datetime.timedelta(days=self.grace_days)


class PeriodReopening(models.Model):
    """A reviewer reopens one unit's period after it closed, until a date."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reopenings")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    until = models.DateField(_("open until"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reopened period")
        verbose_name_plural = _("reopened periods")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="reopening_once_per_unit")]

    def __str__(self):
        return f"{self.period} — {self.unit}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Report(Timestamped, Versioned):
    """One unit's report for one period of a campaign."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    frozen_targets = models.JSONField(
        _("targets in force when submitted"),
        default=dict,
        blank=True,
        help_text=_("Per figure: the targets the report is judged against once submitted (reports.frozen)."),
    )
    targets_frozen_at = models.DateTimeField(_("targets frozen at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    NARRATIVE_FIELDS = ("results", "shortcomings", "lessons", "proposals")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("period", "unit__path")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_once_per_unit_period")]

    def __str__(self):
        return f"{self.unit} — {self.period}"

    @property
    def updated_by(self):
        """Who saved the report last, as a stale page is told (units.versioning): the submitter while it is
        submitted, else whoever last acted on it (the trail); drafts saved without an action name nobody."""
        if self.status == ReportStatus.SUBMITTED and self.submitted_by_id:
            return self.submitted_by
        last = self.events.select_related("by").last()
        return last.by if last is not None else None


class ReportValue(models.Model):
    """The actual value of one figure in one report, in the figure's form: a number, a kept status (yes/no), a grade,
    or — for a qualitative figure — the reviewer's verdict. A change figure also carries the previous year's value, its
    baseline. A missing value carries the reason it is missing."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    figure = models.ForeignKey("targets.Figure", on_delete=models.CASCADE, related_name="report_values")
    value = models.DecimalField(_("actual"), max_digits=20, decimal_places=4, null=True, blank=True)
    previous = models.DecimalField(
        _("previous year"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The previous year's value (baseline) of a change figure."),
    )
    flag = models.BooleanField(_("kept"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    verdict = models.BooleanField(_("reviewer's verdict"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    missing_reason = models.CharField(_("why it is missing"), max_length=500, blank=True)
    return_reason = models.CharField(_("returned because"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [models.UniqueConstraint(fields=["report", "figure"], name="value_once_per_report_figure")]
        indexes = [models.Index(fields=["figure", "report"])]

    def __str__(self):
        return f"{self.report} — {self.figure}"


class EvidenceQuerySet(ScopedQuerySet):
    scope_path = "report__unit__path"


class Evidence(models.Model):
    """A file proving a report (or one of its figures): stored under a generated name, served as a download."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    figure = models.ForeignKey("targets.Figure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned")
    APPROVE = "approve", _("Approved")
    REOPEN = "reopen", _("Reopened")


class ReportEvent(models.Model):
    """The review trail. A submission keeps the values as sent, so the reviewer sees what changed since the last
    one."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=ReportAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("report", "at", "pk")

    def __str__(self):
        return f"{self.report} — {self.get_action_display()}"
