"""Reorganisations of units, and history following the successor (issue 18, items 3 and 4).

- ``follow_successors``: the people and collectives of a ceased unit (``valid_until`` set, a main successor) move
  to its main successor, or to that one's successor if it has ceased too. People and collectives of a unit below
  a ceased one (a village, an agency of the old commune) move to the ceased unit's successor. Their ratings,
  initiatives, discipline and awards stay attached to them; the unit each was recorded in (a nomination's unit, a
  decision's, a report's) is left as it was, so 2024 roll-ups and issued documents do not change.
- ``reorganise``: a merge (units A, B into C) or a split (A into X, Y with X the main successor) on a date: the
  units that cease get ``valid_until`` the day before and their main successor, the succession links are created
  with the main one marked, and the people move as above. One transaction; every row written through
  django-simple-history with the reason and the user.

Both return a ``Plan`` first (what would change), applied only when asked: the preview is the same code as the
change. Running either twice changes nothing the second time.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_update_with_history

from accounts.models import Membership
from people.models import Collective, CollectiveKind, Person
from units.dates import date_check
from units.models import Edition, Unit, UnitSuccession
from units.vn import short_date

__all__ = (
    "MERGE",
    "SPLIT",
    "Move",
    "Plan",
    "follow_successors",
    "reorganise",
    "parse_date",
    "DEFAULT_FOLLOW_REASON",
)

MERGE, SPLIT = "merge", "split"
DATE_FIELD = gettext_lazy("first day of the new units")
MAX_HOPS = 10  # successors of successors followed; a cycle in hand-entered data stops here
NAME_MAX_LENGTH = Collective._meta.get_field("name").max_length
REASON_MAX_LENGTH = 100  # django-simple-history's history_change_reason
DEFAULT_FOLLOW_REASON = gettext_noop("People and collectives follow the successor of their ceased unit.")

ERR_UNKNOWN_CODE = gettext_noop("No unit of the %(edition)s list has the code “%(code)s”.")
ERR_UNKNOWN_EDITION = gettext_noop("“%(edition)s” is not a list of units; the lists are %(editions)s.")
ERR_CEASED = gettext_noop("%(unit)s (code %(code)s) has already ceased: it was valid until %(date)s.")
ERR_EDITIONS = gettext_noop(
    "The units of one reorganisation belong to one list: %(units)s are of different lists (%(editions)s)."
)
ERR_KINDS = gettext_noop("The units of one reorganisation are of one kind: %(units)s are not.")
ERR_DATE_BEFORE = gettext_noop(
    "The date %(date)s must be after %(unit)s became valid (%(valid_from)s): it ceases the day before."
)
ERR_DATE_FORMAT = gettext_noop("“%(value)s” is not a date: write it as dd/mm/yyyy.")
ERR_BOTH_SIDES = gettext_noop("%(unit)s cannot both cease and be its own successor.")
ERR_REPEATED = gettext_noop("%(unit)s is named twice.")
ERR_MAIN = gettext_noop("The main successor “%(code)s” must be one of the units the unit is split into.")
ERR_SPLIT_TARGETS = gettext_noop("A split needs at least two successor units.")
ERR_ONE_SOURCE = gettext_noop("A split divides one unit; a merge takes several.")
ERR_NO_SOURCES = gettext_noop("Name the units that cease.")
ERR_ONE_TARGET = gettext_noop("A merge has one successor unit.")
ERR_HAS_SUCCESSORS = gettext_noop("%(unit)s already has successors listed (%(successors)s); remove them first.")
ERR_NO_REASON = gettext_noop("Give the reason for the reorganisation (for example the resolution's number).")
ERR_PARTS_SPLIT_ONLY = gettext_noop("Only a split sends some of its villages or agencies to another successor.")
ERR_PART_NOT_UNDER = gettext_noop("%(unit)s (code %(code)s) is not a village or agency of the unit that is split.")
ERR_PART_TARGET = gettext_noop("%(unit)s can go only to one of the units it is split into, not to %(target)s.")
ERR_REASON_LONG = gettext_noop("The reason has more than %(max)s characters: give the resolution's number and date.")
ERR_KIND = gettext_noop("“%(kind)s” is neither a merge nor a split.")


def parse_date(text: str) -> datetime.date:
    """dd/mm/yyyy (as Vietnamese write it) or yyyy-mm-dd, and plausible (units.dates); a ValidationError in
    Vietnamese otherwise."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            value = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
        date_check(value, field=DATE_FIELD)
        return value
    raise ValidationError(_(ERR_DATE_FORMAT) % {"value": text[:40]})


