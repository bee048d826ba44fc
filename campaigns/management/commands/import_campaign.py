from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.serialization import campaign_import, campaign_parse


class Command(BaseCommand):
    help = "Create a campaign from a file in its JSON form (docs/campaign-json.md); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                campaign = campaign_import(data=campaign_parse(file.read_text(encoding="utf-8")))
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
                ) from exc
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            self.stdout.write(_("Imported campaign %(id)s: %(campaign)s") % {"id": campaign.pk, "campaign": campaign})
