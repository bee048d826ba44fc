from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.serialization import campaign_export_json


class Command(BaseCommand):
    help = "Write a campaign in its JSON form (docs/campaign-json.md) to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--out", type=Path)

    def handle(self, *args, campaign_id, out, **options):
        with translation.override(settings.LANGUAGE_CODE):
            campaign = Campaign.objects.select_related("issuing_unit", "doc_type").filter(pk=campaign_id).first()
            if campaign is None:
                raise CommandError(_("There is no campaign %(id)s.") % {"id": campaign_id})
            text = campaign_export_json(campaign=campaign)
            if out:
                out.write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
