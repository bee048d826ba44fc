"""What real plans carry beside their numbered contents (issue #15): the legal bases (căn cứ), the stages and
deadlines (đợt), the award criteria and quotas, the participants that are not units of the official lists, and the
appendices (phụ lục) printed after the signature. Each is a list in document order, exported as is by the JSON form
(docs/campaign-json.md, version 2)."""

import re
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from campaigns.text import paragraphs

__all__ = (
    "LegalBasisKind",
    "LegalBasis",
    "Stage",
    "AwardSubject",
    "QuotaKind",
    "AwardCriterion",
    "ParticipantKind",
    "OtherParticipant",
    "Appendix",
    "appendix_tables_check",
)

_CENTRED = re.compile(r"^([-+−]?[\d.,]+\s*%?|[IVXLC]+\.?|[a-zđ]\)|\d+[.)]?|)$")
ERR_STAGE_ORDER = gettext_noop("The stage ends before it starts.")
ERR_QUOTA_VALUE = gettext_noop("A quota of this kind needs its number (1 for one a unit, 3 for the top 3, 10 for 10%).")
ERR_QUOTA_SHARE = gettext_noop("A share cannot be above 100%.")
ERR_AWARD_CODE = gettext_noop(
    "The award catalogue has no code “%(code)s”; leave it empty or pick one of the catalogue."
)
ERR_TABLES = gettext_noop("The tables are not in the expected form (a list of tables, each with its rows).")
ERR_TABLE_EMPTY = gettext_noop("Table %(table)s has no row.")
ERR_TABLE_CELLS = gettext_noop(
    "Table %(table)s, row %(row)s has %(count)s cells where its first row has %(expected)s; every row needs the same "
    "number of cells."
)
ERR_TABLE_HEADER = gettext_noop("Table %(table)s: %(count)s header rows, but the table has only %(rows)s rows.")
ERR_TABLE_CELL = gettext_noop("Table %(table)s, row %(row)s: a cell must be text.")


class LegalBasisKind(models.TextChoices):
    CAN_CU = "can_cu", "Căn cứ"
    THUC_HIEN = "thuc_hien", "Thực hiện"


class LegalBasis(models.Model):
    """One "Căn cứ …" or "Thực hiện …" line before the preamble, its text as printed without the leading word."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="legal_bases")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=LegalBasisKind.choices, default=LegalBasisKind.CAN_CU)
    text = models.CharField(_("text"), max_length=1000)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return self.line

    @property
    def line(self) -> str:
        """As printed: 'Căn cứ Luật Thi đua, Khen thưởng ngày 15 tháng 6 năm 2022;'."""
        return f"{self.get_kind_display()} {self.text}"


class Stage(models.Model):
    """A stage of the campaign (đợt) with its dates and the deadline of its report, and the sentence as printed."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    deadline = models.DateField(_("report due"), null=True, blank=True)
    text = models.CharField(_("as printed"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _(ERR_STAGE_ORDER)})


class AwardSubject(models.TextChoices):
    ANY = "", _("Collectives and individuals")
    COLLECTIVE = "collective", _("Collectives")
    INDIVIDUAL = "individual", _("Individuals")


class QuotaKind(models.TextChoices):
    NONE = "", _("No quota")
    PER_UNIT = "per_unit", _("So many for each unit")
    TOP_N = "top_n", _("The leading N")
    SHARE_CAP = "share_cap", _("At most a share (%)")
    MAX_COUNT = "max_count", _("At most a number")


