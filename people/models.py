"""People and collectives a unit may nominate, and their record: what the award rules read (law-notes §1.5).

A *collective* is anything that receives a collective title: a department, a school, a village (thôn), a commune
as a whole (Cờ thi đua, xã tiêu biểu), or a household (Gia đình văn hóa). People belong to one collective, whose
shares (LĐTT ≥ 70 %, everyone completing their tasks) are computed from its members' records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import ScopedQuerySet, Timestamped, under_paths

__all__ = (
    "CollectiveKind",
    "Collective",
    "Person",
    "Rating",
    "TaskRating",
    "Initiative",
    "DisciplineKind",
    "DisciplineRecord",
)


class CollectiveKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    VILLAGE = "village", _("Village or residential group")
    COMMUNE = "commune", _("Commune or ward")
    HOUSEHOLD = "household", _("Household")


class PeopleQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Collective(Timestamped):
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="collectives",
        help_text=_("The unit that keeps this collective's record and nominates it."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CollectiveKind.choices, default=CollectiveKind.COLLECTIVE)
    name = models.CharField(_("name"), max_length=200)
    linked_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a village or a commune: the administrative unit it is."),
    )
    head = models.CharField(_("head of household"), max_length=150, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = PeopleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        ordering = ("unit__path", "name", "pk")
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "name"], name="collective_name_once")]

    def __str__(self):
        return self.name


class Person(Timestamped):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    female = models.BooleanField(
        _("gender"),
        null=True,
        blank=True,
        choices=[(False, _("male")), (True, _("female"))],
        help_text=_("Printed as Ông or Bà before the name in award decisions; left blank, no title is printed."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = PeopleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("unit__path", "full_name", "pk")

    def __str__(self):
        return self.full_name

    @property
    def title(self) -> str:
        """'Ông' or 'Bà', as an award decision's list writes them before the name; '' when the gender is unknown."""
        return "" if self.female is None else "Bà" if self.female else "Ông"


class Rating(models.TextChoices):
    """The yearly rating of how a person or collective completed its tasks (mức độ hoàn thành nhiệm vụ)."""

    EXCELLENT = "excellent", _("Completed tasks excellently")
    GOOD = "good", _("Completed tasks well")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


RATING_ORDER = {Rating.NOT_COMPLETED: 0, Rating.COMPLETED: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}


def _one_subject() -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(person__isnull=False, collective__isnull=True) | Q(person__isnull=True, collective__isnull=False),
        name="%(class)s_one_subject",
    )


class RecordQuerySet(ScopedQuerySet):
    """Records of a person or of a collective, scoped by the unit either belongs to."""

    def scope_condition(self, paths):
        return under_paths("person__unit__path", paths) | under_paths("collective__unit__path", paths)


class TaskRating(models.Model):
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task rating")
        verbose_name_plural = _("task ratings")
        ordering = ("-year", "pk")
        constraints = [
            _one_subject(),
            models.UniqueConstraint(fields=["person", "year"], name="rating_person_year_once"),
            models.UniqueConstraint(fields=["collective", "year"], name="rating_collective_year_once"),
        ]

    def __str__(self):
        return f"{self.person or self.collective} {self.year}: {self.get_rating_display()}"


class InitiativeQuerySet(ScopedQuerySet):
    scope_path = "person__unit__path"


class Initiative(models.Model):
    """A recognised initiative (sáng kiến). One initiative supports one title only: ``used_by`` is the nomination
    it was used for, set when that nomination cites it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="initiatives")
    code = models.CharField(_("code"), max_length=40, help_text=_("For example SK-2024-03."))
    title = models.CharField(_("name of the initiative"), max_length=500)
    recognised_by = models.CharField(_("recognised by"), max_length=200)
    recognised_on = models.DateField(_("recognised on"))
    used_by = models.ForeignKey(
        "nominations.Nomination",
        verbose_name=_("used for the nomination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ("-recognised_on", "code")
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="initiative_code_once")]

    def __str__(self):
        return f"{self.code}: {self.title}"


class DisciplineKind(models.TextChoices):
    """Disciplinary measures in rising order, then the two things that freeze an award while they are pending."""

    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    DEMOTION = "demotion", _("Demotion or removal from post")
    DISMISSAL = "dismissal", _("Dismissal (buộc thôi việc)")
    COMPLAINT = "complaint", _("Pending complaint or denunciation")
    INVESTIGATION = "investigation", _("Disciplinary review in progress")


DISCIPLINE_ORDER = {
    DisciplineKind.REPRIMAND: 1,
    DisciplineKind.WARNING: 2,
    DisciplineKind.DEMOTION: 3,
    DisciplineKind.DISMISSAL: 4,
}
PENDING_KINDS = (DisciplineKind.COMPLAINT, DisciplineKind.INVESTIGATION)


class DisciplineRecord(models.Model):
    """A disciplinary measure (dated, in force from ``started_on``), or a complaint or review that is pending until
    ``ended_on`` is set. Awards are frozen while one is pending."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="discipline")
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="discipline"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DisciplineKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while it is pending."))
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline or complaint")
        verbose_name_plural = _("discipline and complaints")
        ordering = ("-started_on", "pk")
        constraints = [_one_subject()]

    def __str__(self):
        return f"{self.person or self.collective}: {self.get_kind_display()} {self.started_on}"

    @property
    def pending(self) -> bool:
        return self.kind in PENDING_KINDS and self.ended_on is None
