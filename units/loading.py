"""Loading an official list of units (``units/data/<edition>.tsv``) into the unit tree.

The file is read and checked as a whole before the database is touched; then, in one transaction, new units are
inserted in bulk with their tree paths computed here, renamed units are updated in bulk and the rare unit whose
parent changed is moved with treebeard. Units of the edition that the file no longer lists are left alone
(campaigns may refer to them) and only counted. Loading the same file twice writes nothing the second time.
See units/data/README.md for the file format.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import KIND_PARENTS, Edition, Unit, UnitKind, UnitType
from units.models.units import KIND_TYPES, NAME_MAX_LENGTH
from units.text import nfc, search_key

__all__ = ("DATA_DIR", "EDITIONS", "LoadResult", "UnitLoadError", "edition_file", "units_load_edition")

DATA_DIR = Path(__file__).resolve().parent / "data"
HEADER = ("code", "parent_code", "kind", "type", "name")
BATCH_SIZE = 1000
MAX_ERRORS_SHOWN = 20
OFFICIAL_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
CODE_MAX_LENGTH = Unit._meta.get_field("code").max_length

# ---------------------------------------------------------------- messages (English msgids; see locale/vi)
UNKNOWN_EDITION = _("Unknown edition “%(edition)s”. Known editions: %(known)s.")
FILE_MISSING = _("The file %(path)s does not exist.")
FILE_NOT_UTF8 = _("The file %(path)s is not UTF-8 text (byte %(position)s).")
FILE_EMPTY = _("The file %(path)s lists no units.")
BAD_HEADER = _("Line 1: the header must be “%(expected)s”, not “%(found)s”.")
COLUMN_COUNT = _("Line %(line)s: %(count)s columns instead of 5 (code, parent code, kind, type, name).")
CODE_EMPTY = _("Line %(line)s: the code is empty.")
CODE_INVALID = _("Line %(line)s: the code “%(code)s” is longer than %(max)s characters or contains spaces.")
CODE_DUPLICATE = _("Line %(line)s: the code %(code)s is already used on line %(first)s.")
KIND_INVALID = _("Line %(line)s (code %(code)s): unknown kind “%(kind)s”; an official list holds only %(kinds)s.")
TYPE_INVALID = _("Line %(line)s (code %(code)s): a %(kind)s cannot be of type “%(type)s”; allowed: %(types)s.")
NAME_EMPTY = _("Line %(line)s (code %(code)s): the name is empty.")
NAME_TOO_LONG = _("Line %(line)s (code %(code)s): the name has %(length)s characters, more than %(max)s.")
NAME_WITHOUT_TYPE = _(
    "Line %(line)s (code %(code)s): the name “%(name)s” must be its type “%(prefix)s” followed by the unit's own name."
)
NAME_DUPLICATE = _(
    "Line %(line)s (code %(code)s): the name “%(name)s” is already used under the same parent on line %(first)s "
    "(code %(first_code)s)."
)
PARENT_UNKNOWN = _("Line %(line)s (code %(code)s): the parent code %(parent)s is not in the file.")
PARENT_REQUIRED = _("Line %(line)s (code %(code)s): a %(kind)s must stand under a parent unit.")
PARENT_KIND_INVALID = _(
    "Line %(line)s (code %(code)s): in edition %(edition)s a %(kind)s cannot stand under a %(parent_kind)s "
    "(code %(parent)s)."
)
CYCLE = _("Line %(line)s (code %(code)s): the unit is its own ancestor (%(chain)s).")
CODE_TAKEN = _(
    "Code %(code)s of edition %(edition)s is already used by “%(name)s”, a unit that is not from the official list."
)
MORE_ERRORS = _("… and %(count)s more errors.")


class UnitLoadError(ValidationError):
    """The file cannot be loaded; ``messages`` lists what is wrong, each naming the line or code at fault."""


@dataclass(frozen=True)
class EditionSpec:
    valid_from: date | None
    valid_until: date | None
    # Kinds of parent allowed, where they are narrower than KIND_PARENTS.
    parents: dict[str, set[str | None]]
    # Codes whose name the official list itself gives twice under one parent: not an error for them.
    tolerated_duplicate_names: frozenset[str] = frozenset()


EDITIONS: dict[str, EditionSpec] = {
    Edition.E2025_01: EditionSpec(
        valid_from=None,
        valid_until=date(2025, 6, 30),
        parents={UnitKind.COMMUNE: {UnitKind.DISTRICT}},
        # The GSO list of January 2025 has two "Xã Đông Khê" in Thành phố Thanh Hóa (former Đông Sơn district).
        tolerated_duplicate_names=frozenset({"16387", "16408"}),
    ),
    Edition.E2025_07: EditionSpec(valid_from=date(2025, 7, 1), valid_until=None, parents={}),
}


@dataclass
class LoadResult:
    edition: str
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    missing: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.moved

    @property
    def total(self) -> int:
        """Units in the file."""
        return self.created + self.updated + self.moved + self.unchanged


@dataclass
class _Row:
    line: int
    code: str
    parent_code: str
    kind: str
    unit_type: str
    name: str
    short_name: str = ""
    level: int = 0


@dataclass
class _Existing:
    pk: int
    path: str
    parent_code: str | None
    official: bool
    values: tuple


# The fields the file decides, in the order of _Existing.values.
_FIELDS = ("kind", "unit_type", "name", "short_name", "search_name", "official", "valid_from", "valid_until")
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")


def edition_file(edition: str) -> Path:
    return DATA_DIR / f"{edition}.tsv"


def type_prefix(unit_type: str) -> str:
    """How a name of this type begins: "Xã", "Thị xã", "Thành phố" (also for a thành phố trực thuộc trung ương)."""
    if unit_type == UnitType.THANH_PHO_TW:
        return UnitType.THANH_PHO.label
    return UnitType(unit_type).label


def unit_short_name(name: str, unit_type: str) -> str | None:
    """The name without its type: "Xã Cao Lâu" -> "Cao Lâu", "Thành phố Hà Nội" -> "Hà Nội"; a number keeps its
    type ("Phường 1", "Quận 10", "Phường IV"). None when the name does not begin with its type."""
    prefix = type_prefix(unit_type)
    if len(name) <= len(prefix) + 1 or not name.casefold().startswith(prefix.casefold() + " "):
        return None
    rest = name[len(prefix) + 1 :].strip()
    if not rest:
        return None
    if rest.isdigit() or _ROMAN_NUMERAL.fullmatch(rest):
        return name
    return rest


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label).lower()


def _error(message, **params) -> str:
    return str(message % params)


# ---------------------------------------------------------------- reading and checking the file


def _read_rows(path: Path, errors: list[str]) -> list[_Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UnitLoadError([_error(FILE_MISSING, path=path)]) from None
    except UnicodeDecodeError as exc:
        raise UnitLoadError([_error(FILE_NOT_UTF8, path=path, position=exc.start)]) from None
    lines = text.splitlines()
    if not lines or not any(line.strip() for line in lines[1:]):
        raise UnitLoadError([_error(FILE_EMPTY, path=path)])
    header = tuple(cell.strip() for cell in lines[0].split("\t"))
    if header != HEADER:
        errors.append(_error(BAD_HEADER, expected="\\t".join(HEADER), found=lines[0].replace("\t", "\\t")))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            errors.append(_error(COLUMN_COUNT, line=number, count=len(cells)))
            continue
        code, parent_code, kind, unit_type, name = (nfc(cell) for cell in cells)
        rows.append(_Row(number, code, parent_code, kind, unit_type, name))
    return rows


def _check_row(row: _Row, errors: list[str]) -> bool:
    """Checks that need only the row itself. False if the row cannot be used further."""
    line, code = row.line, row.code
    if not code:
        errors.append(_error(CODE_EMPTY, line=line))
        return False
    if len(code) > CODE_MAX_LENGTH or any(ch.isspace() for ch in code):
        errors.append(_error(CODE_INVALID, line=line, code=code, max=CODE_MAX_LENGTH))
        return False
    ok = True
    if row.kind not in OFFICIAL_KINDS:
        kinds = ", ".join(OFFICIAL_KINDS)
        errors.append(_error(KIND_INVALID, line=line, code=code, kind=row.kind, kinds=kinds))
        ok = False
    elif row.unit_type not in KIND_TYPES[row.kind]:
        types = ", ".join(sorted(KIND_TYPES[row.kind]))
        errors.append(
            _error(TYPE_INVALID, line=line, code=code, kind=_kind_label(row.kind), type=row.unit_type, types=types)
        )
        ok = False
    if not row.name:
        errors.append(_error(NAME_EMPTY, line=line, code=code))
        ok = False
    elif len(row.name) > NAME_MAX_LENGTH:
        errors.append(_error(NAME_TOO_LONG, line=line, code=code, length=len(row.name), max=NAME_MAX_LENGTH))
        ok = False
    elif ok:
        short_name = unit_short_name(row.name, row.unit_type)
        if short_name is None:
            prefix = type_prefix(row.unit_type)
            errors.append(_error(NAME_WITHOUT_TYPE, line=line, code=code, name=row.name, prefix=prefix))
            ok = False
        else:
            row.short_name = short_name
    return ok


def _levels(rows: dict[str, _Row], errors: list[str]) -> None:
    """Sets each row's level (0 for a root); reports cycles. Rows under an unknown parent or a cycle get -1."""
    level: dict[str, int | None] = {}
    for start in rows:
        chain: list[str] = []
        on_chain: dict[str, int] = {}
        code = start
        base: int | None
        while code not in level:
            if code in on_chain:
                cycle = chain[on_chain[code] :]
                first = min(cycle, key=lambda c: rows[c].line)
                members = " → ".join([*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first])
                errors.append(_error(CYCLE, line=rows[first].line, code=first, chain=members))
                base = None
                break
            row = rows.get(code)
            if row is None:
                base = None
                break
            on_chain[code] = len(chain)
            chain.append(code)
            if not row.parent_code:
                base = -1
                break
            code = row.parent_code
        else:
            base = level[code]
        for code in reversed(chain):
            base = None if base is None else base + 1
            level[code] = base
    for code, row in rows.items():
        row.level = -1 if level[code] is None else level[code]


