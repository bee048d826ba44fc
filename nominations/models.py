"""Nominations (đề nghị khen thưởng) with their dossiers, and the emulation council's sessions and ballots.

A unit nominates its people, collectives, households or villages for a title or form, for a year's achievement
(and, for a campaign award, a campaign). Eligibility is computed by awards.eligibility under the rules in force for
that year and kept with the nomination, criterion by criterion, as it was when last checked. The council votes on
every nomination that reached it; a ballot passes with the share of all members the rule in force asks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import AwardKind
from documents.papers import IssuedPaper
from units.models import ScopedQuerySet, Timestamped, Versioned

__all__ = (
    "NominationStatus",
    "Nomination",
    "DossierKind",
    "DossierFile",
    "SessionStatus",
    "CouncilSession",
    "MemberRole",
    "CouncilMember",
    "Ballot",
    "CouncilPaperKind",
    "CouncilPaper",
)


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the council")
    PASSED = "passed", _("Passed by the council")
    FAILED = "failed", _("Not passed by the council")
    AWARDED = "awarded", _("Awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NominationQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Nomination(Timestamped, Versioned):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("nominating unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("year of the achievement"))
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_kind = models.CharField(
        _("kind of award"), max_length=12, choices=AwardKind.choices, default=AwardKind.REGULAR
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    collective = models.ForeignKey(
        "people.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    achievements = models.TextField(
        _("achievement report"), blank=True, help_text=_("Báo cáo thành tích: drafted from the record, then edited.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    eligible = models.BooleanField(_("eligible"), null=True, editable=False)
    explanation = models.JSONField(_("eligibility explained"), default=list, editable=False)
    checked_at = models.DateTimeField(_("checked at"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ("-year", "unit__path", "award_type", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="nomination_one_subject",
            ),
            # One live nomination of a person or collective for one award and year; a withdrawn one frees it.
            models.UniqueConstraint(
                fields=["person", "award_type", "year"],
                condition=~Q(status="withdrawn"),
                name="nomination_person_once",
            ),
            models.UniqueConstraint(
                fields=["collective", "award_type", "year"],
                condition=~Q(status="withdrawn"),
                name="nomination_collective_once",
            ),
        ]

    def __str__(self):
        return f"{self.nominee}: {self.award_type.short_name} {self.year}"

    @property
    def nominee(self):
        return self.person or self.collective


class DossierKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal (tờ trình)")
    ACHIEVEMENTS = "achievements", _("Achievement report (báo cáo thành tích)")
    MINUTES = "minutes", _("Minutes of the review (biên bản bình xét)")
    PROOF = "proof", _("Proof (initiative, excellence…)")


class DossierFileQuerySet(ScopedQuerySet):
    scope_path = "nomination__unit__path"


class DossierFile(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=DossierKind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded = models.DateTimeField(auto_now_add=True)

    objects = DossierFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ("nomination", "kind", "uploaded")

    def __str__(self):
        return self.name


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed")


class SessionQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class CouncilSession(Versioned):
    """A meeting of the emulation council (Hội đồng Thi đua - Khen thưởng) of a unit that reviews the nominations
    of the units under it for a year."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("council of"), on_delete=models.PROTECT, related_name="council_sessions"
    )
    year = models.PositiveSmallIntegerField(_("year of the achievements"))
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    opened_at = models.TimeField(_("opened at"), null=True, blank=True)
    closed_at = models.TimeField(_("closed at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    notes = models.TextField(_("other business and conclusions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ("-held_on", "pk")

    def __str__(self):
        return self.title


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", _("Standing member and secretary")
    MEMBER = "member", _("Member")


class CouncilMember(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role in the council"), max_length=10, choices=MemberRole.choices)
    present = models.BooleanField(_("present"), default=True)
    counts_votes = models.BooleanField(
        _("in the count committee"), default=False, help_text=_("Ban kiểm phiếu: the first one listed heads it.")
    )
    position_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ("session", "position_order", "pk")

    def __str__(self):
        return self.name


class Ballot(models.Model):
    """The council's vote on one nomination: the threshold and the number of members are the ones in force when
    the votes were entered, kept so that the result can always be read again."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="ballot")
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    members_total = models.PositiveSmallIntegerField(_("members of the council"), editable=False)
    threshold = models.DecimalField(_("votes needed (%)"), max_digits=5, decimal_places=2, editable=False)
    passed = models.BooleanField(_("passed"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ("session", "nomination__award_type", "pk")

    def __str__(self):
        return f"{self.nomination}: {self.votes_for}/{self.members_total}"


class CouncilPaperKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes of the session")
    COUNT = "count", _("Minutes of the vote count")


class CouncilPaperQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class CouncilPaper(IssuedPaper):
    """A paper of a closed session issued from the unit's register: its BIÊN BẢN (the minutes) or its BIÊN BẢN
    KIỂM PHIẾU (the count committee's result of the secret vote). Drafted when the session closes, from the
    session's members and ballots, which are locked from then on; issued through documents.issuing.document_issue
    (number, date of the meeting, frozen HTML, signature, seal, QR code)."""

    DOC_TYPE = "Biên bản"

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="papers")
    kind = models.CharField(_("kind"), max_length=8, choices=CouncilPaperKind.choices)
    symbol = models.CharField(_("symbol"), max_length=40, default="BB-HĐTĐKT")

    objects = CouncilPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")
        ordering = ("session", "kind")
        constraints = [models.UniqueConstraint(fields=["session", "kind"], name="council_paper_once_per_kind")]

    @property
    def year(self) -> int:
        return (self.issued_on or self.session.held_on).year
