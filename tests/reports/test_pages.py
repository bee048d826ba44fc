"""The report pages (reports.views) through the Django test client: a commune enters and sends its report, the district
reviewer returns it with a reason on one figure, the commune corrects and resends, the reviewer sees the change and
approves, and the report is locked; scope (404), roles (403), stale pages (409), closed periods, bad input, and the
number of queries whatever the number of figures."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Period, PeriodKind, PeriodReopening, Report, ReportStatus, ReportValue
from reports.views import REPORT_ACTIONS
from targets.models import Figure, FigureForm
from tests.campaigns.factories import make_campaign
from tests.factories import unit as make_unit
from units.paging import PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_variable_exists(monkeypatch):
    """Every page of these tests renders without a missing template variable (test settings mark them INVALID)."""
    from django.test import Client

    request = Client.request

    def checked(self, **kwargs):
        response = request(self, **kwargs)
        if not getattr(response, "streaming", False):
            assert b"INVALID[" not in response.content, "a template used a variable that does not exist"
        return response

    monkeypatch.setattr(Client, "request", checked)


@pytest.fixture
def loop(tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    figures[1].unit_of_measure = "%"
    figures[1].save()
    # 1.105 tấn is an absolute figure, by default the district's own total (no commune's target): here the campaign
    # says it is every unit's target, so the communes are judged against it.
    figures[0].reach = "each"
    figures[0].save()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    return campaign, period, figures


def url(period, unit):
    return reverse("report_detail", kwargs={"period_pk": period.pk, "unit_pk": unit.pk})


def version_on(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def entry(response, figures, values, action="save", **extra):
    """The form as the page would post it: the version it was built from, a value per figure."""
    version = extra.pop("version", None) or version_on(response)
    data = {"action": action, "version": version, "results": "Hoàn thành cơ bản các chỉ tiêu."}
    for figure, value in zip(figures, values, strict=True):
        data[f"value_{figure.pk}"] = value
    return data | extra


def report_of(period, unit) -> Report:
    return Report.objects.get(period=period, unit=unit)


def test_officer_saves_then_sends(client, loop, tree, people):
    _campaign, period, figures = loop
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="value_{figures[0].pk}"' in html and "Chỉ tiêu số 1 đạt 1105 tấn." in html
    assert "1.105 tấn" in html  # the target for the unit: here the campaign's own figure

    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "90,5"]))
    assert response.status_code == 302
    report = report_of(period, tree.cao_lau)
    assert [v.value for v in report.values.order_by("figure_id")] == [Decimal(1200), Decimal("90.5")]
    assert report.results == "Hoàn thành cơ bản các chỉ tiêu." and report.status == ReportStatus.DRAFT

    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    assert 'value="1.200"' in html and 'value="90,5"' in html  # shown back the Vietnamese way
    assert "ach-exceeded" in html and "108,6%" in html  # 1.200 against 1.105 tấn
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "90,5"], action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == people.officer
    html = client.get(url(period, tree.cao_lau)).content.decode()
    assert f'name="value_{figures[0].pk}"' not in html  # read-only while it is reviewed


def test_bad_numbers_are_refused_with_what_was_typed_and_nothing_saved(client, loop, tree, people):
    _campaign, period, figures = loop
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "7.5"]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "7,5" in html and "dấu chấm" in html  # "in Vietnamese a dot only groups thousands… did you mean 7,5?"
    assert 'value="1.200"' in html and 'value="7.5"' in html  # what was typed is kept
    assert ReportValue.objects.count() == 0
    # A share above 100 % is refused by the service, on that figure, and nothing is saved either.
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "100,5"]))
    assert response.status_code == 400
    assert "không được lớn hơn 100" in response.content.decode()
    assert ReportValue.objects.count() == 0
    # A tampered form: no 500.
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1", "2"], version="x"))
    assert response.status_code == 400
    response = client.post(url(period, tree.cao_lau), {"action": "explode"})
    assert response.status_code == 400


def test_a_stale_save_is_refused_and_keeps_what_was_typed(client, loop, tree, people):
    _campaign, period, figures = loop
    client.force_login(people.officer)
    mine = client.get(url(period, tree.cao_lau))
    client.force_login(people.leader)
    theirs = client.get(url(period, tree.cao_lau))
    assert client.post(url(period, tree.cao_lau), entry(theirs, figures, ["1.300", "95"])).status_code == 302

    client.force_login(people.officer)
    response = client.post(url(period, tree.cao_lau), entry(mine, figures, ["1.234", "91"]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không lưu" in html and 'value="1.234"' in html and 'value="91"' in html
    report = report_of(period, tree.cao_lau)
    assert report.values.get(figure=figures[0]).value == Decimal(1300)  # theirs stands


def test_sending_with_a_figure_missing_names_it_and_loses_nothing(client, loop, tree, people):
    _campaign, period, figures = loop
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", ""], action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chỉ tiêu số 2" in html and "lý do" in html
    assert 'value="1.200"' in html
    report = report_of(period, tree.cao_lau)
    assert report.status == ReportStatus.DRAFT and report.values.get(figure=figures[0]).value == Decimal(1200)
    # The page came back at the saved version: with a reason for the missing figure it is sent.
    data = entry(response, figures, ["1.200", ""], action="submit")
    data[f"missing_{figures[1].pk}"] = "Chưa có số liệu thống kê của huyện."
    assert client.post(url(period, tree.cao_lau), data).status_code == 302
    assert report_of(period, tree.cao_lau).status == ReportStatus.SUBMITTED


def test_return_fix_resend_see_the_change_approve_and_lock(client, loop, tree, people):
    _campaign, period, figures = loop
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "90"], action="submit"))

    # The officer cannot review.
    review = {"action": "approve", "version": str(report_of(period, tree.cao_lau).version)}
    assert client.post(url(period, tree.cao_lau), review).status_code == 403
    # Nor can the council (not a reviewer), though it reads the report.
    client.force_login(people.council)
    assert client.get(url(period, tree.cao_lau)).status_code == 200
    assert client.post(url(period, tree.cao_lau), review).status_code == 403

    client.force_login(people.reviewer)
    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    assert f'name="return_{figures[1].pk}"' in html and 'value="approve"' in html
    # Returning with no reason at all is refused, by the service, with its message.
    response = client.post(url(period, tree.cao_lau), {"action": "return", "version": version_on(page), "reason": ""})
    assert response.status_code == 400 and "lý do" in response.content.decode()
    returned = {
        "action": "return",
        "version": version_on(page),
        "reason": "",
        f"return_{figures[1].pk}": "Tỷ lệ chưa khớp số liệu thống kê.",
    }
    assert client.post(url(period, tree.cao_lau), returned).status_code == 302
    report = report_of(period, tree.cao_lau)
    assert report.status == ReportStatus.RETURNED
    assert report.values.get(figure=figures[1]).return_reason == "Tỷ lệ chưa khớp số liệu thống kê."

    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    assert "Tỷ lệ chưa khớp số liệu thống kê." in html and 'data-role="return-reason"' in html
    assert f'name="value_{figures[1].pk}"' in html  # editable again
    assert (
        client.post(url(period, tree.cao_lau), entry(page, figures, ["1.200", "87,5"], action="submit")).status_code
        == 302
    )

    client.force_login(people.reviewer)
    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    change = re.search(r'data-role="change">(.*?)</div>', html, re.S).group(1)
    assert "90%" in change and "87,5%" in change and "change-old" in change and "change-new" in change
    assert html.count('data-role="change"') == 1  # only the corrected figure
    assert client.post(url(period, tree.cao_lau), {"action": "approve", "version": version_on(page)}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == people.reviewer

    # Locked: nobody gets an input; a forged save is refused with the service's message and changes nothing.
    for user in (people.officer, people.reviewer, people.province_admin):
        client.force_login(user)
        html = client.get(url(period, tree.cao_lau)).content.decode()
        assert 'name="value_' not in html and 'name="return_' not in html and "bi-lock-fill" in html
    client.force_login(people.officer)
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1", "1"], version=str(report.version)))
    assert response.status_code == 400 and "đã duyệt" in response.content.decode()
    assert report.values.get(figure=figures[1]).value == Decimal("87.5")
    trail = client.get(url(period, tree.cao_lau)).content.decode().split('id="trail"')[1]
    assert trail.count("list-group-item") == 4 and "Tỷ lệ chưa khớp số liệu thống kê." in trail


def test_two_reviewers_at_once_the_second_is_told(client, loop, tree, people):
    _campaign, period, figures = loop
    report = services.report_for(period=period, unit=tree.cao_lau)
    report = services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[services.ValueInput(figure_id=f.pk, value=Decimal(1200)) for f in figures[:1]]
        + [services.ValueInput(figure_id=figures[1].pk, value=Decimal(90))],
    )
    services.report_submit(report=report, user=people.officer, expected_version=report.version)
    client.force_login(people.reviewer)
    first = client.get(url(period, tree.cao_lau))
    client.force_login(people.province_admin)
    second = client.get(url(period, tree.cao_lau))
    assert (
        client.post(url(period, tree.cao_lau), {"action": "approve", "version": version_on(second)}).status_code == 302
    )
    client.force_login(people.reviewer)
    response = client.post(
        url(period, tree.cao_lau), {"action": "return", "version": version_on(first), "reason": "Sai số liệu"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không lưu" in html and "Sai số liệu" in html  # the reason typed is kept
    assert report_of(period, tree.cao_lau).status == ReportStatus.APPROVED


def test_qualitative_status_and_grade_figures(client, loop, tree, people):
    campaign, period, figures = loop
    kept, graded = figures
    kept.form, kept.unit_of_measure, kept.value = FigureForm.STATUS, "", None
    kept.save()
    graded.form, graded.unit_of_measure, graded.value, graded.grade = FigureForm.GRADE, "", None, "khá"
    graded.save()
    judged = Figure.objects.create(indicator=kept.indicator, position=5, name="Giữ vững an ninh", form="qualitative")
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    assert f'<select name="flag_{kept.pk}"' in html and f'name="grade_{graded.pk}"' in html
    assert f'name="value_{judged.pk}"' not in html and f'name="flag_{judged.pk}"' not in html
    data = {
        "action": "submit",
        "version": version_on(page),
        f"flag_{kept.pk}": "yes",
        f"grade_{graded.pk}": "giỏi",
    }
    assert client.post(url(period, tree.cao_lau), data).status_code == 302
    report = report_of(period, tree.cao_lau)
    assert report.values.get(figure=kept).flag is True and report.values.get(figure=graded).grade == "giỏi"

    client.force_login(people.reviewer)
    page = client.get(url(period, tree.cao_lau))
    assert f'name="verdict_{judged.pk}"' in page.content.decode()
    response = client.post(url(period, tree.cao_lau), {"action": "approve", "version": version_on(page)})
    assert response.status_code == 400  # each qualitative figure needs a verdict
    assert report_of(period, tree.cao_lau).status == ReportStatus.SUBMITTED
    data = {"action": "approve", "version": version_on(page), f"verdict_{judged.pk}": "yes"}
    assert client.post(url(period, tree.cao_lau), data).status_code == 302
    assert report.values.get(figure=judged).verdict is True
    html = client.get(url(period, tree.cao_lau)).content.decode()
    assert html.count("ach ach-achieved") >= 2 and "ach ach-exceeded" in html  # kept, judged; giỏi above khá


def test_scope_is_404_and_roles_are_403(client, loop, tree, people):
    _campaign, period, _figures = loop
    mine, sibling, outside = url(period, tree.cao_lau), url(period, tree.thach_dan), url(period, tree.hoang_viet)
    client.force_login(people.sibling_officer)
    assert client.get(mine).status_code == 404
    assert client.post(mine, {"action": "save", "version": "1"}).status_code == 404
    assert client.get(sibling).status_code == 200
    client.force_login(people.other_reviewer)
    assert client.get(mine).status_code == 404
    assert client.post(mine, {"action": "approve", "version": "1"}).status_code == 404
    client.force_login(people.province_admin)
    assert client.get(outside).status_code == 404  # in scope, but not taking part
    client.force_login(people.reviewer)
    assert client.post(mine, {"action": "save", "version": "1"}).status_code == 403  # the district reviews, not enters
    bad = reverse("report_detail", kwargs={"period_pk": period.pk + 999, "unit_pk": tree.cao_lau.pk})
    assert client.get(bad).status_code == 404
    client.logout()
    assert client.get(mine).status_code == 302


def test_a_closed_period_is_read_only_until_a_reviewer_reopens_it(client, loop, tree, people):
    campaign, period, figures = loop
    period.due_on = period.ends_on = timezone.localdate() - datetime.timedelta(days=10)
    period.starts_on = period.due_on - datetime.timedelta(days=30)
    period.save()
    client.force_login(people.officer)
    page = client.get(url(period, tree.cao_lau))
    html = page.content.decode()
    assert 'name="value_' not in html and "đã khóa nhập" in html
    response = client.post(url(period, tree.cao_lau), entry(page, figures, ["1", "2"], version="1"))
    assert response.status_code == 400 and "đã khóa nhập" in response.content.decode()
    assert ReportValue.objects.count() == 0

    periods = reverse("report_periods", kwargs={"pk": campaign.pk})
    reopen = {
        "action": "reopen",
        "period": period.pk,
        "unit": tree.cao_lau.pk,
        "until": (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
        "reason": "Xã bị mất điện",
    }
    assert client.post(periods, reopen).status_code == 403  # the officer cannot reopen
    client.force_login(people.reviewer)
    response = client.post(periods, reopen | {"reason": ""})
    assert response.status_code == 400 and "lý do" in response.content.decode()
    response = client.post(periods, reopen | {"until": "31/02/2024"})
    assert response.status_code == 400
    assert client.post(periods, reopen | {"unit": tree.huong_lam.pk}).status_code == 404
    assert client.post(periods, reopen).status_code == 302
    assert PeriodReopening.objects.get(period=period, unit=tree.cao_lau).reason == "Xã bị mất điện"

    client.force_login(people.officer)
    html = client.get(url(period, tree.cao_lau)).content.decode()
    assert 'name="value_' in html and "đã khóa nhập" not in html
    client.force_login(people.sibling_officer)
    assert 'name="value_' not in client.get(url(period, tree.thach_dan)).content.decode()


def test_periods_page_lists_and_adds(client, loop, tree, people):
    campaign, period, _figures = loop
    periods = reverse("report_periods", kwargs={"pk": campaign.pk})
    added = {
        "action": "add",
        "period-kind": PeriodKind.YEAR,
        "period-label": "Năm 2024",
        "period-starts_on": "01/01/2024",
        "period-ends_on": "31/12/2024",
        "period-due_on": "15/12/2024",
        "period-grace_days": "5",
    }
    client.force_login(people.officer)
    html = client.get(periods).content.decode()
    assert "6 tháng đầu năm 2024" in html and "Xã Cao Lâu" in html and "Xã Thạch Đạn" not in html
    assert 'name="period-label"' not in html
    assert client.post(periods, added).status_code == 403

    client.force_login(people.reviewer)
    html = client.get(periods).content.decode()
    assert "Xã Thạch Đạn" in html and 'name="period-label"' in html
    response = client.post(periods, added)  # due before the end of the period: the service's message
    assert response.status_code == 400 and "Hạn báo cáo" in response.content.decode()
    assert 'value="Năm 2024"' in response.content.decode()
    response = client.post(periods, added | {"period-due_on": "31/13/2024"})  # no such date: the form says so
    assert response.status_code == 400 and "is-invalid" in response.content.decode()
    assert client.post(periods, added | {"period-due_on": "15/01/2025"}).status_code == 302
    assert Period.objects.filter(campaign=campaign, label="Năm 2024", due_on=datetime.date(2025, 1, 15)).exists()
    response = client.post(periods, added | {"period-due_on": "15/01/2025"})
    assert response.status_code == 400 and "Năm 2024" in response.content.decode()  # a label once per campaign
    assert client.post(periods, added | {"period-starts_on": "hôm qua"}).status_code == 400


def test_campaign_page_links_to_the_periods(client, loop, tree, people):
    campaign, period, _figures = loop
    client.force_login(people.officer)
    html = client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk})).content.decode()
    assert reverse("report_periods", kwargs={"pk": campaign.pk}) in html and period.label in html


def test_lists_my_reports_and_the_review_queue(client, loop, tree, people):
    _campaign, period, figures = loop
    values = [services.ValueInput(figure_id=f.pk, value=Decimal(v)) for f, v in zip(figures, (1200, 90), strict=True)]
    sent = []
    for unit, user in ((tree.thach_dan, people.sibling_officer), (tree.cao_lau, people.officer)):
        report = services.report_for(period=period, unit=unit)
        report = services.report_save(report=report, user=user, expected_version=1, values=values)
        sent.append(services.report_submit(report=report, user=user, expected_version=report.version))
    services.report_return(
        report=sent[1], user=people.reviewer, expected_version=sent[1].version, reason="Bổ sung thuyết minh."
    )
    client.force_login(people.officer)
    html = client.get(reverse("report_list")).content.decode()
    assert "Bổ sung thuyết minh." in html and url(period, tree.cao_lau) in html
    assert url(period, tree.thach_dan) not in html and 'id="to-review"' not in html

    client.force_login(people.reviewer)
    html = client.get(reverse("report_list")).content.decode()
    queue = html.split('id="to-review"')[1]
    assert url(period, tree.thach_dan) in queue and url(period, tree.cao_lau) not in queue  # returned: not waiting
    client.force_login(people.other_reviewer)
    assert url(period, tree.thach_dan) not in client.get(reverse("report_list")).content.decode()


def _first_quarter_due_today(campaign):
    return services.period_add(
        campaign=campaign,
        kind="quarter",
        label="Quý I",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 3, 31),
        due_on=timezone.localdate(),
    )


def test_review_queue_is_oldest_first(client, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Hàng đợi", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign))
    period = _first_quarter_due_today(campaign)
    for unit, days in ((tree.cao_lau, 1), (tree.thach_dan, 3)):
        report = services.report_for(period=period, unit=unit)
        values = [services.ValueInput(figure_id=f.pk, value=Decimal(5)) for f in figures]
        report = services.report_save(report=report, user=people.reviewer, expected_version=1, values=values)
        services.report_submit(report=report, user=people.officer, expected_version=report.version)
        Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days))
    client.force_login(people.reviewer)
    html = client.get(reverse("report_list")).content.decode()
    assert html.index(url(period, tree.thach_dan)) < html.index(url(period, tree.cao_lau))


def _sent_report(campaign, tree, people, changed: bool):
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    period = services.period_add(
        campaign=campaign,
        kind="half",
        label="6 tháng",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=timezone.localdate(),
    )
    report = services.report_for(period=period, unit=tree.cao_lau)
    values = [services.ValueInput(figure_id=f.pk, value=Decimal(1000 + i)) for i, f in enumerate(figures)]
    report = services.report_save(report=report, user=people.officer, expected_version=1, values=values)
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    if changed:
        report = services.report_return(
            report=report, user=people.reviewer, expected_version=report.version, reason="Sửa", figure_reasons={}
        )
        values = [services.ValueInput(figure_id=f.pk, value=Decimal(2000 + i)) for i, f in enumerate(figures)]
        report = services.report_save(
            report=report, user=people.officer, expected_version=report.version, values=values
        )
        report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    return period


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_query_counts_do_not_grow_with_figures(client, tree, people, who):
    """2 and 20 indicators: the same number of queries on every page, for the unit entering and for the reviewer
    seeing the changes since the last submission."""
    client.force_login(getattr(people, who))
    counts = []
    for n in (2, 20):
        campaign = make_campaign(
            tree.cao_loc, title=f"{n} chỉ tiêu", indicators=n, participants=[tree.cao_lau, tree.thach_dan], number=n
        )
        period = _sent_report(campaign, tree, people, changed=who == "reviewer")
        if who == "officer":  # a draft again, to be edited
            Report.objects.filter(period=period).update(status=ReportStatus.RETURNED)
        pages = [
            url(period, tree.cao_lau),
            reverse("report_periods", kwargs={"pk": campaign.pk}),
            reverse("report_list"),
        ]
        sizes = []
        for address in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            assert response.status_code == 200, address
            sizes.append(len(queries))
        html = client.get(pages[0]).content.decode()
        assert html.count('data-role="change"') == (n if who == "reviewer" else 0)
        assert html.count('name="value_') == (n if who == "officer" else 0)
        counts.append(sizes)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_report_page_queries_have_a_ceiling(client, tree, people, django_assert_max_num_queries, n, who):
    campaign = make_campaign(tree.cao_loc, title=f"{n} chỉ tiêu", indicators=n, participants=[tree.cao_lau], number=n)
    period = _sent_report(campaign, tree, people, changed=True)
    if who == "officer":
        Report.objects.filter(period=period).update(status=ReportStatus.RETURNED)
    client.force_login(getattr(people, who))
    with django_assert_max_num_queries(22):
        assert client.get(url(period, tree.cao_lau)).status_code == 200


def test_a_verdict_only_judges_a_qualitative_figure_of_the_campaign(loop, tree, people):
    """reports.services.report_approve: a verdict for another campaign's figure (or a numeric one) is refused."""
    from django.core.exceptions import ValidationError

    _campaign, period, figures = loop
    other = make_campaign(tree.cao_lau, title="Phong trào khác")
    foreign = Figure.objects.filter(indicator__section__campaign=other).first()
    report = services.report_for(period=period, unit=tree.cao_lau)
    values = [services.ValueInput(figure_id=f.pk, value=Decimal(100)) for f in figures]
    report = services.report_save(report=report, user=people.officer, expected_version=1, values=values)
    report = services.report_submit(report=report, user=people.officer, expected_version=report.version)
    for figure in (foreign, figures[0]):
        with pytest.raises(ValidationError):
            services.report_approve(
                report=report, user=people.reviewer, expected_version=report.version, verdicts={figure.pk: True}
            )
    assert not ReportValue.objects.filter(figure=foreign).exists()
    assert report_of(period, tree.cao_lau).status == ReportStatus.SUBMITTED