def _validate(path: Path, edition: str) -> list[_Row]:
    """The rows of the file in file order, or UnitLoadError with every problem found."""
    spec = EDITIONS[edition]
    errors: list[str] = []
    by_code: dict[str, _Row] = {}
    for row in _read_rows(path, errors):
        if not _check_row(row, errors) and not row.code:
            continue
        if row.code in by_code:
            errors.append(_error(CODE_DUPLICATE, line=row.line, code=row.code, first=by_code[row.code].line))
            continue
        by_code[row.code] = row

    names: dict[tuple[str, str], _Row] = {}
    for row in by_code.values():
        parent = by_code.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            errors.append(_error(PARENT_UNKNOWN, line=row.line, code=row.code, parent=row.parent_code))
        elif row.kind in OFFICIAL_KINDS and (parent is None or parent.kind in OFFICIAL_KINDS):
            allowed = spec.parents.get(row.kind, KIND_PARENTS[row.kind])
            parent_kind = parent.kind if parent else None
            if parent_kind not in allowed:
                if parent is None:
                    errors.append(_error(PARENT_REQUIRED, line=row.line, code=row.code, kind=_kind_label(row.kind)))
                else:
                    errors.append(
                        _error(
                            PARENT_KIND_INVALID,
                            line=row.line,
                            code=row.code,
                            edition=edition,
                            kind=_kind_label(row.kind),
                            parent_kind=_kind_label(parent.kind),
                            parent=parent.code,
                        )
                    )
        if row.name:
            key = (row.parent_code, row.name.casefold())
            first = names.setdefault(key, row)
            tolerated = {first.code, row.code} <= spec.tolerated_duplicate_names
            if first is not row and not tolerated:
                errors.append(
                    _error(
                        NAME_DUPLICATE,
                        line=row.line,
                        code=row.code,
                        name=row.name,
                        first=first.line,
                        first_code=first.code,
                    )
                )
    _levels(by_code, errors)

    if errors:
        raise UnitLoadError(_limited(errors))
    return list(by_code.values())


