"""The award history before 2024 (issue #16): past decisions entered as printed, by hand on a person's or collective's
page (people.services.award_record_add) or from an Excel sheet (``history_import``), marked historical and checked
against no rule. What a decision of those years names "Chiến sĩ thi đua cấp bộ, ban, ngành, đoàn thể trung ương,
tỉnh, thành phố trực thuộc trung ương" or "Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn" is mapped to today's title
(``title_for``) by the names of the catalogue: today's, those its rules of the award history give each title
(awards/catalogue.py HISTORY_NAMES) and the usual short forms (``ALIASES``), accents and the spelling "hoá"/"hóa"
aside. So a CSTĐCS of 2022 counts in the chain of a CSTĐ cấp tỉnh judged for 2024 like one decided here."""

import datetime
import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.models import AwardKind, AwardRule, AwardType, RecipientKind
from people import services as people_services
from people.models import Collective, Person
from units.models import Unit
from units.text import nfc

__all__ = ("COLUMNS", "ALIASES", "title_key", "title_for", "template_workbook", "history_import")

COLUMNS = (
    "Họ và tên hoặc tên tập thể",
    "Năm sinh",
    "Danh hiệu, hình thức khen thưởng",
    "Năm thành tích",
    "Số, ký hiệu quyết định",
    "Ngày quyết định",
    "Cơ quan, người quyết định",
    "Loại hình",
    "Ghi chú",
)
(
    COLUMN_NAME,
    COLUMN_BIRTH_YEAR,
    COLUMN_TITLE,
    COLUMN_YEAR,
    COLUMN_REFERENCE,
    COLUMN_DATE,
    COLUMN_DECIDED_BY,
    COLUMN_KIND,
    COLUMN_NOTE,
) = COLUMNS
NUMBER_COLUMNS = (COLUMN_BIRTH_YEAR, COLUMN_YEAR)
FIELD_COLUMNS = {
    "award_type": COLUMN_TITLE,
    "year": COLUMN_YEAR,
    "decision_reference": COLUMN_REFERENCE,
    "decided_on": COLUMN_DATE,
    "decided_by": COLUMN_DECIDED_BY,
    "note": COLUMN_NOTE,
    "printed_title": COLUMN_TITLE,
}

# Short forms and other spellings of the titles in past decisions, by code (matched without accents; a printed title
# that starts with one of the names followed by more words, "Bằng khen của Chủ tịch UBND tỉnh Lạng Sơn", matches it).
ALIASES = {
    "ldtt": ("LĐTT",),
    "cstdcs": ("CSTĐCS", "Chiến sĩ thi đua cấp cơ sở"),
    "cstd-tinh": ("Chiến sĩ thi đua tỉnh", "CSTĐ cấp tỉnh", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh"),
    "cstd-toan-quoc": ("CSTĐ toàn quốc",),
    "ttldtt": ("TTLĐTT",),
    "ttldxs": ("TTLĐXS",),
    "co-thi-dua-tinh": ("Cờ thi đua của UBND tỉnh", "Cờ thi đua tỉnh", "Cờ thi đua cấp tỉnh"),
    "bang-khen-tinh": ("Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen của UBND tỉnh", "Bằng khen cấp tỉnh"),
    "bang-khen-tinh-tt": ("Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen của UBND tỉnh", "Bằng khen cấp tỉnh"),
    "thon-van-hoa": ("Thôn văn hóa", "Tổ dân phố văn hóa", "Làng văn hóa", "Bản văn hóa", "Ấp văn hóa"),
    "giay-khen": ("Giấy khen",),
    "giay-khen-tt": ("Giấy khen",),
}
KIND_WORDS = {
    "": AwardKind.REGULAR,
    "cong trang": AwardKind.REGULAR,
    "thuong xuyen": AwardKind.REGULAR,
    "phong trao": AwardKind.CAMPAIGN,
    "chuyen de": AwardKind.THEMATIC,
    "dot xuat": AwardKind.AD_HOC,
    "cong hien": AwardKind.LONG_SERVICE,
    "qua trinh cong hien": AwardKind.LONG_SERVICE,
}

ERR_EMPTY = gettext_noop("The workbook has no awards to import.")
ERR_TITLE_UNKNOWN = gettext_noop(
    "“%(title)s” is not a title or form of the catalogue for %(recipient)s; write it as the decision prints it "
    "(for example Chiến sĩ thi đua cơ sở, Bằng khen của Chủ tịch UBND tỉnh)."
)
ERR_RECIPIENT_UNKNOWN = gettext_noop("there is nobody and no collective named “%(name)s” in %(unit)s.")
ERR_RECIPIENT_MANY = gettext_noop(
    "%(count)s people are named “%(name)s” in %(unit)s: write the year of birth to say which."
)
ERR_NAME_EMPTY = gettext_noop("write the name of the person or collective awarded.")
ERR_NOT_A_YEAR = gettext_noop("“%(value)s” is not a year.")
ERR_NOT_A_DATE = gettext_noop("“%(value)s” is not a date: write it as dd/mm/yyyy.")
ERR_KIND_UNKNOWN = gettext_noop(
    "“%(value)s” is not a kind of award: write công trạng, phong trào, chuyên đề, đột xuất or cống hiến, or leave it "
    "empty for công trạng."
)
ERR_TWICE = gettext_noop("%(name)s has %(title)s for %(year)s twice in the file (row %(other)s).")
ERR_REQUIRED = gettext_noop("this column must be filled in.")

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")


def title_key(text: str) -> str:
    """A title reduced for matching: no accents (so "hoá" is "hóa"), đ as d, no quotes, brackets or punctuation,
    lower case, "UBND" written out, "danh hiệu" in front dropped."""
    text = re.sub(r"\([^)]*\)", " ", nfc(text or ""))
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())
    text = re.sub(r"\bubnd\b", "uy ban nhan dan", text)
    return text.removeprefix("danh hieu ").strip()


