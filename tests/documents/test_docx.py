"""The campaign as a Word file (documents.docx): the five seeds built, read back with python-docx and held against
their printed HTML and Nghị định 30/2020/NĐ-CP, Phụ lục I (page, fonts, header, text, signature block, page numbers);
the version 2 plan's parts (legal bases, three-line signer, number as printed, appendices after a section break as
ruled tables whose header rows repeat); and export_campaign's pdf and docx formats."""

import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from campaigns.importing.readers import read_docx
from campaigns.models import Appendix
from campaigns.selectors import campaign_document
from campaigns.serialization import campaign_import, campaign_parse
from campaigns.text import plain
from documents.docx import BODY_STYLE, HEADING_STYLE, QUOC_HIEU, TIEU_NGU, campaign_docx
from documents.models import DocumentJob, JobStatus
from documents.rendering import html_to_pdf, render_campaign_html, text_width
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_seeds import EXPECTED, seed_units  # noqa: F401 - the fixture is used by name
from tests.documents import test_rendering
from tests.documents.test_rendering import DATE_LINES, NUMBER_LINES, norm

pytestmark = pytest.mark.django_db

seeds = test_rendering.seeds  # the five seed campaigns, a fixture used by name

TEXT_WIDTH_MM = 210 - 30 - 15
TNR = "Times New Roman"


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


class HtmlBlocks(HTMLParser):
    """The text of each block of the printed HTML (paragraphs, divs, cells), in order; <br> is a space."""

    BLOCKS = {"p", "div", "h1", "th", "td", "tr", "table", "body", "section"}

    def __init__(self):
        super().__init__()
        self.blocks, self.text, self.in_head = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "br":
            self.text.append(" ")
        elif tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.in_head:
            self.text.append(data)

    def flush(self):
        text = norm("".join(self.text))
        self.text = []
        if text:
            self.blocks.append(text)


