"""The law in force on a date: which units exist on it, and what their documents print above their own name.

Since 1/7/2025 the districts and most communes of the 2025-01 edition have ceased (``valid_until`` 30/6/2025); their
successors of the 2025-07 edition issue from then on. A document is dated by the law in force: its issuer must exist
on its date, and its header names only bodies that exist then. Documents issued before keep their headers: they are
frozen when issued."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from units.models import HeaderParent, Unit, UnitKind
from units.vn import short_date

__all__ = (
    "ERR_UNIT_CEASED",
    "ERR_UNIT_NOT_YET",
    "header_parent_set",
    "in_force_check",
    "is_in_force",
    "parent_body_line",
)

ERR_UNIT_CEASED = gettext_noop(
    "%(unit)s ceased on %(until)s and can no longer issue documents dated %(date)s; from %(next_day)s its documents "
    "are issued by %(successor)s."
)
ERR_UNIT_CEASED_NO_SUCCESSOR = gettext_noop(
    "%(unit)s ceased on %(until)s and can no longer issue documents dated %(date)s; the system knows no successor."
)
ERR_UNIT_NOT_YET = gettext_noop("%(unit)s exists from %(since)s and cannot issue documents dated %(date)s.")


def is_in_force(unit: Unit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (unit.valid_until is None or on <= unit.valid_until)


def in_force_check(unit: Unit, on: datetime.date, *, field: str | None = None) -> None:
    """Refuse a document of ``unit`` dated ``on`` when the unit does not exist on that date, naming its successor:
    "Xã Cao Lâu ceased on 30/06/2025 …; from 01/07/2025 its documents are issued by Xã Ba Sơn"."""
    if is_in_force(unit, on):
        return
    if unit.valid_from is not None and on < unit.valid_from:
        message = _(ERR_UNIT_NOT_YET) % {
            "unit": unit.name,
            "since": short_date(unit.valid_from),
            "date": short_date(on),
        }
    else:
        params = {"unit": unit.name, "until": short_date(unit.valid_until), "date": short_date(on)}
        successor = unit.successor
        if successor is None:
            message = _(ERR_UNIT_CEASED_NO_SUCCESSOR) % params
        else:
            next_day = unit.valid_until + datetime.timedelta(days=1)
            message = _(ERR_UNIT_CEASED) % {**params, "successor": successor.name, "next_day": short_date(next_day)}
    raise ValidationError({field: message} if field else message, code="unit_not_in_force")


def parent_body_line(unit: Unit) -> str:
    """The header's first line, above the issuing body: the direct parent body ("UBND HUYỆN CAO LỘC" for a commune of
    the 2025-01 edition, "UBND TỈNH LẠNG SƠN" for one of the 2025-07 edition, as Decree 30 prescribes), the province's
    name only ("TỈNH LẠNG SƠN") or nothing, as the unit's setting says; nothing for a province. A unit's parent is of
    the unit's own edition, so a body abolished by the reform is never named by a unit in force after it."""
    parent = Unit.objects.get_parent(unit)
    if parent is None or unit.header_parent == HeaderParent.NONE:
        return ""
    territorial = parent.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
    if unit.header_parent == HeaderParent.LOCALITY or not territorial:
        return parent.name.upper()
    return f"UBND {parent.name.upper()}"


def header_parent_set(*, unit: Unit, value: str, user) -> Unit:
    """Set what the unit's new documents print above its name (recorded in the unit's history). Documents issued
    before keep theirs; drafts made before keep the line they were drafted with until it is edited."""
    if value not in HeaderParent.values:
        raise ValidationError({"header_parent": _("Choose one of the listed header lines.")})
    unit.header_parent = value
    unit._history_user = user
    unit.save(update_fields=["header_parent", "updated"])
    return unit
