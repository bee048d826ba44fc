"""Loading the successors of the 2025-01 units (``units/data/successors-2025.tsv``) once both editions are loaded.

The file is read and checked as a whole before the database is touched (every code a unit of its edition, every old
unit with exactly one main successor); then, in one transaction, missing pairs are inserted in bulk, changed ones
updated in bulk, and ``Unit.successor`` of each old unit set to its main successor. Pairs the file no longer lists
(or that an administrator added) are left alone and counted. Loading the same file twice writes nothing.
See units/data/README.md for the file and its provenance.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.loading import BAD_HEADER, BATCH_SIZE, DATA_DIR, FILE_MISSING, MAX_ERRORS_SHOWN, MORE_ERRORS, UnitLoadError
from units.models import Edition, Unit, UnitKind, UnitSuccession

__all__ = ("SUCCESSORS_FILE", "SuccessionResult", "units_load_successors")

SUCCESSORS_FILE = DATA_DIR / "successors-2025.tsv"
HEADER = ("old_code", "old_name", "new_code", "new_name", "main", "note")
HEADER_LINE = "\t".join(HEADER)
OLD_EDITION, NEW_EDITION = Edition.E2025_01, Edition.E2025_07
NOTE_MAX_LENGTH = UnitSuccession._meta.get_field("note").max_length

# ---------------------------------------------------------------- messages (English msgids; see locale/vi)
SUCCESSORS_COLUMNS = _(
    "Line %(line)s: %(count)s columns instead of 6 (old code, old name, new code, new name, main, note)."
)
SUCCESSORS_CODE_UNKNOWN = _("Line %(line)s: no unit of edition %(edition)s has the code %(code)s.")
SUCCESSORS_MAIN_INVALID = _("Line %(line)s: the column “main” must be 1 or 0, not “%(value)s”.")
SUCCESSORS_DUPLICATE = _("Line %(line)s: %(old)s → %(new)s is already on line %(first)s.")
SUCCESSORS_MAIN_COUNT = _("The unit %(code)s has %(count)s main successors; it must have exactly one.")
SUCCESSORS_NOTE_TOO_LONG = _("Line %(line)s: the note has more than %(max)s characters.")


@dataclass
class SuccessionResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: int = 0
    successors_set: int = 0

    @property
    def total(self) -> int:
        """Pairs in the file."""
        return self.created + self.updated + self.unchanged

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.successors_set


@dataclass(frozen=True)
class _Pair:
    old: int  # pk
    new: int
    is_main: bool
    note: str


def _read(path: Path) -> list[_Pair]:
    if not path.exists():
        raise UnitLoadError([FILE_MISSING % {"path": path}])
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        found = lines[0] if lines else ""
        raise UnitLoadError([BAD_HEADER % {"expected": "\t".join(HEADER), "found": found}])
    old_pks = dict(Unit.objects.filter(edition=OLD_EDITION).order_by().values_list("code", "pk"))
    new_pks = dict(Unit.objects.filter(edition=NEW_EDITION).order_by().values_list("code", "pk"))
    errors, pairs, seen, mains = [], [], {}, Counter()
    for number, text in enumerate(lines[1:], start=2):
        cells = text.split("\t")
        if len(cells) != len(HEADER):
            errors.append(SUCCESSORS_COLUMNS % {"line": number, "count": len(cells)})
            continue
        old_code, _old_name, new_code, _new_name, main, note = (cell.strip() for cell in cells)
        if old_code not in old_pks:
            errors.append(SUCCESSORS_CODE_UNKNOWN % {"line": number, "edition": OLD_EDITION, "code": old_code})
        if new_code not in new_pks:
            errors.append(SUCCESSORS_CODE_UNKNOWN % {"line": number, "edition": NEW_EDITION, "code": new_code})
        if main not in ("0", "1"):
            errors.append(SUCCESSORS_MAIN_INVALID % {"line": number, "value": main})
        if len(note) > NOTE_MAX_LENGTH:
            errors.append(SUCCESSORS_NOTE_TOO_LONG % {"line": number, "max": NOTE_MAX_LENGTH})
        if (old_code, new_code) in seen:
            errors.append(
                SUCCESSORS_DUPLICATE
                % {"line": number, "old": old_code, "new": new_code, "first": seen[(old_code, new_code)]}
            )
        seen.setdefault((old_code, new_code), number)
        mains[old_code] += main == "1"
        if old_code in old_pks and new_code in new_pks and main in ("0", "1"):
            pairs.append(_Pair(old_pks[old_code], new_pks[new_code], main == "1", note))
    errors += [
        SUCCESSORS_MAIN_COUNT % {"code": code, "count": count} for code, count in sorted(mains.items()) if count != 1
    ]
    if errors:
        shown = [str(error) for error in errors[:MAX_ERRORS_SHOWN]]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(str(MORE_ERRORS % {"count": len(errors) - MAX_ERRORS_SHOWN}))
        raise UnitLoadError(shown)
    return pairs


@transaction.atomic
def _write(pairs: list[_Pair]) -> SuccessionResult:
    result = SuccessionResult()
    existing = {
        (old, new): (pk, is_main, note)
        for pk, old, new, is_main, note in UnitSuccession.objects.filter(old__edition=OLD_EDITION)
        .order_by()
        .values_list("pk", "old_id", "new_id", "is_main", "note")
    }
    wanted = {(pair.old, pair.new) for pair in pairs}
    result.missing = sum(1 for key in existing if key not in wanted)

    now = timezone.now()
    create, demote, update = [], [], []
    for pair in pairs:
        current = existing.get((pair.old, pair.new))
        if current is None:
            create.append(UnitSuccession(old_id=pair.old, new_id=pair.new, is_main=pair.is_main, note=pair.note))
        elif current[1:] != (pair.is_main, pair.note):
            row = UnitSuccession(pk=current[0], is_main=pair.is_main, note=pair.note, updated=now)
            # A main successor that moves: the old main row loses the flag before the new one takes it
            # (one main per unit is a constraint).
            (demote if current[1] and not pair.is_main else update).append(row)
        else:
            result.unchanged += 1
    mains = {pair.old for pair in pairs if pair.is_main}
    # Pairs outside the file that still claim to be main lose the flag when the file names another main.
    stale_mains = [
        UnitSuccession(pk=pk, is_main=False, note=note, updated=now)
        for (old, new), (pk, is_main, note) in existing.items()
        if is_main and old in mains and (old, new) not in wanted
    ]
    for rows in (stale_mains, demote, update):
        if rows:
            UnitSuccession.objects.bulk_update(rows, ["is_main", "note", "updated"], batch_size=BATCH_SIZE)
    UnitSuccession.objects.bulk_create(create, batch_size=BATCH_SIZE)
    result.created, result.updated = len(create), len(demote) + len(update)

    main_of = {pair.old: pair.new for pair in pairs if pair.is_main}
    current_successor = dict(
        Unit.objects.filter(pk__in=list(main_of)).order_by().values_list("pk", "successor_id").iterator()
    )
    changed = [old for old, new in main_of.items() if current_successor.get(old) != new]
    # One UPDATE … SET successor = (the main pair's new unit) per batch: bulk_update's CASE over 10,000 rows is
    # several times slower.
    main_new = UnitSuccession.objects.filter(old=OuterRef("pk"), is_main=True).values("new")[:1]
    for start in range(0, len(changed), BATCH_SIZE):
        Unit.objects.filter(pk__in=changed[start : start + BATCH_SIZE]).update(
            successor=Subquery(main_new), updated=now
        )
    result.successors_set = len(changed)
    return result


def units_load_successors(*, path: Path | None = None) -> SuccessionResult:
    """Load the successors of the 2025-01 units into the 2025-07 ones (by default units/data/successors-2025.tsv).

    Both editions must be loaded first. Raises UnitLoadError, with the database untouched, when the file is wrong or
    names a code that is not in the database.
    """
    return _write(_read(Path(path) if path else SUCCESSORS_FILE))


def successions_of(unit: Unit) -> tuple[list[UnitSuccession], list[UnitSuccession]]:
    """The unit's successors (the main one first) and the units it took over, for the unit page: two queries."""
    successors = list(unit.successions.select_related("new").order_by("-is_main", "new__name"))
    predecessors = unit.predecessions.select_related("old").order_by("old__code")
    if unit.kind == UnitKind.PROVINCE:  # the old provinces, not also each of their districts
        predecessors = predecessors.filter(old__kind=UnitKind.PROVINCE)
    predecessors = list(predecessors)
    return successors, predecessors
