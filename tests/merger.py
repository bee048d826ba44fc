"""The 2025 merger on the small test tree (tests/conftest.py build_tree): Xã Cao Lâu (06196) and Xã Thạch Đạn (06199)
of Huyện Cao Lộc cease on 30/6/2025; Xã Ba Sơn (06202) of the two-tier Tỉnh Lạng Sơn (20) is their main successor
(in the official mapping Ba Sơn took over Cao Lâu, Xuất Lễ and Mẫu Sơn; Thạch Đạn stands in for the second)."""

import datetime
from types import SimpleNamespace

from tests.factories import unit
from units.models import Edition, Unit, UnitKind, UnitSuccession, UnitType

LAST_DAY = datetime.date(2025, 6, 30)
FIRST_DAY = datetime.date(2025, 7, 1)


def two_tier(tree) -> SimpleNamespace:
    """The 2025-07 units: Tỉnh Lạng Sơn, Xã Ba Sơn under it, and Xã Hoàng Văn Thụ for a split."""
    lang_son = unit(
        code="20",
        edition=Edition.E2025_07,
        kind=UnitKind.PROVINCE,
        unit_type=UnitType.TINH,
        short_name="Lạng Sơn",
        valid_from=FIRST_DAY,
    )
    ba_son = unit(lang_son, code="06202", edition=Edition.E2025_07, short_name="Ba Sơn", valid_from=FIRST_DAY)
    hoang_van_thu = unit(
        lang_son, code="06229", edition=Edition.E2025_07, short_name="Hoàng Văn Thụ", valid_from=FIRST_DAY
    )
    lang_son.refresh_from_db()
    return SimpleNamespace(lang_son=lang_son, ba_son=ba_son, hoang_van_thu=hoang_van_thu)


def cease(old: Unit, new: Unit, *, on: datetime.date = LAST_DAY) -> None:
    """As load_units --edition all leaves it: valid_until, the main successor, the succession row."""
    Unit.objects.filter(pk=old.pk).update(valid_until=on, successor=new)
    UnitSuccession.objects.create(old=old, new=new, is_main=True)
    old.refresh_from_db()


def merge_2025(tree) -> SimpleNamespace:
    new = two_tier(tree)
    cease(tree.cao_lau, new.ba_son)
    cease(tree.thach_dan, new.ba_son)
    cease(tree.cao_loc, new.lang_son)
    cease(tree.lang_son, new.lang_son)
    return new