@dataclass
class Move:
    """A person or a collective that moves from ``source`` (the unit it is kept in) to ``target``."""

    subject: Person | Collective
    source: Unit
    target: Unit
    new_name: str = ""  # a collective renamed because the target already keeps one of that kind and name

    @property
    def renamed(self) -> bool:
        return bool(self.new_name) and self.new_name != self.subject.name


@dataclass
class Plan:
    """What a reorganisation (or following the successors) changes; ``applied`` once it has been written."""

    reason: str = ""
    on: datetime.date | None = None
    ceased: list[Unit] = field(default_factory=list)  # units that cease (valid_until = on − 1 day)
    successions: list[tuple[Unit, Unit, bool]] = field(default_factory=list)  # (old, new, is_main) to create
    people: list[Move] = field(default_factory=list)
    collectives: list[Move] = field(default_factory=list)
    stranded: list[Unit] = field(default_factory=list)  # ceased units with people but no successor to move them to
    # The commune itself as a collective, for a successor commune that has none yet: what its chain reads
    # (awards/lineage.py). Unsaved rows, each with the predecessors' collectives it continues.
    created: list[tuple[Collective, list[Collective]]] = field(default_factory=list)
    # Roles at the units people leave: not moved (who may see what is the administrator's call), only listed.
    accounts: list = field(default_factory=list)
    applied: bool = False

    @property
    def changes(self) -> int:
        return len(self.ceased) + len(self.successions) + len(self.people) + len(self.collectives) + len(self.created)

    def lines(self) -> list[str]:
        """The plan as the command prints it and the admin page lists it, in the active language."""
        out = []
        for unit in self.ceased:
            main = next((new for old, new, is_main in self.successions if old == unit and is_main), None)
            out.append(
                _("Ceases: %(unit)s (code %(code)s), valid until %(date)s; main successor %(main)s.")
                % {
                    "unit": unit.name,
                    "code": unit.code,
                    "date": short_date(self.on - datetime.timedelta(days=1)),
                    "main": main.name if main else "—",
                }
            )
        for old, new, is_main in self.successions:
            template = _("Successor: %(old)s → %(new)s (main).") if is_main else _("Successor: %(old)s → %(new)s.")
            out.append(template % {"old": old.name, "new": new.name})
        for move in self.people:
            out.append(
                _("Person moves: %(name)s, %(source)s → %(target)s.")
                % {"name": move.subject.full_name, "source": move.source.name, "target": move.target.name}
            )
        for move in self.collectives:
            template = (
                _("Collective moves: %(name)s, %(source)s → %(target)s, renamed “%(new_name)s”.")
                if move.renamed
                else _("Collective moves: %(name)s, %(source)s → %(target)s.")
            )
            out.append(
                template
                % {
                    "name": move.subject.name,
                    "source": move.source.name,
                    "target": move.target.name,
                    "new_name": move.new_name,
                }
            )
        for collective, predecessors in self.created:
            out.append(
                _("Collective created: %(name)s, kept by %(unit)s, continuing %(predecessors)s.")
                % {
                    "name": collective.name,
                    "unit": collective.unit.name,
                    "predecessors": ", ".join(p.name for p in predecessors),
                }
            )
        for membership in self.accounts:
            out.append(
                _(
                    "Account stays: %(user)s (%(role)s) acts for %(unit)s; give it a role at the successor if it is "
                    "to see the people moved."
                )
                % {
                    "user": membership.user.username,
                    "role": membership.get_role_display(),
                    "unit": membership.unit.name,
                }
            )
        for unit in self.stranded:
            out.append(
                _("Stays: %(unit)s (code %(code)s) has ceased without a successor; its people stay in it.")
                % {"unit": unit.name, "code": unit.code}
            )
        if not self.changes:
            out.append(_("Nothing to change."))
        return out


