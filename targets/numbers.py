"""Numbers as Vietnamese officials write them: "." groups thousands, "," marks decimals (1.105; 7,5; 14.040,807),
and "7 - 7,5" for a range. Every input is parsed here and every output formatted here, so that a figure typed into a
form, uploaded in a sheet or printed in a document reads the same.

A dot followed by exactly three digits (and nothing but groups of three after it) groups thousands; any other dot is
refused with a message that shows the Vietnamese form of what was probably meant ("7.5" → "7,5")."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

__all__ = ("parse_number", "parse_range", "format_number", "format_range", "ERR_DOT", "ERR_NOT_A_NUMBER")

ERR_NOT_A_NUMBER = gettext_noop("“%(text)s” is not a number. Write numbers as 1.105 or 7,5.")
ERR_DOT = gettext_noop(
    "“%(text)s”: in Vietnamese a dot only groups thousands (1.105) and a comma marks decimals. "
    "Did you mean %(suggestion)s?"
)
ERR_TWO_COMMAS = gettext_noop("“%(text)s” has more than one decimal comma.")
ERR_RANGE_ORDER = gettext_noop("In the range “%(text)s” the first number must not be larger than the second.")
ERR_EMPTY = gettext_noop("Enter a number.")
ERR_TOO_LARGE_NUMBER = gettext_noop("“%(text)s” is too large.")
# What every figure's column holds (DecimalField(max_digits=20, decimal_places=4)): 16 digits before the comma.
MAX_INTEGER_DIGITS, MAX_DECIMAL_PLACES = 16, 4

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.105  14.040  1.105.000
_PLAIN = re.compile(r"^\d+$")
_ENGLISH = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")  # 7.5  1,105.5  11.05: an English decimal dot
_RANGE_SEPARATOR = re.compile(r"\s*[-–—]\s*")


def _suggest(text: str) -> str:
    """What a number written with an English decimal dot probably meant: '7.5' -> '7,5', '1,105.5' -> '1.105,5'."""
    cleaned = text.replace(",", "")
    try:
        return format_number(Decimal(cleaned))
    except (InvalidOperation, ValueError):
        return text.replace(".", ",")


def parse_number(text: str) -> Decimal:
    """'1.105' -> 1105, '7,5' -> 7.5, '14.040,807' -> 14040.807, '-5' -> -5; a trailing '%' is allowed."""
    raw = _SPACES.sub(" ", str(text or "")).strip()
    value = raw.removesuffix("%").strip()
    if not value:
        raise ValidationError(_(ERR_EMPTY), code="required")
    sign = ""
    if value[0] in "+-−":
        sign, value = ("-" if value[0] in "-−" else ""), value[1:].strip()
    whole, comma, decimals = value.partition(",")
    valid_whole = _PLAIN.match(whole) or _GROUPED.match(whole)
    valid_decimals = not comma or _PLAIN.match(decimals)
    if not (valid_whole and valid_decimals and whole.isascii() and decimals.isascii()):
        if "." in value and _ENGLISH.match(value):
            raise ValidationError(_(ERR_DOT) % {"text": raw, "suggestion": _suggest(value)}, code="dot")
        if value.count(",") > 1:
            raise ValidationError(_(ERR_TWO_COMMAS) % {"text": raw}, code="invalid")
        raise ValidationError(_(ERR_NOT_A_NUMBER) % {"text": raw}, code="invalid")
    whole = whole.replace(".", "")
    number = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if number >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise ValidationError(_(ERR_TOO_LARGE_NUMBER) % {"text": raw}, code="too_large")
    return -number if sign and number else number


def parse_range(text: str) -> tuple[Decimal, Decimal]:
    """'7 - 7,5' -> (7, 7.5); a single number n -> (n, n). Low must not exceed high."""
    raw = _SPACES.sub(" ", str(text or "")).strip()
    # A leading minus belongs to the first number; split on a dash that stands between two numbers.
    parts = _RANGE_SEPARATOR.split(raw[1:], maxsplit=1) if raw[:1] in "-−" else _RANGE_SEPARATOR.split(raw, maxsplit=1)
    if raw[:1] in "-−":
        parts[0] = raw[0] + parts[0]
    if len(parts) == 1:
        value = parse_number(parts[0])
        return value, value
    low, high = parse_number(parts[0]), parse_number(parts[1])
    if low > high:
        raise ValidationError(_(ERR_RANGE_ORDER) % {"text": raw}, code="range_order")
    return low, high


def format_number(value: Decimal | int | float | None, decimal_places: int | None = None) -> str:
    """1105 -> '1.105', Decimal('7.50') -> '7,5', 14040.807 -> '14.040,807'. With decimal_places, fixed."""
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimal_places is not None:
        number = number.quantize(Decimal(1).scaleb(-decimal_places))
        text = f"{number:f}"
    else:
        text = f"{number.normalize():f}" if number != number.to_integral() else f"{number.to_integral():f}"
    sign = "-" if text.startswith("-") else ""
    whole, _dot, decimals = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if decimals:
        result += "," + decimals
    return ("" if result == "0" and not decimals else sign) + result


def format_range(low: Decimal | None, high: Decimal | None) -> str:
    """(7, 7.5) -> '7 - 7,5'; equal ends print once."""
    if low is None or high is None or low == high:
        return format_number(low if low is not None else high)
    return f"{format_number(low)} - {format_number(high)}"
