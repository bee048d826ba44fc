"""The award decision (QUYẾT ĐỊNH khen thưởng): header and signer like a campaign's, the legal bases, "Theo đề nghị
của …", the articles, and the recipients as an annex table with the money each is paid. Issued through the
document engine like the announcements; issuing writes the award history."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.papers import IssuedPaper, PaperStatus
from units.models import ScopedQuerySet

from .catalogue import AwardKind

__all__ = ("DecisionStatus", "Decision", "DecisionEntry")


DecisionStatus = PaperStatus


class DecisionQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Decision(IssuedPaper):
    DOC_TYPE = "Quyết định"

    session = models.ForeignKey(
        "nominations.CouncilSession",
        verbose_name=_("council session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    year = models.PositiveSmallIntegerField(_("year of the achievements"))
    award_kind = models.CharField(
        _("kind of award"), max_length=12, choices=AwardKind.choices, default=AwardKind.REGULAR
    )
    symbol = models.CharField(_("symbol"), max_length=40, default="QĐ-UBND")
    authority = models.CharField(
        _("deciding authority"), max_length=200, help_text=_("For example CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THẠCH ĐẠN.")
    )
    legal_bases = models.TextField(_("legal bases"), help_text=_("One per line, each starting with Căn cứ."))
    proposer = models.CharField(
        _("on the proposal of"), max_length=300, help_text=_("Printed as “Theo đề nghị của …”.")
    )
    proposal_number = models.CharField(
        _("number of the proposal (Tờ trình)"),
        max_length=40,
        blank=True,
        help_text=_("For example 12/TTr-UBND: printed “Theo đề nghị của … tại Tờ trình số 12/TTr-UBND ngày …”."),
    )
    proposal_date = models.DateField(_("date of the proposal"), null=True, blank=True)
    extra_articles = models.TextField(
        _("further articles"),
        blank=True,
        help_text=_("Articles after the award and the money, one per line; the last names who carries it out."),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ("-year", "unit__path", "-created", "pk")

    def clean(self):
        super().clean()
        if self.proposal_date and not self.proposal_number.strip():
            raise ValidationError({"proposal_number": _("Give the number of the proposal its date belongs to.")})

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    @property
    def extra_article_lines(self) -> list[str]:
        return [line.strip() for line in self.extra_articles.splitlines() if line.strip()]


class DecisionEntry(models.Model):
    """One recipient of one award in the decision, with the money computed when the entry was made (and again
    when the decision is issued, on the base salary of that date)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    nomination = models.OneToOneField(
        "nominations.Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="decision_entry"
    )
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("position and unit"), max_length=300, blank=True)
    amount = models.PositiveIntegerField(_("amount (đồng)"), default=0)
    paid = models.BooleanField(_("paid"), default=True, help_text=_("Only the highest title of one period is paid."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("recipient in a decision")
        verbose_name_plural = _("recipients in a decision")
        ordering = ("decision", "position", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="decisionentry_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.award_type.short_name}"
