"""The award catalogue as dated rules (law-notes §0, §1): a title or form (``AwardType``) is judged, conferred and paid
by the ``AwardRule`` in force on a date; a province's own values (the LĐTT share for TTLĐTT, a cap on CSTĐCS, a
vote threshold) are ``AwardSetting`` rows with their dates; money is a multiple of the ``BaseSalary`` in force on
the decision date."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = (
    "AwardCategory",
    "RecipientKind",
    "AwardKind",
    "AwardType",
    "AwardRule",
    "SettingKey",
    "AwardSetting",
    "BaseSalary",
    "in_force",
)


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Emulation title (danh hiệu thi đua)")
    FORM = "form", _("Form of commendation (hình thức khen thưởng)")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")
    VILLAGE = "village", _("Village or residential group")
    COMMUNE = "commune", _("Commune or ward")


class AwardKind(models.TextChoices):
    """Loại hình khen thưởng (Luật 2022 Điều 8). Ad hoc and thematic awards never count toward consecutive years
    (Nghị định 152/2025 Điều 4.3)."""

    REGULAR = "regular", _("Regular merit (công trạng)")
    CAMPAIGN = "campaign", _("Emulation campaign (phong trào)")
    THEMATIC = "thematic", _("Thematic (chuyên đề)")
    AD_HOC = "ad_hoc", _("Ad hoc (đột xuất)")
    LONG_SERVICE = "long_service", _("Long service (quá trình cống hiến)")


CHAIN_KINDS = (AwardKind.REGULAR, AwardKind.CAMPAIGN)


def in_force(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class AwardType(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    category = models.CharField(_("category"), max_length=5, choices=AwardCategory.choices)
    recipient = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher ranks are listed first in a decision.")
    )
    certificate_heading = models.CharField(
        _("certificate heading"), max_length=100, blank=True, help_text=_("For example GIẤY KHEN.")
    )

    class Meta:
        verbose_name = _("title or form of award")
        verbose_name_plural = _("titles and forms of award")
        ordering = ("-rank", "name")

    def __str__(self):
        return self.name


class AwardRule(models.Model):
    """What a title requires, who confers it and what it pays, from ``valid_from`` to ``valid_until``. The checks
    are parameters read by awards.eligibility; an empty parameter is a check the rule does not make."""

    award_type = models.ForeignKey(AwardType, verbose_name=_("award"), on_delete=models.CASCADE, related_name="rules")
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    printed_name = models.CharField(
        _("name of the title in this period"),
        max_length=200,
        blank=True,
        help_text=_("As decisions of the period print it, when it differs from today's name."),
    )
    confer_kind = models.CharField(
        _("conferred by the chairman of"),
        max_length=16,
        help_text=_("The level of the People's Committee whose chairman confers it."),
    )
    also_confer_kinds = models.CharField(
        _("also conferred by the chairman of"),
        max_length=60,
        blank=True,
        help_text=_("Other levels that may confer it in this period, separated by commas."),
    )
    money_factor = models.DecimalField(_("multiple of the base salary"), max_digits=5, decimal_places=2, default=0)
    vote_threshold = models.DecimalField(
        _("votes needed (percentage of all council members)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_rating = models.CharField(_("task rating at least"), max_length=16, blank=True)
    excellent_or_initiative = models.BooleanField(_("excellent rating or a recognised initiative"), default=False)
    prerequisite = models.ForeignKey(
        AwardType,
        verbose_name=_("requires the title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prerequisite_years = models.PositiveSmallIntegerField(
        _("for consecutive years"), default=0, help_text=_("Ending with the year judged; 1 = that year.")
    )
    member_title = models.ForeignKey(
        AwardType,
        verbose_name=_("members' title for the share"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member_share = models.DecimalField(
        _("share of members with that title (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    member_share_more_than = models.BooleanField(
        _("more than that share"),
        default=False,
        help_text=_("The law says “more than” the share (trên 50%), not “at least”."),
    )
    members_all_complete = models.BooleanField(_("every member completed their tasks"), default=False)
    member_title_one = models.ForeignKey(
        AwardType,
        verbose_name=_("at least one member with the title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    no_discipline_from = models.CharField(_("nobody disciplined at or above"), max_length=16, blank=True)
    cluster_leader = models.BooleanField(_("leading unit of its cluster"), default=False)

    class Meta:
        verbose_name = _("award rule")
        verbose_name_plural = _("award rules")
        ordering = ("award_type", "valid_from")
        constraints = [
            models.UniqueConstraint(fields=["award_type", "valid_from"], name="award_rule_from_once"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="award_rule_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.award_type.short_name} ({self.legal_basis})"


class SettingKey(models.TextChoices):
    MEMBER_SHARE = "member_share", _("Share of members with the title (%)")
    CAP_PERCENT = "cap_percent", _("Cap: nominations as a percentage of the unit's LĐTT")
    VOTE_THRESHOLD = "vote_threshold", _("Votes needed (percentage of all council members)")


class AwardSetting(models.Model):
    """A value a province sets for itself (or, with no province, for every one), with the dates it applies."""

    province = models.ForeignKey(
        "units.Unit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="award_settings",
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.CASCADE, related_name="settings"
    )
    key = models.CharField(_("setting"), max_length=20, choices=SettingKey.choices)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("province award setting")
        verbose_name_plural = _("province award settings")
        ordering = ("province", "award_type", "key", "valid_from")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "award_type", "key", "valid_from"], name="award_setting_from_once"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="award_setting_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.award_type.short_name}: {self.get_key_display()} = {self.value}"


class BaseSalary(models.Model):
    """Mức lương cơ sở, from a date (2.340.000 đồng from 1/7/2024, Nghị định 73/2024)."""

    amount = models.PositiveIntegerField(_("amount (đồng)"))
    valid_from = models.DateField(_("in force from"), unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ("-valid_from",)

    def __str__(self):
        return f"{self.amount} ({self.valid_from})"
