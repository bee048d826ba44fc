"""The roll-up page and its Excel workbook: scoped, the values of the reports below, and a number of queries that
does not grow with the number of units (10 vs 200 communes)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import services
from reports.models import PeriodKind, Report, ReportStatus, ReportValue
from targets.models import Figure
from tests.campaigns.factories import make_campaign
from tests.factories import unit

pytestmark = pytest.mark.django_db


def _campaign(district, communes, indicators=3):
    campaign = make_campaign(district, title="Chỉ thị thi đua", participants=communes, indicators=indicators)
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=timezone.localdate(),
    )
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    return campaign, period, figures


def _approve_all(period, communes, figures, base=1000):
    reports = Report.objects.bulk_create(
        [Report(period=period, unit=u, status=ReportStatus.APPROVED, submitted_at=timezone.now()) for u in communes]
    )
    ReportValue.objects.bulk_create(
        [ReportValue(report=r, figure=f, value=Decimal(base + i)) for i, r in enumerate(reports) for f in figures]
    )


def test_the_district_sees_its_roll_up_and_downloads_it(client, tree, people):
    _campaign_, period, figures = _campaign(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    _approve_all(period, [tree.cao_lau, tree.thach_dan], figures)
    client.force_login(people.reviewer)
    url = reverse("report_rollup", args=[period.pk, tree.cao_loc.pk])
    page = client.get(url).content.decode()
    assert "2.001" in page  # 1000 + 1001, in the Vietnamese form
    assert "Xã Cao Lâu" in page and "Xã Thạch Đạn" in page and "vượt" in page
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook.worksheets[0]
    assert sheet["A5"].value == figures[0].name and sheet["D5"].value == 2001
    assert [ws.title for ws in workbook.worksheets] == ["Tổng hợp", "Theo đơn vị", "Tiến độ báo cáo"]


def test_the_roll_up_is_scoped(client, tree, people):
    _campaign_, period, figures = _campaign(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    client.force_login(people.sibling_officer)
    assert client.get(reverse("report_rollup", args=[period.pk, tree.cao_lau.pk])).status_code == 404
    assert client.get(reverse("report_rollup", args=[period.pk, tree.thach_dan.pk])).status_code == 200
    client.force_login(people.other_reviewer)
    assert client.get(reverse("report_rollup", args=[period.pk, tree.hiep_hoa.pk])).status_code == 404


@pytest.mark.parametrize("count", [10, 200])
def test_queries_do_not_grow_with_the_number_of_communes(client, tree, people, count, django_assert_max_num_queries):
    communes = [unit(tree.cao_loc, code=f"9{i:04d}", short_name=f"Thử {i}") for i in range(count)]
    _campaign_, period, figures = _campaign(tree.cao_loc, communes)
    _approve_all(period, communes, figures)
    client.force_login(people.reviewer)
    with django_assert_max_num_queries(23):
        response = client.get(reverse("report_rollup", args=[period.pk, tree.cao_loc.pk]))
    assert response.status_code == 200
