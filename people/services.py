"""Writes to the register of people and collectives and to their record (ratings, initiatives, discipline and the
award history entered by hand). Every rule the register keeps is here; the views only parse and show the errors.

``user`` is optional everywhere: given (the pages), the units written to must be in the user's scope and the user
must hold an edit role there; left out (the demo, other services), only the data rules apply."""

import datetime
import io
import unicodedata
import warnings

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from people.models import (
    Collective,
    CollectiveKind,
    DisciplineRecord,
    Initiative,
    Person,
    TaskRating,
)
from units import sheets
from units.dates import model_dates_check
from units.models import Unit
from units.text import nfc

__all__ = (
    "FIRST_YEAR",
    "may_edit",
    "year_range",
    "person_create",
    "person_update",
    "person_delete",
    "collective_create",
    "collective_update",
    "collective_delete",
    "rating_set",
    "initiative_add",
    "discipline_add",
    "discipline_end",
    "award_record_add",
    "record_delete",
    "people_import",
)

FIRST_YEAR = 2000
OLDEST_AGE, YOUNGEST_AGE = 100, 15

ERR_NAME_EMPTY = gettext_noop("Enter the name.")
ERR_BIRTH_YEAR = gettext_noop("The year of birth %(year)s is not plausible: enter a year from %(low)s to %(high)s.")
ERR_YEAR = gettext_noop("The year %(year)s is out of range: enter a year from %(low)s to %(high)s.")
ERR_DATE_ORDER = gettext_noop("The end date (%(until)s) is before the start date (%(since)s).")
ERR_DATE_FUTURE = gettext_noop("The date %(date)s is in the future.")
ERR_OUT_OF_SCOPE = gettext_noop("%(unit)s is outside the units you keep records for; nothing was saved.")
ERR_COLLECTIVE_UNIT = gettext_noop(
    "The collective %(collective)s belongs to %(unit)s, which is neither the person's unit nor above it."
)
ERR_COLLECTIVE_DUPLICATE = gettext_noop("%(unit)s already has a collective of this kind named %(name)s.")
ERR_PERSON_HAS_HISTORY = gettext_noop(
    "%(name)s has nominations or awards on record and cannot be deleted: deactivate them instead."
)
ERR_COLLECTIVE_HAS_HISTORY = gettext_noop(
    "%(name)s has members, nominations or awards on record and cannot be deleted: deactivate it instead."
)
ERR_RATING_DUPLICATE = gettext_noop(
    "%(name)s already has a rating for %(year)s (%(rating)s). Tick “Replace the rating of that year” to change it."
)
ERR_INITIATIVE_CODE = gettext_noop("%(name)s already has an initiative with the code %(code)s.")
ERR_CODE_EMPTY = gettext_noop("Enter the initiative's code.")
ERR_TITLE_EMPTY = gettext_noop("Enter the title.")
ERR_RECOGNISED_BY_EMPTY = gettext_noop("Enter who recognised the initiative.")
ERR_ALREADY_ENDED = gettext_noop("This record already has an end date.")
ERR_AWARD_DUPLICATE = gettext_noop(
    "%(name)s already has %(award)s for %(year)s (decision %(reference)s); the same title is not recorded twice for "
    "one year."
)
ERR_AWARD_FOR_INDIVIDUALS = gettext_noop("%(award)s is awarded to individuals, not to collectives.")
ERR_AWARD_FOR_COLLECTIVES = gettext_noop("%(award)s is awarded to collectives, not to individuals.")
ERR_AWARD_NO_RULE = gettext_noop(
    "No rule of the catalogue is in force for %(award)s on %(date)s, so an award of %(year)s cannot be recorded."
)
ERR_DECISION_EMPTY = gettext_noop("Enter the decision number.")
ERR_DECIDED_BY_EMPTY = gettext_noop("Enter who decided it.")
ERR_INITIATIVE_USED = gettext_noop(
    "The initiative %(code)s was used for the nomination %(nomination)s and is kept with it."
)
ERR_AWARD_FROM_DECISION = gettext_noop(
    "This award was written by the decision %(decision)s; it changes only with that decision."
)
ERR_IMPORT_FILE = gettext_noop("The file is not an Excel workbook (.xlsx) that can be read.")
ERR_IMPORT_COLUMNS = gettext_noop("The first row must name the columns: %(columns)s. Missing: %(missing)s.")
ERR_IMPORT_EMPTY = gettext_noop("The workbook has no people to import.")
ERR_IMPORT_ROW = gettext_noop("Row %(row)s: %(message)s")
ERR_IMPORT_CELL = gettext_noop("Row %(row)s, column %(column)s: %(message)s")
ERR_IMPORT_TOO_LONG = gettext_noop("the text has %(count)s characters; at most %(limit)s are allowed.")
ERR_IMPORT_NO_COLLECTIVE = gettext_noop("there is no collective named “%(name)s” in %(unit)s.")
ERR_IMPORT_BIRTH_YEAR = gettext_noop("the year of birth “%(value)s” is not a year.")
ERR_IMPORT_TWICE = gettext_noop("%(name)s is listed twice in the file (row %(other)s).")
ERR_IMPORT_EXISTS = gettext_noop("%(name)s with this year of birth is already in the register of %(unit)s.")
ERR_IMPORT_TOO_LARGE = gettext_noop("The file is too large: at most %(rows)s people at a time.")

