import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.importing.services import draft_from_file, draft_save


class Command(BaseCommand):
    help = (
        "Read a campaign document (DOCX, PDF with a text layer, or text) and write its draft in the campaign JSON form "
        "to standard output; with --save, create the campaign (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--save", action="store_true", help="create the campaign instead of printing the draft")

    def handle(self, *args, file, save, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                content = file.read_bytes()
            except OSError as exc:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
                ) from exc
            try:
                draft = draft_from_file(name=file.name, content=content)
                if save:
                    campaign = draft_save(data=draft.data)
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            if save:
                self.stdout.write(
                    _("Imported campaign %(id)s: %(campaign)s") % {"id": campaign.pk, "campaign": campaign}
                )
            else:
                self.stdout.write(json.dumps(draft.data, ensure_ascii=False, indent=2))
            for path in sorted(draft.uncertain):
                self.stderr.write(
                    _("To check: %(path)s (line %(line)s)") % {"path": path, "line": draft.provenance.get(path, "—")}
                )
