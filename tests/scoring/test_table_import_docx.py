"""A scoring table imported from a Word file (and a PDF with a text layer): every table of the document, merged cells,
numbers in the STT or in the criterion's text, the heading row repeated, through the same rows and review page as
Excel."""

import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from weasyprint import HTML

from scoring import services
from scoring.models import CriterionKind
from scoring.table_import import read_table
from tests.scoring.factories import campaign_for, cluster_with

pytestmark = pytest.mark.django_db
D = Decimal
K = CriterionKind

# (STT, TIÊU CHÍ, ĐIỂM CHUẨN); None as the STT: a group row merged across the three columns, its number in the text.
FIRST_PAGE = [
    (None, "I. CÔNG TÁC TỔ CHỨC (tổng điểm trừ mục I không quá 1,5 điểm)", None),
    ("1", "Xây dựng kế hoạch thi đua đúng thời hạn", "Chuẩn 3 / 1,5 / 0"),
    ("2", "Chậm gửi báo cáo: mỗi trường hợp trừ 0,5 điểm, tối đa 1 điểm", "-0,5"),
    ("3", "Tổ chức phát động phong trào", "2"),
    ("", "3.1 Phát động trong quý I", "1"),
    ("", "3.2 Sơ kết giữa năm", "1"),
    ("4", "Tham gia diễn tập", "0 / -2"),
    (None, "II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", None),
    ("1", "Chỉ tiêu kinh tế", "10"),
    ("", "a) Thu ngân sách đạt kế hoạch", "5"),
]
SECOND_PAGE = [
    ("", "b) Giải ngân vốn đầu tư công", "5"),
    ("2", "Mô hình mới: mỗi mô hình cộng 1 điểm", "+1"),
    ("3", "Sáng kiến được công nhận", "+0,5"),
    (None, "III. TIÊU CHÍ KHÔNG XẾP LOẠI", None),
    ("1", "Để xảy ra tham nhũng, tiêu cực", "(không xếp loại)"),
    ("2", "Có cán bộ bị kỷ luật", "-1"),
    ("", "TỔNG CỘNG", "100"),
]


def _merge_row(table, index, text):
    row = table.rows[index]
    row.cells[0].merge(row.cells[-1]).text = text


def scoring_docx(first=FIRST_PAGE, second=SECOND_PAGE) -> io.BytesIO:
    """A plan in the style of real ones: the header table (issuer, motto), the title, then the scoring table cut at a
    page break into two tables, the second repeating the heading row and the row numbering the columns."""
    document = docx.Document()
    top = document.add_table(rows=2, cols=2)
    top.cell(0, 0).text, top.cell(0, 1).text = "UBND XÃ CAO LỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    top.cell(1, 0).text, top.cell(1, 1).text = "Số: 12/KH-UBND", "Độc lập - Tự do - Hạnh phúc"
    document.add_paragraph("BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2026")
    for part, rows in enumerate((first, second)):
        heading = [("STT", "TIÊU CHÍ", "ĐIỂM CHUẨN")] + ([("(1)", "(2)", "(3)")] if part else [])
        table = document.add_table(rows=0, cols=3)
        table.style = "Table Grid"
        for values in heading + list(rows):
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value or ""
            if values[0] is None:
                _merge_row(table, len(table.rows) - 1, values[1])
        if not part:
            document.add_page_break()
    document.add_paragraph("Nơi nhận: - Như trên; - Lưu: VT.")
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    data.name = "bang-cham-diem.docx"
    return data


