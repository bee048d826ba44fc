"""The JSON form of a campaign (docs/campaign-json.md): export a campaign to it, import one from it.

Export → import into an empty database → export gives the identical file: no database ids, units named by edition
and code, decimals as exact strings, everything in document order."""

import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import Campaign, DocumentType, Participation, Recipient, Section
from targets.models import Figure, Indicator, Target
from units.models import Cluster, Unit
from units.text import nfc

FORMAT = "thidua.campaign/1"

ERR_FORMAT = gettext_noop("This is not a campaign file (format “%(format)s” expected).")
ERR_JSON = gettext_noop("The file is not valid JSON: %(error)s")
ERR_UNIT = gettext_noop("Unit %(code)s of edition %(edition)s does not exist. Load the unit lists first.")
ERR_DOC_TYPE = gettext_noop("Unknown document type “%(code)s”.")
ERR_NUMBER = gettext_noop("“%(value)s” in %(where)s is not a number.")
ERR_DATE = gettext_noop("“%(value)s” is not a date (YYYY-MM-DD).")
ERR_EXISTS = gettext_noop("This campaign is already in the system: %(campaign)s.")
ERR_MISSING = gettext_noop("The field “%(field)s” is missing.")
ERR_CLUSTER = gettext_noop("The cluster “%(name)s” (%(year)s) does not exist.")

SECTION_FIELDS = Section.CONTENT_FIELDS
FIGURE_FIELDS = Figure.CONTENT_FIELDS
DECIMAL_FIELDS = {"value", "value_high", "total"}
TARGET_DECIMALS = ("assigned_value", "assigned_high", "registered_value", "registered_high")


# ------------------------------------------------------------------ export


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


def _unit_ref(unit: Unit) -> dict:
    return {"edition": unit.edition, "code": unit.code}


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
            "number": campaign.number,
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
            "preamble": campaign.preamble,
            "theme": campaign.theme,
            "closing": campaign.closing,
            "signer": {
                "authority": campaign.signer_authority,
                "on_behalf_of": campaign.signer_on_behalf_of,
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
            "clusters": [
                {"organiser": _unit_ref(c.organiser), "year": c.year, "name": c.name}
                for c in campaign.clusters.select_related("organiser").order_by("year", "name")
            ],
            "sections": [section_dict(s) for s in children[None]],
        },
    }


