"""A sơ kết / tổng kết report (BÁO CÁO) of a unit on a campaign for a reporting period: the header and signer like a
campaign's, the narrative in the usual five parts, and the figures' table drawn from the roll-up when printed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.papers import IssuedPaper, PaperStatus
from units.models import ScopedQuerySet

__all__ = ("SummaryKind", "SummaryStatus", "SummaryReport", "SummaryReportQuerySet")


class SummaryKind(models.TextChoices):
    SO_KET = "so_ket", _("Mid-term review (sơ kết)")
    TONG_KET = "tong_ket", _("Year-end review (tổng kết)")


SummaryStatus = PaperStatus


class SummaryReportQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class SummaryReport(IssuedPaper):
    DOC_TYPE = "Báo cáo"  # IssuedDocument.doc_type; printed as the type line in capitals

    period = models.ForeignKey(
        "reports.Period", verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="summaries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SummaryKind.choices, default=SummaryKind.SO_KET)
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-UBND")
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    tasks = models.TextField(_("tasks for the coming period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
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

    objects = SummaryReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")
        ordering = ("-year", "unit__path", "-created", "pk")
