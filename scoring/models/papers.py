"""The printed papers of cluster scoring, each drafted from the sheet, edited while a draft and issued through the
register (documents.issuing.document_issue): a member's self-scoring report (BÁO CÁO tự chấm điểm), issued by the
member, and the cluster's scoring minutes (BIÊN BẢN chấm điểm, bình xét), issued by the cluster leader's unit
(cụm trưởng; the organiser when the cluster has no leader), with the score table (BẢNG TỔNG HỢP ĐIỂM) as its
appendix. The tables are read from the sheet when printed and frozen in the issued copy."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.papers import IssuedPaper
from units.models import ScopedQuerySet, under_paths

from .stages import StageKind

__all__ = ("ScoringPaperQuerySet", "SelfScoringReport", "ScoringMinutes", "MAX_COPIES")

MAX_COPIES = 20


class ScoringPaperQuerySet(ScopedQuerySet):
    """Seen by the people of the issuing unit and of the units above it, and by those of the cluster's organiser
    (and above), who check the scores."""

    scope_path = "unit__path"

    def scope_condition(self, paths):
        return super().scope_condition(paths) | under_paths("sheet__organiser__path", paths)


class SelfScoringReport(IssuedPaper):
    """A member unit's report of its self-score on a sheet: its points by criterion with the evidence, its totals,
    its own assessment and proposals; signed by the unit's leader."""

    DOC_TYPE = "Báo cáo"

    sheet = models.ForeignKey(
        "scoring.ScoreSheet", verbose_name=_("scoring sheet"), on_delete=models.PROTECT, related_name="self_reports"
    )
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-UBND")
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True)
    assessment = models.TextField(_("the unit's own assessment"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    objects = ScoringPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-scoring report")
        verbose_name_plural = _("self-scoring reports")
        ordering = ("-year", "unit__path", "-created", "pk")


class ScoringMinutes(IssuedPaper):
    """The minutes of the cluster's scoring meeting: when it opened and closed, where, who attended in which role,
    what was done, the results of one closed stage by unit, the conclusion and the number of copies; signed by the
    chair (the signer) and the secretary."""

    DOC_TYPE = "Biên bản"

    sheet = models.ForeignKey(
        "scoring.ScoreSheet", verbose_name=_("scoring sheet"), on_delete=models.PROTECT, related_name="minutes"
    )
    symbol = models.CharField(_("symbol"), max_length=40, default="BB-CTĐ")
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(
        _("results of the stage"),
        max_length=12,
        choices=StageKind.choices,
        default=StageKind.FINAL,
        help_text=_("The minutes record the totals and the ranking of this stage; it must be closed."),
    )
    held_on = models.DateField(_("date of the meeting"))
    opened_at = models.TimeField(_("opened at"))
    closed_at = models.TimeField(_("closed at"))
    venue = models.CharField(_("venue"), max_length=300)
    chair_position = models.CharField(
        _("chair's position"), max_length=300, blank=True, help_text=_("The chair is the signer.")
    )
    secretary_name = models.CharField(_("secretary's name"), max_length=100, blank=True)
    secretary_position = models.CharField(_("secretary's position"), max_length=300, blank=True)
    attendees = models.TextField(
        _("attendees"), blank=True, help_text=_("One per line: name, position and unit, and role at the meeting.")
    )
    content = models.TextField(_("content of the meeting"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    copies = models.PositiveSmallIntegerField(
        _("number of copies"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COPIES)],
        help_text=_("“Biên bản được lập thành … bản”."),
    )

    objects = ScoringPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring minutes")
        verbose_name_plural = _("scoring minutes")
        ordering = ("-year", "-held_on", "-created", "pk")

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.attendees.splitlines() if line.strip()]