def three_columns_docx() -> io.BytesIO:
    """STT | Nội dung tiêu chí | ĐIỂM over Chuẩn | Thưởng | Trừ, a heading of two rows merged; a standard points
    cell merged down over two rows counts for the first."""
    document = docx.Document()
    table = document.add_table(rows=7, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "TT"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Nội dung tiêu chí"
    table.cell(0, 2).merge(table.cell(0, 4)).text = "ĐIỂM"
    for column, text in enumerate(("Chuẩn", "Thưởng", "Trừ"), start=2):
        table.cell(1, column).text = text
    body = [
        ("1", "Công tác thi đua", "5", "", ""),
        ("1.1", "Hoàn thành kế hoạch", "5", "", ""),
        ("1.2", "Sáng kiến: mỗi sáng kiến cộng 0,5, tối đa 2", "", "0,5", ""),
        ("1.3", "Vi phạm quy chế", "", "", "1"),
        ("1.4", "Chậm nộp hồ sơ", "", "", "0,5"),
    ]
    for index, values in enumerate(body, start=2):
        for column, value in enumerate(values):
            table.cell(index, column).text = value
    table.cell(5, 3).merge(table.cell(6, 3))  # an empty Thưởng cell merged down: no points of its own
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    data.name = "tieu-chi.docx"
    return data


def shape(rows):
    return [
        (r.label, r.kind, r.parent, r.max_points, r.per_case, [p for p, _ in r.levels], r.penalty_cap) for r in rows
    ]


def test_every_table_of_the_document_into_one_tree():
    rows = read_table(scoring_docx())
    assert [r.problems for r in rows] == [[]] * 16
    assert shape(rows) == [
        ("I.", K.GROUP, None, None, None, [], D("1.5")),
        ("1", K.DIRECT, 0, D(3), None, [D(3), D("1.5"), D(0)], None),
        ("2", K.PENALTY, 0, D(1), D("0.5"), [], None),
        ("3", K.GROUP, 0, D(2), None, [], None),
        ("3.1", K.DIRECT, 3, D(1), None, [], None),
        ("3.2", K.DIRECT, 3, D(1), None, [], None),
        ("4", K.PENALTY, 0, D(2), None, [D(0), D(-2)], None),
        ("II.", K.GROUP, None, None, None, [], None),
        ("1", K.GROUP, 7, D(10), None, [], None),
        ("a)", K.DIRECT, 8, D(5), None, [], None),
        ("b)", K.DIRECT, 8, D(5), None, [], None),  # the second table goes on under the first one's rows
        ("2", K.BONUS, 7, D(10), D(1), [], None),
        ("3", K.BONUS, 7, D("0.5"), None, [], None),
        ("III.", K.GROUP, None, None, None, [], None),
        ("1", K.DISQUALIFIER, 13, None, None, [], None),
        ("2", K.PENALTY, 13, D(1), None, [], None),
    ]
    assert rows[0].heading == "CÔNG TÁC TỔ CHỨC (tổng điểm trừ mục I không quá 1,5 điểm)"
    # the rows are named by their table: the first table's row 2 and the second's row 3 (after its two heading rows)
    assert (rows[1].row, rows[1].table, rows[10].row, rows[10].table) == (3, 1, 3, 2)
    assert rows[10].place == "3 của bảng 2"


def test_a_heading_of_two_rows_and_a_cell_merged_down():
    rows = read_table(three_columns_docx())
    assert shape(rows) == [
        ("1", K.GROUP, None, D(5), None, [], None),
        ("1.1", K.DIRECT, 0, D(5), None, [], None),
        ("1.2", K.BONUS, 0, D(2), D("0.5"), [], None),
        ("1.3", K.PENALTY, 0, D(1), None, [], None),
        ("1.4", K.PENALTY, 0, D("0.5"), None, [], None),
    ]
    # no table number in a document of one scoring table
    assert rows[0].table is None and rows[0].place == "3"


def test_a_points_cell_merged_down_counts_once_and_the_row_under_it_is_named():
    rows = read_table(scoring_docx(first=[("1", "Vi phạm quy chế", "-1"), ("2", "Vi phạm nội quy", "")], second=[]))
    document = docx.Document()  # the same two rows, the points cell merged over both
    table = document.add_table(rows=3, cols=3)
    for index, values in enumerate([("STT", "TIÊU CHÍ", "ĐIỂM CHUẨN"), *[(r.label, r.heading, "") for r in rows]]):
        for column, value in enumerate(values):
            table.cell(index, column).text = value
    table.cell(1, 2).merge(table.cell(2, 2)).text = "-1"
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    merged = read_table(data)
    assert (merged[0].kind, merged[0].max_points, merged[0].problems) == (K.PENALTY, D(1), [])
    assert merged[1].max_points is None and "Dòng 3:" in merged[1].problems[0]


def _numbered(document, cell, level):
    """Numbers the cell's paragraph with Word's list numbering (list 90, made below), as a STT column often is."""
    properties = cell.paragraphs[0]._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", 90)):
        node = OxmlElement(tag)
        node.set(qn("w:val"), str(value))
        numbering.append(node)
    properties.append(numbering)


def test_numbers_drawn_by_word_list_numbering():
    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, (kind, text) in enumerate((("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3"))):
        node = OxmlElement("w:lvl")
        node.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", kind), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            node.append(child)
        abstract.append(node)
    numbering.insert(0, abstract)  # the abstract definitions come before the lists
    link = OxmlElement("w:num")
    link.set(qn("w:numId"), "90")
    target = OxmlElement("w:abstractNumId")
    target.set(qn("w:val"), "90")
    link.append(target)
    numbering.append(link)
    body = [(0, "Công tác tổ chức", ""), (1, "Kế hoạch", "2"), (2, "Đúng hạn", "1"), (2, "Đủ nội dung", "1")]
    body += [(0, "Kết quả", ""), (1, "Thu ngân sách", "5")]
    table = document.add_table(rows=len(body) + 1, cols=3)
    for column, text in enumerate(("STT", "TIÊU CHÍ", "ĐIỂM CHUẨN")):
        table.cell(0, column).text = text
    for index, (level, heading, points) in enumerate(body, start=1):
        _numbered(document, table.cell(index, 0), level)
        table.cell(index, 1).text, table.cell(index, 2).text = heading, points
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    rows = read_table(data)
    assert [(r.label, r.parent) for r in rows] == [
        ("I.", None),
        ("1.", 0),
        ("1.1", 1),
        ("1.2", 1),
        ("II.", None),
        ("1.", 4),  # a level starts again under the next heading
    ]
    assert [r.problems for r in rows] == [[]] * 6


def test_unreadable_points_are_named_by_their_table_and_row():
    first = [("1", "Điểm viết sai", "ba điểm"), ("2", "Mức ngoài khoảng", "3 / -1")]
    rows = read_table(scoring_docx(first=first, second=[("3", "Đúng", "2")]))
    assert [bool(r.problems) for r in rows] == [True, True, False]
    assert (
        rows[0].problems[0]
        == "Dòng 2 của bảng 1: “ba điểm” không phải là số điểm, các mức điểm hoặc “(không xếp loại)”."
    )


def _file(content: bytes, name: str) -> io.BytesIO:
    data = io.BytesIO(content)
    data.name = name
    return data


def test_bad_documents_are_refused_with_a_message():
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH tổ chức phong trào thi đua")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "UBND XÃ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    with pytest.raises(ValidationError, match="Văn bản không có bảng chấm điểm"):
        read_table(data)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # what Word writes for a .docx with a password
    with pytest.raises(ValidationError, match="mật khẩu"):
        read_table(_file(ole, "bang.docx"))
    with pytest.raises(ValidationError, match="không phải là bảng tính Excel"):
        read_table(_file(b"STT;TIEU CHI;DIEM", "bang.csv"))
    blank = HTML(string="<div style='width:10cm;height:5cm;background:#000'></div>").write_pdf()
    with pytest.raises(ValidationError, match="lớp chữ"):  # a scanned page: no text to read
        read_table(_file(blank, "scan.pdf"))
    # a PDF that opens only with a password: the standard security handler, and a key no empty password matches
    key = "ab" * 32
    locked = (
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> "
        f"endobj\n3 0 obj << /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -4 >> endobj\n"
        f"trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<{key[:32]}> <{key[:32]}>] >>\n%%EOF\n"
    ).encode()
    with pytest.raises(ValidationError, match="mật khẩu"):
        read_table(_file(locked, "bang.pdf"))


def test_a_pdf_with_a_text_layer():
    """A table with borders, as a PDF from the document system prints it; the group row merged across the width."""
    body = [
        "<tr><td>STT</td><td>TIÊU CHÍ</td><td>ĐIỂM CHUẨN</td></tr>",
        "<tr><td colspan=3>I. Công tác tổ chức</td></tr>",
        "<tr><td>1</td><td>Xây dựng kế hoạch</td><td>3</td></tr>",
        "<tr><td>2</td><td>Chậm báo cáo</td><td>-0,5</td></tr>",
        "<tr><td>II</td><td>Vụ việc nghiêm trọng</td><td>(không xếp loại)</td></tr>",
    ]
    style = "<style>td{border:1px solid black;padding:3px} table{border-collapse:collapse}</style>"
    pdf = HTML(string=f"{style}<p>BẢNG CHẤM ĐIỂM</p><table>{''.join(body)}</table>").write_pdf()
    rows = read_table(_file(pdf, "bang.pdf"))
    assert [(r.label, r.kind, r.parent, r.max_points, r.heading) for r in rows] == [
        ("I.", K.GROUP, None, None, "Công tác tổ chức"),
        ("1", K.DIRECT, 0, D(3), "Xây dựng kế hoạch"),
        ("2", K.PENALTY, 0, D("0.5"), "Chậm báo cáo"),
        ("II", K.DISQUALIFIER, None, None, "Vụ việc nghiêm trọng"),
    ]


@pytest.fixture
def sheet(tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau])
    campaign, _figures = campaign_for(cluster, [tree.cao_lau])
    return services.sheet_create(cluster=cluster, campaign=campaign, title="Bảng", user=people.reviewer)


