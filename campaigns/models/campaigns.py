"""A campaign is the document that launches it (PHÁT ĐỘNG, KẾ HOẠCH, CHỈ THỊ…): every field the seeds hold, the
contents as an ordered tree of sections, the recipients, the signer, and the units that take part."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.doctypes import STANDARD_ABBREVIATIONS
from campaigns.text import paragraphs
from units.models import ScopedQuerySet, Timestamped, Versioned

__all__ = (
    "CampaignKind",
    "CampaignStatus",
    "SignerAuthority",
    "SectionRole",
    "Field",
    "Campaign",
    "CampaignQuerySet",
    "Section",
    "Recipient",
    "Participation",
)


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class SignerAuthority(models.TextChoices):
    """How the signer signs (Nghị định 30, Điều 13): on one's own title, or for the body, or as deputy…"""

    OWN = "", _("In one's own name")
    TM = "TM.", "TM. (thay mặt)"
    KT = "KT.", "KT. (ký thay)"
    Q = "Q.", "Q. (quyền)"
    TL = "TL.", "TL. (thừa lệnh)"
    TUQ = "TUQ.", "TUQ. (thừa ủy quyền)"


class SectionRole(models.TextChoices):
    """What a part of the document is, so that pages and reports can find it whatever its number."""

    OTHER = "other", _("Other")
    THEME = "theme", _("Theme")
    OBJECTIVE = "objective", _("General objective")
    PURPOSE = "purpose", _("Purpose and requirements")
    TARGETS = "targets", _("Targets")
    CONTENTS = "contents", _("Contents of the emulation")
    DURATION = "duration", _("Duration")
    ORGANISATION = "organisation", _("Organisation")


class Field(models.TextChoices):
    """The field of a group of targets."""

    GENERAL = "", _("General")
    ECONOMY = "economy", _("Economy")
    SOCIETY = "society", _("Culture and society")
    ENVIRONMENT = "environment", _("Environment")
    DEFENCE = "defence", _("Defence and security")
    POLITICS = "politics", _("Party and political system")


class CampaignQuerySet(ScopedQuerySet):
    """A user sees the campaigns of the units in their subtrees, and the issued campaigns of the units above them
    (a commune works under the district's and the province's campaigns); never a sibling's."""

    scope_path = "issuing_unit__path"

    def restrict(self, user, action: str | None = None):
        """Seeing reaches the issued campaigns above; acting (``action``) only the user's own subtrees."""
        if action is not None:
            return super().restrict(user, action)
        return self.restrict_and_above(user, status__in=(CampaignStatus.ISSUED, CampaignStatus.CLOSED))