class AwardCriterion(models.Model):
    """An award the campaign promises and its quota: "mỗi đơn vị 01 tập thể" (per_unit 1), "03 đơn vị dẫn đầu" (top_n
    3), "không quá 10% tổng số" (share_cap 10), "không quá 05 cá nhân" (max_count 5)."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="award_criteria")
    position = models.PositiveIntegerField(default=0)
    subject = models.CharField(_("for"), max_length=10, choices=AwardSubject.choices, blank=True)
    award = models.CharField(
        _("award (catalogue code)"),
        max_length=20,
        blank=True,
        help_text=_("The code of the award catalogue: giay-khen-tt, bang-khen-tinh…"),
    )
    award_text = models.CharField(_("award as printed"), max_length=300, blank=True)
    quota_kind = models.CharField(_("quota"), max_length=10, choices=QuotaKind.choices, blank=True)
    quota_value = models.DecimalField(
        _("quota number"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    text = models.CharField(_("as printed"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return self.text or self.award_text

    def clean(self):
        super().clean()
        award_type = apps.get_model("awards", "AwardType")
        if self.award and not award_type.objects.filter(code=self.award).exists():
            raise ValidationError({"award": _(ERR_AWARD_CODE) % {"code": self.award}})
        if self.quota_kind and self.quota_value is None:
            raise ValidationError({"quota_value": _(ERR_QUOTA_VALUE)})
        if self.quota_kind == QuotaKind.SHARE_CAP and self.quota_value is not None and self.quota_value > 100:
            raise ValidationError({"quota_value": _(ERR_QUOTA_SHARE)})


class ParticipantKind(models.TextChoices):
    DEPARTMENT = "department", _("Department (sở, phòng, ban)")
    SECTOR = "sector", _("Sector (ngành)")
    ENTERPRISE = "enterprise", _("Enterprise")
    CENTRAL_AGENCY = "central_agency", _("Central agency in the area")
    MASS_ORG = "mass_org", _("Front or mass organisation")
    OTHER = "other", _("Other")


class OtherParticipant(models.Model):
    """A participant that is not a unit of the official lists: a sở, a ngành, an enterprise, a central agency."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="other_participants")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipantKind.choices, default=ParticipantKind.OTHER)

    class Meta:
        verbose_name = _("other participant")
        verbose_name_plural = _("other participants")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return self.name


def appendix_tables_check(tables) -> list[str]:
    """The problems of an appendix's tables ([{"rows": [[cell, …], …], "header_rows": 1}, …]), in Vietnamese."""
    from django.utils.translation import gettext as _t

    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return [_t(ERR_TABLES)]
    errors = []
    for number, table in enumerate(tables, start=1):
        rows, header = table.get("rows"), table.get("header_rows", 1)
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            errors.append(_t(ERR_TABLES))
            continue
        if isinstance(header, bool) or not isinstance(header, int) or header < 0:
            errors.append(_t(ERR_TABLES))
            continue
        if not rows:
            errors.append(_t(ERR_TABLE_EMPTY) % {"table": number})
            continue
        width = len(rows[0])
        for index, row in enumerate(rows, start=1):
            if not all(isinstance(cell, str) for cell in row):
                errors.append(_t(ERR_TABLE_CELL) % {"table": number, "row": index})
            elif len(row) != width:
                errors.append(
                    _t(ERR_TABLE_CELLS) % {"table": number, "row": index, "count": len(row), "expected": width}
                )
        if header > len(rows):
            errors.append(_t(ERR_TABLE_HEADER) % {"table": number, "count": header, "rows": len(rows)})
    return errors


class Appendix(models.Model):
    """An appendix (phụ lục) printed after the signature block and Nơi nhận, on a new page: its label ("PHỤ LỤC
    I"), title, subtitle ("(Kèm theo Kế hoạch số …)"), paragraphs, then its tables as real tables. ``tables`` is a
    list of {"rows": [[cell, …], …], "header_rows": n}: the first n rows are the header, repeated on every page."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("As printed: PHỤ LỤC, PHỤ LỤC I."))
    title = models.CharField(_("title"), max_length=500, blank=True)
    subtitle = models.CharField(
        _("subtitle"), max_length=500, blank=True, help_text=_("E.g. (Kèm theo Kế hoạch số 14/KH-UBND ngày …)")
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Paragraphs separated by an empty line."))
    tables = models.JSONField(_("tables"), default=list, blank=True)

    class Meta:
        verbose_name = _("appendix")
        verbose_name_plural = _("appendices")
        ordering = ("campaign", "position", "pk")

    def __str__(self):
        return " ".join(filter(None, (self.label, self.title)))

    def clean(self):
        super().clean()
        errors = appendix_tables_check(self.tables)
        if errors:
            raise ValidationError({"tables": errors})

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)

    @property
    def printed_tables(self) -> list[dict]:
        """Each table as {"head": header rows, "rows": body rows of (text, align)}: a short number ("10", "1.105",
        "7,5%") or a row number ("1", "I", "a)") is centred, any other cell set left."""
        result = []
        for table in self.tables or []:
            rows, header = table.get("rows") or [], table.get("header_rows", 1)
            body = [
                [(cell, "center" if _CENTRED.match(cell.strip()) else "left") for cell in row] for row in rows[header:]
            ]
            result.append({"head": rows[:header], "rows": body})
        return result