IMPORT_COLUMNS = ("Họ và tên", "Năm sinh", "Chức vụ", "Tập thể")
COLUMN_NAME, COLUMN_BIRTH_YEAR, COLUMN_POSITION, COLUMN_COLLECTIVE = IMPORT_COLUMNS
NUMBER_COLUMNS = (COLUMN_BIRTH_YEAR,)  # where text written as "=…" is refused like a formula
TEXT_COLUMNS = {COLUMN_NAME: "full_name", COLUMN_POSITION: "position"}  # checked against the model's lengths
FIELD_COLUMNS = {
    "full_name": COLUMN_NAME,
    "birth_year": COLUMN_BIRTH_YEAR,
    "position": COLUMN_POSITION,
    "collective": COLUMN_COLLECTIVE,
}
IMPORT_MAX_ROWS = 2000
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# Which recipients of the catalogue a collective of each kind may hold.
INDIVIDUAL = "individual"


# ------------------------------------------------------------------ checks shared by the services


def may_edit(user, unit: Unit) -> bool:
    """The user sees the unit and holds an edit role there (or above it)."""
    return Unit.objects.restrict(user).filter(pk=unit.pk).exists() and user.can("person.edit", unit)


def _check_unit(user, unit: Unit) -> None:
    if user is not None and not may_edit(user, unit):
        raise ValidationError({"unit": _(ERR_OUT_OF_SCOPE) % {"unit": unit.name}})


def year_range() -> tuple[int, int]:
    """The years a record may be for: 2000 to next year."""
    return FIRST_YEAR, timezone.localdate().year + 1


def _check_year(year: int, field: str = "year") -> None:
    low, high = year_range()
    if year is None or not low <= year <= high:
        raise ValidationError({field: _(ERR_YEAR) % {"year": year, "low": low, "high": high}})


def _check_birth_year(year: int | None) -> None:
    if year is None:
        return
    this_year = timezone.localdate().year
    low, high = this_year - OLDEST_AGE, this_year - YOUNGEST_AGE
    if not low <= year <= high:
        raise ValidationError({"birth_year": _(ERR_BIRTH_YEAR) % {"year": year, "low": low, "high": high}})


def _check_not_future(value: datetime.date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _(ERR_DATE_FUTURE) % {"date": value.strftime("%d/%m/%Y")}})