# ---------------------------------------------------------------- people follow the successor


def _moves(
    ceased: dict[int, int | None], plan: Plan, *, only: set[int] | None = None, parts: dict[str, int] | None = None
) -> None:
    """Fill ``plan.people`` and ``plan.collectives``: ``ceased`` maps each ceased unit's id to its main successor's
    id (None: no successor); with ``only``, just the people of those ceased units (and of the units below them);
    ``parts`` sends the people of a unit below one (a village, by its tree path) to another successor than the main.
    Reads only the units that keep people or collectives, and their ceased ancestors."""
    parts = parts or {}
    holding = set(Person.objects.order_by().values_list("unit_id", flat=True).distinct())
    holding |= set(Collective.objects.order_by().values_list("unit_id", flat=True).distinct())
    if not holding or not ceased:
        return
    paths = dict(Unit.objects.filter(pk__in=holding).order_by().values_list("pk", "path"))
    ancestors = {path[:end] for path in paths.values() for end in range(Unit.steplen, len(path), Unit.steplen)}
    ceased_by_path = {
        path: pk
        for path, pk in Unit.objects.filter(path__in=ancestors).order_by().values_list("path", "pk")
        if pk in ceased
    }
    source_of: dict[int, int] = {}  # holding unit → the ceased unit (itself or its nearest ceased ancestor)
    for pk, path in paths.items():
        if pk in ceased:
            source_of[pk] = pk
            continue
        for end in range(len(path) - Unit.steplen, 0, -Unit.steplen):
            if path[:end] in ceased_by_path:
                source_of[pk] = ceased_by_path[path[:end]]
                break
    if only is not None:
        source_of = {holder: source for holder, source in source_of.items() if source in only}
    target_of, stranded = {}, set()
    for holder, source in source_of.items():
        path = paths[holder]
        stated = next((parts[path[:end]] for end in range(len(path), 0, -Unit.steplen) if path[:end] in parts), None)
        target, hops = (stated if stated is not None else ceased[source]), 0
        while target is not None and target in ceased and hops < MAX_HOPS:  # its successor has ceased too
            target, hops = ceased[target], hops + 1
        if target is None or target in ceased:
            stranded.add(source)
        else:
            target_of[holder] = target
    left = set(target_of) | {source_of[holder] for holder in target_of}
    plan.accounts = list(
        Membership.objects.filter(unit_id__in=left)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )
    units = Unit.objects.in_bulk(set(target_of.values()) | stranded)
    plan.stranded = sorted((units[pk] for pk in stranded), key=lambda unit: unit.code)

    people = Person.objects.filter(unit_id__in=list(target_of)).select_related("unit").order_by("unit__path", "pk")
    plan.people = [Move(person, person.unit, units[target_of[person.unit_id]]) for person in people]
    collectives = list(
        Collective.objects.filter(unit_id__in=list(target_of)).select_related("unit").order_by("unit__path", "pk")
    )
    # A moved collective keeps its name unless its new unit already keeps one of that kind and name (two merged
    # communes each had a "Văn phòng"): then the former unit's name is added in brackets.
    taken = set(
        Collective.objects.filter(unit_id__in=set(target_of.values()))
        .exclude(pk__in=[c.pk for c in collectives])
        .values_list("unit_id", "kind", "name")
    )
    for collective in collectives:
        target = units[target_of[collective.unit_id]]
        name = collective.name
        if (target.pk, collective.kind, name) in taken:
            suffix, number = f" ({collective.unit.name})", 1
            while (target.pk, collective.kind, name) in taken:
                name = f"{collective.name[: NAME_MAX_LENGTH - len(suffix)]}{suffix}"
                number += 1
                suffix = f" ({collective.unit.name}, {number})"
        taken.add((target.pk, collective.kind, name))
        plan.collectives.append(Move(collective, collective.unit, target, name))
    _successor_communes(ceased, plan, taken, only)


