"""The JSON form of a campaign (docs/campaign-json.md): export a campaign to it, import one from it.

Export → import into an empty database → export gives the identical file: no database ids, units named by edition
and code, decimals as exact strings, everything in document order. Export writes version 2; version 1 files (the
number an integer, none of the plan's parts: legal bases, stages, award criteria, other participants, appendices,
the second signer line) still read, the missing keys as their defaults."""

import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import (
    Appendix,
    AwardCriterion,
    Campaign,
    DocumentType,
    LegalBasis,
    OtherParticipant,
    Participation,
    Recipient,
    Section,
    Stage,
    appendix_tables_check,
)
from targets.models import Figure, Indicator, Target
from targets.numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS
from units.dates import date_check, year_check
from units.models import Cluster, Unit
from units.text import nfc

FORMAT = "thidua.campaign/2"
FORMATS = ("thidua.campaign/1", FORMAT)  # what import reads
NUMBER_DIGITS = 9  # a number as printed: at most 9 digits, leading zeros kept ("0124")

ERR_FORMAT = gettext_noop("This is not a campaign file (format “%(format)s” expected).")
ERR_JSON = gettext_noop("The file is not valid JSON: %(error)s")
ERR_DATE = gettext_noop("“%(value)s” is not a date (YYYY-MM-DD).")
ERR_EXISTS = gettext_noop("This campaign is already in the system: %(campaign)s.")
ERR_NUMBER_TEXT = gettext_noop(
    '“%(value)s” is not a document number: write its digits as printed, e.g. "0124" or "109" (at most %(digits)s).'
)

SECTION_FIELDS = Section.CONTENT_FIELDS
FIGURE_FIELDS = Figure.CONTENT_FIELDS
DECIMAL_FIELDS = {"value", "value_high", "total"}
TARGET_DECIMALS = ("assigned_value", "assigned_high", "registered_value", "registered_high")
# The plan's parts (version 2): each a list of objects in document order, its keys the model's fields.
PARTS = {
    "legal_bases": (LegalBasis, ("kind", "text")),
    "stages": (Stage, ("name", "starts_on", "ends_on", "deadline", "text")),
    "award_criteria": (AwardCriterion, ("subject", "award", "award_text", "quota_kind", "quota_value", "text")),
    "other_participants": (OtherParticipant, ("name", "kind")),
    "appendices": (Appendix, ("label", "title", "subtitle", "body", "tables")),
}


# ------------------------------------------------------------------ export


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


def _unit_ref(unit: Unit) -> dict:
    return {"edition": unit.edition, "code": unit.code}