def _check_order(since: datetime.date, until: datetime.date | None, field: str = "ended_on") -> None:
    if until is not None and since is not None and until < since:
        raise ValidationError(
            {field: _(ERR_DATE_ORDER) % {"until": until.strftime("%d/%m/%Y"), "since": since.strftime("%d/%m/%Y")}}
        )


def _text(value: str | None, message: str, field: str) -> str:
    text = " ".join(nfc(value or "").split())
    if not text:
        raise ValidationError({field: _(message)})
    return text


def _name(value: str | None, field: str = "full_name") -> str:
    return _text(value, ERR_NAME_EMPTY, field)


def _subject_fields(subject: Person | Collective) -> dict:
    if isinstance(subject, Person):
        return {"person": subject, "collective": None}
    return {"person": None, "collective": subject}


def _subject_unit(subject: Person | Collective) -> Unit:
    return subject.unit


def _check_collective(collective: Collective | None, unit: Unit) -> None:
    """A person's collective is kept by the person's unit or by a unit above it."""
    if collective is not None and not unit.path.startswith(collective.unit.path):
        raise ValidationError(
            {"collective": _(ERR_COLLECTIVE_UNIT) % {"collective": collective.name, "unit": collective.unit.name}}
        )


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# ------------------------------------------------------------------ people


@transaction.atomic
def person_create(
    *,
    unit: Unit,
    full_name: str,
    user=None,
    birth_year: int | None = None,
    female: bool | None = None,
    position: str = "",
    collective: Collective | None = None,
) -> Person:
    _check_unit(user, unit)
    person = Person(
        unit=unit,
        full_name=_name(full_name),
        birth_year=birth_year,
        female=female,
        position=" ".join(nfc(position or "").split()),
        collective=collective,
    )
    _check_birth_year(birth_year)
    _check_collective(collective, unit)
    return _save(person)


PERSON_FIELDS = ("unit", "full_name", "birth_year", "female", "position", "collective", "active")


