"""The judgement rules of issue #19, written once (targets.rules, targets.effective, reports.achievement) and read by
the report page, the review page, the roll-up and scoring: whose target a figure is (every unit, or the issuer's
total: "không giao chỉ tiêu" for a lower unit without its own), percentage points against percent against growth,
one decimal for every percentage, rates never summed up the tree, ranges kept as ranges, and the explanation naming
the rule. Each form at its boundaries, at commune, district and province level, on the seeds' real chain: Tỉnh Lạng
Sơn's Chỉ thị (seed 002) → Huyện Cao Lộc's Chỉ thị 02/CT-UBND → Xã Cao Lâu."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from campaigns.demo import demo_load_campaigns, demo_load_target_chain
from campaigns.models import Campaign
from reports import rollup
from reports.achievement import Status, achievement, format_percent
from reports.demo import demo_load_reports
from reports.models import Report, ReportValue
from reports.selectors import report_rows
from targets.effective import TargetRule, judging_target
from targets.models import Figure
from targets.rules import (
    ChangeMeasure,
    Reach,
    change_measure,
    figure_reach,
    is_rate,
    needs_previous,
    rollup_aggregation,
)
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.factories import unit
from units.models import Unit

D = Decimal
EXCEEDED, ACHIEVED, MISSED = Status.EXCEEDED, Status.ACHIEVED, Status.MISSED
NOT_ASSIGNED, NO_DATA = Status.NOT_ASSIGNED, Status.NO_DATA


def fig(form="at_least", unit="", aggregation="sum", name="", **extra):
    base = {"value": None, "value_high": None, "total": None, "grade": "", "direction": "up", "source": "own"}
    base.update({"reach": "", "change_measure": "", "weight_name": ""})
    base.update(extra)
    return SimpleNamespace(form=form, unit_of_measure=unit, aggregation=aggregation, name=name, **base)


# ------------------------------------------------------------------ the rules, from the figure's fields


@pytest.mark.parametrize(
    ("figure", "reach"),
    [
        (fig(unit="%", aggregation="weighted", name="Tỷ lệ che phủ rừng"), Reach.EACH),
        (fig(unit="nghìn lượt", name="Lượng khách du lịch"), Reach.TOTAL),
        (fig(unit="tỷ đồng", name="Tổng thu ngân sách"), Reach.TOTAL),
        (fig(unit="trường", name="Số trường học đạt chuẩn quốc gia"), Reach.TOTAL),
        (fig(unit="bác sĩ/vạn dân", aggregation="ratio"), Reach.EACH),
        (fig(unit="triệu đồng", aggregation="none", name="Thu nhập bình quân đầu người"), Reach.EACH),
        (fig("status"), Reach.EACH),
        (fig("grade"), Reach.EACH),
        (fig("qualitative"), Reach.EACH),
        (fig("relative", unit="%", aggregation="ratio"), Reach.EACH),
        (fig("out_of", unit="thôn"), Reach.TOTAL),
        (fig(unit="tấn", reach="each"), Reach.EACH),  # the campaign's own choice wins
        (fig(unit="%", reach="total"), Reach.TOTAL),
    ],
)
def test_whose_target_a_figure_is_follows_from_its_unit_unless_chosen(figure, reach):
    assert figure_reach(figure) == reach


@pytest.mark.parametrize(
    ("figure", "measure", "previous_needed"),
    [
        (fig("change", "%", "weighted", "Tỷ lệ hộ nghèo", direction="down"), ChangeMeasure.POINTS, True),
        (fig("change", "%", "sum", "Tỷ lệ hộ nghèo"), ChangeMeasure.POINTS, True),  # named as a rate
        (fig("change", "%", "sum", "Tai nạn giao thông cả 3 tiêu chí"), ChangeMeasure.PERCENT, True),
        (fig("change", "%", "sum", "Kim ngạch xuất khẩu", change_measure="growth"), ChangeMeasure.GROWTH, False),
        (fig("change", "hộ", "sum", "Số hộ nghèo"), "", True),  # in its own unit
    ],
)
def test_how_a_change_is_measured(figure, measure, previous_needed):
    assert change_measure(figure) == measure
    assert needs_previous(figure) is previous_needed


def test_a_percentage_or_rate_is_never_summed():
    assert rollup_aggregation(fig(unit="%", aggregation="sum")) == "average"
    assert rollup_aggregation(fig(unit="giường bệnh/vạn dân", aggregation="sum")) == "average"
    assert rollup_aggregation(fig("change", "%", change_measure="growth")) == "average"
    assert rollup_aggregation(fig(unit="tấn", aggregation="sum")) == "sum"
    # "tai nạn giao thông giảm 5%": the values are accidents, summed; the change of the sums is in %
    assert rollup_aggregation(fig("change", "%", "sum", "Tai nạn giao thông cả 3 tiêu chí")) == "sum"
    assert rollup_aggregation(fig(unit="%", aggregation="weighted")) == "weighted"
    assert is_rate(fig(unit="%")) and not is_rate(fig(unit="ha"))


def test_which_target_judges_names_its_rule():
    total, each = fig(unit="ha", value=D(1020)), fig(unit="%", value=D(64.6))
    assigned = SimpleNamespace(registered_value=None, registered_high=None, assigned_value=D(50), assigned_high=None)
    registered = SimpleNamespace(registered_value=D(52), registered_high=None, assigned_value=D(50), assigned_high=None)
    assert judging_target(registered, total, issuer=False) == (D(52), None, TargetRule.REGISTERED)
    assert judging_target(assigned, total, issuer=False) == (D(50), None, TargetRule.ASSIGNED)
    assert judging_target(None, total, issuer=False) == (None, None, TargetRule.NOT_ASSIGNED)
    assert judging_target(None, total, issuer=True) == (D(1020), None, TargetRule.CAMPAIGN_TOTAL)
    assert judging_target(None, each, issuer=False) == (D(64.6), None, TargetRule.CAMPAIGN_EACH)


def test_one_decimal_for_every_percentage():
    assert format_percent(D("25.8064")) == "25,8%"
    assert format_percent(D("9.3")) == "9,3%"
    assert format_percent(D("100")) == "100,0%"
    change = achievement(figure=fig("change", "%", value=D(5)), actual=D("210.97"), previous=D(200))  # +5,485%
    assert "5,5%" in change.explanation and "5,49" not in change.explanation


# ------------------------------------------------------------------ each form at its boundaries, pure


def _target(assigned=None, high=None, registered=None):
    return SimpleNamespace(
        assigned_value=assigned, assigned_high=high, registered_value=registered, registered_high=None
    )


FOREST = fig(unit="ha", value=D(1020))  # an issuer's total (the district's), assigned 50 ha to the commune
COVER = fig(unit="%", aggregation="weighted", value=D("64.6"), name="Tỷ lệ che phủ rừng")
GRDP = fig("range", unit="%", aggregation="none", value=D(7), value_high=D("7.5"))
POOR = fig("change", "%", "weighted", "Tỷ lệ hộ nghèo", direction="down", value=D(2), value_high=D(3))
EXPORT = fig("change", "%", "sum", "Kim ngạch xuất khẩu", value=D(8), value_high=D(9), change_measure="growth")
VILLAGES = fig("out_of", unit="thôn", value=D(10), total=D(10))

BOUNDARIES = [
    # figure, target, issuer, actual, previous, status, percent
    (FOREST, None, False, "52.5", None, NOT_ASSIGNED, None),  # a commune: never judged against the total
    (FOREST, _target(50), False, "49.9", None, MISSED, "99.8"),
    (FOREST, _target(50), False, "50", None, ACHIEVED, "100.0"),
    (FOREST, _target(50), False, "50.1", None, EXCEEDED, "100.2"),
    (FOREST, None, True, "1019.9", None, MISSED, "100.0"),  # the district itself, against its total
    (FOREST, None, True, "1020", None, ACHIEVED, "100.0"),
    (FOREST, None, True, "1021", None, EXCEEDED, "100.1"),
    (COVER, None, False, "64.5", None, MISSED, "99.8"),  # a rate: every unit's target
    (COVER, None, False, "64.6", None, ACHIEVED, "100.0"),
    (COVER, None, False, "64.7", None, EXCEEDED, "100.2"),
    (GRDP, None, False, "6.9", None, MISSED, "98.6"),  # a range stays a range
    (GRDP, None, False, "7", None, ACHIEVED, "100.0"),
    (GRDP, None, False, "7.5", None, ACHIEVED, "107.1"),
    (GRDP, None, False, "7.6", None, EXCEEDED, "108.6"),
    # "giảm tỷ lệ hộ nghèo 2 - 3%": points, not percent (3,1 → 2,3 is 0,8 points, not 25,81%)
    (POOR, None, False, "2.3", "3.1", MISSED, "40.0"),
    (POOR, None, False, "1.2", "3.1", MISSED, "95.0"),
    (POOR, None, False, "1.1", "3.1", ACHIEVED, "100.0"),
    (POOR, None, False, "0.1", "3.1", ACHIEVED, "150.0"),
    (POOR, None, False, "0", "3.1", EXCEEDED, "155.0"),
    # "kim ngạch xuất khẩu tăng 8 - 9%": the growth reported, compared as a growth
    (EXPORT, None, False, "7.9", None, MISSED, "98.8"),
    (EXPORT, None, False, "8", None, ACHIEVED, "100.0"),
    (EXPORT, None, False, "9", None, ACHIEVED, "112.5"),
    (EXPORT, None, False, "9.4", None, EXCEEDED, "117.5"),
    (VILLAGES, None, False, "10", None, NOT_ASSIGNED, None),  # a district's count of villages
    (VILLAGES, None, True, "9", None, MISSED, "90.0"),
    (VILLAGES, None, True, "10", None, ACHIEVED, "100.0"),
    (VILLAGES, _target(3), False, "3", None, ACHIEVED, "100.0"),
]


@pytest.mark.parametrize(("figure", "target", "issuer", "actual", "previous", "status", "percent"), BOUNDARIES)
def test_each_form_at_its_boundaries(figure, target, issuer, actual, previous, status, percent):
    result = achievement(
        figure=figure, target=target, issuer=issuer, actual=D(actual), previous=D(previous) if previous else None
    )
    assert (result.status, result.percent) == (status, D(percent) if percent else None)
    assert result.explanation


def test_the_explanation_says_which_rule_judged():
    assigned = achievement(figure=FOREST, target=_target(50), issuer=False, actual=D("52.5"))
    assert str(TargetRule.ASSIGNED.label) in assigned.explanation
    every = achievement(figure=COVER, issuer=False, actual=D(65))
    assert str(TargetRule.CAMPAIGN_EACH.label) in every.explanation
    total = achievement(figure=FOREST, issuer=True, actual=D(1100))
    assert str(TargetRule.CAMPAIGN_TOTAL.label) in total.explanation
    none = achievement(figure=FOREST, issuer=False, actual=D("52.5"))
    assert "52,5 ha" in none.explanation and "1.020 ha" in none.explanation
    points = achievement(figure=POOR, issuer=False, actual=D("2.3"), previous=D("3.1"))
    assert "0,8" in points.explanation and "3,1% → 2,3%" in points.explanation and "25,81" not in points.explanation


# ------------------------------------------------------------------ on the seeds' chain


@pytest.fixture
def chain(seed_units, db):  # noqa: F811
    cao_loc = Unit.objects.get_parent(seed_units["06196"])
    thach_dan = unit(cao_loc, code="06199", short_name="Thạch Đạn")
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    demo_load_campaigns()
    demo_load_target_chain(user=admin)
    district = Campaign.objects.get(issuing_unit=cao_loc, higher_campaign__isnull=False)
    province = district.higher_campaign
    return SimpleNamespace(
        admin=admin,
        province=province,
        district=district,
        lang_son=seed_units["20"],
        cao_loc=cao_loc,
        cao_lau=seed_units["06196"],
        thach_dan=thach_dan,
    )


def _judge(campaign, unit, name, actual=None, previous=None):
    """The report page's row of the figure named, with the unit's value."""
    figure = Figure.objects.get(indicator__section__campaign=campaign, name=name)
    value = ReportValue(figure=figure, value=None if actual is None else D(actual))
    value.previous = None if previous is None else D(previous)
    rows = report_rows(campaign=campaign, unit=unit, values={figure.pk: value})
    return next(row for row in rows if row.figure.pk == figure.pk)


@pytest.mark.parametrize(
    "name",
    [
        "Lượng khách du lịch",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "Số trường học đạt chuẩn quốc gia phát triển thêm",
    ],
)
def test_cao_lau_is_never_judged_against_the_provinces_totals(chain, name):
    row = _judge(chain.district, chain.cao_lau, name, "162.4")
    assert row.achievement.status == NOT_ASSIGNED and row.achievement.percent is None
    assert row.target_text == "không giao chỉ tiêu" and row.actual_text.startswith("162,4")


@pytest.mark.parametrize(("actual", "status"), [("49.9", MISSED), ("50", ACHIEVED), ("52.5", EXCEEDED)])
def test_cao_lau_is_judged_against_the_50_ha_the_district_assigned(chain, actual, status):
    row = _judge(chain.district, chain.cao_lau, "Diện tích trồng rừng mới", actual)
    assert row.achievement.status == status and row.target_text == "50 ha"
    assert row.achievement.rule == TargetRule.ASSIGNED


@pytest.mark.parametrize(("actual", "status"), [("64.5", MISSED), ("64.6", ACHIEVED), ("70", EXCEEDED)])
def test_cao_lau_is_judged_against_a_rate_of_every_unit(chain, actual, status):
    row = _judge(chain.district, chain.cao_lau, "Tỷ lệ che phủ rừng", actual)
    assert row.achievement.status == status and row.achievement.rule == TargetRule.CAMPAIGN_EACH


def test_cao_lau_poverty_rate_in_points_and_export_as_growth(chain):
    poor = _judge(chain.district, chain.cao_lau, "Tỷ lệ hộ nghèo", "2.3", "3.1")
    assert (poor.achievement.status, poor.achievement.percent) == (MISSED, D("40.0"))
    assert poor.target_text == "−2 - 3 điểm phần trăm"
    assert "Giảm 0,8 điểm phần trăm" in poor.achievement.explanation
    export = _judge(chain.district, chain.cao_lau, "Kim ngạch xuất khẩu hàng địa phương", "9.4")
    assert (export.achievement.status, export.achievement.percent) == (EXCEEDED, D("117.5"))
    assert not export.takes_previous


@pytest.mark.parametrize(("actual", "status"), [("4059.9", MISSED), ("4060", ACHIEVED), ("4060.1", EXCEEDED)])
def test_the_province_is_judged_against_its_own_total(chain, actual, status):
    row = _judge(chain.province, chain.lang_son, "Lượng khách du lịch", actual)
    assert row.achievement.status == status and row.achievement.rule == TargetRule.CAMPAIGN_TOTAL


def test_a_district_in_the_provinces_campaign(chain):
    forest = Figure.objects.get(indicator__section__campaign=chain.province, name="Diện tích trồng rừng mới")
    share = forest.targets.get(unit=chain.cao_loc).assigned_value
    below = _judge(chain.province, chain.cao_loc, "Diện tích trồng rừng mới", share - 1)
    at = _judge(chain.province, chain.cao_loc, "Diện tích trồng rừng mới", share)
    assert (below.achievement.status, at.achievement.status) == (MISSED, ACHIEVED)
    tourists = _judge(chain.province, chain.cao_loc, "Lượng khách du lịch", "300")
    assert tourists.achievement.status == NOT_ASSIGNED


def test_the_district_is_judged_against_its_own_campaign(chain):
    own = Figure.objects.get(indicator__section__campaign=chain.district, name="Diện tích trồng rừng mới")
    row = _judge(chain.district, chain.cao_loc, "Diện tích trồng rừng mới", own.value)
    assert row.achievement.status == ACHIEVED and row.achievement.rule == TargetRule.CAMPAIGN_TOTAL


@pytest.fixture
def reported(chain):
    demo_load_reports(campaign=chain.district, reviewer=chain.admin, officers={})
    return chain.district.periods.order_by("ends_on").first()  # the six months: both communes' reports counted


def test_cao_loc_rollup_averages_rates_and_keeps_ranges(chain, reported):
    figures = {f.name: f for f in Figure.objects.filter(indicator__section__campaign=chain.district)}
    roll = rollup.rollup_unit(period=reported, unit=chain.cao_loc)
    values = ReportValue.objects.filter(report__period=reported, report__status__in=rollup.COUNTED)
    export = figures["Kim ngạch xuất khẩu hàng địa phương"]
    cell = roll.cells[export.pk]
    reported_values = [v.value for v in values.filter(figure=export)]
    assert cell.aggregation == "average" and min(reported_values) <= cell.value <= max(reported_values)
    assert (cell.target, cell.target_high) == (D(8), D(9))  # "8 - 9", never one number
    doctors = roll.cells[figures["Số bác sĩ trên 1 vạn dân"].pk]  # a ratio whose parts the campaign lacks
    assert doctors.aggregation == "average" and doctors.value is not None and doctors.problem == "ratio"
    for figure in figures.values():
        own = [v.value for v in values.filter(figure=figure) if v.value is not None]
        if is_rate(figure) and own and roll.cells[figure.pk].value is not None:
            assert roll.cells[figure.pk].value <= max(own), figure.name  # never a sum of percentages
        if own:  # "chưa có số liệu" only when no unit reported
            c = roll.cells[figure.pk]
            assert c.status != NO_DATA or c.unjudged or c.per_unit, figure.name
    grdp = roll.cells[figures["Tốc độ tăng tổng sản phẩm nội tỉnh (GRDP)"].pk]  # does not add up: per unit
    assert grdp.per_unit and not grdp.unjudged and grdp.median is not None


def test_cao_loc_drill_down_shows_not_assigned_for_the_communes(chain, reported):
    tourists = Figure.objects.get(indicator__section__campaign=chain.district, name="Lượng khách du lịch")
    forest = Figure.objects.get(indicator__section__campaign=chain.district, name="Diện tích trồng rừng mới")
    children = {r.unit.pk: r for r in rollup.rollup_children(period=reported, unit=chain.cao_loc)}
    cao_lau = children[chain.cao_lau.pk]
    assert cao_lau.cells[tourists.pk].status == NOT_ASSIGNED and cao_lau.cells[tourists.pk].value is not None
    assert cao_lau.cells[forest.pk].target == D(50) and cao_lau.cells[forest.pk].status != NOT_ASSIGNED


def test_the_rollup_page_prints_a_range_and_not_judged(client, chain, reported):
    client.force_login(chain.admin)
    html = client.get(reverse("report_rollup", args=[reported.pk, chain.cao_loc.pk])).content.decode()
    assert "8 - 9" in html
    import io

    from openpyxl import load_workbook

    xlsx = client.get(reverse("report_rollup", args=[reported.pk, chain.cao_loc.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    export = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Kim ngạch xuất khẩu hàng địa phương")
    assert export[2] == "8 - 9"  # a range, as text
    approved = Report.objects.get(period=reported, unit=chain.cao_lau)
    page = client.get(reverse("report_detail", args=[reported.pk, chain.cao_lau.pk])).content.decode()
    assert approved.frozen_targets and "không giao chỉ tiêu" in page


def test_the_printed_summary_keeps_ranges_and_says_not_assigned(chain, reported):
    from summaries.selectors import summary_annex

    district = {row.name: row for row in summary_annex(period=reported, unit=chain.cao_loc)}
    assert district["Kim ngạch xuất khẩu hàng địa phương"].target == "8 - 9 (cả năm)"  # a growth rate: the year's
    commune = {row.name: row for row in summary_annex(period=reported, unit=chain.cao_lau)}
    assert commune["Lượng khách du lịch"].target == "không giao chỉ tiêu"
    assert commune["Lượng khách du lịch"].status_text == "không giao chỉ tiêu"
    assert commune["Diện tích trồng rừng mới"].target == "25 (cả năm 50)"  # six months: half the year's


def test_a_change_in_percent_shows_its_values_as_quantities(chain):
    accidents = _judge(chain.district, chain.cao_lau, "Tai nạn giao thông cả 3 tiêu chí", "45", "48")
    assert (accidents.actual_text, accidents.previous_text, accidents.value_unit) == ("45", "48", "")
    assert "Giảm 6,3% (48 → 45)" in accidents.achievement.explanation
    assert accidents.achievement.status == Status.EXCEEDED  # 6,25% against 5%


def test_the_adopted_district_campaign_holds_its_own_totals_not_the_provinces(chain):
    tourists = Figure.objects.get(indicator__section__campaign=chain.district, name="Lượng khách du lịch")
    province = Figure.objects.get(indicator__section__campaign=chain.province, name="Lượng khách du lịch")
    # the demo district's own share of the province's, by its communes (here its only district: all of it)
    districts = Unit.objects.get_children(chain.lang_son)
    share = D(chain.cao_loc.numchild) / sum(d.numchild for d in districts)
    assert tourists.value == (province.value * share).quantize(D(1)) and tourists.source == "own"
    cover = Figure.objects.get(indicator__section__campaign=chain.district, name="Tỷ lệ che phủ rừng")
    assert cover.value == D("64.6")  # a rate applies to every unit: kept as the province's
