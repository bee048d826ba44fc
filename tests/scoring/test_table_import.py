"""A scoring table imported from Excel: both column layouts, the tree from the numbers, points as tables write them,
a review page before anything is saved, then all rows or none."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from scoring import services
from scoring.models import CriterionKind, StageKind
from scoring.table_import import read_table
from tests.scoring.factories import campaign_for, cluster_with

pytestmark = pytest.mark.django_db
D = Decimal
K = CriterionKind

ONE_COLUMN = [
    ("BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2024", None, None),
    (None, None, None),
    ("STT", "TIÊU CHÍ", "ĐIỂM CHUẨN"),
    ("I", "Công tác tổ chức (tổng điểm trừ mục I không quá 1,5 điểm)", 10),
    ("1", "Xây dựng kế hoạch đúng thời hạn", "Chuẩn 3 / 1,5 / 0"),
    ("2", "Chậm báo cáo: mỗi trường hợp trừ 0,5 điểm, tối đa 1 điểm", "-0,5"),
    ("3", "Mô hình mới: mỗi mô hình cộng 1 điểm", "+1"),
    ("4", "Tham gia diễn tập", "0 / -2"),
    ("5", "Tổ chức phong trào", 7),
    ("II", "Để xảy ra vụ việc nghiêm trọng", "(không xếp loại)"),
]
THREE_COLUMNS = [
    ("TT", "Nội dung tiêu chí", "Chuẩn", "Thưởng", "Trừ"),
    ("1", "Công tác thi đua", 5, None, None),
    ("1.1", "Hoàn thành kế hoạch", 5, None, None),
    ("1.2", "Sáng kiến: mỗi sáng kiến cộng 0,5, tối đa 2", None, "0,5", None),
    ("1.3", "Vi phạm quy chế", None, None, 1),
    (None, "TỔNG CỘNG", 5, None, None),
]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "bang-cham-diem.xlsx"
    return data


def shape(rows):
    return [
        (r.label, r.kind, r.parent, r.max_points, r.per_case, [p for p, _ in r.levels], r.bonus_cap, r.penalty_cap)
        for r in rows
    ]


def test_one_points_column_as_tables_write_it():
    rows = read_table(workbook(ONE_COLUMN))
    assert [r.problems for r in rows] == [[]] * 7
    assert shape(rows) == [
        ("I", K.GROUP, None, D(10), None, [], None, D("1.5")),
        ("1", K.DIRECT, 0, D(3), None, [D(3), D("1.5"), D(0)], None, None),
        ("2", K.PENALTY, 0, D(1), D("0.5"), [], None, None),
        ("3", K.BONUS, 0, D(10), D(1), [], None, None),  # no cap written: 10 cases, said on the review page
        ("4", K.PENALTY, 0, D(2), None, [D(0), D(-2)], None, None),
        ("5", K.DIRECT, 0, D(7), None, [], None, None),
        ("II", K.DISQUALIFIER, None, None, None, [], None, None),
    ]
    assert rows[3].note and not rows[2].note
    assert rows[1].levels[0] == [D(3), "Chuẩn"]


def test_standard_bonus_and_penalty_columns():
    rows = read_table(workbook(THREE_COLUMNS))
    assert shape(rows) == [
        ("1", K.GROUP, None, D(5), None, [], None, None),
        ("1.1", K.DIRECT, 0, D(5), None, [], None, None),
        ("1.2", K.BONUS, 0, D(2), D("0.5"), [], None, None),
        ("1.3", K.PENALTY, 0, D(1), None, [], None, None),
    ]


def test_wrong_rows_are_named_and_nothing_can_be_created():
    rows = read_table(
        workbook(
            [
                ("STT", "TIÊU CHÍ", "ĐIỂM CHUẨN"),
                ("1", "Điểm viết sai", "ba điểm"),
                ("2", "Công thức", "=1+2"),
                ("3", "Không có điểm", None),
                ("4", "Mức ngoài khoảng", "3 / -1"),
            ]
        )
    )
    assert [r.label for r in rows if r.problems] == ["1", "2", "3", "4"]
    assert "ba điểm" in rows[0].problems[0] and rows[1].row == 3 and "3" in rows[1].problems[0]
    with pytest.raises(Exception, match="STT"):
        read_table(workbook([("Cột A", "Cột B")]))


@pytest.fixture
def sheet(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau])
    return services.sheet_create(cluster=cluster, campaign=campaign, title="Bảng", user=people.reviewer)


def test_review_then_create_every_row_or_none(client, sheet, people):
    client.force_login(people.reviewer)
    url = reverse("scoring_criteria_import", kwargs={"pk": sheet.pk})
    assert client.get(url).status_code == 200
    review = client.post(url, {"file": workbook(ONE_COLUMN)})
    assert review.status_code == 200 and not sheet.criteria.exists()  # the review saves nothing
    page = review.content.decode()
    assert "Xây dựng kế hoạch đúng thời hạn" in page and "Tạo 7 tiêu chí" in page
    payload = review.context["payload"]

    tampered = client.post(url, {"payload": payload[:-3] + "abc"})
    assert tampered.status_code == 400 and not sheet.criteria.exists()
    assert client.post(url, {"payload": payload}).status_code == 302
    created = {c.label: c for c in sheet.criteria.all()}
    assert created["2"].parent == created["I"] and created["2"].per_case == D("0.5")
    assert created["I"].penalty_cap == D("1.5") and created["II"].kind == K.DISQUALIFIER
    # the same confirmation again: the sheet changed since the review, refused and nothing added
    again = client.post(url, {"payload": payload})
    assert again.status_code == 409 and sheet.criteria.count() == 7


def test_a_wrong_row_is_refused_at_confirmation_too_and_nothing_is_kept(sheet, people):
    rows = [r.as_json() for r in read_table(workbook(THREE_COLUMNS))]
    rows[3]["max_points"] = "-1"  # as if the reviewed rows had been changed
    with pytest.raises(Exception, match="Nothing was imported|Không nhập"):
        services.criteria_import(sheet=sheet, rows=rows, expected_version=sheet.version, user=people.reviewer)
    assert not sheet.criteria.exists()
    rows[3]["max_points"] = "1"
    services.criteria_import(sheet=sheet, rows=rows, expected_version=sheet.version, user=people.reviewer)
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    sheet.refresh_from_db()
    with pytest.raises(Exception, match=_(services.ERR_SHEET_STARTED)[:20]):
        services.criteria_import(sheet=sheet, rows=rows, expected_version=sheet.version, user=people.reviewer)
    assert sheet.criteria.count() == 4
