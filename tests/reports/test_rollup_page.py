"""The roll-up page and its Excel workbook: scoped, the values of the reports below, and a number of queries that
does not grow with the number of units (10 vs 200 communes)."""

import datetime
import io
import json
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
from units.paging import PER_PAGE

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
    with django_assert_max_num_queries(25):  # 23, and the two lists' pages: the children's count, the depths
        response = client.get(reverse("report_rollup", args=[period.pk, tree.cao_loc.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _rows(html, "children-table") == min(count, PER_PAGE) and _rows(html, "progress-table") == min(
        count, PER_PAGE
    )
    assert len(response.content) < 300 * 1024


def _rows(html: str, table: str) -> int:
    body = html.split(f'id="{table}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return body.count("<tr>") - body.count("colspan=")  # less the row that says there is none


@pytest.fixture
def long_district(tree):
    """55 communes under Cao Lộc taking part: the first 30 approved, one sent after the due date, the rest not
    started."""
    communes = [unit(tree.cao_loc, code=f"8{i:04d}", short_name=f"Thử {i:02d}") for i in range(PER_PAGE + 5)]
    _campaign_, period, figures = _campaign(tree.cao_loc, communes)
    _approve_all(period, communes[:30], figures)
    Report.objects.create(
        period=period, unit=communes[30], status=ReportStatus.SUBMITTED, submitted_at=timezone.now() + ONE_WEEK
    )
    return period, communes


ONE_WEEK = datetime.timedelta(days=7)


def _page(client, period, unit_, **query):
    response = client.get(reverse("report_rollup", args=[period.pk, unit_.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_children_are_paged_and_searched(client, tree, people, long_district):
    period, _communes = long_district
    client.force_login(people.reviewer)
    first = _page(client, period, tree.cao_loc)
    assert _rows(first, "children-table") == PER_PAGE and "Xã Thử 49" in first and "Xã Thử 50" not in first
    second = _page(client, period, tree.cao_loc, cpage=2)
    assert _rows(second, "children-table") == 5 and "Xã Thử 50" in second.split('id="children-table"')[1]
    assert _page(client, period, tree.cao_loc, cpage=999).split('id="children-table"')[1].count("Xã Thử 54") == 1
    assert _rows(_page(client, period, tree.cao_loc, cpage="x"), "children-table") == PER_PAGE
    found = _page(client, period, tree.cao_loc, cq="thu 07")  # without diacritics
    assert _rows(found, "children-table") == 1 and "Xã Thử 07" in found.split('id="children-table"')[1]
    assert "Không có đơn vị cấp dưới nào khớp." in _page(client, period, tree.cao_loc, cq="zzz")
    # the chart shows the page's units, not all of them
    chart = json.loads(found.split('id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert chart["units"] == ["Xã Thử 07"]


def test_the_counters_count_every_unit_not_the_page(client, tree, people, long_district):
    period, _communes = long_district
    client.force_login(people.reviewer)
    html = _page(client, period, tree.cao_loc, q="thu 07", cpage=2, page=2)
    assert f'id="rollup-submitted">31/{PER_PAGE + 5}<' in html
    assert 'id="rollup-late">1<' in html


def test_the_progress_is_paged_searched_and_filtered(client, tree, people, long_district):
    period, _communes = long_district
    client.force_login(people.reviewer)
    progress = reverse("report_rollup_progress", args=[period.pk, tree.cao_loc.pk])

    def rows(**query):
        response = client.get(progress, query, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" not in html  # the list alone
        return html

    assert _rows(rows(), "progress-table") == PER_PAGE
    second = rows(page=2)
    assert _rows(second, "progress-table") == 5 and "Xã Thử 50" in second and "Xã Thử 49" not in second
    assert "Xã Thử 54" in rows(page=999) and _rows(rows(page="-3"), "progress-table") == PER_PAGE
    assert _rows(rows(q="thu 31"), "progress-table") == 1
    assert _rows(rows(status="approved"), "progress-table") == 30
    assert _rows(rows(status="not_started"), "progress-table") == PER_PAGE + 5 - 31
    late = rows(status="late")
    assert _rows(late, "progress-table") == 1 and "Xã Thử 30" in late
    assert _rows(rows(status="approved", q="thu 40"), "progress-table") == 0
    unknown = rows(status="nonsense")
    assert "Bộ lọc không hợp lệ nên đã bỏ qua; đang hiện mọi đơn vị." in unknown
    assert _rows(unknown, "progress-table") == PER_PAGE
    # without htmx, the whole roll-up page at that list
    whole = client.get(progress, {"status": "late"}).content.decode()
    assert "<html" in whole and _rows(whole, "progress-table") == 1 and 'id="rollup-table"' in whole


def test_the_workbook_still_has_every_unit(client, tree, people, long_district):
    period, _communes = long_district
    client.force_login(people.reviewer)
    url = reverse("report_rollup", args=[period.pk, tree.cao_loc.pk])
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx", "cpage": 2, "status": "late"}).content))
    assert workbook.worksheets[1].max_row == 1 + PER_PAGE + 5
    assert workbook.worksheets[2].max_row == 1 + PER_PAGE + 5


@pytest.mark.parametrize("count", [10, 120])
def test_the_progress_list_queries_do_not_grow(client, tree, people, count, django_assert_max_num_queries):
    communes = [unit(tree.cao_loc, code=f"7{i:04d}", short_name=f"Thử {i}") for i in range(count)]
    _campaign_, period, figures = _campaign(tree.cao_loc, communes)
    _approve_all(period, communes, figures)
    client.force_login(people.reviewer)
    progress = reverse("report_rollup_progress", args=[period.pk, tree.cao_loc.pk])
    with django_assert_max_num_queries(14):
        response = client.get(progress, {"q": "thu", "status": "approved", "page": 2}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_a_page_of_children_at_forty_figures_stays_under_300_kib(client, tree, people):
    """The national campaign's width (40 indicators) over a full page of children: every row of the workbook, a page
    of them on the page."""
    communes = [unit(tree.cao_loc, code=f"6{i:04d}", short_name=f"Thử nghiệm tên dài {i}") for i in range(60)]
    _campaign_, period, figures = _campaign(tree.cao_loc, communes, indicators=40)
    _approve_all(period, communes, figures, base=1_000_000)
    client.force_login(people.reviewer)
    response = client.get(reverse("report_rollup", args=[period.pk, tree.cao_loc.pk]))
    assert len(response.content) < 300 * 1024 and _rows(response.content.decode(), "children-table") == PER_PAGE


def test_six_months_are_judged_against_half_the_years_target_on_the_page(client, tree, people):
    """1.105 tấn a year: six months' target is 552,5 (the year's shown beside it); a rate falls short as 'chỉ tiêu
    cả năm', never 'không đạt'."""
    _campaign_, period, figures = _campaign(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    rate = figures[2]
    rate.unit_of_measure, rate.value = "%", Decimal(95)
    rate.save()
    reports = Report.objects.bulk_create(
        [
            Report(period=period, unit=u, status=ReportStatus.APPROVED, submitted_at=timezone.now())
            for u in (tree.cao_lau, tree.thach_dan)
        ]
    )
    ReportValue.objects.bulk_create(
        [ReportValue(report=r, figure=figures[0], value=Decimal(300)) for r in reports]
        + [ReportValue(report=r, figure=rate, value=Decimal(90)) for r in reports]
    )
    client.force_login(people.reviewer)
    page = client.get(reverse("report_rollup", args=[period.pk, tree.cao_loc.pk])).content.decode()
    assert "552,5" in page and "(cả năm 1.105)" in page
    row = page[page.index(rate.name) :]
    row = row[: row.index("</tr>")]
    assert "chỉ tiêu cả năm" in row and "không đạt" not in row
