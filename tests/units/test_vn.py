import datetime

import pytest

from units import vn

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2024, 1, 24), "ngày 24 tháng 01 năm 2024"),
        (datetime.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (datetime.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (datetime.date(2010, 2, 8), "ngày 08 tháng 02 năm 2010"),
        (datetime.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_long_date_follows_decree_30(day, text):
    assert vn.long_date(day) == text


def test_numbers_in_vietnamese_form():
    assert vn.number(1105) == "1.105"
    assert vn.number(14040.807, 3) == "14.040,807"
    assert vn.number(7.5) == "7,5"
    assert vn.number(None) == ""
