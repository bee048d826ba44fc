"""Writes to the province award settings (the LĐTT share for TTLĐTT, a cap on CSTĐCS, a vote threshold): a new value
is added with the date it applies from; the value in force until then is closed the day before. Dates never
overlap: a value that would overlap one already entered (other than the open-ended one it follows) is refused."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from awards.models import AwardSetting, SettingKey
from units import vn
from units.models import UnitKind
from units.text import nfc

__all__ = ("may_edit_settings", "setting_create")

ERR_RANGE = gettext_noop("A percentage is more than 0 and at most 100.")
ERR_DATES = gettext_noop("The end date is before the start date.")
ERR_OVERLAP = gettext_noop(
    "Nothing was saved: these dates overlap the value %(value)s in force from %(start)s%(end)s. "
    "Choose a start date after it, or ask the administrator to correct that value."
)
ERR_NOT_PROVINCE = gettext_noop("Settings are made for a province.")
UNTIL = gettext_noop(" until %(date)s")


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def number(value: Decimal) -> str:
    """70.00 -> '70'; 66.67 -> '66,67'."""
    value = Decimal(value)
    return vn.number(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def may_edit_settings(user, province) -> bool:
    """A province's settings are edited by its administrators; the national ones (no province) by a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if province is None:
        return user.is_superuser
    return user.can("award.settings", province)


@transaction.atomic
def setting_create(
    *,
    province,
    award_type,
    key: str,
    value: Decimal,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    legal_basis: str = "",
    user,
) -> AwardSetting:
    if not may_edit_settings(user, province):
        raise permissions.ActionRefused
    if province is not None and province.kind != UnitKind.PROVINCE:
        raise ValidationError({"province": _(ERR_NOT_PROVINCE)})
    if key in (SettingKey.MEMBER_SHARE, SettingKey.CAP_PERCENT, SettingKey.VOTE_THRESHOLD) and not (
        Decimal(0) < Decimal(value) <= Decimal(100)
    ):
        raise ValidationError({"value": _(ERR_RANGE)})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _(ERR_DATES)})
    rows = list(
        AwardSetting.objects.select_for_update()
        .filter(province=province, award_type=award_type, key=key)
        .order_by("valid_from")
    )
    previous = None
    for row in rows:
        if row.valid_from < valid_from and row.valid_until is None:
            previous = row  # the open-ended value this one follows: closed the day before
            continue
        ends_before = row.valid_until is not None and row.valid_until < valid_from
        starts_after = valid_until is not None and row.valid_from > valid_until
        if not (ends_before or starts_after):
            end = _(UNTIL) % {"date": _date(row.valid_until)} if row.valid_until else ""
            raise ValidationError(
                {
                    "valid_from": _(ERR_OVERLAP)
                    % {"value": number(row.value), "start": _date(row.valid_from), "end": end}
                },
                code="overlap",
            )
    if previous is not None:
        previous.valid_until = valid_from - datetime.timedelta(days=1)
        previous.updated_by = user
        previous.save(update_fields=["valid_until", "updated_by", "updated"])
    setting = AwardSetting(
        province=province,
        award_type=award_type,
        key=key,
        value=value,
        valid_from=valid_from,
        valid_until=valid_until,
        legal_basis=nfc(legal_basis or ""),
        updated_by=user,
    )
    setting.full_clean()
    setting.save()
    return setting
