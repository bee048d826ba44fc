"""Import a campaign document: read the file, parse it into a draft, resolve its issuer, and save a reviewed draft
through the JSON import (campaigns.serialization.campaign_import), all or nothing."""

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns import serialization
from campaigns.importing.parser import FORMAT, Draft, parse_lines
from campaigns.importing.readers import read_document
from campaigns.models import Campaign
from units.models import Unit
from units.text import search_key
from units.validity import is_in_force

ERR_NOT_A_PLAN = gettext_noop(
    "The file does not read as a campaign document: no issuing body, no document type (KẾ HOẠCH, PHÁT ĐỘNG, CHỈ THỊ …) "
    "and no numbered parts (I., II. …) were found in it."
)
ERR_DUPLICATE = gettext_noop("This document was imported already: %(campaign)s (same issuer, type, number and date).")
ERR_NO_ISSUER = gettext_noop(
    "The issuing body “%(body)s” is not a unit of the system on %(date)s; choose the issuing unit before saving."
)

_BODY_PREFIX = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+", re.I)


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def draft_from_file(*, name: str, content: bytes) -> Draft:
    """The draft of a DOCX, PDF or text file; a ValidationError in Vietnamese for a file that cannot be read."""
    lines, tables = read_document(name=name, content=content)
    draft = parse_lines(lines, tables=tables)
    c = draft.campaign
    if not c.get("doc_type") and not c.get("sections") and not c.get("issuing_body"):
        raise ValidationError(_(ERR_NOT_A_PLAN))
    issuer_resolve(draft)
    return draft


def _document_date(c: dict) -> datetime.date | None:
    if c.get("issued_on"):
        return datetime.date.fromisoformat(c["issued_on"])
    if c.get("year"):
        return datetime.date(int(c["year"]), 1, 1)
    return None


def issuer_resolve(draft: Draft) -> Unit | None:
    """The unit the header names, of the edition in force on the document's date: "ỦY BAN NHÂN DÂN XÃ CAO LÂU" under
    "UBND HUYỆN CAO LỘC" dated 24/01/2024 is Xã Cao Lâu of the 2025-01 edition. Several candidates are told apart
    by the parent body; when that still leaves more than one, or none, the issuer is marked uncertain."""
    c = draft.campaign
    body = c.get("issuing_body") or ""
    name = _BODY_PREFIX.sub("", body).strip()
    if not name:
        draft.uncertain.add("issuing_unit")
        return None
    on = _document_date(c)
    candidates = [
        u for u in Unit.objects.filter(search_name=search_key(name), official=True) if on is None or is_in_force(u, on)
    ]
    parent_name = _BODY_PREFIX.sub("", c.get("parent_body") or "").strip()
    if len(candidates) > 1 and parent_name:
        key = search_key(parent_name)
        narrowed = [u for u in candidates if (p := Unit.objects.get_parent(u)) is not None and key in p.search_name]
        candidates = narrowed or candidates
    if len(candidates) != 1:
        draft.uncertain.add("issuing_unit")
        return None
    unit = candidates[0]
    c["issuing_unit"] = {"edition": unit.edition, "code": unit.code}
    if "issuing_body" in draft.provenance:
        draft.provenance["issuing_unit"] = draft.provenance["issuing_body"]
    return unit


def _date(text: str) -> datetime.date | None:
    try:
        return parse_date(text)
    except ValueError:  # well formed, not a day: 2024-02-30
        return None


def draft_duplicate(data: dict) -> Campaign | None:
    """The campaign already saved from this document: same issuer, type and number and date when it is numbered,
    else the JSON import's own test (issuer, year, type and title)."""
    c = data.get("campaign") if isinstance(data.get("campaign"), dict) else {}
    ref = c.get("issuing_unit") if isinstance(c.get("issuing_unit"), dict) else {}
    number = c.get("number")
    issued_on = c.get("issued_on")
    if ref and number and isinstance(issued_on, str) and str(number).isdigit() and _date(issued_on):
        found = Campaign.objects.filter(
            issuing_unit__edition=ref.get("edition"),
            issuing_unit__code=ref.get("code"),
            doc_type__code=c.get("doc_type"),
            number=int(number),
            issued_on=_date(issued_on),
        ).first()
        if found:
            return found
    return serialization.campaign_find(data)


def draft_save(*, data: dict, user=None) -> Campaign:
    """Save the reviewed draft, all or nothing; the same document twice is refused."""
    c = data.get("campaign") if isinstance(data, dict) else None
    if not isinstance(c, dict):
        raise ValidationError(_(serialization.ERR_FORMAT) % {"format": FORMAT})
    if not c.get("issuing_unit"):
        raise ValidationError(
            _(ERR_NO_ISSUER)
            % {"body": c.get("issuing_body") or "—", "date": c.get("issued_on") or c.get("year") or "—"}
        )
    existing = draft_duplicate(data)
    if existing is not None:
        raise ValidationError(_(ERR_DUPLICATE) % {"campaign": existing})
    return serialization.campaign_import(data=data, user=user)


ERR_OTHER_ISSUER = gettext_noop(
    "The document's header names another issuer (%(body)s); it will be saved as a plan of %(unit)s."
)


def draft_assign_unit(draft: Draft, unit: Unit) -> str:
    """Make ``unit`` the draft's issuer (a plan is imported into the unit it is opened from); when the header named
    another one, mark the issuer uncertain and return the warning to show."""
    c = draft.campaign
    found, mine = c.get("issuing_unit"), {"edition": unit.edition, "code": unit.code}
    c["issuing_unit"] = mine
    if found and found != mine:
        draft.uncertain.add("issuing_unit")
        return _(ERR_OTHER_ISSUER) % {"body": c.get("issuing_body") or "—", "unit": unit.name}
    return ""


def draft_save_as(*, data: dict, unit: Unit, user) -> Campaign:
    """Save the reviewed draft as a draft campaign of ``unit``, whatever issuer or status the JSON says."""
    if isinstance(data, dict) and isinstance(data.get("campaign"), dict):
        data["campaign"]["issuing_unit"] = {"edition": unit.edition, "code": unit.code}
        data["campaign"]["status"] = "draft"
    return draft_save(data=data, user=user)