def campaign_export_json(*, campaign: Campaign) -> str:
    return json.dumps(campaign_export(campaign=campaign), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ import


class _Reader:
    """Reads the dict, collecting every error, so the whole file is checked before anything is written."""

    def __init__(self):
        self.errors: list[str] = []
        self._units: dict[tuple[str, str], Unit | None] = {}

    def unit(self, ref: dict, *, pending: set | None = None) -> Unit | None:
        key = (ref.get("edition", ""), ref.get("code", ""))
        if key not in self._units:
            self._units[key] = Unit.objects.filter(edition=key[0], code=key[1]).first()
        if self._units[key] is None and not (pending and key in pending):
            self.errors.append(_(ERR_UNIT) % {"code": key[1], "edition": key[0]})
        return self._units[key]

    def forget_units(self) -> None:
        self._units.clear()

    def decimal(self, value, where: str) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.errors.append(_(ERR_NUMBER) % {"value": value, "where": where})
            return None

    def date(self, value):
        if value in (None, ""):
            return None
        parsed = parse_date(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.errors.append(_(ERR_DATE) % {"value": value})
        return parsed


def _figures(sections: list[dict], path: str = ""):
    """(where, figure) for every figure in the sections, where naming the section path for messages."""
    for position, item in enumerate(sections):
        where = f"{path}{item.get('label') or position + 1}"
        for indicator in item.get("indicators", []):
            for figure in indicator.get("figures", []):
                yield where, figure
        yield from _figures(item.get("children", []), where + " › ")


def campaign_parse(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(_(ERR_JSON) % {"error": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("campaign"), dict):
        raise ValidationError(_(ERR_FORMAT) % {"format": FORMAT})
    return data


def campaign_find(data: dict) -> Campaign | None:
    """The campaign a file describes, if it is in the system: same issuing unit, year, type and title."""
    c = data["campaign"]
    ref = c.get("issuing_unit") or {}
    return Campaign.objects.filter(
        issuing_unit__edition=ref.get("edition"),
        issuing_unit__code=ref.get("code"),
        year=c.get("year"),
        doc_type__code=c.get("doc_type"),
        title=nfc(c.get("title", "")),
    ).first()


@transaction.atomic
def campaign_import(*, data: dict, user=None, revising: Campaign | None = None) -> Campaign:
    """Create a campaign from its JSON form, all or nothing. Every error in the file is reported together.
    ``revising``: the file is that issued campaign's own export, and becomes its new draft version."""
    from units import services as unit_services

    c = data["campaign"]
    reader = _Reader()
    for key in ("issuing_unit", "doc_type", "symbol", "place", "year", "title", "issuing_body"):
        if key not in c:
            reader.errors.append(_(ERR_MISSING) % {"field": key})
    if reader.errors:
        raise ValidationError(reader.errors)
    existing = campaign_find(data) if revising is None else None
    if existing is not None:
        raise ValidationError(_(ERR_EXISTS) % {"campaign": existing})
    issuing_unit = reader.unit(c["issuing_unit"])
    doc_type = DocumentType.objects.filter(code=c["doc_type"]).first()
    if doc_type is None:
        reader.errors.append(_(ERR_DOC_TYPE) % {"code": c["doc_type"]})
    local = {(u["edition"], u["code"]) for u in c.get("local_units", [])}
    for ref in c.get("participants", []):
        reader.unit(ref, pending=local)
    for ref in c.get("local_units", []):
        reader.unit({"edition": ref["edition"], "code": ref["parent"]}, pending=local)
    higher = None
    if c.get("higher_campaign"):
        h = c["higher_campaign"]
        higher = Campaign.objects.filter(
            issuing_unit__edition=h["issuing_unit"]["edition"],
            issuing_unit__code=h["issuing_unit"]["code"],
            year=h["year"],
            doc_type__code=h["doc_type"],
            number=h["number"],
        ).first()
    issued_on = reader.date(c.get("issued_on"))
    for where, fig in _figures(c.get("sections", [])):
        for name in DECIMAL_FIELDS:
            reader.decimal(fig.get(name), where)
        for t in fig.get("targets", []):
            reader.unit(t["unit"], pending=local)
            for name in TARGET_DECIMALS:
                reader.decimal(t.get(name), where)
    if reader.errors:
        raise ValidationError(reader.errors)

    signer = c.get("signer") or {}
    campaign = Campaign(
        issuing_unit=issuing_unit,
        parent_body=c.get("parent_body", ""),
        issuing_body=c["issuing_body"],
        doc_type=doc_type,
        number=c.get("number"),
        symbol=c["symbol"],
        place=c["place"],
        issued_on=issued_on,
        year=c["year"],
        title=c["title"],
        kind=c.get("kind", "regular"),
        status=c.get("status", "draft"),
        approve_children_first=bool(c.get("approve_children_first", False)),
        higher_campaign=higher,
        higher_document=c.get("higher_document", ""),
        preamble=c.get("preamble", ""),
        theme=c.get("theme", ""),
        closing=c.get("closing", ""),
        signer_authority=signer.get("authority", ""),
        signer_on_behalf_of=signer.get("on_behalf_of", ""),
        signer_title=signer.get("title", ""),
        signer_name=signer.get("name", ""),
        created_by=user,
    )
    if revising is not None:
        campaign.previous_version = revising
        campaign.status, campaign.number, campaign.issued_on = "draft", None, None
        campaign.higher_campaign = revising.higher_campaign
    campaign.full_clean()
    campaign.save()
    Recipient.objects.bulk_create(
        [Recipient(campaign=campaign, position=i, text=text) for i, text in enumerate(c.get("recipients", []))]
    )
    for ref in c.get("local_units", []):
        if Unit.objects.filter(edition=ref["edition"], code=ref["code"]).exists():
            continue
        parent = Unit.objects.get(edition=ref["edition"], code=ref["parent"])
        unit_services.unit_add_child(
            parent=parent, kind=ref["kind"], unit_type=ref["type"], name=ref["name"], code=ref["code"]
        )
    reader.forget_units()  # the local units exist now
    participants = [Unit.objects.get(edition=r["edition"], code=r["code"]) for r in c.get("participants", [])]
    Participation.objects.bulk_create([Participation(campaign=campaign, unit=u) for u in participants])
    for ref in c.get("clusters", []):
        cluster = Cluster.objects.filter(
            organiser__edition=ref["organiser"]["edition"],
            organiser__code=ref["organiser"]["code"],
            year=ref["year"],
            name=ref["name"],
        ).first()
        if cluster is None:
            raise ValidationError(_(ERR_CLUSTER) % {"name": ref["name"], "year": ref["year"]})
        campaign.clusters.add(cluster)

    def add_sections(items: list[dict], parent: Section | None, path: str) -> None:
        for position, item in enumerate(items):
            section = Section(
                campaign=campaign,
                parent=parent,
                position=position,
                **{name: item.get(name, "") for name in SECTION_FIELDS},
            )
            section.full_clean(exclude=["campaign", "parent"])
            section.save()
            where = f"{path}{item.get('label') or position + 1}"
            for i_pos, ind in enumerate(item.get("indicators", [])):
                indicator = Indicator(
                    section=section,
                    position=i_pos,
                    label=ind.get("label", ""),
                    sentence=ind["sentence"],
                    field=ind.get("field", ""),
                )
                indicator.full_clean(exclude=["section"])
                indicator.save()
                for f_pos, fig in enumerate(ind.get("figures", [])):
                    values = {name: fig.get(name, "") for name in FIGURE_FIELDS if name not in DECIMAL_FIELDS}
                    decimals = {name: reader.decimal(fig.get(name), where) for name in DECIMAL_FIELDS}
                    figure = Figure(indicator=indicator, position=f_pos, **values, **decimals)
                    figure.full_clean(exclude=["indicator"])
                    figure.save()
                    for t in fig.get("targets", []):
                        unit = reader.unit(t["unit"])
                        target = Target(
                            figure=figure,
                            unit=unit,
                            note=t.get("note", ""),
                            **{n: reader.decimal(t.get(n), where) for n in TARGET_DECIMALS},
                        )
                        if reader.errors:
                            raise ValidationError(reader.errors)
                        target.save()
            add_sections(item.get("children", []), section, where + " › ")

    add_sections(c.get("sections", []), None, "")
    if reader.errors:
        raise ValidationError(reader.errors)
    return campaign