def _live(ceased: dict[int, int | None], pk: int | None) -> int | None:
    """The unit itself when it has not ceased, else its live successor (None: none)."""
    for _hop in range(MAX_HOPS):
        if pk is None or pk not in ceased:
            return pk
        pk = ceased[pk]
    return None


def _successor_communes(ceased: dict[int, int | None], plan: Plan, taken: set, only: set[int] | None) -> None:
    """A collective that is a ceased commune itself ("Xã Cao Lâu", kept by the commune or by its district): the
    successor commune gets one, if it has none, kept where that collective is kept after the moves, so that the
    successor's chain reads its predecessors' years (awards/lineage.py)."""
    rows = Collective.objects.filter(kind=CollectiveKind.COMMUNE).select_related("unit")
    if only is not None:
        rows = rows.filter(linked_unit_id__in=list(only))
    else:
        rows = rows.filter(linked_unit__valid_until__isnull=False)
    moved = {move.subject.pk: move.target for move in plan.collectives}
    wanted: dict[int, list[tuple[Collective, Unit]]] = {}
    for collective in rows.order_by("linked_unit__code", "pk"):
        successor = _live(ceased, collective.linked_unit_id)
        if successor is not None:
            wanted.setdefault(successor, []).append((collective, moved.get(collective.pk, collective.unit)))
    if not wanted:
        return
    have = set(
        Collective.objects.filter(kind=CollectiveKind.COMMUNE, linked_unit_id__in=list(wanted)).values_list(
            "linked_unit_id", flat=True
        )
    )
    units = Unit.objects.in_bulk(list(wanted))
    for successor, found in sorted(wanted.items()):
        keeper, name = found[0][1], units[successor].name
        if successor in have or keeper.pk in ceased or (keeper.pk, CollectiveKind.COMMUNE, name) in taken:
            continue
        taken.add((keeper.pk, CollectiveKind.COMMUNE, name))
        row = Collective(unit=keeper, kind=CollectiveKind.COMMUNE, name=name, linked_unit=units[successor])
        plan.created.append((row, [collective for collective, _keeper in found]))


def _write_moves(plan: Plan, *, user) -> None:
    now = timezone.now()
    people = []
    for move in plan.people:
        move.subject.unit, move.subject.updated = move.target, now
        people.append(move.subject)
    collectives = []
    for move in plan.collectives:
        move.subject.unit, move.subject.name, move.subject.updated = move.target, move.new_name, now
        collectives.append(move.subject)
    for rows, model, fields in (
        (people, Person, ["unit", "updated"]),
        (collectives, Collective, ["unit", "name", "updated"]),
    ):
        if rows:
            bulk_update_with_history(
                rows, model, fields, batch_size=500, default_user=user, default_change_reason=plan.reason
            )
    for row, _predecessors in plan.created:
        row._change_reason, row._history_user = plan.reason, user
        row.full_clean()
        row.save()


def follow_successors(*, apply: bool = False, user=None, reason: str = "") -> Plan:
    """People and collectives of every ceased unit move to its (live) main successor: the 2025 merger, or any
    reorganisation whose moves were not made. With ``apply`` False, only the plan."""
    ceased = dict(
        Unit.objects.filter(valid_until__isnull=False).order_by().values_list("pk", "successor_id").iterator()
    )
    reason = (reason or "").strip() or _(DEFAULT_FOLLOW_REASON)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(_(ERR_REASON_LONG) % {"max": REASON_MAX_LENGTH})
    with transaction.atomic():
        plan = Plan(reason=reason)
        _moves(ceased, plan)
        if apply:
            _write_moves(plan, user=user)
            plan.applied = True
    return plan


# ---------------------------------------------------------------- merge and split


