"""Targets frozen per report (issue #19): the targets in force are recorded when a report is submitted; a submitted or
approved report keeps its judgement whatever is registered or assigned later, and says that the targets changed
since; a draft or a returned report is judged against the targets as they stand. The issue's forest example: Xã Cao
Lâu's 52,5 ha of new forest judged against the 50 ha the district assigned stays "vượt" after it registers more."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import rollup, services
from reports.achievement import Status
from reports.models import PeriodKind, ReportAction, ReportStatus
from reports.selectors import report_page
from targets.models import Figure, FigureForm, Target
from targets.services import CellInput, target_grid_save, targets_assign_save
from tests.campaigns.test_seeds import seed_units  # noqa: F401 - the fixture is used by name
from tests.reports.test_judgement import chain  # noqa: F401 - the fixture is used by name

D = Decimal
FOREST = "Diện tích trồng rừng mới"


@pytest.fixture
def sent(chain):  # noqa: F811
    """Cao Lâu's report for a new open period of the district's Chỉ thị: 52,5 ha of forest, every other figure
    missing with a reason, submitted."""
    period = services.period_add(
        campaign=chain.district,
        kind=PeriodKind.YEAR,
        label="Năm 2024 (bổ sung)",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=max(timezone.localdate(), datetime.date(2024, 12, 31)),
    )
    figures = services.campaign_figures(chain.district)
    forest = next(f for f in figures if f.name == FOREST)
    report = services.report_for(period=period, unit=chain.cao_lau)
    values = [
        services.ValueInput(figure_id=forest.pk, value=D("52.5"))
        if f.pk == forest.pk
        else services.ValueInput(figure_id=f.pk, missing_reason="Chưa có số liệu thống kê")
        for f in figures
        if f.form != FigureForm.QUALITATIVE
    ]
    report = services.report_save(report=report, user=chain.admin, expected_version=report.version, values=values)
    report = services.report_submit(report=report, user=chain.admin, expected_version=report.version)
    return period, report, forest


def _forest_row(period, unit):
    page = report_page(period=period, unit=unit)
    return page, next(row for row in page.rows if row.figure.name == FOREST)


def _register(chain, forest, value):  # noqa: F811
    target_grid_save(
        campaign=chain.district,
        unit=chain.cao_lau,
        user=chain.admin,
        cells=[
            CellInput(figure_id=forest.pk, unit_id=chain.cao_lau.pk, value=D(value), version=_version(forest, chain))
        ],
    )


def _version(forest, chain):  # noqa: F811
    target = Target.objects.filter(figure=forest, unit=chain.cao_lau).first()
    return target.version if target is not None else None


def test_submission_records_the_targets_in_force(chain, sent):  # noqa: F811
    _period, report, forest = sent
    entry = report.frozen_targets[str(forest.pk)]
    assert (entry["assigned_value"], entry["registered_value"], entry["reach"]) == ("50", None, "total")
    assert report.targets_frozen_at == report.submitted_at
    event = report.events.get(action=ReportAction.SUBMIT)
    assert event.snapshot["targets"][str(forest.pk)] == entry  # each submission keeps its version


def test_the_forest_stays_exceeded_after_registering_more(chain, sent):  # noqa: F811
    period, report, forest = sent
    page, row = _forest_row(period, chain.cao_lau)
    assert row.achievement.status == Status.EXCEEDED and row.target_text == "50 ha" and not page.targets_changed
    _register(chain, forest, "53")  # registered after the report was sent
    page, row = _forest_row(period, chain.cao_lau)
    assert (row.achievement.status, row.target_text) == (Status.EXCEEDED, "50 ha")
    assert page.targets_changed and row.target_changed and row.live_target_text == "53 ha"

    services.report_approve(report=report, user=chain.admin, expected_version=report.version)
    Target.objects.filter(figure=forest, unit=chain.cao_lau).update(assigned_value=60, registered_value=60)
    Figure.objects.filter(pk=forest.pk).update(value=2000)
    page, row = _forest_row(period, chain.cao_lau)
    assert page.report.status == ReportStatus.APPROVED
    assert (row.achievement.status, row.achievement.percent, row.target_text) == (Status.EXCEEDED, D("105.0"), "50 ha")
    assert row.live_target_text == "60 ha"


def test_a_returned_report_is_judged_against_the_targets_as_they_stand(chain, sent):  # noqa: F811
    period, report, forest = sent
    _register(chain, forest, "53")
    services.report_return(report=report, user=chain.admin, expected_version=report.version, reason="Kiểm tra lại")
    page, row = _forest_row(period, chain.cao_lau)
    assert (row.achievement.status, row.achievement.percent, row.target_text) == (Status.MISSED, D("99.1"), "53 ha")
    assert not page.targets_changed  # a draft shows the live targets: nothing to flag


def test_a_draft_follows_a_new_assignment(chain):  # noqa: F811
    period = chain.district.periods.create(
        kind=PeriodKind.HALF,
        label="Nháp",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    forest = Figure.objects.get(indicator__section__campaign=chain.district, name=FOREST)
    report = services.report_for(period=period, unit=chain.cao_lau)
    report.values.create(figure=forest, value=D("52.5"))
    _page, row = _forest_row(period, chain.cao_lau)
    assert row.achievement.status == Status.EXCEEDED
    targets_assign_save(
        campaign=chain.district,
        user=chain.admin,
        cells=[CellInput(figure_id=forest.pk, unit_id=chain.cao_lau.pk, value=D(55), version=_version(forest, chain))],
    )
    _page, row = _forest_row(period, chain.cao_lau)
    assert (row.achievement.status, row.target_text) == (Status.MISSED, "55 ha")


def test_the_page_says_the_targets_changed(client, chain, sent):  # noqa: F811
    period, _report, forest = sent
    _register(chain, forest, "53")
    client.force_login(chain.admin)
    html = client.get(reverse("report_detail", args=[period.pk, chain.cao_lau.pk])).content.decode()
    assert 'id="targets-changed"' in html and "Chỉ tiêu đã thay đổi sau khi báo cáo được gửi" in html
    assert 'data-role="target-now"' in html and "53 ha" in html


def test_the_rollup_counts_units_achieving_against_frozen_targets(chain, sent):  # noqa: F811
    period, _report, forest = sent
    Figure.objects.filter(pk=forest.pk).update(aggregation="count")  # count the communes achieving, in Python
    forest.refresh_from_db()
    _register(chain, forest, "53")
    roll = rollup.rollup_unit(period=period, unit=chain.cao_loc, figures=[forest])
    assert (roll.cells[forest.pk].achieved, roll.cells[forest.pk].reported) == (1, 1)  # 52,5 against 50, as sent