def _names(on: datetime.date | None) -> tuple[dict[str, set[int]], dict[int, AwardType]]:
    """Every name of the catalogue (key → award type ids): today's names and short names, the aliases, and the
    printed names of the rules in force on the date (every rule's when there is no date); and the types by id."""
    names: dict[str, set[int]] = {}
    types = {award_type.pk: award_type for award_type in AwardType.objects.all()}
    by_code = {award_type.code: award_type.pk for award_type in types.values()}
    for award_type in types.values():
        for name in (award_type.name, award_type.short_name):
            names.setdefault(title_key(name), set()).add(award_type.pk)
    for code, aliases in ALIASES.items():
        if code in by_code:
            for alias in aliases:
                names.setdefault(title_key(alias), set()).add(by_code[code])
    rules = AwardRule.objects.exclude(printed_name="")
    if on is not None:
        rules = rules.filter(valid_from__lte=on)
    for award_type_id, printed_name in rules.values_list("award_type_id", "printed_name"):
        names.setdefault(title_key(printed_name), set()).add(award_type_id)
    names.pop("", None)
    return names, types


def title_for(printed: str, *, individual: bool, on: datetime.date | None = None, catalogue=None) -> AwardType | None:
    """Today's title or form for a title as a past decision prints it, for an individual or a collective; None when
    it cannot be told. ``catalogue`` is what ``_names`` returns, read once for many rows."""
    key = title_key(printed)
    if not key:
        return None
    names, types = catalogue if catalogue is not None else _names(on)
    ids = names.get(key)
    if ids is None:
        prefixes = [name for name in names if key.startswith(name + " ")]
        if not prefixes:
            return None
        ids = names[max(prefixes, key=len)]
    found = [types[pk] for pk in ids if (types[pk].recipient == RecipientKind.INDIVIDUAL) == individual]
    return found[0] if len(found) == 1 else None


def template_workbook() -> bytes:
    """An empty sheet with the columns and one example row, and a second sheet listing the titles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    sheet.append(COLUMNS)
    sheet.append(
        (
            "Nguyễn Văn A",
            1980,
            "Chiến sĩ thi đua cơ sở",
            2022,
            "125/QĐ-UBND",
            "20/12/2022",
            "Chủ tịch UBND huyện Cao Lộc",
            "công trạng",
            "",
        )
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (30, 10, 40, 14, 22, 16, 34, 14, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    titles = workbook.create_sheet("Danh hiệu")
    titles.append(("Danh hiệu, hình thức hiện nay", "Tên trong quyết định trước năm 2024"))
    for cell in titles[1]:
        cell.font = Font(bold=True)
    history = dict(
        AwardRule.objects.exclude(printed_name="").order_by("valid_from").values_list("award_type_id", "printed_name")
    )
    for award_type in AwardType.objects.order_by("-rank", "name"):
        titles.append((award_type.name, history.get(award_type.pk, "")))
    titles.column_dimensions["A"].width = 55
    titles.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _date(value: str) -> datetime.date | None:
    match = _DATE.match(value)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None:
        match = _ISO_DATE.match(value)
        parts = match.groups() if match else None
    if parts is None:
        return None
    try:
        return datetime.date(*(int(part) for part in parts))
    except ValueError:
        return None


def _recipient(name: str, birth_year: int | None, people, collectives, unit) -> tuple[object, str]:
    """The person (by name and, when given, year of birth) or else the collective named; or the problem."""
    found = [p for p in people.get(name.casefold(), []) if birth_year is None or p.birth_year == birth_year]
    if len(found) == 1:
        return found[0], ""
    if len(found) > 1:
        return None, _(ERR_RECIPIENT_MANY) % {"count": len(found), "name": name, "unit": unit.name}
    collective = collectives.get(name.casefold()) if birth_year is None else None
    if collective is not None:
        return collective, ""
    return None, _(ERR_RECIPIENT_UNKNOWN) % {"name": name, "unit": unit.name}


def _row_values(values: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The parsed cells of a row that need no database, and their problems (column, message)."""
    problems = []
    for column in (COLUMN_TITLE, COLUMN_YEAR, COLUMN_REFERENCE, COLUMN_DATE, COLUMN_DECIDED_BY):
        if not values[column]:
            problems.append((column, _(ERR_REQUIRED)))
    if not values[COLUMN_NAME]:
        problems.append((COLUMN_NAME, _(ERR_NAME_EMPTY)))
    parsed = {"birth_year": None, "year": None, "decided_on": None, "award_kind": None}
    for column, key in ((COLUMN_BIRTH_YEAR, "birth_year"), (COLUMN_YEAR, "year")):
        if values[column]:
            parsed[key] = _year(values[column])
            if parsed[key] is None:
                problems.append((column, _(ERR_NOT_A_YEAR) % {"value": values[column]}))
    if values[COLUMN_DATE]:
        parsed["decided_on"] = _date(values[COLUMN_DATE])
        if parsed["decided_on"] is None:
            problems.append((COLUMN_DATE, _(ERR_NOT_A_DATE) % {"value": values[COLUMN_DATE]}))
    parsed["award_kind"] = KIND_WORDS.get(title_key(values[COLUMN_KIND]))
    if parsed["award_kind"] is None:
        problems.append((COLUMN_KIND, _(ERR_KIND_UNKNOWN) % {"value": values[COLUMN_KIND]}))
    return parsed, problems


