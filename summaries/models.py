"""A sơ kết / tổng kết report (BÁO CÁO) of a unit on a campaign for a reporting period: the header and signer like a
campaign's, the narrative in the usual five parts, and the figures' table drawn from the roll-up when printed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, SignerAuthority
from units.models import ScopedQuerySet

__all__ = ("SummaryKind", "SummaryStatus", "SummaryReport", "SummaryReportQuerySet")


class SummaryKind(models.TextChoices):
    SO_KET = "so_ket", _("Mid-term review (sơ kết)")
    TONG_KET = "tong_ket", _("Year-end review (tổng kết)")


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class SummaryReportQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class SummaryReport(models.Model):
    DOC_TYPE = "Báo cáo"  # IssuedDocument.doc_type; printed as the type line in capitals

    period = models.ForeignKey(
        "reports.Period", verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="summaries"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=SummaryKind.choices, default=SummaryKind.SO_KET)
    parent_body = models.CharField(_("parent body"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-UBND")
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date"), null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=1000, help_text=_("The summary line under the type (trích yếu)."))
    introduction = models.TextField(_("introduction"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    tasks = models.TextField(_("tasks for the coming period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    signer_authority = models.CharField(
        _("signing authority"), max_length=5, choices=SignerAuthority.choices, blank=True, default=SignerAuthority.OWN
    )
    signer_on_behalf_of = models.CharField(_("on behalf of"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    status = models.CharField(_("status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("new version of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_versions",
        editable=False,
        help_text=_("The issued document this draft revises; the issued one is never changed."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SummaryReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")
        ordering = ("-year", "unit__path", "-created", "pk")

    def __str__(self):
        unnumbered = _("(unnumbered)")
        return f"{self.DOC_TYPE} {self.reference or unnumbered}: {self.title}"

    # The number and the signature block follow the same rules as a campaign's: the campaign's own properties
    # are used (they read only number/symbol and the signer fields), so the two can never differ.
    reference = property(Campaign.reference.fget)
    signature_lines = property(Campaign.signature_lines.fget)

    @property
    def issuing_unit(self):
        """The issuer under the name the document pages use (documents.views_issue.issue_checklist)."""
        return self.unit

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
