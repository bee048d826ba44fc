"""Roll-up (reports.rollup) against hand-computed values: each aggregation rule, the status of the rolled value
against the unit's own target, the drill-down, completeness and lateness, and a query count that does not grow with
the number of units."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import rollup, services
from reports.achievement import Status
from reports.models import PeriodKind, Report, ReportStatus, ReportValue
from targets.models import Aggregation, Figure, FigureForm, Indicator, Target
from tests.campaigns.factories import make_campaign
from tests.factories import unit

pytestmark = pytest.mark.django_db

FIGURES = {
    # name: (aggregation, unit of measure, weight/denominator, numerator, form, target)
    "Sản lượng lương thực": (Aggregation.SUM, "tấn", "", "", FigureForm.AT_LEAST, "2000"),
    "Tổng số hộ": (Aggregation.SUM, "hộ", "", "", FigureForm.PLANNED, None),
    "Tỷ lệ hộ nghèo": (Aggregation.WEIGHTED_AVERAGE, "%", "Tổng số hộ", "", FigureForm.AT_LEAST, None),
    "Dân số": (Aggregation.SUM, "người", "", "", FigureForm.PLANNED, None),
    "Số bác sĩ": (Aggregation.SUM, "người", "", "", FigureForm.PLANNED, None),
    "Bác sĩ trên vạn dân": (Aggregation.RATIO, "", "Dân số", "Số bác sĩ", FigureForm.AT_LEAST, None),
    "Đạt chuẩn y tế": (Aggregation.COUNT_ACHIEVED, "xã", "", "", FigureForm.STATUS, None),
    "Thu nhập bình quân": (Aggregation.NONE, "triệu đồng", "", "", FigureForm.AT_LEAST, "50"),
}


@pytest.fixture
def district(tree, people):
    """Huyện Cao Lộc's campaign over its two communes Cao Lâu and Thạch Đạn, with one figure per rule."""
    campaign = make_campaign(
        tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan], indicators=1
    )
    indicator = Indicator.objects.filter(section__campaign=campaign).first()
    Figure.objects.filter(indicator=indicator).delete()
    figures = {}
    for position, (name, (rule, uom, weight, numerator, form, value)) in enumerate(FIGURES.items()):
        figures[name] = Figure.objects.create(
            indicator=indicator,
            position=position,
            name=name,
            form=form,
            aggregation=rule,
            unit_of_measure=uom,
            weight_name=weight,
            numerator_name=numerator,
            value=Decimal(value) if value else None,
        )
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=timezone.localdate(),
    )
    return campaign, period, figures


def _report(period, unit, figures, status=ReportStatus.SUBMITTED, **values):
    report = Report.objects.create(period=period, unit=unit, status=status, submitted_at=timezone.now())
    for name, value in values.items():
        figure = figures[name.replace("_", " ")] if name.replace("_", " ") in figures else figures[name]
        if figure.form == FigureForm.STATUS:
            ReportValue.objects.create(report=report, figure=figure, flag=value)
        else:
            ReportValue.objects.create(report=report, figure=figure, value=Decimal(str(value)))
    return report


def _values(cao_lau=True, thach_dan=True):
    first = {
        "Sản lượng lương thực": 1105,
        "Tổng số hộ": 1000,
        "Tỷ lệ hộ nghèo": 4,
        "Dân số": 5000,
        "Số bác sĩ": 2,
        "Đạt chuẩn y tế": True,
        "Thu nhập bình quân": 48,
    }
    second = {
        "Sản lượng lương thực": 1200.5,
        "Tổng số hộ": 3000,
        "Tỷ lệ hộ nghèo": 8,
        "Dân số": 15000,
        "Số bác sĩ": 10,
        "Đạt chuẩn y tế": False,
        "Thu nhập bình quân": 55,
    }
    return first, second


def _fill(period, figures, tree, second_status=ReportStatus.APPROVED):
    first, second = _values()
    _report(period, tree.cao_lau, figures, **first)
    _report(period, tree.thach_dan, figures, status=second_status, **second)