@transaction.atomic
def history_import(*, unit: Unit, file, user=None) -> list:
    """Add the awards of an Excel sheet (``COLUMNS``, one recipient a row) to the history of the people and
    collectives of the unit and the units below it. Each row is a past decision as printed: its title is mapped to
    today's (``title_for``), and it is saved like one entered by hand (historical before 2024, with no rule
    checked). If any row is wrong, nothing is saved and every problem names its row and column; a recipient with the
    same title for the same year twice in the file, or already in the history, is refused."""
    people_services._check_unit(user, unit)
    rows, cell_problems = people_services._read_rows(
        file, columns=COLUMNS, number_columns=NUMBER_COLUMNS, empty=ERR_EMPTY
    )
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(unit__path__startswith=unit.path).order_by("pk"):
        people.setdefault(person.full_name.casefold(), []).append(person)
    collectives = {
        c.name.casefold(): c for c in Collective.objects.filter(unit__path__startswith=unit.path).order_by("-pk")
    }
    catalogue = _names(None)
    problems: list[tuple[int, str | None, str]] = list(cell_problems)
    refused_rows = {number for number, _column, _message in cell_problems}
    seen: dict[tuple, int] = {}
    created = []
    for number, values in rows:
        parsed, row_problems = _row_values(values)
        subject = award_type = None
        if values[COLUMN_NAME]:
            subject, problem = _recipient(nfc(values[COLUMN_NAME]), parsed["birth_year"], people, collectives, unit)
            if problem:
                row_problems.append((COLUMN_NAME, problem))
        if subject is not None and values[COLUMN_TITLE]:
            individual = isinstance(subject, Person)
            award_type = title_for(values[COLUMN_TITLE], individual=individual, catalogue=catalogue)
            if award_type is None:
                recipient = _("an individual") if individual else _("a collective")
                row_problems.append(
                    (COLUMN_TITLE, _(ERR_TITLE_UNKNOWN) % {"title": values[COLUMN_TITLE], "recipient": recipient})
                )
        if award_type is not None and parsed["year"] is not None:
            key = (type(subject).__name__, subject.pk, award_type.pk, parsed["year"])
            if key in seen:
                message = _(ERR_TWICE) % {
                    "name": str(subject),
                    "title": award_type.short_name,
                    "year": parsed["year"],
                    "other": seen[key],
                }
                row_problems.append((COLUMN_NAME, message))
            seen.setdefault(key, number)
        if not row_problems and number not in refused_rows:
            printed = values[COLUMN_TITLE]
            try:
                with transaction.atomic():
                    created.append(
                        people_services.award_record_add(
                            subject=subject,
                            award_type=award_type,
                            year=parsed["year"],
                            award_kind=parsed["award_kind"],
                            decision_reference=values[COLUMN_REFERENCE],
                            decided_on=parsed["decided_on"],
                            decided_by=values[COLUMN_DECIDED_BY],
                            note=values[COLUMN_NOTE],
                            printed_title=printed if title_key(printed) != title_key(award_type.name) else "",
                            user=user,
                        )
                    )
            except ValidationError as error:
                row_problems.extend(people_services.row_problems_of(error, FIELD_COLUMNS))
        problems.extend((number, column, message) for column, message in row_problems)
    people_services.import_refuse(problems, COLUMNS)
    return created