def test_every_button_of_the_page_has_its_action(client, loop, tree, people):
    """The page's buttons name an action (name="action"); each is a handler of REPORT_ACTIONS, and the four handlers
    are the page's save, send, return and approve."""
    _campaign, period, _figures = loop
    client.force_login(people.officer)
    html = client.get(url(period, tree.cao_lau)).content.decode()
    buttons = set(re.findall(r'name="action" value="([a-z]+)"', html))
    assert buttons == {"save", "submit"} and buttons <= set(REPORT_ACTIONS)
    template = (Path(__file__).resolve().parents[2] / "templates/reports/report_detail.html").read_text("utf-8")
    assert set(re.findall(r'name="action" value="([a-z]+)"', template)) == set(REPORT_ACTIONS)


def test_the_review_queue_is_paged_and_searched(client, tree, people):
    communes = [make_unit(tree.cao_loc, code=f"Q{i:05d}", short_name=f"Phú Mỹ {i}") for i in range(PER_PAGE + 5)]
    campaign = make_campaign(tree.cao_loc, title="Hàng đợi dài", participants=[tree.thach_dan, *communes])
    period = _first_quarter_due_today(campaign)
    for place in (tree.thach_dan, *communes):
        Report.objects.create(period=period, unit=place, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(people.reviewer)

    def queue(query=""):
        html = client.get(reverse("report_list") + query).content.decode()
        return html.split('id="to-review"')[1].split('id="my-reports"')[0]

    first = queue()
    assert first.count(">Thẩm định</a>") == PER_PAGE and "trang 1/2" in first and f">{PER_PAGE + 6}</span>" in first
    assert queue("?page=2").count(">Thẩm định</a>") == 6
    assert "trang 2/2" in queue("?page=999") and "trang 1/2" in queue("?page=x")
    found = queue("?q=thach+dan")
    assert found.count(">Thẩm định</a>") == 1 and url(period, tree.thach_dan) in found
    assert "Không có báo cáo nào đang chờ của đơn vị có tên này." in queue("?q=zzz")


def _rows_of(html: str, anchor: str) -> int:
    body = html.split(anchor)[1].split("<tbody>")[1].split("</tbody>")[0]
    return body.count("<tr>") - body.count("colspan=")


@pytest.fixture
def long_campaign(tree):
    """55 communes under Cao Lộc taking part; the first 20 have sent their report of the first quarter."""
    communes = [make_unit(tree.cao_loc, code=f"P{i:05d}", short_name=f"Phú Mỹ {i:02d}") for i in range(PER_PAGE + 5)]
    campaign = make_campaign(tree.cao_loc, title="Kỳ dài", participants=communes)
    period = _first_quarter_due_today(campaign)
    for place in communes[:20]:
        Report.objects.create(period=period, unit=place, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    return campaign, period, communes


def test_the_periods_page_lists_one_period_s_units_a_page_at_a_time(client, tree, people, long_campaign):
    campaign, period, _communes = long_campaign
    client.force_login(people.reviewer)
    periods = reverse("report_periods", kwargs={"pk": campaign.pk})

    def page(**query):
        response = client.get(periods, query)
        assert response.status_code == 200
        return response.content.decode()

    anchor = f'id="period-{period.pk}"'
    first = page()
    assert _rows_of(first, anchor) == PER_PAGE and "Xã Phú Mỹ 49" in first and "Xã Phú Mỹ 50" not in first
    assert f"0 đã duyệt, 20 chờ thẩm định, 0 bị trả lại, trên tổng số {PER_PAGE + 5}" in first  # every unit
    second = page(period=period.pk, page=2)
    assert _rows_of(second, anchor) == 5 and "Xã Phú Mỹ 50" in second
    assert "Xã Phú Mỹ 54" in page(page=999) and _rows_of(page(page="x"), anchor) == PER_PAGE
    assert _rows_of(page(q="phu my 07"), anchor) == 1
    assert _rows_of(page(status="submitted"), anchor) == 20
    assert _rows_of(page(status="not_started"), anchor) == PER_PAGE + 5 - 20
    assert _rows_of(page(status="submitted", q="phu my 30"), anchor) == 0
    unknown = page(status="nonsense")
    assert "Bộ lọc không hợp lệ nên đã bỏ qua; đang hiện mọi đơn vị." in unknown and _rows_of(unknown, anchor) == 50
    other = page(period=period.pk + 999)
    assert "Phong trào không có kỳ báo cáo được yêu cầu; đang hiện kỳ hiện tại." in other and anchor in other
    assert len(first.encode()) < 300 * 1024


@pytest.mark.parametrize("count", [10, 120])
def test_the_periods_page_queries_do_not_grow_with_the_units(
    client, tree, people, count, django_assert_max_num_queries
):
    communes = [make_unit(tree.cao_loc, code=f"R{i:05d}", short_name=f"Phú Mỹ {i}") for i in range(count)]
    campaign = make_campaign(tree.cao_loc, title="Đếm truy vấn", participants=communes)
    period = _first_quarter_due_today(campaign)
    for place in communes:
        Report.objects.create(period=period, unit=place, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(people.reviewer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("report_periods", kwargs={"pk": campaign.pk}), {"page": 2, "q": "phu"})
    assert response.status_code == 200


def _periods(campaign, count):
    today = timezone.localdate()
    return Period.objects.bulk_create(
        [
            Period(
                campaign=campaign,
                kind=PeriodKind.QUARTER,
                label=f"Kỳ {i:03d}",
                starts_on=datetime.date(2024, 1, 1),
                ends_on=datetime.date(2024, 3, 31),
                due_on=today + datetime.timedelta(days=i),  # soonest due first: the list's order
            )
            for i in range(count)
        ]
    )


def test_my_reports_are_paged_searched_and_filtered(client, tree, people):
    periods = _periods(make_campaign(tree.cao_loc, title="Thi đua nhiều kỳ", participants=[tree.cao_lau]), PER_PAGE)
    other = _periods(make_campaign(tree.cao_loc, title="Phong trào khác", participants=[tree.cao_lau], number=2), 5)
    Report.objects.bulk_create(
        [Report(period=p, unit=tree.cao_lau, status=ReportStatus.APPROVED) for p in periods[:10]]
    )
    client.force_login(people.officer)

    def mine(**query):
        response = client.get(reverse("report_list"), query)
        assert response.status_code == 200
        return response.content.decode().split('id="my-reports"')[1]

    first = mine()
    assert _rows_of(first, "<table") == PER_PAGE and "trang 1/2" in first
    second = mine(mpage=2)
    # the list's order holds across pages: what needs action first, the approved ones last
    assert _rows_of(second, "<table") == 5 and "trang 2/2" in second and "Kỳ 009" in second and "Kỳ 049" in first
    assert "trang 2/2" in mine(mpage=999) and "trang 1/2" in mine(mpage="x")
    assert _rows_of(mine(mq="phong trao khac"), "<table") == len(other)  # the campaign's title, without diacritics
    assert _rows_of(mine(mq="cao lau"), "<table") == PER_PAGE  # the unit's name: the first page of all
    assert _rows_of(mine(mstatus="approved"), "<table") == 10
    assert _rows_of(mine(mstatus="not_started", mq="nhieu ky"), "<table") == PER_PAGE - 10
    assert "Không có báo cáo nào của bạn khớp." in mine(mq="zzz")
    unknown = mine(mstatus="nonsense")
    assert "Bộ lọc không hợp lệ nên đã bỏ qua; đang hiện mọi đơn vị." in unknown and _rows_of(unknown, "<table") == 50


@pytest.mark.parametrize("count", [10, 120])
def test_my_reports_queries_do_not_grow_with_the_periods(client, tree, people, count, django_assert_max_num_queries):
    _periods(make_campaign(tree.cao_loc, title="Đếm truy vấn", participants=[tree.cao_lau]), count)
    client.force_login(people.officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("report_list"), {"mpage": 2, "mstatus": "not_started"})
    assert response.status_code == 200 and len(response.content) < 300 * 1024