def _unit_by_code(code: str, *, edition: str) -> Unit:
    """``CODE`` in ``edition``, or ``EDITION:CODE``."""
    code = code.strip()
    if ":" in code:
        edition, code = (part.strip() for part in code.split(":", 1))
    if edition not in Edition.values:
        raise ValidationError(_(ERR_UNKNOWN_EDITION) % {"edition": edition, "editions": ", ".join(Edition.values)})
    unit = Unit.objects.filter(edition=edition, code=code).first()
    if unit is None:
        raise ValidationError(_(ERR_UNKNOWN_CODE) % {"edition": edition, "code": code})
    return unit


def _codes(text) -> list[str]:
    if isinstance(text, str):
        text = text.split(",")
    return [code.strip() for code in text if code and code.strip()]


def _parts(text) -> list[tuple[str, str]]:
    """ "06202.03=06229, 06202.04=06229" (or a dict) → [(part code, successor code)]; a pair without "=" is kept
    with an empty successor, which the code look-up refuses."""
    if isinstance(text, dict):
        return [(str(part).strip(), str(target).strip()) for part, target in text.items()]
    pairs = []
    for item in (text or "").split(","):
        if item.strip():
            part, _sep, target = item.partition("=")
            pairs.append((part.strip(), target.strip()))
    return pairs


def _check_parts(*, kind: str, sources: list[Unit], targets: list[Unit], stated: list[tuple[Unit, Unit]]) -> None:
    errors = []
    if stated and kind != SPLIT:
        errors.append(_(ERR_PARTS_SPLIT_ONLY))
    for part, target in stated:
        if not any(part.path.startswith(source.path) and part.pk != source.pk for source in sources):
            errors.append(_(ERR_PART_NOT_UNDER) % {"unit": part.name, "code": part.code})
        if target not in targets:
            errors.append(_(ERR_PART_TARGET) % {"unit": part.name, "target": target.name})
    if errors:
        raise ValidationError(errors)


def _check(*, kind: str, sources: list[Unit], targets: list[Unit], main: Unit | None, on: datetime.date, reason: str):
    errors = []
    if kind not in (MERGE, SPLIT):
        raise ValidationError(_(ERR_KIND) % {"kind": kind})
    if not reason.strip():
        errors.append(_(ERR_NO_REASON))
    elif len(reason) > REASON_MAX_LENGTH:
        errors.append(_(ERR_REASON_LONG) % {"max": REASON_MAX_LENGTH})
    try:
        date_check(on, field=DATE_FIELD)
    except ValidationError as exc:
        errors += exc.messages
    if not sources:
        errors.append(_(ERR_NO_SOURCES))
    if kind == SPLIT and len(sources) > 1:
        errors.append(_(ERR_ONE_SOURCE))
    if kind == SPLIT and len(targets) < 2:
        errors.append(_(ERR_SPLIT_TARGETS))
    if kind == MERGE and len(targets) != 1:
        errors.append(_(ERR_ONE_TARGET))
    everyone = sources + targets
    for unit in {u for u in everyone if everyone.count(u) > 1}:
        if unit in sources and unit in targets:
            errors.append(_(ERR_BOTH_SIDES) % {"unit": unit.name})
        else:
            errors.append(_(ERR_REPEATED) % {"unit": unit.name})
    editions = sorted({unit.edition for unit in everyone})
    if len(editions) > 1:
        errors.append(
            _(ERR_EDITIONS)
            % {"units": ", ".join(f"{u.name} ({u.edition})" for u in everyone), "editions": ", ".join(editions)}
        )
    if len({unit.kind for unit in everyone}) > 1:
        errors.append(_(ERR_KINDS) % {"units": ", ".join(f"{u.name} ({u.get_kind_display()})" for u in everyone)})
    for unit in dict.fromkeys(everyone):
        if unit.valid_until is not None:
            errors.append(_(ERR_CEASED) % {"unit": unit.name, "code": unit.code, "date": short_date(unit.valid_until)})
        if unit in sources and unit.valid_from is not None and on <= unit.valid_from:
            errors.append(
                _(ERR_DATE_BEFORE)
                % {"date": short_date(on), "unit": unit.name, "valid_from": short_date(unit.valid_from)}
            )
    for unit in sources:
        listed = list(unit.successions.select_related("new").order_by("new__code"))
        if listed:
            errors.append(
                _(ERR_HAS_SUCCESSORS) % {"unit": unit.name, "successors": ", ".join(s.new.name for s in listed)}
            )
    if kind == SPLIT and main is not None and main not in targets:
        errors.append(_(ERR_MAIN) % {"code": main.code})
    if errors:
        raise ValidationError(errors)