def _limited(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS_SHOWN:
        return errors
    return errors[:MAX_ERRORS_SHOWN] + [_error(MORE_ERRORS, count=len(errors) - MAX_ERRORS_SHOWN)]


# ---------------------------------------------------------------- writing


def _existing_units(edition: str) -> dict[str, _Existing]:
    rows = list(Unit.objects.filter(edition=edition).order_by().values_list("pk", "code", "path", "official", *_FIELDS))
    code_by_path = {path: code for _, code, path, *_ in rows}
    existing = {}
    for pk, code, path, official, *values in rows:
        parent_path = path[: -Unit.steplen]
        parent_code = code_by_path.get(parent_path) if parent_path else ""
        existing[code] = _Existing(pk, path, parent_code, official, tuple(values))
    return existing


def _last_child_steps(depth: int) -> dict[str, int]:
    """For every unit at ``depth - 1`` that has children: the step of its last child (any edition, any kind)."""
    if depth == 1:
        last = Unit.objects.filter(depth=1).order_by().aggregate(last=Max("path"))["last"]
        return {"": Unit._str2int(last) if last else 0}
    parent_length = (depth - 1) * Unit.steplen
    groups = (
        Unit.objects.filter(depth=depth)
        .order_by()
        .annotate(parent_path=Substr("path", 1, parent_length))
        .values("parent_path")
        .annotate(last=Max("path"))
        .values_list("parent_path", "last")
    )
    return {parent_path: Unit._str2int(last[-Unit.steplen :]) for parent_path, last in groups}


def _code_order(code: str) -> tuple[int, str]:
    return len(code), code


def _move(pk: int, parent_pk: int | None) -> None:
    node = Unit.objects.get(pk=pk)
    if parent_pk is None:
        Unit.objects.move(node, Unit.objects.get_last_root_node(), "last-sibling")
    else:
        Unit.objects.move(node, Unit.objects.get(pk=parent_pk), "last-child")


def _create(
    rows: list[_Row], depth: int, edition: str, wanted: dict[str, tuple], paths: dict[str, str], new_children: Counter
) -> list[Unit]:
    """Insert the new units of one level, each after the last child its parent already has. ``paths`` gets theirs."""
    last_steps = _last_child_steps(depth)
    units = []
    for row in rows:
        parent_path = paths[row.parent_code] if row.parent_code else ""
        step = last_steps.get(parent_path, 0) + 1
        last_steps[parent_path] = step
        path = paths[row.code] = Unit._get_path(parent_path, depth, step)
        units.append(
            Unit(
                path=path,
                depth=depth,
                numchild=new_children[row.code],
                edition=edition,
                code=row.code,
                **dict(zip(_FIELDS, wanted[row.code], strict=True)),
            )
        )
    units = Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)
    if any(unit.pk is None for unit in units):  # a database that does not return the new keys
        keys = dict(Unit.objects.filter(edition=edition, path__in=[u.path for u in units]).values_list("path", "pk"))
        for unit in units:
            unit.pk = keys[unit.path]
    return units


