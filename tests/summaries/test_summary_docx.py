"""A summary report as a Word file (summaries.printing.summary_docx): the Nghị định 30 page and header, the text, the
signature block, then the figures' table as the appendix in a section of its own; the download page and its scope."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.table import Table

from documents import issuing
from documents.docx import QUOC_HIEU, TIEU_NGU
from reports import rollup
from reports.models import ReportValue
from summaries import services
from summaries.printing import summary_docx
from summaries.selectors import summary_annex
from tests.documents.test_docx import field_instructions, mm, norm
from tests.summaries.test_summaries import YEAR, district  # noqa: F401 - the fixture is used by name
from units import vn

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def cell_text(cell) -> str:
    return norm(" ".join(p.text for p in cell.paragraphs))


def figures(rows) -> list[list[str]]:
    return [[str(r.position), r.name, r.unit_of_measure, r.target, r.result, r.percent, r.status_text] for r in rows]


def blocks(document):
    """The body's paragraphs and tables in order, with the index of the paragraph that ends section 1."""
    items = list(document.iter_inner_content())
    breaks = [
        i
        for i, item in enumerate(items)
        if not isinstance(item, Table) and item._p.pPr is not None and item._p.pPr.find(qn("w:sectPr")) is not None
    ]
    return items, breaks


@pytest.fixture
def summary(tree, people, district):  # noqa: F811
    _campaign, period = district
    return services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)


def test_the_word_file_of_a_draft(tree, summary):
    document = open_docx(summary_docx(summary=summary))

    # the page: A4, margins 20/15/20/30 mm, in both sections
    assert len(document.sections) == 2
    for section in document.sections:
        assert (round(mm(section.page_width), 1), round(mm(section.page_height), 1)) == (210, 297)
        margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
        assert [round(mm(m), 1) for m in margins] == [20, 15, 20, 30]
        assert section.different_first_page_header_footer  # no number on the first page of either part

    # the header table: bodies | Quốc hiệu and Tiêu ngữ; number | place and date
    header = document.tables[0]
    left, right = (cell_text(c) for c in header.rows[0].cells)
    assert left == "UBND TỈNH LẠNG SƠN ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert right == f"{QUOC_HIEU} {TIEU_NGU}"
    number, place = (cell_text(c) for c in header.rows[1].cells)
    assert number == "Số: /BC-UBND" and place == "Cao Lộc, ngày tháng năm 2024"

    # the text, then the signature block, then the appendix after a section break
    items, breaks = blocks(document)
    assert len(breaks) == 1
    texts = [norm(item.text) for item in items if not isinstance(item, Table)]
    assert "BÁO CÁO" in texts and summary.title in texts
    pointer = texts.index("(Chi tiết tại Phụ lục kèm theo)")
    assert texts.index("I. KẾT QUẢ ĐẠT ĐƯỢC") < pointer < texts.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    assert texts[texts.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN") + 1].endswith("./.")
    signature = document.tables[1]
    tables = [i for i, item in enumerate(items) if isinstance(item, Table)]
    assert len(tables) == 3 and tables[1] == breaks[0] - 1  # the signature block ends the text
    assert signature._tbl is items[tables[1]]._tbl
    signature_text = " ".join(cell_text(c) for c in signature.rows[0].cells)
    assert "Nơi nhận:" in signature_text and "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Vũ Văn Thái" in signature_text

    appendix = items[breaks[0] + 1 :]
    heading, title, reference = (norm(p.text) for p in appendix[:3])
    assert (heading, title) == ("Phụ lục", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    assert reference == "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2024 của Ủy ban nhân dân huyện Cao Lộc)"
    assert all(r.bold for r in appendix[0].runs) and all(r.italic for r in appendix[2].runs)

    # the appendix's section: a new page, numbered from 1 again, the PAGE field from its second page
    annex_section = document.sections[1]
    assert annex_section.start_type == WD_SECTION.NEW_PAGE
    assert annex_section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert annex_section.header.is_linked_to_previous and "PAGE" in field_instructions(annex_section.header)
    assert field_instructions(annex_section.first_page_header) == ""

    # the table: its rows are the figures, the header row repeated on every page
    table = appendix[3]
    assert isinstance(table, Table) and table is not None
    labels = [cell_text(c) for c in table.rows[0].cells]
    assert labels == ["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu đề ra", "Kết quả thực hiện", "Tỷ lệ %", "Đánh giá"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[cell_text(c) for c in row.cells] for row in table.rows[1:]]
    assert rows == figures(summary_annex(period=summary.period, unit=tree.cao_loc))
    assert rows[0] == ["1", "Chỉ tiêu số 1", "tấn", "552,5 (cả năm 1.105)", "1.300", "235,3", "vượt"]


def test_an_issued_report_keeps_the_figures_it_was_issued_with(tree, people, summary):
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser, last_number=0)
    issued, _job = services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    at_issue = figures(summary_annex(period=summary.period, unit=tree.cao_loc))
    ReportValue.objects.filter(value=700).update(value=100)  # a commune's figure corrected after the issue
    assert figures(summary_annex(period=summary.period, unit=tree.cao_loc)) != at_issue

    summary.refresh_from_db()
    document = open_docx(summary_docx(summary=summary))
    items, breaks = blocks(document)
    reference = norm(items[breaks[0] + 3].text)
    assert reference == (
        f"(Kèm theo Báo cáo số 01/BC-UBND {vn.long_date(timezone.localdate())} của Ủy ban nhân dân huyện Cao Lộc)"
    )
    assert reference in norm(issued.html)
    table = items[breaks[0] + 4]
    assert [[cell_text(c) for c in row.cells] for row in table.rows[1:]] == at_issue
    header = document.tables[0]
    assert cell_text(header.rows[1].cells[0]) == "Số: 01/BC-UBND"


def test_the_download_and_its_scope(client, tree, people, summary):
    url = reverse("summary_docx", kwargs={"pk": summary.pk})
    assert client.get(url).status_code == 302  # to log in
    for subject in ("reviewer", "council", "province_admin", "superuser"):
        client.force_login(getattr(people, subject))
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX, subject
        assert f'filename="bao-cao-du-thao-{summary.pk}.docx"' in response["Content-Disposition"]
    assert open_docx(response.content).tables[0]
    for subject in ("officer", "leader", "clerk", "sibling_officer", "other_reviewer"):
        client.force_login(getattr(people, subject))
        assert client.get(url).status_code == 404, subject
    client.force_login(people.reviewer)
    page = client.get(reverse("summaryreport_detail", kwargs={"pk": summary.pk})).content.decode()
    assert url in page


def test_issuing_rolls_the_figures_up_once(tree, people, summary, monkeypatch):
    """The snapshot and the printed annex of one issue come from one roll-up, and they agree."""
    calls = []
    real = rollup.rollup_unit
    monkeypatch.setattr(rollup, "rollup_unit", lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser, last_number=0)
    issued, _job = services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    assert len(calls) == 1
    for row in issued.snapshot["annex"]:
        assert escape(row["name"]) in issued.html and escape(row["result"]) in issued.html