def test_each_rule_against_hand_computed_values(district, tree):
    _campaign, period, figures = district
    _fill(period, figures, tree)
    roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
    cells = {name: roll.cells[f.pk] for name, f in figures.items()}
    assert roll.expected == 2
    assert cells["Sản lượng lương thực"].value == Decimal("2305.5")  # 1105 + 1200,5
    assert cells["Tổng số hộ"].value == 4000
    # (4 × 1000 + 8 × 3000) / 4000 = 7
    assert cells["Tỷ lệ hộ nghèo"].value == Decimal("7.00")
    # (2 + 10) / (5000 + 15000) = 0,0006 (not in %: a plain ratio)
    assert cells["Bác sĩ trên vạn dân"].value == Decimal("0.00")
    assert cells["Đạt chuẩn y tế"].value == 1 and cells["Đạt chuẩn y tế"].achieved == 1
    assert cells["Đạt chuẩn y tế"].reported == 2
    income = cells["Thu nhập bình quân"]
    assert (income.value, income.minimum, income.median, income.maximum) == (None, 48, Decimal("51.50"), 55)
    assert all(c.reported == 2 for c in cells.values())


def test_two_weights_and_each_units_own_target_in_one_group_by(district, tree, django_assert_num_queries):
    """Weighted averages over different weights, and units achieving against each unit's own target (registered,
    else assigned, else the figure's), come out of the same GROUP BY as the sums."""
    _campaign, period, figures = district
    indicator = figures["Tỷ lệ hộ nghèo"].indicator
    schools = Figure.objects.create(
        indicator=indicator,
        position=20,
        name="Tỷ lệ trường đạt chuẩn",
        aggregation=Aggregation.WEIGHTED_AVERAGE,
        unit_of_measure="%",
        weight_name="Dân số",
    )
    budget = Figure.objects.create(
        indicator=indicator,
        position=21,
        name="Thu ngân sách",
        aggregation=Aggregation.COUNT_ACHIEVED,
        form=FigureForm.AT_LEAST,
        unit_of_measure="xã",
        value=Decimal("100"),
    )
    figures.update({schools.name: schools, budget.name: budget})
    first, second = _values()
    _report(period, tree.cao_lau, figures, **first, **{schools.name: 10, budget.name: 95})
    _report(period, tree.thach_dan, figures, **second, **{schools.name: 20, budget.name: 130})
    Target.objects.create(figure=budget, unit=tree.cao_lau, registered_value=Decimal("90"), assigned_value=200)
    Target.objects.create(figure=budget, unit=tree.thach_dan, assigned_value=Decimal("120"))
    every = services.campaign_figures(period.campaign)
    # who reports, the GROUP BY, the district's own targets; and one statement for the medians and the counts of
    # units achieving judged in Python against each report's frozen targets (issue #19): the values with the entry
    # each report froze and — these reports were made without a submission, so froze none — the units' live targets
    with django_assert_num_queries(4):
        roll = rollup.rollup_unit(period=period, unit=tree.cao_loc, figures=every)
    assert roll.cells[figures["Tỷ lệ hộ nghèo"].pk].value == Decimal("7.00")  # weighed by Tổng số hộ
    assert roll.cells[schools.pk].value == Decimal("17.50")  # (10 × 5000 + 20 × 15000) / 20000, by Dân số
    assert roll.cells[schools.pk].reported == 2
    # 95 against Cao Lâu's registered 90, 130 against Thạch Đạn's assigned 120: both (the figure's 100: one)
    assert (roll.cells[budget.pk].achieved, roll.cells[budget.pk].reported) == (2, 2)
    children = rollup.rollup_children(period=period, unit=tree.cao_loc, figures=every)
    assert [c.cells[schools.pk].value for c in children] == [Decimal("10.00"), Decimal("20.00")]
    assert [c.cells[budget.pk].achieved for c in children] == [1, 1]
    assert [c.cells[budget.pk].target for c in children] == [Decimal("90"), Decimal("120")]
    income = figures["Thu nhập bình quân"].pk
    assert [(c.cells[income].minimum, c.cells[income].median) for c in children] == [(48, 48), (55, 55)]


def test_a_ratio_in_percent_and_a_missing_part(district, tree):
    _campaign, period, figures = district
    ratio = figures["Bác sĩ trên vạn dân"]
    ratio.unit_of_measure = "%"
    ratio.save()
    weighted = figures["Tỷ lệ hộ nghèo"]
    weighted.weight_name = "Không có chỉ tiêu này"
    weighted.save()
    _fill(period, figures, tree)
    roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
    assert roll.cells[ratio.pk].value == Decimal("0.06")  # 12 / 20000 × 100
    # A weight that is not in the campaign: the plain average of the units (a rate is never left out nor summed),
    # still flagged so that the figure it refers to is checked.
    assert roll.cells[weighted.pk].value == Decimal("6.00") and roll.cells[weighted.pk].problem == "weight"
    assert roll.cells[weighted.pk].aggregation == "average"


