"""python manage.py units_follow_successors [--dry-run] [--reason TEXT]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from units.reorganise import follow_successors


class Command(BaseCommand):
    help = (
        "Move the people and collectives of every ceased unit (the 2025 merger, or a later reorganisation) to its "
        "main successor, keeping their records. Idempotent; --dry-run only shows what would move."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
        parser.add_argument("--reason", default="", help="the reason kept in the history of every row moved")

    def handle(self, *args, dry_run: bool, reason: str, **options):
        with translation.override("vi"):
            try:
                plan = follow_successors(apply=not dry_run, reason=reason)
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            for line in plan.lines():
                self.stdout.write(line)
            self.stdout.write(
                (
                    _("Dry run: nothing was changed.")
                    if dry_run
                    else _("Done: %(people)s people, %(collectives)s collectives moved.")
                )
                % {"people": len(plan.people), "collectives": len(plan.collectives)}
            )