def test_upload_a_word_file_review_then_confirm(client, sheet, people):
    client.force_login(people.reviewer)
    url = reverse("scoring_criteria_import", kwargs={"pk": sheet.pk})
    page = client.get(url).content.decode()
    assert 'accept=".xlsx,.docx,.pdf"' in page
    review = client.post(url, {"file": scoring_docx()})
    assert review.status_code == 200 and not sheet.criteria.exists()  # the review saves nothing
    page = review.content.decode()
    assert "Giải ngân vốn đầu tư công" in page and "3 của bảng 2" in page and "Tạo 16 tiêu chí" in page
    assert client.post(url, {"payload": review.context["payload"]}).status_code == 302
    created = list(sheet.criteria.order_by("pk"))
    assert len(created) == 16
    by_heading = {c.heading: c for c in created}
    assert by_heading["Giải ngân vốn đầu tư công"].parent == by_heading["Chỉ tiêu kinh tế"]
    assert by_heading["CÔNG TÁC TỔ CHỨC (tổng điểm trừ mục I không quá 1,5 điểm)"].penalty_cap == D("1.5")
    assert by_heading["Để xảy ra tham nhũng, tiêu cực"].kind == K.DISQUALIFIER
    assert (
        by_heading["Phát động trong quý I"].label == "3.1" and by_heading["KẾT QUẢ THỰC HIỆN CHỈ TIÊU"].label == "II."
    )

    bad = scoring_docx(first=[("1", "Điểm viết sai", "ba điểm")], second=[])
    refused = client.post(url, {"file": bad})
    assert refused.status_code == 400 and refused.context["payload"] is None
    assert "ba điểm" in refused.content.decode() and sheet.criteria.count() == 16
    empty = docx.Document()
    empty.add_paragraph("Không có bảng")
    data = io.BytesIO()
    empty.save(data)
    data.seek(0)
    data.name = "khong-co-bang.docx"
    refused = client.post(url, {"file": data})
    assert refused.status_code == 400 and "Văn bản không có bảng chấm điểm" in refused.content.decode()