@transaction.atomic
def person_update(*, person: Person, user=None, **fields) -> Person:
    """Change the fields named (of PERSON_FIELDS). Moving the person to another unit needs the edit role at both."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update() got unexpected fields {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_unit(user, person.unit)
    if "unit" in fields and fields["unit"].pk != person.unit_id:
        _check_unit(user, fields["unit"])
    if "full_name" in fields:
        fields["full_name"] = _name(fields["full_name"])
    if "position" in fields:
        fields["position"] = " ".join(nfc(fields["position"] or "").split())
    if "birth_year" in fields:
        _check_birth_year(fields["birth_year"])
    for name, value in fields.items():
        setattr(person, name, value)
    if "unit" in fields or "collective" in fields:
        _check_collective(person.collective, person.unit)
    return _save(person)


@transaction.atomic
def person_delete(*, person: Person, user=None) -> None:
    """Delete a person entered by mistake; one with nominations or awards is kept (deactivate them instead)."""
    _check_unit(user, person.unit)
    message = _(ERR_PERSON_HAS_HISTORY) % {"name": person.full_name}
    if person.nominations.exists() or person.awards.exists():
        raise ValidationError(message, code="protected")
    try:
        person.delete()
    except ProtectedError as error:
        raise ValidationError(message, code="protected") from error


# ------------------------------------------------------------------ collectives


def _check_collective_name(*, unit: Unit, kind: str, name: str, exclude: int | None = None) -> None:
    clash = Collective.objects.filter(unit=unit, kind=kind, name__iexact=name).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _(ERR_COLLECTIVE_DUPLICATE) % {"unit": unit.name, "name": name}})


@transaction.atomic
def collective_create(
    *,
    unit: Unit,
    name: str,
    kind: str = CollectiveKind.COLLECTIVE,
    user=None,
    linked_unit: Unit | None = None,
    head: str = "",
) -> Collective:
    _check_unit(user, unit)
    name = _name(name, "name")
    if linked_unit is not None and user is not None and not Unit.objects.restrict(user).filter(pk=linked_unit.pk):
        raise ValidationError({"linked_unit": _(ERR_OUT_OF_SCOPE) % {"unit": linked_unit.name}})
    _check_collective_name(unit=unit, kind=kind, name=name)
    collective = Collective(
        unit=unit, kind=kind, name=name, linked_unit=linked_unit, head=" ".join(nfc(head or "").split())
    )
    return _save(collective)


COLLECTIVE_FIELDS = ("kind", "name", "linked_unit", "head", "active")


@transaction.atomic
def collective_update(*, collective: Collective, user=None, **fields) -> Collective:
    unknown = set(fields) - set(COLLECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"collective_update() got unexpected fields {sorted(unknown)}")
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    _check_unit(user, collective.unit)
    if "name" in fields:
        fields["name"] = _name(fields["name"], "name")
    if "head" in fields:
        fields["head"] = " ".join(nfc(fields["head"] or "").split())
    linked = fields.get("linked_unit")
    if (
        linked is not None
        and linked.pk != collective.linked_unit_id
        and user is not None
        and not Unit.objects.restrict(user).filter(pk=linked.pk).exists()
    ):
        raise ValidationError({"linked_unit": _(ERR_OUT_OF_SCOPE) % {"unit": linked.name}})
    for name, value in fields.items():
        setattr(collective, name, value)
    _check_collective_name(unit=collective.unit, kind=collective.kind, name=collective.name, exclude=collective.pk)
    return _save(collective)


@transaction.atomic
def collective_delete(*, collective: Collective, user=None) -> None:
    _check_unit(user, collective.unit)
    message = _(ERR_COLLECTIVE_HAS_HISTORY) % {"name": collective.name}
    if collective.members.exists() or collective.nominations.exists() or collective.awards.exists():
        raise ValidationError(message, code="protected")
    try:
        collective.delete()
    except ProtectedError as error:
        raise ValidationError(message, code="protected") from error


# ------------------------------------------------------------------ the record


@transaction.atomic
def rating_set(
    *,
    subject: Person | Collective,
    year: int,
    rating: str,
    user=None,
    note: str = "",
    replace: bool = False,
) -> TaskRating:
    """The yearly task rating of a person or collective: one a year. A second for the same year is refused unless
    ``replace`` says to change the one recorded."""
    _check_unit(user, _subject_unit(subject))
    _check_year(year)
    existing = TaskRating.objects.select_for_update().filter(**_subject_fields(subject), year=year).first()
    entered_by = user if getattr(user, "is_authenticated", False) else None
    if existing is not None:
        if not replace:
            raise ValidationError(
                {
                    "year": _(ERR_RATING_DUPLICATE)
                    % {"name": str(subject), "year": year, "rating": existing.get_rating_display()}
                },
                code="duplicate",
            )
        existing.rating, existing.note, existing.entered_by = rating, " ".join((note or "").split()), entered_by
        return _save(existing)
    record = TaskRating(
        **_subject_fields(subject), year=year, rating=rating, note=" ".join((note or "").split()), entered_by=entered_by
    )
    return _save(record)


@transaction.atomic
def initiative_add(
    *,
    person: Person,
    code: str,
    title: str,
    recognised_by: str,
    recognised_on: datetime.date,
    user=None,
) -> Initiative:
    """A recognised initiative of a person. Which nomination uses it is set by the nominations, not here."""
    _check_unit(user, person.unit)
    code = _text(code, ERR_CODE_EMPTY, "code").upper()
    title = _text(title, ERR_TITLE_EMPTY, "title")
    recognised_by = _text(recognised_by, ERR_RECOGNISED_BY_EMPTY, "recognised_by")
    model_dates_check(Initiative, recognised_on=recognised_on)
    _check_not_future(recognised_on, "recognised_on")
    if Initiative.objects.filter(person=person, code__iexact=code).exists():
        raise ValidationError({"code": _(ERR_INITIATIVE_CODE) % {"name": person.full_name, "code": code}})
    initiative = Initiative(
        person=person, code=code, title=title, recognised_by=recognised_by, recognised_on=recognised_on
    )
    return _save(initiative)


@transaction.atomic
def discipline_add(
    *,
    subject: Person | Collective,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
    user=None,
) -> DisciplineRecord:
    """A disciplinary measure, or a complaint or review (pending while it has no end date)."""
    _check_unit(user, _subject_unit(subject))
    model_dates_check(DisciplineRecord, started_on=started_on, ended_on=ended_on)
    _check_not_future(started_on, "started_on")
    _check_order(started_on, ended_on)
    record = DisciplineRecord(
        **_subject_fields(subject), kind=kind, started_on=started_on, ended_on=ended_on, note=" ".join(note.split())
    )
    return _save(record)


@transaction.atomic
def discipline_end(*, record: DisciplineRecord, ended_on: datetime.date, user=None) -> DisciplineRecord:
    """Close a pending complaint or review (or set the end of a measure)."""
    record = (
        DisciplineRecord.objects.select_for_update(of=("self",))
        .select_related("person__unit", "collective__unit")
        .get(pk=record.pk)
    )
    _check_unit(user, _subject_unit(record.person or record.collective))
    if record.ended_on is not None:
        raise ValidationError({"ended_on": _(ERR_ALREADY_ENDED)})
    model_dates_check(DisciplineRecord, ended_on=ended_on)
    _check_order(record.started_on, ended_on)
    record.ended_on = ended_on
    return _save(record)


@transaction.atomic
def award_record_add(
    *,
    subject: Person | Collective,
    award_type,
    year: int,
    award_kind: str,
    decision_reference: str,
    decided_on: datetime.date,
    decided_by: str,
    user=None,
    amount: int | None = None,
    note: str = "",
    printed_title: str = "",
):
    """An award a person or collective received, entered by hand (past years, or decided elsewhere). The same title
    is recorded once a year; the recipient kind of the title must fit the subject. An award of a year before the
    catalogue judges (2024) is historical: a past decision entered as printed, checked against no rule; a later one
    needs a rule of the catalogue in force for its year."""
    from awards.models import AwardRecord
    from awards.rules import JUDGED_FROM, judgement_date, rule_for

    _check_unit(user, _subject_unit(subject))
    _check_year(year)
    is_person = isinstance(subject, Person)
    if is_person and award_type.recipient != INDIVIDUAL:
        raise ValidationError({"award_type": _(ERR_AWARD_FOR_COLLECTIVES) % {"award": award_type.name}})
    if not is_person and award_type.recipient == INDIVIDUAL:
        raise ValidationError({"award_type": _(ERR_AWARD_FOR_INDIVIDUALS) % {"award": award_type.name}})
    decision_reference = _text(decision_reference, ERR_DECISION_EMPTY, "decision_reference")
    decided_by = _text(decided_by, ERR_DECIDED_BY_EMPTY, "decided_by")
    model_dates_check(AwardRecord, decided_on=decided_on)
    _check_not_future(decided_on, "decided_on")
    historical = year < JUDGED_FROM.year
    if not historical and rule_for(award_type, judgement_date(year)) is None:
        raise ValidationError(
            {
                "award_type": _(ERR_AWARD_NO_RULE)
                % {"award": award_type.name, "date": judgement_date(year).strftime("%d/%m/%Y"), "year": year}
            },
            code="no_rule",
        )
    clash = AwardRecord.objects.filter(**_subject_fields(subject), award_type=award_type, year=year).first()
    if clash is not None:
        raise ValidationError(
            {
                "award_type": _(ERR_AWARD_DUPLICATE)
                % {
                    "name": str(subject),
                    "award": award_type.name,
                    "year": year,
                    "reference": clash.decision_reference,
                }
            },
            code="duplicate",
        )
    record = AwardRecord(
        **_subject_fields(subject),
        award_type=award_type,
        year=year,
        award_kind=award_kind,
        decision_reference=decision_reference,
        decided_on=decided_on,
        decided_by=decided_by,
        amount=amount,
        note=" ".join((note or "").split()),
        printed_title=" ".join(nfc(printed_title or "").split()),
        historical=historical,
        entered_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return _save(record)


@transaction.atomic
def record_delete(*, record, user=None) -> None:
    """Delete a rating, initiative, discipline record or hand-entered award entered by mistake. An initiative a
    nomination used and an award a decision here wrote are kept."""
    subject = record.person if record.person_id else record.collective
    _check_unit(user, _subject_unit(subject))
    if isinstance(record, Initiative) and record.used_by_id:
        raise ValidationError(_(ERR_INITIATIVE_USED) % {"code": record.code, "nomination": str(record.used_by)})
    if getattr(record, "decision_id", None):
        raise ValidationError(_(ERR_AWARD_FROM_DECISION) % {"decision": str(record.decision)})
    record.delete()


# ------------------------------------------------------------------ import from Excel


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _read_rows(
    file, *, columns=IMPORT_COLUMNS, number_columns=NUMBER_COLUMNS, empty=ERR_IMPORT_EMPTY
) -> tuple[list[tuple[int, dict]], list[tuple[int, str, str]]]:
    """The rows with a value (row number, {column: text}) and the problems of single cells (row number, column,
    message): a formula anywhere, text written as a formula ("=…") in a number column. The workbook is read with
    its formulas (data_only=False), so that a formula is seen, never its cached result. ``columns`` must all be
    named in the first row (awards/past.py reads the award history with its own)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    data = file.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise ValidationError(_(ERR_IMPORT_TOO_LARGE) % {"rows": IMPORT_MAX_ROWS})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(max_row=IMPORT_MAX_ROWS + 2))
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_(ERR_IMPORT_FILE)) from error
    if not rows:
        raise ValidationError(_(empty))
    heading = [_cell_text(cell.value).casefold() for cell in rows[0]]
    missing = [name for name in columns if name.casefold() not in heading]
    if missing:
        raise ValidationError(_(ERR_IMPORT_COLUMNS) % {"columns": ", ".join(columns), "missing": ", ".join(missing)})
    index = {name: heading.index(name.casefold()) for name in columns}
    names = {i: name for name, i in index.items()}

    def column_name(position: int) -> str:
        if position in names:
            return names[position]
        head = rows[0][position] if position < len(rows[0]) else None
        shown = _cell_text(head.value) if head is not None and not sheets.is_formula(head) else ""
        return shown or get_column_letter(position + 1)

    result, problems = [], []
    for number, row in enumerate(rows, start=1):
        refused = set()
        for position, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if sheets.is_formula(cell) or (names.get(position) in number_columns and sheets.looks_like_formula(value)):
                problems.append((number, column_name(position), _(sheets.ERR_FORMULA)))
                refused.add(position)
        if number == 1:
            continue
        values = {
            name: _cell_text(row[i].value) if i < len(row) and i not in refused else "" for name, i in index.items()
        }
        if any(values.values()):
            result.append((number, values))
    if len(result) > IMPORT_MAX_ROWS:
        raise ValidationError(_(ERR_IMPORT_TOO_LARGE) % {"rows": IMPORT_MAX_ROWS})
    if not result and not problems:
        raise ValidationError(_(empty))
    return result, problems


