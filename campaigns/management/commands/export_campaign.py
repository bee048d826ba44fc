from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.serialization import campaign_export_json

BINARY_FORMATS = ("pdf", "docx")


class Command(BaseCommand):
    help = (
        "Write a campaign in its JSON form (docs/campaign-json.md) to standard output or a file, "
        "or its printed document (pdf, or docx to finish the text in Word) to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--format", default="json", choices=["json", *BINARY_FORMATS])
        parser.add_argument("--out", type=Path, help="The file to write; required for pdf and docx.")

    def handle(self, *args, campaign_id, out, **options):
        kind = options["format"]
        with translation.override(settings.LANGUAGE_CODE):
            if kind in BINARY_FORMATS and not out:
                raise CommandError(
                    _("The %(format)s format is a binary file: give the file to write with --out FILE.")
                    % {"format": kind}
                )
            campaign = Campaign.objects.select_related("issuing_unit", "doc_type").filter(pk=campaign_id).first()
            if campaign is None:
                raise CommandError(_("There is no campaign %(id)s.") % {"id": campaign_id})
            if kind in BINARY_FORMATS:
                out.write_bytes(_printed(campaign, kind))
                return
            text = campaign_export_json(campaign=campaign)
            if out:
                out.write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")


def _printed(campaign, kind: str) -> bytes:
    """The printed document, rendered here and now (not through the document jobs). Imported here: loading
    WeasyPrint takes time and logs, which a JSON export does not need."""
    if kind == "pdf":
        from documents.rendering import html_to_pdf, render_campaign_html

        return html_to_pdf(render_campaign_html(campaign=campaign))
    from documents.docx import campaign_docx

    return campaign_docx(campaign=campaign)