def test_the_rolled_value_is_judged_against_the_units_own_target(district, tree):
    _campaign, period, figures = district
    _fill(period, figures, tree)
    grain = figures["Sản lượng lương thực"]
    roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
    assert (roll.cells[grain.pk].status, roll.cells[grain.pk].percent) == (Status.EXCEEDED, Decimal("115.3"))
    Target.objects.create(figure=grain, unit=tree.cao_loc, assigned_value=Decimal("2400"))
    roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
    assert (roll.cells[grain.pk].status, roll.cells[grain.pk].percent) == (Status.MISSED, Decimal("96.1"))


def test_drafts_and_returned_reports_do_not_count(district, tree):
    _campaign, period, figures = district
    _fill(period, figures, tree, second_status=ReportStatus.RETURNED)
    roll = rollup.rollup_unit(period=period, unit=tree.cao_loc)
    assert roll.cells[figures["Sản lượng lương thực"].pk].value == 1105
    assert roll.cells[figures["Sản lượng lương thực"].pk].reported == 1
    everything = rollup.rollup_unit(period=period, unit=tree.cao_loc, statuses=list(ReportStatus.values))
    assert everything.cells[figures["Sản lượng lương thực"].pk].value == Decimal("2305.5")


def test_drill_down_to_the_children(district, tree):
    _campaign, period, figures = district
    _fill(period, figures, tree)
    children = rollup.rollup_children(period=period, unit=tree.cao_loc)
    assert [c.unit for c in children] == [tree.cao_lau, tree.thach_dan]
    grain = figures["Sản lượng lương thực"].pk
    assert [c.cells[grain].value for c in children] == [1105, Decimal("1200.5")]
    assert children[1].cells[figures["Tỷ lệ hộ nghèo"].pk].value == 8


def test_a_district_that_reports_for_itself_is_not_counted_twice(tree, people):
    campaign = make_campaign(tree.lang_son, title="Chỉ thị tỉnh", participants=[tree.cao_loc, tree.cao_lau])
    figure = Figure.objects.filter(indicator__section__campaign=campaign).first()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=timezone.localdate(),
    )
    for reporter, value in ((tree.cao_loc, 999), (tree.cao_lau, 100)):
        report = Report.objects.create(period=period, unit=reporter, status=ReportStatus.APPROVED)
        ReportValue.objects.create(report=report, figure=figure, value=value)
    assert rollup.reporting_units(campaign) == [(tree.cao_lau.pk, tree.cao_lau.path)]
    assert rollup.rollup_unit(period=period, unit=tree.lang_son).cells[figure.pk].value == 100


def test_completeness_and_lateness(district, tree):
    _campaign, period, figures = district
    period.due_on = timezone.localdate() - datetime.timedelta(days=2)
    period.save()
    first, _second = _values()
    report = _report(period, tree.cao_lau, figures, **first)
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=5))
    rows = {p.unit_id: p for p in rollup.completeness(period=period, unit=tree.cao_loc)}
    assert (rows[tree.cao_lau.pk].status, rows[tree.cao_lau.pk].late, rows[tree.cao_lau.pk].values) == (
        ReportStatus.SUBMITTED,
        False,
        7,
    )
    assert (rows[tree.thach_dan.pk].status, rows[tree.thach_dan.pk].late) == ("", True)


@pytest.mark.parametrize("communes", [10, 200])
def test_queries_do_not_grow_with_the_number_of_units(tree, people, communes, django_assert_max_num_queries):
    district = tree.cao_loc
    units = [unit(district, code=f"9{i:04d}", short_name=f"Thử {i}") for i in range(communes)]
    district.refresh_from_db()
    campaign = make_campaign(district, title="Nhiều xã", participants=units, indicators=3)
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign))
    figures[1].aggregation = Aggregation.NONE
    figures[1].save()
    figures[2].aggregation = Aggregation.COUNT_ACHIEVED
    figures[2].save()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=timezone.localdate(),
    )
    reports = Report.objects.bulk_create([Report(period=period, unit=u, status=ReportStatus.APPROVED) for u in units])
    ReportValue.objects.bulk_create(
        [ReportValue(report=r, figure=f, value=Decimal(1100 + i)) for i, r in enumerate(reports) for f in figures]
    )
    # the figures, who reports, one GROUP BY for the sums and counts, the district's own targets, and one statement
    # for the medians and the values of the counts achieving with each report's frozen targets and the live ones
    with django_assert_max_num_queries(5):
        roll = rollup.rollup_unit(period=period, unit=district)
    assert roll.cells[figures[0].pk].value == sum(Decimal(1100 + i) for i in range(communes))
    with CaptureQueriesContext(connection) as queries:
        children = rollup.rollup_children(period=period, unit=district)
        rollup.completeness(period=period, unit=district)
    assert len(children) == communes
    assert len(queries) <= 9  # the children, and the roll-up's 5 but the figures; completeness's 2


