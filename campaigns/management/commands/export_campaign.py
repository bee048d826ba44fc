from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.serialization import campaign_export_json
from documents.docx import campaign_docx
from documents.services import document_job_render

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
    """The printed document as the campaign page gives it: the PDF through a document job of the campaign's kind
    (recorded, rendered and stored by the document engine, run here rather than by a worker), the Word file as
    *Download as Word* builds it."""
    if kind == "pdf":
        job = document_job_render(subject=campaign, kind="campaign")
        with job.result.file.open("rb") as pdf:
            return pdf.read()
    return campaign_docx(campaign=campaign)
