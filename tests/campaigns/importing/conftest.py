import datetime

import pytest

from tests.factories import unit
from units.models import Edition, UnitKind, UnitType


@pytest.fixture
def tien_du(db):
    """Xã Tiên Du in both editions: the 2025-01 one ceased on 30/06/2025, the 2025-07 one exists from 01/07/2025."""
    old_province = unit(code="27", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Bắc Ninh")
    old_district = unit(
        old_province, code="262", kind=UnitKind.DISTRICT, unit_type=UnitType.HUYEN, short_name="Tiên Du"
    )
    unit(old_district, code="09000", short_name="Tiên Du", valid_until=datetime.date(2025, 6, 30))
    province = unit(
        code="24", edition=Edition.E2025_07, kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Bắc Ninh"
    )
    return unit(
        province, code="09001", edition=Edition.E2025_07, short_name="Tiên Du", valid_from=datetime.date(2025, 7, 1)
    )