def _import_check(values: dict) -> tuple[int | None, list[tuple[str, str]]]:
    """The year of birth of a row and the problems of its cells that need no database: (column, message)."""
    problems = []
    birth_year = None
    birth = values[COLUMN_BIRTH_YEAR]
    if birth:
        try:
            birth_year = int(birth)
        except ValueError:
            problems.append((COLUMN_BIRTH_YEAR, _(ERR_IMPORT_BIRTH_YEAR) % {"value": birth}))
    for column, field in TEXT_COLUMNS.items():
        limit = Person._meta.get_field(field).max_length
        if len(values[column]) > limit:
            problems.append((column, _(ERR_IMPORT_TOO_LONG) % {"count": len(values[column]), "limit": limit}))
    return birth_year, problems


@transaction.atomic
def people_import(*, unit: Unit, file, user=None) -> list[Person]:
    """Add the people of an Excel sheet (columns Họ và tên, Năm sinh, Chức vụ, Tập thể) to a unit. Every row is
    checked; if any is wrong, nothing is saved and the errors name the row and the column. A formula in any cell is
    refused; text is taken as it is written, also when it starts with "=", "+", "-" or "@"."""
    _check_unit(user, unit)
    rows, cell_problems = _read_rows(file)
    line = [u.path for u in Unit.objects.get_ancestors(unit)] + [unit.path]
    collectives = {c.name.casefold(): c for c in Collective.objects.filter(unit__path__in=line, active=True)}
    problems: list[tuple[int, str | None, str]] = list(cell_problems)
    refused_rows = {number for number, _column, _message in cell_problems}
    seen: dict[tuple, int] = {}
    created: list[Person] = []
    for number, values in rows:
        name, position, collective_name = (values[c] for c in (COLUMN_NAME, COLUMN_POSITION, COLUMN_COLLECTIVE))
        birth_year, row_problems = _import_check(values)
        collective = None
        if collective_name:
            collective = collectives.get(collective_name.casefold())
            if collective is None:
                message = _(ERR_IMPORT_NO_COLLECTIVE) % {"name": collective_name, "unit": unit.name}
                row_problems.append((COLUMN_COLLECTIVE, message))
        key = (name.casefold(), birth_year)
        if name and key in seen:
            row_problems.append((COLUMN_NAME, _(ERR_IMPORT_TWICE) % {"name": name, "other": seen[key]}))
        elif name and Person.objects.filter(unit=unit, full_name=nfc(name), birth_year=birth_year).exists():
            row_problems.append((COLUMN_NAME, _(ERR_IMPORT_EXISTS) % {"name": name, "unit": unit.name}))
        seen.setdefault(key, number)
        if not row_problems and number not in refused_rows:
            try:
                with transaction.atomic():
                    created.append(
                        person_create(
                            unit=unit,
                            full_name=name,
                            birth_year=birth_year,
                            position=position,
                            collective=collective,
                        )
                    )
            except ValidationError as error:
                row_problems.extend(row_problems_of(error, FIELD_COLUMNS))
        problems.extend((number, column, message) for column, message in row_problems)
    import_refuse(problems, IMPORT_COLUMNS)
    return created


def row_problems_of(error: ValidationError, field_columns: dict) -> list[tuple[str | None, str]]:
    """A service's refusal of one row as (column, message) pairs: by the column of each field it names."""
    if hasattr(error, "error_dict"):
        return [(field_columns.get(f), m) for f, messages in error.message_dict.items() for m in messages]
    return [(None, message) for message in error.messages]


def import_refuse(problems: list[tuple[int, str | None, str]], columns) -> None:
    """Refuse the whole sheet when any row had a problem: each one in Vietnamese, by row, then in column order."""
    if problems:
        order = {name: i for i, name in enumerate(columns)}
        problems.sort(key=lambda p: (p[0], order.get(p[1], len(order)) if p[1] else -1))
        raise ValidationError([_import_message(*problem) for problem in problems])


def _import_message(row: int, column: str | None, message: str) -> str:
    if column is None:
        return _(ERR_IMPORT_ROW) % {"row": row, "message": message}
    return _(ERR_IMPORT_CELL) % {"row": row, "column": column, "message": message}