def test_a_unit_counts_only_its_subtree_and_an_approval_counts_at_once(tree, people):
    """A province's campaign with reports in two districts: Cao Lộc's roll-up, its drill-down and its completeness
    read Cao Lộc's communes alone (the roll-up reads the subtree by its path, not the campaign's every report), and a
    report submitted and approved changes them at once, judged against the targets it froze."""
    campaign = make_campaign(
        tree.lang_son, title="Kế hoạch tỉnh", participants=[tree.cao_lau, tree.thach_dan, tree.hoang_viet], indicators=1
    )
    indicator = Indicator.objects.filter(section__campaign=campaign).first()
    Figure.objects.filter(indicator=indicator).delete()
    specs = {
        "Sản lượng": (Aggregation.SUM, FigureForm.AT_LEAST, "tấn", "3000"),
        "Xã đạt": (Aggregation.COUNT_ACHIEVED, FigureForm.AT_LEAST, "%", "1000"),  # judged in Python
        "Thu nhập": (Aggregation.NONE, FigureForm.AT_LEAST, "triệu đồng", None),  # minimum, median, maximum
    }
    figures = {
        name: Figure.objects.create(
            indicator=indicator,
            position=i,
            name=name,
            aggregation=rule,
            form=form,
            unit_of_measure=uom,
            value=Decimal(value) if value else None,
        )
        for i, (name, (rule, form, uom, value)) in enumerate(specs.items())
    }
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    grain, counted, income = (figures[n].pk for n in specs)
    _report(period, tree.cao_lau, figures, **{"Sản lượng": 1105, "Xã đạt": 1200, "Thu nhập": 48})
    _report(period, tree.hoang_viet, figures, **{"Sản lượng": 99999, "Xã đạt": 10, "Thu nhập": 900})  # Văn Lãng
    draft = _report(
        period,
        tree.thach_dan,
        figures,
        status=ReportStatus.DRAFT,
        **{"Sản lượng": 1200.5, "Xã đạt": 1300, "Thu nhập": 55},
    )

    def cells(roll):
        return (
            roll.expected,
            roll.cells[grain].value,
            (roll.cells[counted].achieved, roll.cells[counted].reported),
            (roll.cells[income].minimum, roll.cells[income].median, roll.cells[income].maximum),
        )

    assert cells(rollup.rollup_unit(period=period, unit=tree.cao_loc)) == (2, 1105, (1, 1), (48, 48, 48))
    assert cells(rollup.rollup_unit(period=period, unit=tree.lang_son)) == (
        3,
        101104,
        (1, 2),
        (48, Decimal("474.00"), 900),
    )
    assert [u.unit_id for u in rollup.completeness(period=period, unit=tree.cao_loc)] == [
        tree.cao_lau.pk,
        tree.thach_dan.pk,
    ]
    draft = services.report_submit(report=draft, user=people.sibling_officer, expected_version=draft.version)
    Target.objects.create(figure=figures["Xã đạt"], unit=tree.thach_dan, registered_value=Decimal("2000"))  # later
    services.report_approve(report=draft, user=people.reviewer, expected_version=draft.version)
    # Thạch Đạn's 1300 against the campaign's 1000 it froze, not the 2000 it registered since
    assert cells(rollup.rollup_unit(period=period, unit=tree.cao_loc)) == (
        2,
        Decimal("2305.5"),
        (2, 2),
        (48, Decimal("51.50"), 55),
    )
    children = rollup.rollup_children(period=period, unit=tree.lang_son)
    assert [(c.unit, c.cells[grain].value, c.cells[counted].achieved) for c in children] == [
        (tree.cao_loc, Decimal("2305.5"), 2),
        (tree.van_lang, 99999, 0),
    ]
    progress = {p.unit_id: p.status for p in rollup.completeness(period=period, unit=tree.cao_loc)}
    assert progress == {tree.cao_lau.pk: ReportStatus.SUBMITTED, tree.thach_dan.pk: ReportStatus.APPROVED}
