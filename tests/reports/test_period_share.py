"""A part of the year (quarter, six or nine months) judged against its share of the year's target when the figure is
cumulative and additive, else against the year's target with "chỉ tiêu cả năm" in place of "không đạt"."""

import datetime
from decimal import Decimal

import pytest

from reports.achievement import Status, achievement
from reports.models import Period, PeriodKind
from tests.reports.test_achievement import figure

D = Decimal
HALF, QUARTER = D(6) / D(12), D(3) / D(12)


def test_six_months_of_an_additive_figure_are_judged_against_half_the_years_target():
    food = figure("at_least", "1105", unit="tấn")
    judged = achievement(figure=food, actual=D(560), share=HALF)
    assert (judged.status, judged.percent, judged.target) == (Status.EXCEEDED, D("101.4"), D("552.5"))
    assert (judged.share, judged.year_target) == (HALF, D(1105))
    assert "chỉ tiêu của kỳ bằng 50,0% chỉ tiêu cả năm 1.105 tấn" in judged.explanation
    below = achievement(figure=food, actual=D(552), share=HALF)
    assert below.status == Status.MISSED  # short of the period's share is a real shortfall
    # the same value over the whole year is short of the year's target
    assert achievement(figure=food, actual=D(560)).status == Status.MISSED


def test_a_quarter_takes_a_quarter_of_a_range():
    judged = achievement(figure=figure("range", "100", "120", unit="tỷ đồng"), actual=D(26), share=QUARTER)
    assert (judged.status, judged.target, judged.target_high) == (Status.ACHIEVED, D(25), D(30))


def test_a_rate_keeps_the_years_target_and_short_of_it_is_annual_not_missed():
    rate = figure("at_least", "95", unit="%")
    short = achievement(figure=rate, actual=D(90), share=HALF)
    assert (short.status, short.percent, short.target, short.share) == (Status.ANNUAL, D("94.7"), D(95), None)
    assert "đây là chỉ tiêu cả năm" in short.explanation
    assert achievement(figure=rate, actual=D(96), share=HALF).status == Status.EXCEEDED
    assert achievement(figure=rate, actual=D(90)).status == Status.MISSED  # the year is over: không đạt


def test_a_count_share_is_a_whole_number_rounded_half_up():
    schools = figure("at_least", "15", unit="trường")
    judged = achievement(figure=schools, actual=D(7), share=HALF)
    assert (judged.status, judged.target) == (Status.MISSED, D(8))  # 7,5 trường is 8
    assert achievement(figure=schools, actual=D(8), share=HALF).status == Status.ACHIEVED


def test_a_count_whose_share_is_below_one_is_judged_against_the_year():
    one_school = figure("at_least", "1", unit="trường")
    judged = achievement(figure=one_school, actual=D(0), share=HALF)
    assert (judged.status, judged.target, judged.share) == (Status.ANNUAL, D(1), None)
    assert achievement(figure=one_school, actual=D(1), share=HALF).status == Status.ACHIEVED


def test_a_lost_status_is_missed_whatever_the_period():
    assert achievement(figure=figure("status"), flag=False, share=HALF).status == Status.MISSED
    assert achievement(figure=figure("qualitative"), verdict=False, share=HALF).status == Status.MISSED


@pytest.mark.parametrize(
    ("kind", "starts", "ends", "share"),
    [
        (PeriodKind.QUARTER, (2024, 4, 1), (2024, 6, 30), D("0.25")),
        (PeriodKind.HALF, (2024, 1, 1), (2024, 6, 30), D("0.5")),
        (PeriodKind.NINE_MONTHS, (2024, 1, 1), (2024, 9, 30), D("0.75")),
        (PeriodKind.YEAR, (2024, 1, 1), (2024, 12, 31), None),
        (PeriodKind.FIVE_YEARS, (2021, 1, 1), (2025, 12, 31), None),
    ],
)
def test_a_periods_share_of_the_year(kind, starts, ends, share):
    period = Period(kind=kind, starts_on=datetime.date(*starts), ends_on=datetime.date(*ends))
    assert period.year_share == share
