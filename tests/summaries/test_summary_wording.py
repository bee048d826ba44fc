"""The summary report's wording (issue #16, part 3): points several units raised once with them, counts as whole
numbers, no percentage beside "chưa có số liệu", a part of the year judged by its share or against the year's
target as "chỉ tiêu cả năm", and the higher body in Nơi nhận."""

from decimal import Decimal

import pytest

from reports.achievement import Status
from reports.models import Report, ReportValue
from summaries import services
from summaries.selectors import AnnexRow, summary_annex
from targets.models import Figure
from tests.summaries.test_summaries import _district

pytestmark = pytest.mark.django_db


def test_the_same_proposal_from_many_units_is_one_line_with_their_count():
    raised = {"a": ("Đề nghị hỗ trợ kinh phí.", [f"Xã {i}" for i in range(1, 22)]), "b": ("Khác.", ["Xã 3"])}
    assert services._grouped(raised) == "- Đề nghị hỗ trợ kinh phí (21 đơn vị).\n\n- Xã 3: Khác."
    few = {"a": ("Đề nghị hỗ trợ kinh phí.", ["Xã A", "Xã B"])}
    assert services._grouped(few) == "- Đề nghị hỗ trợ kinh phí (Xã A, Xã B)."


def test_identical_proposals_are_grouped_whatever_the_case_and_the_stop(tree, people):
    _campaign, period = _district(tree)
    texts = iter(("Đề nghị tỉnh hỗ trợ kinh phí làm đường. Cụ thể…", "đề nghị  tỉnh hỗ trợ kinh phí làm đường"))
    for report in Report.objects.filter(period=period).order_by("unit__path"):
        report.proposals = next(texts)
        report.save()
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    assert summary.proposals == "- Đề nghị tỉnh hỗ trợ kinh phí làm đường (Xã Cao Lâu, Xã Thạch Đạn)."


def _as_schools(period, name, *, value, aggregation="sum"):
    figure = Figure.objects.get(indicator__section__campaign=period.campaign, name=name)
    figure.unit_of_measure, figure.value, figure.aggregation = "trường", Decimal(value), aggregation
    figure.save()
    return figure


def test_counts_are_whole_numbers_and_a_years_target_says_so(tree, people):
    _campaign, period = _district(tree)
    # 15 schools a year, summed: six months' share is 7,5, printed and judged as 8
    _as_schools(period, "Chỉ tiêu số 2", value=15)
    # averaged over the communes (not additive): 3,5 schools is printed 4, judged against the year's 12
    third = _as_schools(period, "Chỉ tiêu số 3", value=12, aggregation="average")
    for report, value in zip(Report.objects.filter(period=period).order_by("unit__path"), (3, 4), strict=True):
        ReportValue.objects.create(report=report, figure=third, value=Decimal(value))
    rows = {row.position: row for row in summary_annex(period=period, unit=tree.cao_loc)}
    assert (rows[2].target, rows[2].result, rows[2].status) == ("8 (cả năm 15)", "300", Status.EXCEEDED)
    assert (rows[3].target, rows[3].result, rows[3].percent) == ("12 (cả năm)", "4", "29,2")
    assert rows[3].status == Status.ANNUAL and rows[3].status_text == "chỉ tiêu cả năm"
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    assert "- Chỉ tiêu số 3: 4 trường, bằng 29,2% chỉ tiêu cả năm." in summary.results
    assert "1 chỉ tiêu cả năm đang thực hiện" in summary.results and "(không đạt)" not in summary.results


def test_no_percentage_beside_no_data():
    row = AnnexRow(1, "Tỷ lệ hộ nghèo", "%", "95", "71,5", "", Status.NO_DATA, "chưa có số liệu")
    assert services._result_line(row) == "- Tỷ lệ hộ nghèo: 71,5% (chưa đánh giá)."
    judged = AnnexRow(1, "Lúa", "tấn", "1.105", "1.300", "117,6", Status.EXCEEDED, "vượt")
    assert services._result_line(judged) == "- Lúa: 1.300 tấn, bằng 117,6% chỉ tiêu (vượt)."


def test_the_recipients_name_the_higher_body_first(tree, people):
    _campaign, period = _district(tree)
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    assert summary.recipient_lines[:2] == ["Ủy ban nhân dân tỉnh Lạng Sơn (để báo cáo);", "Sở Nội vụ tỉnh Lạng Sơn;"]
    assert summary.recipient_lines[-1] == "Lưu: VT."
