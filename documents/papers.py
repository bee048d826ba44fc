"""What every document a unit drafts and then issues through ``documents.issuing.document_issue`` holds besides its
own content (a summary report, an award decision): the Nghị định 30 header, the number and date the register gives,
the signer's block, the recipients, the draft/issued status and the version a stale edit is refused against.

Abstract: each kind keeps its own table; the fields, and so the migrations, are the same as when each declared them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, SignerAuthority
from units.models import Timestamped, Versioned

__all__ = ("PaperStatus", "IssuedPaper")


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class IssuedPaper(Timestamped, Versioned):
    DOC_TYPE = ""  # IssuedDocument.doc_type, e.g. "Báo cáo"

    unit = models.ForeignKey("units.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    parent_body = models.CharField(_("parent body"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=1000, help_text=_("The summary line under the type (trích yếu)."))
    signer_authority = models.CharField(
        _("signing authority"), max_length=5, choices=SignerAuthority.choices, blank=True, default=SignerAuthority.OWN
    )
    signer_on_behalf_of = models.CharField(_("on behalf of"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    status = models.CharField(_("status"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def __str__(self):
        unnumbered = _("(unnumbered)")
        return f"{self.DOC_TYPE} {self.reference or unnumbered}: {self.title}"

    # The number and the signature block follow the same rules as a campaign's: the campaign's own properties
    # are used (they read only number/symbol and the signer fields), so the two can never differ.
    reference = property(Campaign.reference.fget)
    signature_lines = property(Campaign.signature_lines.fget)

    @property
    def issuing_unit(self):
        """The issuer under the name the document pages use (documents.views_issue.issue_checklist)."""
        return self.unit

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
