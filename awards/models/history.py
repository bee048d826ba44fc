"""The award history of people and collectives (what the next year's checks read): written when a decision is
issued here, or entered by hand for past years and for awards decided elsewhere. A record of a year before the
catalogue judges (2024) is *historical*: a past decision entered as printed (by hand or from Excel, awards/past.py),
with no rule checked; it counts in consecutive-year chains like any other regular or campaign award."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import RecordQuerySet

from .catalogue import AwardKind

__all__ = ("AwardRecord",)


class AwardRecord(models.Model):
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="awards")
    collective = models.ForeignKey(
        "people.Collective", null=True, blank=True, on_delete=models.CASCADE, related_name="awards"
    )
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("award"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("year of the achievement"))
    award_kind = models.CharField(_("kind of award"), max_length=12, choices=AwardKind.choices)
    decision_reference = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    decided_by = models.CharField(_("decided by"), max_length=200)
    printed_title = models.CharField(
        _("title as printed on the decision"),
        max_length=200,
        blank=True,
        help_text=_("When the decision names the title otherwise (an older law's name)."),
    )
    historical = models.BooleanField(
        _("historical"),
        default=False,
        editable=False,
        help_text=_("A past decision (a year before 2024) entered as printed, not checked against the rules."),
    )
    decision = models.ForeignKey(
        "awards.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="records", editable=False
    )
    amount = models.PositiveIntegerField(_("amount (đồng)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award received")
        verbose_name_plural = _("awards received")
        ordering = ("-year", "-decided_on", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="awardrecord_one_subject",
            ),
            models.UniqueConstraint(fields=["person", "award_type", "year"], name="award_person_once_a_year"),
            models.UniqueConstraint(fields=["collective", "award_type", "year"], name="award_collective_once_a_year"),
        ]

    def __str__(self):
        return f"{self.person or self.collective}: {self.award_type.short_name} {self.year}"
