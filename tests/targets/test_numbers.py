"""Vietnamese numbers: what the issue lists is accepted, English decimal dots are refused with the Vietnamese form,
and formatting then parsing gives the same value (property test)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from targets.forms import VNDecimalField, VNRangeField
from targets.numbers import format_number, format_range, parse_number, parse_range

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.105", Decimal("1105")),
        ("1105", Decimal("1105")),
        ("7,5", Decimal("7.5")),
        ("14.040,807", Decimal("14040.807")),
        ("31.000", Decimal("31000")),
        ("1.105.000", Decimal("1105000")),
        (" 86,6 % ", Decimal("86.6")),
        ("-5", Decimal("-5")),
        ("0,05", Decimal("0.05")),
    ],
)
def test_accepts_vietnamese_forms(text, value):
    assert parse_number(text) == value


def test_accepts_ranges():
    assert parse_range("7 - 7,5") == (Decimal("7"), Decimal("7.5"))
    assert parse_range("8–9") == (Decimal("8"), Decimal("9"))
    assert parse_range("5") == (Decimal("5"), Decimal("5"))
    assert parse_range("-5 - -2") == (Decimal("-5"), Decimal("-2"))


@pytest.mark.parametrize(
    ("text", "suggestion"), [("7.5", "7,5"), ("11.05", "11,05"), ("1.10", "1,1"), ("1,105.5", "1.105,5")]
)
def test_a_dot_that_does_not_group_thousands_is_refused_with_the_vietnamese_form(text, suggestion):
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        parse_number(text)
    message = excinfo.value.messages[0]
    assert suggestion in message and "dấu phẩy" in message


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1 105", "", "   ", "1.0.5", "٣", "1e5", "--5"])
def test_other_garbage_is_refused(text):
    with pytest.raises(ValidationError):
        parse_number(text)


def test_a_range_with_low_above_high_is_refused():
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        parse_range("7,5 - 7")
    assert "7,5 - 7" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1105, "1.105"),
        (Decimal("7.50"), "7,5"),
        (Decimal("14040.807"), "14.040,807"),
        (-1234.5, "-1.234,5"),
        (0, "0"),
        (Decimal("-0"), "0"),
        (100, "100"),
        (Decimal("1E+3"), "1.000"),
    ],
)
def test_formats_in_vietnamese_form(value, text):
    assert format_number(value) == text


def test_format_with_fixed_decimals_and_ranges():
    assert format_number(Decimal("7.5"), 2) == "7,50"
    assert format_range(Decimal("7"), Decimal("7.5")) == "7 - 7,5"
    assert format_range(Decimal("5"), Decimal("5")) == "5"


decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False, allow_infinity=False
)


@given(decimals)
def test_formatting_then_parsing_returns_the_same_value(value):
    assert parse_number(format_number(value)) == value


@given(decimals, decimals)
def test_range_round_trip(a, b):
    low, high = min(a, b), max(a, b)
    assert parse_range(format_range(low, high)) == (low, high)


def test_form_fields_clean_and_show_vietnamese_numbers():
    field = VNDecimalField(min_value=Decimal(0), max_value=Decimal(100))
    assert field.clean("86,6") == Decimal("86.6")
    assert field.prepare_value(Decimal("1105")) == "1.105"
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        field.clean("100,5")
    assert "100" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        field.clean("-1")
    assert VNRangeField().clean("7 - 7,5") == (Decimal("7"), Decimal("7.5"))
    assert VNRangeField().prepare_value((Decimal("7"), Decimal("7.5"))) == "7 - 7,5"