class Campaign(Timestamped, Versioned):
    issuing_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    parent_body = models.CharField(
        _("parent body"), max_length=200, blank=True, help_text=_("First header line, e.g. UBND HUYỆN CAO LỘC.")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=200, help_text=_("Second header line, e.g. ỦY BAN NHÂN DÂN XÃ CAO LÂU.")
    )
    doc_type = models.ForeignKey(
        "campaigns.DocumentType", verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, help_text=_("Given at issue."))
    number_text = models.CharField(
        _("number as printed"),
        max_length=12,
        blank=True,
        help_text=_("The number with its leading zeros (0124), when the document was numbered on paper."),
    )
    symbol = models.CharField(_("symbol"), max_length=40, help_text=_("After the number, e.g. PĐ-UBND."))
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=1000, help_text=_("The summary line under the type (trích yếu)."))
    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices, default=CampaignKind.REGULAR)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    higher_campaign = models.ForeignKey(
        "self",
        verbose_name=_("implements (in the system)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_campaigns",
    )
    higher_document = models.CharField(
        _("implements (as cited)"),
        max_length=500,
        blank=True,
        help_text=_("E.g. Chỉ thị số 02/CT-UBND ngày 16/01/2024 của UBND huyện."),
    )
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
    preamble = models.TextField(_("preamble"), blank=True)
    theme = models.TextField(_("theme"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    signer_authority = models.CharField(
        _("signing authority"), max_length=5, choices=SignerAuthority.choices, blank=True, default=SignerAuthority.OWN
    )
    signer_on_behalf_of = models.CharField(
        _("on behalf of"), max_length=100, blank=True, help_text=_("After TM./KT.…: CHỦ TỊCH, ỦY BAN NHÂN DÂN.")
    )
    signer_deputy_authority = models.CharField(
        _("second authority"),
        max_length=5,
        choices=SignerAuthority.choices,
        blank=True,
        default=SignerAuthority.OWN,
        help_text=_("The middle line of a three-line block: KT. in TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."),
    )
    signer_deputy_on_behalf_of = models.CharField(
        _("second on behalf of"), max_length=100, blank=True, help_text=_("After the second authority: CHỦ TỊCH.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    participants = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("participating units"),
        through="campaigns.Participation",
        related_name="+",
        blank=True,
    )
    clusters = models.ManyToManyField(
        "units.Cluster", verbose_name=_("participating clusters"), related_name="campaigns", blank=True
    )
    approve_children_first = models.BooleanField(
        _("approve lower units' reports first"),
        default=False,
        help_text=_("A unit's own report is approved only after the reports of the participating units under it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["updated"])
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ("-year", "issuing_unit__path", "-issued_on", "pk")

    def __str__(self):
        unnumbered = _("(unnumbered)")
        return f"{self.doc_type.name} {self.reference or unnumbered}: {self.title}"

    def clean(self):
        """A campaign of a year is issued by a unit that existed in that year: after the July 2025 reform a 2026
        campaign belongs to a unit of the two-tier list, and a 2024 one to a unit of the three-tier list."""
        super().clean()
        unit = self.issuing_unit if self.issuing_unit_id else None
        if unit is None or not self.year:
            return
        if (unit.valid_until and self.year > unit.valid_until.year) or (
            unit.valid_from and self.year < unit.valid_from.year
        ):
            raise ValidationError(
                {
                    "year": _(
                        "%(unit)s of the %(edition)s list was not a unit in %(year)s; "
                        "choose the unit of the list in force that year."
                    )
                    % {"unit": unit.name, "edition": unit.edition, "year": self.year}
                }
            )

    @property
    def number_printed(self) -> str:
        """The number as the document prints it: as typed on paper ('0124') while it is still that number, else with
        a leading zero below 10 (Nghị định 30, Phụ lục I); '' when unnumbered."""
        if self.number is None:
            return ""
        text = getattr(self, "number_text", "") or ""
        if text.isdigit() and int(text) == self.number:
            return text
        return f"{self.number:02d}"

    @property
    def reference(self) -> str:
        """'109/PĐ-UBND', '0124/KH-UBND'; numbers below 10 get a leading zero (Nghị định 30, Phụ lục I)."""
        if self.number is None:
            return ""
        return f"{Campaign.number_printed.fget(self)}/{self.symbol}"

    @property
    def symbol_is_local(self) -> bool:
        """True when the type part of the symbol ("PĐ" in "PĐ-UBND") is not one of Decree 30's abbreviations."""
        return self.symbol.split("-", 1)[0] not in STANDARD_ABBREVIATIONS

    @property
    def signature_lines(self) -> list[str]:
        """The signature block's upper lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], ['CHỦ TỊCH'], or the three lines
        ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] (Nghị định 30, Điều 13)."""
        lines = []
        if self.signer_authority:
            lines.append(f"{self.signer_authority} {self.signer_on_behalf_of}".strip())
        deputy = getattr(self, "signer_deputy_authority", "")
        if deputy:
            lines.append(f"{deputy} {getattr(self, 'signer_deputy_on_behalf_of', '')}".strip())
        if self.signer_title:
            lines.append(self.signer_title)
        return lines


class Section(models.Model):
    """One numbered part of the document: a label as printed (I., 2.1., (1), -), a heading, paragraphs, then its
    targets (targets.Indicator) and its sub-sections, in that order."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("number"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=1000, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Paragraphs separated by an empty line."))
    role = models.CharField(_("role"), max_length=16, choices=SectionRole.choices, default=SectionRole.OTHER)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices, blank=True, default=Field.GENERAL)

    history = HistoricalRecords()

    CONTENT_FIELDS = ("label", "heading", "body", "role", "field")

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ("campaign", "parent_id", "position", "pk")

    def __str__(self):
        return f"{self.label} {self.heading}".strip() or self.body[:60]

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)


class Recipient(models.Model):
    """One line of "Nơi nhận", as printed (with its ending ';' or '.')."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("recipient"), max_length=300)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return self.text


class Participation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="campaign_participations")

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="participation_once")]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"