def html_blocks(html: str) -> list[str]:
    parser = HtmlBlocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def paragraphs(document):
    """Every paragraph in reading order, those of the tables' cells included."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def text_lines(document) -> list[str]:
    return [norm(p.text) for p in paragraphs(document) if norm(p.text)]


def runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def size(run, paragraph):
    """A run's size in points: its own, else its paragraph style's."""
    return (run.font.size or paragraph.style.font.size).pt


def top_border(paragraph):
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return None if borders is None else borders.find(qn("w:top"))


def rule_width_pt(paragraph, column_pt):
    fmt = paragraph.paragraph_format
    return column_pt - (fmt.left_indent or 0) / 12700 - (fmt.right_indent or 0) / 12700


def field_instructions(part) -> str:
    return " ".join(t.text for t in part._element.iter(qn("w:instrText")))


def mm(length) -> float:
    return length / 36000


def check_page(document):
    """A4 portrait, margins 20/15/20/30 mm; Times New Roman for every script, body 14 pt."""
    section = document.sections[0]
    assert len(document.sections) == 1
    assert (round(mm(section.page_width), 1), round(mm(section.page_height), 1)) == (210, 297)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [round(mm(m), 1) for m in margins] == [20, 15, 20, 30]
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = fonts.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}
    assert not any(name.endswith("Theme") for name in (k.split("}")[-1] for k in fonts.attrib))
    assert document.styles["Normal"].font.name == TNR and document.styles["Normal"].font.size.pt == 14
    others = {f.get(qn("w:ascii")) for f in document.element.body.iter(qn("w:rFonts"))}
    assert others <= {TNR}, "no run names another font"
    body = document.styles[BODY_STYLE].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(mm(body.first_line_indent), 1) == 10 and body.space_before.pt == 6
    assert 1 <= body.line_spacing <= 1.5, "single to 1.5 lines"
    assert document.styles[HEADING_STYLE].font.bold


def check_header(table, name):
    """Borderless 40/60 columns; body names upper case 13 pt with a 1/3–1/2 rule; Quốc hiệu bold 12–13 pt on one
    line; Tiêu ngữ bold 13–14 pt with a rule as long as itself; number and italic date on the second row."""
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    widths = [round(c.width / 12700 / (TEXT_WIDTH_MM / 25.4 * 72), 2) for c in (left, right)]
    assert widths == [0.40, 0.60]
    right_pt = right.width / 12700

    nation, motto, motto_rule = right.paragraphs
    assert nation.text == QUOC_HIEU, "on one line, no break"
    assert all(r.bold and not r.italic and 12 <= size(r, nation) <= 13 for r in runs(nation))
    assert text_width(QUOC_HIEU, size=size(nation.runs[0], nation), bold=True) < right_pt - 2, "fits the column"
    assert nation.alignment == motto.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert motto.text == TIEU_NGU
    assert all(r.bold and not r.italic and 13 <= size(r, motto) <= 14 for r in runs(motto))
    assert top_border(motto_rule) is not None and motto_rule.text == ""
    motto_width = text_width(TIEU_NGU, size=size(motto.runs[0], motto), bold=True)
    assert abs(rule_width_pt(motto_rule, right_pt) - motto_width) <= 1

    *names, issuing, issuing_rule = left.paragraphs
    assert all(not r.bold and size(r, p) == 13 for p in names for r in runs(p))
    assert issuing.text == issuing.text.upper() and all(r.bold and size(r, issuing) == 13 for r in runs(issuing))
    widest = max(text_width(line, size=13, bold=True) for line in issuing.text.split("\n"))
    assert top_border(issuing_rule) is not None
    assert widest / 3 <= rule_width_pt(issuing_rule, left.width / 12700) <= widest / 2

    number, date = (cell.paragraphs[0] for cell in table.rows[1].cells)
    assert norm(number.text) == NUMBER_LINES[name]
    assert all(not r.bold and not r.italic and size(r, number) == 13 for r in runs(number))
    assert norm(date.text) == DATE_LINES[name]
    assert all(r.italic and not r.bold and 13 <= size(r, date) <= 14 for r in runs(date))


def check_type_and_title(document, campaign):
    body = list(document.paragraphs)
    kind = next(p for p in body if p.text == campaign.doc_type.title.upper())
    title, rule = body[body.index(kind) + 1 : body.index(kind) + 3]
    for paragraph in (kind, title):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold and size(r, paragraph) == 14 for r in runs(paragraph))
    assert top_border(rule) is not None and rule.text == ""
    text_pt = TEXT_WIDTH_MM / 25.4 * 72
    line = min(text_width(plain(campaign.title), size=14, bold=True), text_pt)  # the longest line of the title
    assert line / 3 - 1 <= rule_width_pt(rule, text_pt) <= line / 2, "1/3–1/2 of the line"


def check_signature(table, campaign):
    """Nơi nhận 12 pt bold italic, each recipient '- …' 11 pt; the authority bold upper case 14 pt, room to sign,
    the name bold."""
    assert {b.get(qn("w:val")) for b in table._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    recipients, signature = table.rows[0].cells
    assert abs(recipients.width / (recipients.width + signature.width) - 0.38) < 0.01
    label, *items = recipients.paragraphs
    assert label.text == "Nơi nhận:"
    assert all(r.bold and r.italic and size(r, label) == 12 for r in runs(label))
    expected = campaign_document(campaign=campaign).recipients
    assert [p.text for p in items] == [f"- {norm(r)}" for r in expected]
    assert all(not r.bold and size(r, p) == 11 for p in items for r in runs(p))
    *authority, name = signature.paragraphs
    assert [p.text for p in authority] == [line.upper() for line in campaign.signature_lines]
    assert all(r.bold and size(r, p) == 14 for p in authority for r in runs(p))
    assert name.text == campaign.signer_name and all(r.bold for r in runs(name))
    assert mm(name.paragraph_format.space_before) >= 25, "room for the signature and the seal"


def check_page_numbers(section):
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert "PAGE" not in field_instructions(section.first_page_header)
    assert field_instructions(section.header).split() == ["PAGE"]
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in number.runs} == {13}
    assert section.header_distance < section.top_margin


@pytest.mark.parametrize("name", list(EXPECTED))
def test_seed_as_word_file(seeds, name):
    campaign = seeds[name]
    document = open_docx(campaign_docx(campaign=campaign))
    check_page(document)
    header, signature = document.tables
    assert document.element.body.index(header._tbl) == 0
    check_header(header, name)
    check_type_and_title(document, campaign)
    check_signature(signature, campaign)
    check_page_numbers(document.sections[0])

    # The same text as the printed HTML, block for block (the header's names and the type printed upper case).
    expected, actual = html_blocks(render_campaign_html(campaign=campaign)), text_lines(document)
    assert len(actual) == len(expected)
    assert [a for a, e in zip(actual, expected, strict=True) if a not in (e, e.upper())] == []
    assert "**" not in " ".join(actual)
    body = [p for p in document.paragraphs if p.style.name in (BODY_STYLE, HEADING_STYLE)]
    assert body[-1].text.endswith("./."), "the body ends as the template prints it"
    assert document.element.body.index(signature._tbl) == document.element.body.index(body[-1]._p) + 1


def test_emphasis_marks_become_bold_and_italic_runs(seeds):
    campaign = seeds["000"]
    campaign.closing = "Đề nghị *các đơn vị* thực hiện ***nghiêm túc*** và **kịp thời**./."
    campaign.save()
    document = open_docx(campaign_docx(campaign=campaign))
    closing = [p for p in document.paragraphs if p.text.startswith("Đề nghị")][-1]
    assert closing.text == "Đề nghị các đơn vị thực hiện nghiêm túc và kịp thời./."
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in closing.runs] == [
        ("Đề nghị ", False, False),
        ("các đơn vị", False, True),
        (" thực hiện ", False, False),
        ("nghiêm túc", True, True),
        (" và ", False, False),
        ("kịp thời", True, False),
        ("./.", False, False),
    ]
    theme = "“Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bất phá”"
    assert any(r.text == theme and r.bold for p in document.paragraphs for r in p.runs), "the preamble's bold theme"


def test_markup_in_a_campaign_stays_literal_text(seeds):
    campaign = seeds["001"]
    campaign.title = "Thi đua <script>alert(1)</script> & <b>năm</b> 2024"
    campaign.closing = 'Đề nghị thực hiện <img src="http://example.com/x.png">\x0c nghiêm túc./.'
    campaign.save()
    data = campaign_docx(campaign=campaign)
    document = open_docx(data)
    lines = text_lines(document)
    assert "Thi đua <script>alert(1)</script> & <b>năm</b> 2024" in lines
    assert 'Đề nghị thực hiện <img src="http://example.com/x.png"> nghiêm túc./.' in lines
    assert document.core_properties.subject == campaign.title
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<b>" not in xml and "<img" not in xml


def test_an_unnumbered_undated_campaign_leaves_room_for_number_and_date(seeds):
    document = open_docx(campaign_docx(campaign=seeds["003"]))  # the draft (issued seeds are numbered and dated)
    number, date = (cell.paragraphs[0].text for cell in document.tables[0].rows[1].cells)
    assert number == "Số: " + "\xa0" * 6 + "/PĐTĐ-UBND"
    assert date == "Xã Quang Trung, ngày \xa0\xa0\xa0 tháng \xa0\xa0\xa0 năm 2024"


def test_export_campaign_writes_a_word_file(seeds, tmp_path):
    campaign = seeds["000"]
    out = tmp_path / "phat-dong.docx"
    call_command("export_campaign", str(campaign.pk), "--format", "docx", "--out", str(out))
    document = docx.Document(str(out))
    assert "PHÁT ĐỘNG" in text_lines(document)
    assert document.core_properties.title == "PHÁT ĐỘNG 109/PĐ-UBND"


def test_export_campaign_writes_a_pdf(seeds, tmp_path):
    campaign = seeds["000"]
    out = tmp_path / "phat-dong.pdf"
    call_command("export_campaign", str(campaign.pk), "--format", "pdf", "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf.pages[0].extract_text()


def _page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_export_campaign_prints_through_a_document_job_what_it_printed_before(seeds, tmp_path):
    """The pdf format is a document job of the campaign's kind, run by the command and recorded like a page's: the
    file is the stored PDF, the same pages as the campaign's HTML rendered directly; a second export of the
    unchanged campaign finds that PDF stored (content-addressed) instead of rendering it again."""
    campaign = seeds["000"]
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    call_command("export_campaign", str(campaign.pk), "--format", "pdf", "--out", str(first))
    job = DocumentJob.objects.get()
    assert (job.kind, job.object_id, job.status, job.progress) == ("campaign", campaign.pk, JobStatus.DONE, 100)
    with job.result.file.open("rb") as stored:
        assert first.read_bytes() == stored.read()
    assert _page_texts(first.read_bytes()) == _page_texts(html_to_pdf(render_campaign_html(campaign=campaign)))
    call_command("export_campaign", str(campaign.pk), "--format", "pdf", "--out", str(second))
    jobs = DocumentJob.objects.order_by("created")
    assert jobs.count() == 2 and jobs[1].result_id == job.result_id
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_export_campaign_binary_formats_need_a_file(seeds, kind):
    with pytest.raises(CommandError, match="--out"):
        call_command("export_campaign", str(seeds["000"].pk), "--format", kind)


def test_export_campaign_json_still_goes_to_standard_output(seeds):
    out = io.StringIO()
    call_command("export_campaign", str(seeds["000"].pk), stdout=out)
    assert json.loads(out.getvalue())["campaign"]["number"] == "109"  # version 2: the number as printed


# The version 2 parts (issue #15): what the PDF prints of them, the Word file carries too.

PLAN = Path(__file__).resolve().parent.parent / "campaigns" / "data" / "plan_v2.json"


def section_breaks(document) -> list[int]:
    """The body positions of the paragraphs that end a section (the last section ends with the body)."""
    body = document.element.body
    return [body.index(p) for p in body.iterchildren(qn("w:p")) if p.pPr is not None and p.pPr.sectPr is not None]


def check_annex_sections(document, count):
    """Section 1 the document, then one section per appendix: A4 portrait with the same margins, each starting a
    new page, numbered from 1 on its own, its first page unnumbered (the PAGE field on the others)."""
    assert len(document.sections) == 1 + count
    for section in document.sections:
        assert (round(mm(section.page_width), 1), round(mm(section.page_height), 1)) == (210, 297), "portrait"
        margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
        assert [round(mm(m), 1) for m in margins] == [20, 15, 20, 30]
        assert section.different_first_page_header_footer
    for section in document.sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
        (numbering,) = section._sectPr.findall(qn("w:pgNumType"))  # one: Word refuses a file with two
        assert numbering.get(qn("w:start")) == "1"
        assert "PAGE" in field_instructions(section.header) and field_instructions(section.first_page_header) == ""


def check_ruled_table(table, rows, header_rows):
    """The appendix's rows cell for cell; 0.75 pt rules on every edge; 13 pt; the header rows bold, centred and
    repeated on every page, the others not; no row split; fixed column widths across the text width."""
    assert [[cell.text for cell in row.cells] for row in table.rows] == rows
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {(b.tag.split("}")[1], b.get(qn("w:val")), b.get(qn("w:sz"))) for b in borders} == {
        (edge, "single", "6") for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    for number, row in enumerate(table.rows):
        properties = row._tr.trPr
        assert properties.find(qn("w:cantSplit")) is not None
        assert (properties.find(qn("w:tblHeader")) is not None) == (number < header_rows), number
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            assert all(size(r, paragraph) == 13 for r in runs(paragraph))
            if number < header_rows:
                assert all(r.bold for r in runs(paragraph)) and paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
            else:
                assert not any(r.bold for r in runs(paragraph))
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths == [column.width for column in table.columns]
    assert abs(sum(widths) / 36000 - TEXT_WIDTH_MM) < 0.5, "across the text width"
    return [w / 36000 for w in widths]


def check_annex_heading(paragraphs, lines):
    """'PHỤ LỤC I' bold, the title bold in capitals, the reference line italic: centred, 14 pt (Phụ lục I, III.1)."""
    assert [p.text for p in paragraphs] == [text for text, _bold, _italic in lines]
    for paragraph, (_text, bold, italic) in zip(paragraphs, lines, strict=True):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(
            bool(r.bold) == bold and bool(r.italic) == italic and size(r, paragraph) == 14 for r in runs(paragraph)
        )


def pdf_column_widths(campaign, first: str, last: str) -> list[float]:
    """The widths in mm of the columns of the printed table whose first cell reads ``first`` and last ``last``:
    between its vertical rules."""
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_campaign_html(campaign=campaign)))) as pdf:
        page = next(page for page in pdf.pages if first in page.extract_text())
        words = page.extract_words()
        top = next(w["top"] for w in words if w["text"] == first)
        bottom = next(w["bottom"] for w in words if w["text"] == last and w["top"] > top)
        rules = [
            r for r in page.rects + page.lines if r["x1"] - r["x0"] < 2 and top < r["bottom"] and r["top"] < bottom
        ]
    edges = sorted({round(r[x], 1) for r in rules for x in ("x0", "x1")})
    lefts = [edges[0], *(x for a, x in zip(edges, edges[1:], strict=False) if x - a > 3)]  # a rule may be a thin box
    return [(b - a) / 72 * 25.4 for a, b in zip(lefts, lefts[1:], strict=False)]


def test_the_v2_plan_as_word_file_carries_its_appendices_and_parts_as_printed(tree):
    campaign = campaign_import(data=campaign_parse(PLAN.read_text(encoding="utf-8")))
    data = campaign_docx(campaign=campaign)
    document = open_docx(data)
    check_annex_sections(document, 2)
    header, signature, first, second = document.tables
    body = document.element.body

    # The number as printed (leading zero kept), the legal bases before the preamble, upright as the PDF prints them.
    assert norm(header.rows[1].cells[0].text) == "Số: 0124/KH-UBND"
    texts = [p.text for p in document.paragraphs]
    bases = [b.line for b in campaign.legal_bases.all()]
    assert [texts.index(line) for line in bases] == sorted(texts.index(line) for line in bases)
    assert texts.index(bases[-1]) < texts.index(next(t for t in texts if t.startswith("UBND xã Cao Lâu xây dựng")))
    assert all(document.paragraphs[texts.index(line)].style.name == BODY_STYLE for line in bases)

    # The three-line signer block: TM. / KT. / title, then the name.
    check_signature(signature, campaign)
    *authority, name = signature.rows[0].cells[1].paragraphs
    assert [p.text for p in authority] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert name.text == "Vũ Văn Thái"

    # A page break after the signature block: the paragraph right after it ends section 1; each appendix ends one.
    breaks = section_breaks(document)
    assert breaks[0] == body.index(signature._tbl) + 1
    assert breaks[0] < body.index(first._tbl) < breaks[1] < body.index(second._tbl)

    # Each appendix: its heading, its text, its table.
    i, ii = campaign.appendices.all()
    after = [Paragraph(p, document) for p in body.iterchildren(qn("w:p")) if body.index(p) > breaks[0]]
    check_annex_heading(
        after[:3], [("PHỤ LỤC I", True, False), ("BẢNG ĐIỂM CHẤM THI ĐUA", True, False), (i.subtitle, False, True)]
    )
    assert after[3].text == i.body and after[3].style.name == BODY_STYLE
    assert body.index(after[3]._p) + 1 == body.index(first._tbl)
    stt, criterion, points = check_ruled_table(first, i.tables[0]["rows"], header_rows=1)
    assert stt < points < criterion, "the columns as wide as their text needs, as the PDF's automatic layout"
    heading_ii = next(p for p in after if p.text == "PHỤ LỤC II")
    assert body.index(heading_ii._p) > breaks[1]
    check_annex_heading(
        [heading_ii, after[after.index(heading_ii) + 1]],
        [("PHỤ LỤC II", True, False), ("MẪU ĐĂNG KÝ THI ĐUA", True, False)],
    )
    check_ruled_table(second, ii.tables[0]["rows"], header_rows=2)
    assert second.rows[3].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER, "a number centred"
    assert second.rows[3].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT

    # The same text as the printed HTML, block for block: the stages, award criteria and other participants are
    # printed in the PDF only as the sections' text, and so in Word.
    expected, actual = html_blocks(render_campaign_html(campaign=campaign)), text_lines(document)
    assert [a for a, e in zip(actual, expected, strict=True) if a not in (e, e.upper())] == []
    assert len(actual) == len(expected)

    # The importer reads the tables back whole.
    lines, tables = read_docx(data)
    assert [t["rows"] for t in tables] == [i.tables[0]["rows"], ii.tables[0]["rows"]]


def test_appendices_built_in_the_test_as_word_tables(tree):
    campaign = make_campaign(tree.cao_lau)
    wide = "Tiêu chí " + "rất dài " * 60
    Appendix.objects.create(
        campaign=campaign,
        position=0,
        label="PHỤ LỤC",
        title="Danh sách đăng ký",
        body="Các đơn vị đăng ký **đúng hạn**.\n\nGửi về *Văn phòng* trước ngày 05/3/2024.",
        tables=[
            {"rows": [["STT", "Đơn vị", "Số người"], ["1", "Thôn Nà Làng", "1.105"], ["2", wide, "7,5%"]]},
            {"rows": [["a)", "Không có hàng tiêu đề"]], "header_rows": 0},
        ],
    )
    Appendix.objects.create(campaign=campaign, position=1, title="Bảng không tiêu đề", tables=[{"rows": [["x"]]}])
    document = open_docx(campaign_docx(campaign=campaign))
    check_annex_sections(document, 2)
    _header, _signature, first, second, third = document.tables
    body = document.element.body
    breaks = section_breaks(document)
    assert breaks[0] < body.index(first._tbl) < body.index(second._tbl) < breaks[1] < body.index(third._tbl)

    after = [Paragraph(p, document) for p in body.iterchildren(qn("w:p")) if body.index(p) > breaks[0]]
    check_annex_heading(after[:2], [("PHỤ LỤC", True, False), ("DANH SÁCH ĐĂNG KÝ", True, False)])
    emphasis = [(r.text, bool(r.bold), bool(r.italic)) for r in after[2].runs]
    assert emphasis == [("Các đơn vị đăng ký ", False, False), ("đúng hạn", True, False), (".", False, False)]
    assert after[3].text == "Gửi về Văn phòng trước ngày 05/3/2024." and after[3].paragraph_format.space_after.pt == 12

    widths = check_ruled_table(
        first, [["STT", "Đơn vị", "Số người"], ["1", "Thôn Nà Làng", "1.105"], ["2", norm(wide), "7,5%"]], 1
    )
    assert widths[1] > widths[0] and widths[1] > widths[2], "the long text takes the room left"
    assert min(widths) > 8, "every column at least its longest word"
    assert widths == pytest.approx(pdf_column_widths(campaign, "STT", "7,5%"), abs=1.5), "as the PDF sets them"
    # Two tables in a row stay two: a paragraph as high as the PDF's gap between them.
    gap = Paragraph(body[body.index(first._tbl) + 1], document)
    assert gap.text == "" and gap.paragraph_format.line_spacing.pt == 12
    assert check_ruled_table(second, [["a)", "Không có hàng tiêu đề"]], header_rows=0)
    # An appendix without a label: its title first, the one-cell table across the width.
    heading = Paragraph(body[breaks[1] + 1], document)
    assert heading.text == "BẢNG KHÔNG TIÊU ĐỀ" and all(r.bold for r in runs(heading))
    assert check_ruled_table(third, [["x"]], header_rows=1) == [pytest.approx(TEXT_WIDTH_MM, abs=0.5)]