@transaction.atomic
def _write(rows: list[_Row], edition: str) -> LoadResult:
    spec = EDITIONS[edition]
    result = LoadResult(edition=edition)
    existing = _existing_units(edition)

    taken = [
        _error(CODE_TAKEN, code=row.code, edition=edition, name=existing[row.code].values[_FIELDS.index("name")])
        for row in rows
        if row.code in existing and not existing[row.code].official
    ]
    if taken:
        raise UnitLoadError(_limited(taken))

    wanted = {
        row.code: (
            row.kind,
            row.unit_type,
            row.name,
            row.short_name,
            search_key(row.name),
            True,
            spec.valid_from,
            spec.valid_until,
        )
        for row in rows
    }
    moved = {row.code for row in rows if row.code in existing and existing[row.code].parent_code != row.parent_code}
    new_children = Counter(row.parent_code for row in rows if row.code not in existing)
    pks = {code: unit.pk for code, unit in existing.items()}
    paths = {code: unit.path for code, unit in existing.items()}
    by_level: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        by_level[row.level].append(row)

    for level in sorted(by_level):
        level_rows = sorted(by_level[level], key=lambda r: (_code_order(r.parent_code), _code_order(r.code)))
        new_rows = [row for row in level_rows if row.code not in existing]
        if new_rows:
            units = _create(new_rows, level + 1, edition, wanted, paths, new_children)
            result.created += len(units)
            pks.update((unit.code, unit.pk) for unit in units)
            _add_numchild(Counter(row.parent_code for row in new_rows if row.parent_code in existing), pks)
        # After the new units of the level: a new parent then has the children its numchild already counts,
        # which treebeard's move() relies on.
        movers = [row for row in level_rows if row.code in moved]
        for row in movers:
            _move(pks[row.code], pks[row.parent_code] if row.parent_code else None)
        result.moved += len(movers)
        if movers:  # whole branches moved: read the paths again
            paths.update(Unit.objects.filter(edition=edition).order_by().values_list("code", "path"))

    now = timezone.now()
    updates = []
    for row in rows:
        current = existing.get(row.code)
        if current is None:
            continue
        if current.values != wanted[row.code]:
            updates.append(Unit(pk=current.pk, updated=now, **dict(zip(_FIELDS, wanted[row.code], strict=True))))
            if row.code not in moved:
                result.updated += 1
        elif row.code not in moved:
            result.unchanged += 1
    if updates:
        Unit.objects.bulk_update(updates, [*_FIELDS, "updated"], batch_size=BATCH_SIZE)

    codes = {row.code for row in rows}
    result.missing = sum(1 for code, unit in existing.items() if unit.official and code not in codes)
    return result


def _add_numchild(added: Counter, pks: dict[str, int]) -> None:
    """Existing parents got new children: one UPDATE per distinct number added (and per batch)."""
    by_count: dict[int, list[int]] = defaultdict(list)
    for code, count in added.items():
        by_count[count].append(pks[code])
    for count, parent_pks in by_count.items():
        for start in range(0, len(parent_pks), BATCH_SIZE):
            batch = parent_pks[start : start + BATCH_SIZE]
            Unit.objects.filter(pk__in=batch).update(numchild=F("numchild") + count)


def units_load_edition(*, edition: str, path: Path | None = None) -> LoadResult:
    """Load the official list of an edition (by default units/data/<edition>.tsv) into the unit tree.

    Raises UnitLoadError, with the database untouched, when the edition is unknown or the file is wrong.
    """
    if edition not in EDITIONS:
        raise UnitLoadError([_error(UNKNOWN_EDITION, edition=edition, known=", ".join(EDITIONS))])
    rows = _validate(Path(path) if path else edition_file(edition), edition)
    return _write(rows, edition)
