"""Vietnamese forms of dates and numbers, shared by pages, documents and messages."""

import datetime
from decimal import Decimal

from django.utils import numberformat


def short_date(value: datetime.date | None) -> str:
    """'24/01/2024', as messages and tables write a date; '' for none."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def long_date(value: datetime.date | None) -> str:
    """'ngày 24 tháng 01 năm 2024': days 1–9 and months 1–2 get a leading zero (Nghị định 30, Phụ lục I)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def count(value: int) -> str:
    """A count as documents write it: two digits at least ('01', '02', '10', '21'), then grouped ('1.105')."""
    return f"{value:02d}" if value < 1000 else number(value)


def number(value: int | float | Decimal | None, decimal_pos: int | None = None) -> str:
    """1105 -> '1.105'; 7.5 -> '7,5': the Vietnamese form, whatever language the page is in."""
    if value is None:
        return ""
    return numberformat.format(value, ",", decimal_pos, grouping=3, thousand_sep=".", force_grouping=True)