def reorganise(
    *,
    kind: str,
    sources,
    targets,
    on: datetime.date,
    reason: str,
    main: str = "",
    parts="",
    edition: str = "",
    apply: bool = False,
    user=None,
) -> Plan:
    """A merge (``sources`` A,B into one ``targets`` C) or a split (one source A into ``targets`` X,Y, ``main`` the
    main successor; the first target when not given) on ``on``: units given by code (comma-separated, or a list;
    ``EDITION:CODE`` for another list than ``edition``, by default the two-tier one). Raises ValidationError with
    every problem in Vietnamese; with ``apply`` False only returns the plan. All or nothing.

    ``parts`` (a split only): the villages or agencies under the unit whose people go to another of its successors
    than the main one, as ``{"06202.03": "06229"}`` or "06202.03=06229, 06202.04=06229"."""
    edition = edition or Edition.E2025_07
    reason = (reason or "").strip()
    errors, source_units, target_units = [], [], []
    for codes, found in ((_codes(sources), source_units), (_codes(targets), target_units)):
        for code in codes:
            try:
                found.append(_unit_by_code(code, edition=edition))
            except ValidationError as exc:
                errors += exc.messages
    main_unit = None
    if kind == SPLIT and main.strip():
        try:
            main_unit = _unit_by_code(main, edition=edition)
        except ValidationError as exc:
            errors += exc.messages
    stated: list[tuple[Unit, Unit]] = []
    for part_code, target_code in _parts(parts):
        try:
            stated.append((_unit_by_code(part_code, edition=edition), _unit_by_code(target_code, edition=edition)))
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError(errors)
    if kind == SPLIT and main_unit is None and target_units:
        main_unit = target_units[0]
    if kind == MERGE and target_units:
        main_unit = target_units[0]

    with transaction.atomic():
        # Locked, so two administrators cannot reorganise the same units at once; read again under the lock.
        extra = [main_unit.pk] if main_unit is not None else []
        locked = Unit.objects.select_for_update().in_bulk([u.pk for u in source_units + target_units] + extra)
        source_units = [locked[u.pk] for u in source_units]
        target_units = [locked[u.pk] for u in target_units]
        main_unit = locked.get(main_unit.pk) if main_unit is not None else None
        _check(kind=kind, sources=source_units, targets=target_units, main=main_unit, on=on, reason=reason)
        _check_parts(kind=kind, sources=source_units, targets=target_units, stated=stated)

        plan = Plan(reason=reason, on=on, ceased=source_units)
        for source in source_units:
            for target in target_units:
                plan.successions.append((source, target, target == main_unit))
        ceased = dict(
            Unit.objects.filter(valid_until__isnull=False).order_by().values_list("pk", "successor_id").iterator()
        )
        ceased.update({source.pk: main_unit.pk for source in source_units})
        only = {source.pk for source in source_units}
        _moves(ceased, plan, only=only, parts={part.path: target.pk for part, target in stated})
        if not apply:
            return plan

        for source in source_units:
            source.valid_until = on - datetime.timedelta(days=1)
            source.successor = main_unit
            source._change_reason, source._history_user = reason, user
            source.save(update_fields=["valid_until", "successor", "updated"])
        for old, new, is_main in plan.successions:
            row = UnitSuccession(old=old, new=new, is_main=is_main, note=reason)
            row._change_reason, row._history_user = reason, user
            row.full_clean()
            row.save()
        _write_moves(plan, user=user)
        plan.applied = True
    return plan
