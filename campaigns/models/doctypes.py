"""The catalogue of document types with their abbreviations (Nghị định 30/2020, Phụ lục III), plus local ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ("DocumentType",)


class DocumentType(models.Model):
    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=60, help_text=_("As in a sentence: Chỉ thị, Kế hoạch."))
    title = models.CharField(_("printed title"), max_length=60, help_text=_("As printed above the title: CHỈ THỊ."))
    abbreviation = models.CharField(_("abbreviation"), max_length=12, help_text=_("In the symbol: CT, KH."))
    standard = models.BooleanField(
        _("in Decree 30"), default=True, help_text=_("Off for a local convention such as PĐ (phát động).")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ("position", "name")

    def __str__(self):
        local = _("local")
        return self.name if self.standard else f"{self.name} ({local})"
