"""The review loop (reports.services): save all or nothing, submit complete or with reasons, return with a reason down
to one figure, approve and lock, the difference between submissions, closing and reopening, concurrency."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from reports import services
from reports.models import PeriodKind, Report, ReportAction, ReportEvent, ReportStatus
from reports.services import ValueInput
from targets.models import Figure, FigureForm
from tests.campaigns.factories import make_campaign
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    share = figures[1]
    share.unit_of_measure = "%"
    share.save()
    today = timezone.localdate()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(today, datetime.date(2024, 6, 30)),
        grace_days=5,
    )
    report = services.report_for(period=period, unit=tree.cao_lau)
    return campaign, period, report, figures


def _fill(report, figures, user, values=(1200, 90)):
    return services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        values=[ValueInput(figure_id=f.pk, value=Decimal(v)) for f, v in zip(figures, values, strict=True)],
        narrative={"results": "Hoàn thành các chỉ tiêu.", "shortcomings": "Còn chậm."},
    )


def test_only_participants_report(loop, tree):
    _campaign, period, _report, _figures = loop
    with pytest.raises(ValidationError, match="không tham gia"):
        services.report_for(period=period, unit=tree.hoang_viet)


def test_wrong_values_are_refused_and_nothing_is_saved(loop, people):
    _campaign, _period, report, figures = loop
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report,
            user=people.officer,
            expected_version=report.version,
            values=[
                ValueInput(figure_id=figures[0].pk, value=Decimal("5")),
                ValueInput(figure_id=figures[1].pk, value=Decimal("100.5")),  # a share above 100 %
            ],
        )
    assert "không được lớn hơn 100" in str(error.value.message_dict)
    report.refresh_from_db()
    assert report.values.count() == 0 and report.version == 1
    with pytest.raises(ValidationError, match="chỉ nhận số"):
        services.report_save(
            report=report,
            user=people.officer,
            expected_version=report.version,
            values=[ValueInput(figure_id=figures[0].pk, flag=True)],
        )


def test_an_incomplete_report_is_submitted_only_with_reasons(loop, people):
    _campaign, _period, report, figures = loop
    report = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[ValueInput(figure_id=figures[0].pk, value=Decimal("1200"))],
    )
    with pytest.raises(ValidationError, match="Chỉ tiêu số 2"):
        services.report_submit(report=report, user=people.officer, expected_version=report.version)
    report = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[ValueInput(figure_id=figures[1].pk, missing_reason="Chưa có số liệu thống kê của huyện.")],
    )
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    assert report.status == ReportStatus.SUBMITTED


def test_return_fix_resubmit_approve_and_lock(loop, people):
    _campaign, _period, report, figures = loop
    report = _fill(report, figures, people.officer)
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    with pytest.raises(ValidationError, match="lý do"):
        services.report_return(report=report, user=people.reviewer, expected_version=report.version, reason=" ")
    report = services.report_return(
        report=report,
        user=people.reviewer,
        expected_version=report.version,
        reason="",
        figure_reasons={figures[1].pk: "Tỷ lệ chưa khớp số liệu thống kê."},
    )
    assert report.status == ReportStatus.RETURNED
    assert report.values.get(figure=figures[1]).return_reason == "Tỷ lệ chưa khớp số liệu thống kê."
    report = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[ValueInput(figure_id=figures[1].pk, value=Decimal("87.5"))],
    )
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    assert report.values.get(figure=figures[1]).return_reason == ""
    changes = services.report_changes(report=report)
    assert changes == {
        str(figures[1].pk): (
            {"value": "90", "flag": None, "grade": "", "note": "", "missing_reason": ""},
            {"value": "87,5", "flag": None, "grade": "", "note": "", "missing_reason": ""},
        )
    }
    report = services.report_approve(report=report, user=people.reviewer, expected_version=report.version)
    assert report.status == ReportStatus.APPROVED
    with pytest.raises(ValidationError, match="đã duyệt"):
        _fill(report, figures, people.officer)
    assert list(report.events.values_list("action", flat=True)) == ["submit", "return", "submit", "approve"]


def test_two_reviewers_on_one_report_one_wins(loop, people):
    _campaign, _period, report, figures = loop
    report = _fill(report, figures, people.officer)
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    seen = report.version
    services.report_approve(report=report, user=people.reviewer, expected_version=seen)
    with pytest.raises(VersionConflict) as error:
        services.report_return(report=report, user=people.council, expected_version=seen, reason="Sai số liệu")
    assert "Không lưu" in str(error.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_entry_closes_after_the_grace_days_and_a_reviewer_reopens(loop, people, tree):
    _campaign, period, report, figures = loop
    period.due_on = timezone.localdate() - datetime.timedelta(days=6)
    period.ends_on = period.due_on
    period.save()
    with pytest.raises(ValidationError, match="đã khóa nhập"):
        _fill(report, figures, people.officer)
    services.period_reopen(
        period=period,
        unit=tree.cao_lau,
        user=people.reviewer,
        until=timezone.localdate() + datetime.timedelta(days=3),
        reason="Xã bị mất điện",
    )
    assert _fill(report, figures, people.officer).version == 2
    other = services.report_for(period=period, unit=tree.thach_dan)
    with pytest.raises(ValidationError, match="đã khóa nhập"):
        _fill(other, figures, people.sibling_officer)


def test_a_district_report_waits_for_its_communes_when_the_campaign_asks(tree, people):
    campaign = make_campaign(tree.lang_son, title="Chỉ thị tỉnh", participants=[tree.cao_loc, tree.cao_lau])
    campaign.approve_children_first = True
    campaign.save()
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="Năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=timezone.localdate(),
    )
    district = services.report_for(period=period, unit=tree.cao_loc)
    district = services.report_submit(
        report=_fill(district, figures, people.reviewer), user=people.reviewer, expected_version=district.version + 1
    )
    with pytest.raises(ValidationError, match="Xã Cao Lâu"):
        services.report_approve(report=district, user=people.province_admin, expected_version=district.version)
    commune = services.report_for(period=period, unit=tree.cao_lau)
    commune = _fill(commune, figures, people.officer)
    commune = services.report_submit(report=commune, user=people.officer, expected_version=commune.version)
    services.report_approve(report=commune, user=people.reviewer, expected_version=commune.version)
    assert (
        services.report_approve(report=district, user=people.province_admin, expected_version=district.version).status
        == ReportStatus.APPROVED
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_none_lost_none_doubled(tree, people):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions: PostgreSQL")
    from units.models import Unit, UnitKind

    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE)[:2])
    campaign = make_campaign(tree.cao_loc, title="Đồng loạt", participants=communes)
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.QUARTER,
        label="Quý I",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 3, 31),
        due_on=timezone.localdate(),
    )
    reports = []
    for unit in communes:
        report = services.report_for(period=period, unit=unit)
        reports.append(_fill(report, figures, people.officer))
    # 50 submissions at once: 25 of each report, all built from the same page (version).
    jobs = [reports[i % 2] for i in range(50)]
    barrier, outcomes = threading.Barrier(len(jobs)), []

    def submit(report):
        try:
            barrier.wait()
            services.report_submit(report=report, user=people.officer, expected_version=report.version)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code if hasattr(error, "code") else "error")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(r,)) for r in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 2 and outcomes.count("conflict") == 48
    for report in reports:
        assert ReportEvent.objects.filter(report=report, action=ReportAction.SUBMIT).count() == 1
        assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_value_forms(loop):
    _campaign, _period, _report, figures = loop
    status = Figure(name="Duy trì chuẩn", form=FigureForm.STATUS, unit_of_measure="")
    grade = Figure(name="Huấn luyện", form=FigureForm.GRADE)
    qualitative = Figure(name="Giữ vững an ninh", form=FigureForm.QUALITATIVE)
    assert services.value_check(status, ValueInput(figure_id=0, flag=True)) is None
    assert services.value_check(status, ValueInput(figure_id=0, value=Decimal(1))) is not None
    assert services.value_check(grade, ValueInput(figure_id=0, grade="khá")) is None
    assert services.value_check(grade, ValueInput(figure_id=0, flag=False)) is not None
    assert services.value_check(qualitative, ValueInput(figure_id=0, grade="đạt")) is not None
    assert services.value_check(figures[0], ValueInput(figure_id=0, value=Decimal(-1))) is not None
