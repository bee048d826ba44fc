"""python manage.py load_units --edition 2025-01 [--file PATH] | --edition all"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from units.loading import EDITIONS, LoadResult, UnitLoadError, units_load_edition
from units.successions import SuccessionResult, units_load_successors

ALL = "all"
LOADED = _(
    "%(edition)s: %(total)s units; created %(created)s, updated %(updated)s, moved %(moved)s, unchanged %(unchanged)s"
)
MISSING = _("%(edition)s: %(missing)s official units in the database are not in the file; they were left as they are.")
SUCCESSORS_LOADED = _(
    "Successors: %(total)s pairs; created %(created)s, updated %(updated)s, unchanged %(unchanged)s; "
    "main successor set on %(successors_set)s units"
)
SUCCESSORS_MISSING = _("Successors: %(missing)s pairs in the database are not in the file; they were left as they are.")
FILE_WITH_ALL = _("--file names the file of one edition; it cannot be used with --edition all.")


def _n(number: int) -> str:
    return number_format(number, force_grouping=True)


def result_lines(result: LoadResult) -> list[str]:
    """What the command prints for one edition, in the active language."""
    counts = {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "moved": result.moved,
        "unchanged": result.unchanged,
        "missing": result.missing,
    }
    params = {"edition": result.edition, **{key: _n(value) for key, value in counts.items()}}
    lines = [str(LOADED % params)]
    if result.missing:
        lines.append(str(MISSING % params))
    return lines


def succession_lines(result: SuccessionResult) -> list[str]:
    counts = ("total", "created", "updated", "unchanged", "missing", "successors_set")
    params = {key: _n(getattr(result, key)) for key in counts}
    lines = [str(SUCCESSORS_LOADED % params)]
    if result.missing:
        lines.append(str(SUCCESSORS_MISSING % params))
    return lines


class Command(BaseCommand):
    help = (
        "Load the official list of units of an edition (units/data/<edition>.tsv), or of every edition and then the "
        "successors of the 2025-01 units (units/data/successors-2025.tsv)."
    )

    def add_arguments(self, parser):
        # No argparse choices: an unknown edition gets the loader's own (translated) message.
        parser.add_argument("--edition", required=True, help=f"{', '.join(EDITIONS)} or {ALL}")
        parser.add_argument("--file", type=Path, help="a TSV file to load instead of units/data/<edition>.tsv")

    def handle(self, *args, edition: str, file: Path | None, **options):
        with translation.override("vi"):
            if edition == ALL and file:
                raise CommandError(str(FILE_WITH_ALL))
            editions = list(EDITIONS) if edition == ALL else [edition]
            lines = []
            try:
                with transaction.atomic():  # --edition all: every edition or none
                    for name in editions:
                        lines += result_lines(units_load_edition(edition=name, path=file))
                    if edition == ALL:
                        lines += succession_lines(units_load_successors())
            except UnitLoadError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            for line in lines:
                self.stdout.write(line)