def _part_export(item, names: tuple[str, ...]) -> dict:
    data = {}
    for name in names:
        value = getattr(item, name)
        if isinstance(value, Decimal):
            value = _decimal(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif name == "tables":
            value = [{"rows": t.get("rows", []), "header_rows": t.get("header_rows", 1)} for t in value or []]
        data[name] = value
    return data


def _parts_export(campaign: Campaign, key: str) -> list[dict]:
    model, names = PARTS[key]
    return [_part_export(item, names) for item in model.objects.filter(campaign=campaign).order_by("position", "pk")]


def campaign_export(*, campaign: Campaign) -> dict:
    """The campaign as a JSON-ready dict, in the order of docs/campaign-json.md. A fixed number of queries."""
    sections = list(campaign.sections.all().order_by("position", "pk"))
    indicators = list(Indicator.objects.filter(section__campaign=campaign).order_by("section_id", "position", "pk"))
    figures = list(
        Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator_id", "position", "pk")
    )
    targets = list(
        Target.objects.filter(figure__indicator__section__campaign=campaign)
        .select_related("unit")
        .order_by("figure_id", "unit__edition", "unit__code")
    )
    children, by_section, by_indicator, by_figure = (
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )
    for section in sections:
        children[section.parent_id].append(section)
    for indicator in indicators:
        by_section[indicator.section_id].append(indicator)
    for figure in figures:
        by_indicator[figure.indicator_id].append(figure)
    for target in targets:
        by_figure[target.figure_id].append(target)

    def figure_dict(figure: Figure) -> dict:
        data = {name: getattr(figure, name) for name in FIGURE_FIELDS}
        for name in DECIMAL_FIELDS:
            data[name] = _decimal(data[name])
        data["targets"] = [
            {"unit": _unit_ref(t.unit), **{n: _decimal(getattr(t, n)) for n in TARGET_DECIMALS}, "note": t.note}
            for t in by_figure[figure.pk]
        ]
        return data

    def section_dict(section: Section) -> dict:
        return {
            **{name: getattr(section, name) for name in SECTION_FIELDS},
            "indicators": [
                {
                    "label": i.label,
                    "sentence": i.sentence,
                    "field": i.field,
                    "figures": [figure_dict(f) for f in by_indicator[i.pk]],
                }
                for i in by_section[section.pk]
            ],
            "children": [section_dict(child) for child in children[section.pk]],
        }

    participants = list(Unit.objects.filter(campaign_participations__campaign=campaign).order_by("edition", "code"))
    local_units = [u for u in participants if not u.official]
    parents = {u.pk: Unit.objects.get_parent(u) for u in local_units}
    higher = campaign.higher_campaign
    return {
        "format": FORMAT,
        "campaign": {
            "issuing_unit": _unit_ref(campaign.issuing_unit),
            "parent_body": campaign.parent_body,
            "issuing_body": campaign.issuing_body,
            "doc_type": campaign.doc_type.code,
            "number": campaign.number_printed or None,
            "symbol": campaign.symbol,
            "place": campaign.place,
            "issued_on": campaign.issued_on.isoformat() if campaign.issued_on else None,
            "year": campaign.year,
            "title": campaign.title,
            "kind": campaign.kind,
            "status": campaign.status,
            "approve_children_first": campaign.approve_children_first,
            "higher_document": campaign.higher_document,
            "higher_campaign": (
                {
                    "issuing_unit": _unit_ref(higher.issuing_unit),
                    "year": higher.year,
                    "doc_type": higher.doc_type.code,
                    "number": higher.number,
                }
                if higher
                else None
            ),
            "legal_bases": _parts_export(campaign, "legal_bases"),
            "preamble": campaign.preamble,
            "theme": campaign.theme,
            "closing": campaign.closing,
            "stages": _parts_export(campaign, "stages"),
            "award_criteria": _parts_export(campaign, "award_criteria"),
            "signer": {
                "authority": campaign.signer_authority,
                "on_behalf_of": campaign.signer_on_behalf_of,
                "deputy_authority": campaign.signer_deputy_authority,
                "deputy_on_behalf_of": campaign.signer_deputy_on_behalf_of,
                "title": campaign.signer_title,
                "name": campaign.signer_name,
            },
            "recipients": list(campaign.recipients.order_by("position", "pk").values_list("text", flat=True)),
            "local_units": [
                {
                    "edition": u.edition,
                    "code": u.code,
                    "parent": parents[u.pk].code,
                    "kind": u.kind,
                    "type": u.unit_type,
                    "name": u.name,
                }
                for u in local_units
            ],
            "participants": [_unit_ref(u) for u in participants],
            "other_participants": _parts_export(campaign, "other_participants"),
            "clusters": [
                {"organiser": _unit_ref(c.organiser), "year": c.year, "name": c.name}
                for c in campaign.clusters.select_related("organiser").order_by("year", "name")
            ],
            "sections": [section_dict(s) for s in children[None]],
            "appendices": _parts_export(campaign, "appendices"),
        },
    }


def campaign_export_json(*, campaign: Campaign) -> str:
    return json.dumps(campaign_export(campaign=campaign), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ import
#
# The file is read whole before anything is written: every problem is collected with the JSON path where it is
# ("sections[0].indicators[2].sentence", relative to the "campaign" object) and the Vietnamese name of the field,
# and one ValidationError carries them all. Bad input never raises anything else, and nothing is saved unless all
# of it is right.

ERR_AT = gettext_noop("%(path)s (%(field)s): %(message)s")
ERR_AT_MISSING = gettext_noop("%(path)s: missing (%(field)s).")
ERR_AT_OBJECT = gettext_noop("%(path)s: must be an object {…}, not %(kind)s.")
ERR_AT_LIST = gettext_noop("%(path)s: must be a list […], not %(kind)s.")
ERR_BLANK = gettext_noop("must not be empty.")
ERR_TOO_LONG = gettext_noop("%(count)s characters; at most %(limit)s are allowed.")
ERR_CHOICE = gettext_noop("“%(value)s” is not one of %(choices)s.")
ERR_TEXT = gettext_noop("must be text (a JSON string), not %(kind)s.")
ERR_NOT_NUMBER = gettext_noop('“%(value)s” is not a number; write it as a JSON string such as "1105" or "7.5".')
ERR_NUMBER_SIZE = gettext_noop("“%(value)s” is too large or has more than %(places)s decimal places.")
ERR_INTEGER = gettext_noop("must be a whole number from %(low)s to %(high)s, not %(value)s.")
ERR_BOOLEAN = gettext_noop("must be true or false, not %(kind)s.")
ERR_AT_RANGE = gettext_noop(
    "%(path)s: the upper value %(high)s of “%(figure)s” is below its value %(low)s; a range is written low to high."
)
ERR_AT_TARGET_RANGE = gettext_noop(
    "%(path)s: the upper value %(high)s is below the value %(low)s (“%(figure)s”, %(unit)s)."
)
ERR_AT_UNIT = gettext_noop("%(path)s: unit %(code)s of edition %(edition)s is unknown; check the code.")
ERR_AT_UNIT_LIST = gettext_noop(
    "%(path)s: unit %(code)s of edition %(edition)s is unknown: the unit list of edition %(edition)s is not loaded. "
    "Load it first (python manage.py load_units --edition %(edition)s)."
)
ERR_AT_DOC_TYPE = gettext_noop("%(path)s: unknown document type “%(code)s”.")
ERR_AT_CLUSTER = gettext_noop("%(path)s: the cluster “%(name)s” (%(year)s) does not exist.")
ERR_AT_NOT_PARTICIPANT = gettext_noop(
    "%(path)s: %(unit)s does not take part in this campaign; a target is only for a unit listed in “participants”."
)
ERR_AT_TWICE = gettext_noop("%(path)s: %(unit)s is listed twice (also at %(other)s).")
ERR_AT_LOCAL_PARENT = gettext_noop(
    "%(path)s: the parent %(code)s of edition %(edition)s is neither a known unit nor a local unit listed before it."
)
ERR_AT_MESSAGE = gettext_noop("%(path)s: %(message)s")
KIND_NULL = gettext_noop("null")
KIND_BOOLEAN = gettext_noop("true or false")
KIND_NUMBER = gettext_noop("a number")
KIND_TEXT = gettext_noop("a text")
KIND_LIST = gettext_noop("a list")
KIND_OBJECT = gettext_noop("an object")

REQUIRED = ("issuing_unit", "doc_type", "symbol", "place", "year", "title", "issuing_body")
SIGNER_FIELDS = {"authority": "signer_authority", "on_behalf_of": "signer_on_behalf_of"}
SIGNER_FIELDS.update(deputy_authority="signer_deputy_authority", deputy_on_behalf_of="signer_deputy_on_behalf_of")
SIGNER_FIELDS.update(title="signer_title", name="signer_name")
TEXT_KINDS = ("CharField", "TextField", "SlugField")
INTEGER_LIMITS = {"PositiveSmallIntegerField": 32767, "PositiveIntegerField": 2147483647}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value) -> str:
    if value is None:
        return _(KIND_NULL)
    if isinstance(value, bool):
        return _(KIND_BOOLEAN)
    if isinstance(value, (int, float)):
        return _(KIND_NUMBER)
    if isinstance(value, str):
        return _(KIND_TEXT)
    if isinstance(value, list):
        return _(KIND_LIST)
    return _(KIND_OBJECT)


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


class _Reader:
    """Reads the dict, collecting every error with its path, so the whole file is checked before anything is
    written."""

    def __init__(self):
        self.errors: list[str] = []
        self._units: dict[tuple[str, str], Unit | None] = {}
        self._loaded: dict[str, bool] = {}

    # -- structure

    def at(self, path: str, label, message: str) -> None:
        self.errors.append(_(ERR_AT) % {"path": path, "field": label, "message": message})

    def obj(self, value, path: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.errors.append(_(ERR_AT_OBJECT) % {"path": path, "kind": _kind(value)})
        return None

    def objects(self, container: dict, key: str, path: str):
        """(index, path, object) for each item of the list container[key] that is an object {…}."""
        base = _join(path, key)
        for index, item in enumerate(self.items(container, key, path)):
            where = f"{base}[{index}]"
            found = self.obj(item, where)
            if found is not None:
                yield index, where, found

    def items(self, container: dict, key: str, path: str) -> list:
        """container[key] as a list: missing or null is an empty list."""
        value = container.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.errors.append(_(ERR_AT_LIST) % {"path": _join(path, key), "kind": _kind(value)})
        return []

    # -- fields, checked against the model field they are saved in

    def value(self, model, name: str, container: dict, key: str, path: str, *, required: bool = False):
        field = model._meta.get_field(name)
        label, where = _label(model, name), _join(path, key)
        raw = container.get(key)
        if raw is None:
            if required:
                self.errors.append(_(ERR_AT_MISSING) % {"path": where, "field": label})
                return None
            if field.has_default():
                return field.get_default()
            return "" if field.get_internal_type() in TEXT_KINDS else None
        kind = field.get_internal_type()
        if kind in TEXT_KINDS:
            return self._text(field, raw, where, label)
        if kind == "DecimalField":
            return self.decimal(raw, where, label)
        if kind in INTEGER_LIMITS:
            return self._integer(raw, where, label, INTEGER_LIMITS[kind])
        if kind == "BooleanField":
            if not isinstance(raw, bool):
                self.at(where, label, _(ERR_BOOLEAN) % {"kind": _kind(raw)})
                return None
            return raw
        if kind == "DateField":
            return self.date(raw, where, label)
        raise TypeError(f"{model.__name__}.{name}: {kind} is not read from the JSON form")

    def _text(self, field, raw, where: str, label) -> str | None:
        if not isinstance(raw, str):
            self.at(where, label, _(ERR_TEXT) % {"kind": _kind(raw)})
            return None
        if not raw.strip() and not field.blank:
            self.at(where, label, _(ERR_BLANK))
        elif field.max_length and len(raw) > field.max_length:
            self.at(where, label, _(ERR_TOO_LONG) % {"count": len(raw), "limit": field.max_length})
        elif (
            field.choices and raw not in {str(value) for value, _text in field.flatchoices} and (raw or not field.blank)
        ):
            choices = ", ".join(f"“{value}”" for value, _text in field.flatchoices)
            self.at(where, label, _(ERR_CHOICE) % {"value": _shown(raw), "choices": choices})
        return raw

    def _integer(self, raw, where: str, label, high: int) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= high:
            self.at(where, label, _(ERR_INTEGER) % {"low": 0, "high": high, "value": _shown(raw)})
            return None
        return raw

    def decimal(self, raw, where: str, label) -> Decimal | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            self.at(where, label, _(ERR_NOT_NUMBER) % {"value": _shown(raw)})
            return None
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.at(where, label, _(ERR_NOT_NUMBER) % {"value": _shown(raw)})
            return None
        too_large = abs(number) >= Decimal(10) ** MAX_INTEGER_DIGITS
        if too_large or (
            number != number.to_integral() and -number.normalize().as_tuple().exponent > MAX_DECIMAL_PLACES
        ):
            self.at(where, label, _(ERR_NUMBER_SIZE) % {"value": _shown(raw), "places": MAX_DECIMAL_PLACES})
            return None
        return number

    def date(self, raw, where: str, label):
        try:
            parsed = parse_date(raw) if isinstance(raw, str) else None
        except ValueError:  # well formed but not a day of the calendar: 2024-02-30
            parsed = None
        if parsed is None:
            self.at(where, label, _(ERR_DATE) % {"value": _shown(raw)})
            return None
        try:
            date_check(parsed, field=label)
        except ValidationError as error:
            self.errors.append(_(ERR_AT_MESSAGE) % {"path": where, "message": error.messages[0]})
            return None
        return parsed

    # -- units

    def unit_key(self, ref, path: str) -> tuple[str, str] | None:
        """The (edition, code) a unit reference names, or None (the error noted)."""
        ref = self.obj(ref, path)
        if ref is None:
            return None
        mark = len(self.errors)
        edition = self.value(Unit, "edition", ref, "edition", path, required=True)
        code = self.value(Unit, "code", ref, "code", path, required=True)
        return (edition, code) if len(self.errors) == mark else None

    def unit(self, key: tuple[str, str] | None, path: str, *, pending: set | None = None) -> Unit | None:
        """The unit of an (edition, code); an unknown one is an error unless it is one of ``pending`` (the local
        units the file creates)."""
        if key is None:
            return None
        if key not in self._units:
            self._units[key] = Unit.objects.filter(edition=key[0], code=key[1]).first()
        if self._units[key] is None and not (pending and key in pending):
            edition, code = key
            if edition not in self._loaded:
                self._loaded[edition] = Unit.objects.filter(edition=edition, official=True).exists()
            message = ERR_AT_UNIT if self._loaded[edition] else ERR_AT_UNIT_LIST
            self.errors.append(_(message) % {"path": path, "code": code, "edition": edition})
        return self._units[key]

    def forget_units(self) -> None:
        self._units.clear()

    def model_errors(self, error: ValidationError, model, path: str, paths: dict | None = None) -> None:
        """What full_clean found (the rules of the models), each with its path and the field's name."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.errors.append(_(ERR_AT_MESSAGE) % {"path": path or "campaign", "message": message})
            return
        for name, messages in error.message_dict.items():
            for message in messages:
                if name == NON_FIELD_ERRORS:
                    self.errors.append(_(ERR_AT_MESSAGE) % {"path": path or "campaign", "message": message})
                else:
                    where = _join(path, (paths or {}).get(name, name))
                    self.at(where, _label(model, name), message)


def campaign_parse(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(_(ERR_JSON) % {"error": exc}) from exc
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValidationError(_(ERR_JSON) % {"error": exc}) from exc
    if not isinstance(data, dict) or data.get("format") not in FORMATS or not isinstance(data.get("campaign"), dict):
        raise ValidationError(_(ERR_FORMAT) % {"format": FORMAT})
    return data


def campaign_find(data: dict) -> Campaign | None:
    """The campaign a file describes, if it is in the system: same issuing unit, year, type and title."""
    c = data.get("campaign") if isinstance(data, dict) else None
    c = c if isinstance(c, dict) else {}
    ref = c.get("issuing_unit") if isinstance(c.get("issuing_unit"), dict) else {}
    values = (ref.get("edition"), ref.get("code"), c.get("doc_type"), c.get("title"))
    year = c.get("year")
    if not all(isinstance(v, str) for v in values) or isinstance(year, bool) or not isinstance(year, int):
        return None
    return Campaign.objects.filter(
        issuing_unit__edition=values[0],
        issuing_unit__code=values[1],
        year=year,
        doc_type__code=values[2],
        title=nfc(values[3]),
    ).first()


# ---- the reading pass: builds the unsaved rows, or notes why it cannot


def _read_header(reader: _Reader, c: dict) -> dict:
    """The campaign's own fields, as Campaign's field names."""
    fields = {}
    for name in (
        "parent_body",
        "issuing_body",
        "symbol",
        "place",
        "issued_on",
        "year",
        "title",
        "kind",
        "status",
        "approve_children_first",
        "higher_document",
        "preamble",
        "theme",
        "closing",
    ):
        fields[name] = reader.value(Campaign, name, c, name, "", required=name in REQUIRED)
    fields["number"], fields["number_text"] = _read_number(reader, c.get("number"))
    if fields["year"] is not None:
        try:
            year_check(fields["year"], field=_label(Campaign, "year"))
        except ValidationError as error:
            reader.errors.append(_(ERR_AT_MESSAGE) % {"path": "year", "message": error.messages[0]})
    signer = c.get("signer")
    if signer is not None:
        signer = reader.obj(signer, "signer")
    for key, name in SIGNER_FIELDS.items():
        fields[name] = reader.value(Campaign, name, signer or {}, key, "signer")
    return fields


def _read_number(reader: _Reader, raw) -> tuple[int | None, str]:
    """(number, number as printed): version 2 writes the number as printed ("0124"); version 1 an integer."""
    if raw is None or raw == "":
        return None, ""
    if isinstance(raw, str):
        text = raw.strip()
        if text.isascii() and text.isdigit() and len(text) <= NUMBER_DIGITS and int(text) > 0:
            return int(text), text
        reader.at("number", _label(Campaign, "number"), _(ERR_NUMBER_TEXT) % {"value": _shown(raw), "digits": 9})
        return None, ""
    return reader.value(Campaign, "number", {"number": raw}, "number", ""), ""


def _read_parts(reader: _Reader, c: dict) -> dict[str, list]:
    """The plan's parts (PARTS) as unsaved rows, each checked by its model."""
    parts = {}
    for key, (model, names) in PARTS.items():
        rows = []
        for position, path, item in reader.objects(c, key, ""):
            mark = len(reader.errors)
            values = {}
            for name in names:
                if name == "tables":
                    values[name] = _read_tables(reader, item, path)
                else:
                    values[name] = reader.value(model, name, item, name, path, required=_required(model, name))
            row = model(position=position, **values)
            if len(reader.errors) == mark:
                _clean(reader, row, path, ["campaign"])
            rows.append(row)
        parts[key] = rows
    return parts


def _required(model, name: str) -> bool:
    field = model._meta.get_field(name)
    return not field.blank and not field.has_default()


def _read_tables(reader: _Reader, item: dict, path: str) -> list:
    tables = item.get("tables")
    if tables is None:
        return []
    problems = appendix_tables_check(tables)
    for problem in problems:
        reader.errors.append(_(ERR_AT_MESSAGE) % {"path": _join(path, "tables"), "message": problem})
    if problems:
        return []
    return [{"rows": t["rows"], "header_rows": t.get("header_rows", 1)} for t in tables]


def _read_units(reader: _Reader, c: dict) -> tuple[set, list, dict]:
    """The local units to create, the participants' keys with their paths, and who takes part."""
    local_units, local = [], set()
    for _i, path, item in reader.objects(c, "local_units", ""):
        mark = len(reader.errors)
        key = reader.unit_key(item, path)
        parent_code = reader.value(Unit, "code", item, "parent", path, required=True)
        kind = reader.value(Unit, "kind", item, "kind", path, required=True)
        unit_type = reader.value(Unit, "unit_type", item, "type", path, required=True)
        name = reader.value(Unit, "name", item, "name", path, required=True)
        if len(reader.errors) > mark or key is None:
            continue
        parent_key = (key[0], parent_code)
        if parent_key not in local and reader.unit(parent_key, _join(path, "parent"), pending=set()) is None:
            reader.errors.pop()
            reader.errors.append(
                _(ERR_AT_LOCAL_PARENT) % {"path": _join(path, "parent"), "code": parent_code, "edition": key[0]}
            )
            continue
        local.add(key)
        local_units.append(
            {"path": path, "key": key, "parent": parent_key, "kind": kind, "type": unit_type, "name": name}
        )
    participants: dict[tuple[str, str], str] = {}
    for i, ref in enumerate(reader.items(c, "participants", "")):
        path = f"participants[{i}]"
        key = reader.unit_key(ref, path)
        if key is None:
            continue
        if key in participants:
            reader.errors.append(
                _(ERR_AT_TWICE) % {"path": path, "unit": f"{key[1]} ({key[0]})", "other": participants[key]}
            )
            continue
        reader.unit(key, path, pending=local)
        participants[key] = path
    return local, local_units, participants


def _read_clusters(reader: _Reader, c: dict) -> list[Cluster]:
    clusters = []
    for _i, path, ref in reader.objects(c, "clusters", ""):
        mark = len(reader.errors)
        organiser = reader.unit(
            reader.unit_key(ref.get("organiser"), _join(path, "organiser")), _join(path, "organiser")
        )
        year = reader.value(Cluster, "year", ref, "year", path, required=True)
        name = reader.value(Cluster, "name", ref, "name", path, required=True)
        if len(reader.errors) > mark or organiser is None:
            continue
        cluster = Cluster.objects.filter(organiser=organiser, year=year, name=name).first()
        if cluster is None:
            reader.errors.append(_(ERR_AT_CLUSTER) % {"path": path, "name": name, "year": year})
        else:
            clusters.append(cluster)
    return clusters


def _clean(reader: _Reader, instance, path: str, exclude: list[str], paths: dict | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        reader.model_errors(error, type(instance), path, paths)


def _read_targets(reader, fig: dict, path: str, figure_name, *, local, participants, check_participants) -> list:
    targets, seen = [], {}
    for _t_pos, t_path, t in reader.objects(fig, "targets", path):
        unit_path = _join(t_path, "unit")
        key = reader.unit_key(t.get("unit"), unit_path)
        if key is not None:
            unit = reader.unit(key, unit_path, pending=local)
            shown = unit.name if unit is not None else f"{key[1]} ({key[0]})"
            if key in seen:
                reader.errors.append(_(ERR_AT_TWICE) % {"path": unit_path, "unit": shown, "other": seen[key]})
            elif check_participants and key not in participants:
                reader.errors.append(_(ERR_AT_NOT_PARTICIPANT) % {"path": unit_path, "unit": shown})
            seen.setdefault(key, unit_path)
        values = {name: reader.value(Target, name, t, name, t_path) for name in (*TARGET_DECIMALS, "note")}
        for low, high in (("assigned_value", "assigned_high"), ("registered_value", "registered_high")):
            if values[low] is not None and values[high] is not None and values[high] < values[low]:
                reader.errors.append(
                    _(ERR_AT_TARGET_RANGE)
                    % {
                        "path": _join(t_path, high),
                        "high": _decimal(values[high]),
                        "low": _decimal(values[low]),
                        "figure": figure_name,
                        "unit": key[1] if key else "?",
                    }
                )
        target = Target(**values)
        _clean(reader, target, t_path, ["figure", "unit"])
        targets.append((key, target))
    return targets


def _read_sections(reader: _Reader, container: dict, key: str, path: str, **units) -> list:
    """[(section, indicators, children)] with indicators [(indicator, [(figure, [(unit key, target)])])]."""
    result = []
    for position, s_path, item in reader.objects(container, key, path):
        values = {name: reader.value(Section, name, item, name, s_path) for name in SECTION_FIELDS}
        section = Section(position=position, **values)
        _clean(reader, section, s_path, ["campaign", "parent"])
        indicators = []
        for i_pos, i_path, ind in reader.objects(item, "indicators", s_path):
            values = {
                name: reader.value(Indicator, name, ind, name, i_path, required=name == "sentence")
                for name in Indicator.CONTENT_FIELDS
            }
            indicator = Indicator(position=i_pos, **values)
            _clean(reader, indicator, i_path, ["section"])
            figures = []
            for f_pos, f_path, fig in reader.objects(ind, "figures", i_path):
                mark = len(reader.errors)
                values = {
                    name: reader.value(Figure, name, fig, name, f_path, required=name in ("name", "form"))
                    for name in FIGURE_FIELDS
                }
                low, high = values["value"], values["value_high"]
                if low is not None and high is not None and high < low:
                    reader.errors.append(
                        _(ERR_AT_RANGE)
                        % {
                            "path": _join(f_path, "value_high"),
                            "high": _decimal(high),
                            "low": _decimal(low),
                            "figure": values["name"] or "",
                        }
                    )
                figure = Figure(position=f_pos, **values)
                if len(reader.errors) == mark:  # the model's rules, once the fields themselves are right
                    _clean(reader, figure, f_path, ["indicator"])
                targets = _read_targets(reader, fig, f_path, values["name"] or "", **units)
                figures.append((figure, targets))
            indicators.append((indicator, figures))
        children = _read_sections(reader, item, "children", s_path, **units)
        result.append((section, indicators, children))
    return result


@transaction.atomic
def campaign_import(*, data: dict, user=None, revising: Campaign | None = None) -> Campaign:
    """Create a campaign from its JSON form, all or nothing. Every error in the file is reported together, each
    with its JSON path. ``revising``: the file is that issued campaign's own export, and becomes its new draft
    version."""
    from units import services as unit_services

    c = data.get("campaign") if isinstance(data, dict) else None
    if not isinstance(c, dict):
        raise ValidationError(_(ERR_FORMAT) % {"format": FORMAT})
    reader = _Reader()
    fields = _read_header(reader, c)
    issuing_unit = None
    if c.get("issuing_unit") is None:
        reader.errors.append(_(ERR_AT_MISSING) % {"path": "issuing_unit", "field": _label(Campaign, "issuing_unit")})
    else:
        issuing_unit = reader.unit(reader.unit_key(c["issuing_unit"], "issuing_unit"), "issuing_unit")
    doc_type = None
    code = reader.value(DocumentType, "code", c, "doc_type", "", required=True)
    if isinstance(code, str) and code:
        doc_type = DocumentType.objects.filter(code=code).first()
        if doc_type is None:
            reader.errors.append(_(ERR_AT_DOC_TYPE) % {"path": "doc_type", "code": code})
    local, local_units, participants = _read_units(reader, c)
    clusters = _read_clusters(reader, c)
    parts = _read_parts(reader, c)
    recipients = []
    for i, text in enumerate(reader.items(c, "recipients", "")):  # each line a string, never an object
        recipients.append(
            reader.value(Recipient, "text", {f"recipients[{i}]": text}, f"recipients[{i}]", "", required=True)
        )
    higher = None
    if c.get("higher_campaign") is not None:
        h = reader.obj(c["higher_campaign"], "higher_campaign")
        if h is not None:
            mark = len(reader.errors)
            h_unit = reader.unit_key(h.get("issuing_unit"), "higher_campaign.issuing_unit")
            h_year = reader.value(Campaign, "year", h, "year", "higher_campaign", required=True)
            h_type = reader.value(DocumentType, "code", h, "doc_type", "higher_campaign", required=True)
            h_number = reader.value(Campaign, "number", h, "number", "higher_campaign")
            if len(reader.errors) == mark and h_unit is not None:
                higher = Campaign.objects.filter(
                    issuing_unit__edition=h_unit[0],
                    issuing_unit__code=h_unit[1],
                    year=h_year,
                    doc_type__code=h_type,
                    number=h_number,
                ).first()
    # A new version copies the issued campaign as it is; a file names only targets of units that take part.
    sections = _read_sections(
        reader, c, "sections", "", local=local, participants=participants, check_participants=revising is None
    )
    campaign = Campaign(issuing_unit=issuing_unit, doc_type=doc_type, higher_campaign=higher, created_by=user, **fields)
    if revising is not None:
        campaign.previous_version = revising
        campaign.status, campaign.number, campaign.issued_on = "draft", None, None
        campaign.number_text = ""
        campaign.higher_campaign = revising.higher_campaign
    if not reader.errors:
        paths = {name: f"signer.{key}" for key, name in SIGNER_FIELDS.items()}
        _clean(reader, campaign, "", [], paths)
    if reader.errors:
        raise ValidationError(reader.errors)
    existing = campaign_find(data) if revising is None else None
    if existing is not None:
        raise ValidationError(_(ERR_EXISTS) % {"campaign": existing})

    # ---- the writing pass: everything was checked
    campaign.save()
    Recipient.objects.bulk_create(
        [Recipient(campaign=campaign, position=i, text=text) for i, text in enumerate(recipients)]
    )
    for key, (model, _names) in PARTS.items():
        for row in parts[key]:
            row.campaign = campaign
        model.objects.bulk_create(parts[key])
    for ref in local_units:
        (edition, code), parent_key = ref["key"], ref["parent"]
        if Unit.objects.filter(edition=edition, code=code).exists():
            continue
        parent = Unit.objects.get(edition=parent_key[0], code=parent_key[1])
        try:
            unit_services.unit_add_child(
                parent=parent, kind=ref["kind"], unit_type=ref["type"], name=ref["name"], code=code
            )
        except ValidationError as error:
            raise ValidationError(
                [_(ERR_AT_MESSAGE) % {"path": ref["path"], "message": message} for message in error.messages]
            ) from error
    reader.forget_units()  # the local units exist now
    units = {
        (u.edition, u.code): u
        for u in Unit.objects.filter(edition__in={k[0] for k in participants}, code__in={k[1] for k in participants})
    }
    Participation.objects.bulk_create([Participation(campaign=campaign, unit=units[key]) for key in participants])
    campaign.clusters.add(*clusters)

    def add_sections(items: list, parent: Section | None) -> None:
        for section, indicators, children in items:
            section.campaign, section.parent = campaign, parent
            section.save()
            for indicator, figures in indicators:
                indicator.section = section
                indicator.save()
                for figure, targets in figures:
                    figure.indicator = indicator
                    figure.save()
                    for key, target in targets:
                        target.figure, target.unit = figure, reader.unit(key, "")
                        target.save()
            add_sections(children, section)

    add_sections(sections, None)
    return campaign
