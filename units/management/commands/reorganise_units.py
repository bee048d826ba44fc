"""python manage.py reorganise_units --merge A,B --into C --on DATE --reason TEXT [--dry-run]
python manage.py reorganise_units --split A --into X,Y --main X [--part A.03=Y …] --on DATE --reason TEXT [--dry-run]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from units.models import Edition
from units.reorganise import MERGE, SPLIT, parse_date, reorganise


class Command(BaseCommand):
    help = (
        "Merge units into one, or split one between several, on a date: the units that cease get valid_until the "
        "day before and their successors (the main one marked), and their people and collectives move to the main "
        "successor. One transaction, kept in the history with the reason. Codes are of --edition (by default the "
        "two-tier list); write EDITION:CODE for another."
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--merge", metavar="A,B", help="codes of the units merged")
        what.add_argument("--split", metavar="A", help="code of the unit split")
        parser.add_argument("--into", required=True, metavar="C | X,Y", help="code(s) of the successor unit(s)")
        parser.add_argument("--main", default="", metavar="X", help="a split's main successor (default: the first)")
        parser.add_argument(
            "--part",
            action="append",
            default=[],
            metavar="CODE=X",
            help="a split: a village or agency of the unit whose people go to successor X, not the main (repeatable)",
        )
        parser.add_argument("--on", required=True, metavar="DD/MM/YYYY", help="the first day of the new units")
        parser.add_argument("--reason", required=True, help="why: the resolution's number and date")
        parser.add_argument("--edition", default=Edition.E2025_07, help=", ".join(Edition.values))
        parser.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")

    def handle(self, *args, merge, split, into, main, part, on, reason, edition, dry_run, **options):
        with translation.override("vi"):
            try:
                plan = reorganise(
                    kind=MERGE if merge else SPLIT,
                    sources=merge or split,
                    targets=into,
                    main=main,
                    parts=",".join(part),
                    on=parse_date(on),
                    reason=reason,
                    edition=edition,
                    apply=not dry_run,
                )
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            for line in plan.lines():
                self.stdout.write(line)
            self.stdout.write(
                _("Dry run: nothing was changed.") if dry_run else _("Done: the reorganisation is saved.")
            )
