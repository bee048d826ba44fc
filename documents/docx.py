"""A campaign or a summary report as a Word file, for officials who finish the text in Word: the document of
documents.rendering (Nghị định 30/2020/NĐ-CP, Phụ lục I) with the same context, text and layout, written with
python-docx. Appendices (a campaign's PHỤ LỤC, a summary's figures' table) follow the signature block, each in a
section of its own, their tables ruled Word tables.

A4 portrait, margins 20/15/20/30 mm, Times New Roman 14 pt. The header and the signature block are borderless
two-column tables (the decree's Phụ lục III templates); the short rules are the top borders of empty centred
paragraphs, indented to the rule's length, which Word and LibreOffice draw alike. Page numbers are a PAGE field at
the top centre, in a header that page 1 does not have.

Text goes into runs, which python-docx writes as XML text: markup typed into a campaign stays literal text. The
**bold** and *italic* marks become bold and italic runs, read from what campaigns.text.inline_html makes of them, so
the Word file and the PDF agree."""

import io
import re
from dataclasses import dataclass
from html import unescape

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from campaigns.text import inline_html
from documents.rendering import campaign_print_context, text_width
from units import vn

__all__ = ("campaign_docx", "report_docx")

FONT = "Times New Roman"
PAGE = {"page_width": Mm(210), "page_height": Mm(297)}
MARGINS = {"top_margin": Mm(20), "bottom_margin": Mm(20), "left_margin": Mm(30), "right_margin": Mm(15)}
TEXT_WIDTH_PT = (210 - 30 - 15) / 25.4 * 72  # 165 mm
HEADER_COLUMNS = (0.40, 0.60)  # the decree's templates: 3829 + 5670 twips
SIGNATURE_COLUMNS = (0.38, 0.62)  # 3600 + 5700 twips
BODY_STYLE, HEADING_STYLE = "ND30 Body", "ND30 Heading"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(13)  # an appendix's table, as static/css/nd30.css .bang
BODY_LINE_SPACING = 1.15  # Word lines: about the PDF's 1.3 em; the decree allows single to 1.5 lines
SIGNATURE_SPACE = Mm(27)  # for the signature and the seal

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
NBSP = "\xa0"

_SPACES = re.compile(r"[ \t\n\r\f]+")  # the whitespace HTML collapses (not the no-break space)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters an XML file cannot hold
_EMPHASIS = re.compile(r"<(/?)(strong|em)>")
# The elements that may follow one we add, in the schema's order (Word rejects a file whose order is wrong).
_AFTER = {
    "w:pBdr": (
        *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
        *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid"),
        *("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"),
        *("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle"),
        *("w:rPr", "w:sectPr", "w:pPrChange"),
    ),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
    "w:cantSplit": ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del"),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del"),
    "w:pgNumType": (
        *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi"),
        *("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    ),
}


def _insert(parent, tag: str):
    """A new child element of that tag, in its place among the parent's children."""
    element = OxmlElement(tag)
    parent.insert_element_before(element, *_AFTER[tag])
    return element


def _child(parent, tag: str, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)
    return element


def campaign_docx(*, campaign) -> bytes:
    """The campaign's document as a .docx file."""
    context = campaign_print_context(campaign=campaign)
    context.update(type_title=campaign.doc_type.title, title=campaign.title)
    document = _new_document(context)
    _header(document, context)
    _type_and_title(document, context)
    _body(document, context)
    end = _signature(document, context)
    _page_numbers(document.sections[0])
    for appendix in context["doc"].appendices:
        end = _annex(
            document,
            after=end,
            heading=appendix.label,
            title=appendix.title,
            reference=appendix.subtitle,
            paragraphs=appendix.paragraphs,
            tables=[_free_grid(table) for table in appendix.printed_tables],
        )
    return _saved(document)


def report_docx(context) -> bytes:
    """A report (BÁO CÁO) from its print context (its app builds it: summaries.printing): the header, the numbered
    parts, the signature, then the appendix in a section of its own (a new page, numbered from 1 on its own, its
    first page unnumbered)."""
    document = _new_document(context)
    _header(document, context)
    _type_and_title(document, context)
    _summary_body(document, context)
    end = _signature(document, context)
    _page_numbers(document.sections[0])
    annex = context["annex"]
    if annex is not None:
        _annex(
            document,
            after=end,
            heading=annex.heading,
            title=annex.title,
            reference=annex.reference,
            tables=[_column_grid(annex)],
        )
    return _saved(document)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Text: segments (text, bold, italic) written as runs, with whitespace collapsed as HTML does.


def _plain(text: str, *, bold: bool = False) -> list[tuple[str, bool, bool]]:
    return [(text or "", bold, False)]


def _marked(text: str, *, bold: bool = False) -> list[tuple[str, bool, bool]]:
    """The segments of a text with **bold** and *italic* marks: inline_html's emphasis, its text unescaped."""
    html = inline_html(text)
    segments, flags, start = [], {"strong": False, "em": False}, 0
    for tag in _EMPHASIS.finditer(html):
        segments.append((unescape(html[start : tag.start()]), bold or flags["strong"], flags["em"]))
        flags[tag.group(2)] = not tag.group(1)
        start = tag.end()
    segments.append((unescape(html[start:]), bold or flags["strong"], flags["em"]))
    return segments


def _fill(paragraph, segments, *, size=None):
    """One run per stretch of the same emphasis; bold and italic only where the text has them (else the style's)."""
    merged = []  # [text, bold, italic]
    for raw, bold, italic in segments:
        text = _SPACES.sub(" ", _NOT_XML.sub("", raw))
        if not merged or merged[-1][0].endswith(" "):  # no leading or doubled space, as in HTML
            text = text.lstrip(" ")
        if not text:
            continue
        if merged and (merged[-1][1:] == [bold, italic] or text == " "):
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    if merged:
        merged[-1][0] = merged[-1][0].rstrip(" ")
    for text, bold, italic in merged:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text, *, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = size
    return run


def _lines(paragraph, lines, *, size, bold=False):
    """Lines of one paragraph separated by line breaks, like the header's <br>."""
    for number, line in enumerate(lines):
        run = _run(paragraph, _NOT_XML.sub("", line), bold=bold, size=size)
        if number < len(lines) - 1:
            run.add_break()
    return paragraph


# Paragraphs and tables.


def _paragraph(container, *, align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=0, style=None):
    paragraph = container.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    if style is None:  # a styled paragraph takes all from its style
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    return paragraph


def _rule(container, *, width: float, column: float, before: float, after: float = 0):
    """A rule `width` points long, centred in a column `column` points wide: the top border of an empty paragraph
    indented to that length."""
    paragraph = _paragraph(container, before=before, after=after)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(round(max(column - width, 0) / 2, 1))
    fmt.line_spacing = Pt(2)  # an exact height: the empty line takes no room
    fmt.keep_with_next = True
    borders = _insert(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _child(borders, "w:top", val="single", sz="6", space="0", color="000000")  # sz in eighths of a point
    return paragraph


def _table(document, shares, *, rows: int):
    """A borderless table across the text width, fixed columns, no cell padding: text starts at the margin."""
    table = document.add_table(rows=rows, cols=len(shares))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = [Pt(TEXT_WIDTH_PT * share) for share in shares]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    borders = _insert(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _child(borders, f"w:{edge}", val="nil")
    padding = _insert(tbl_pr, "w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        _child(padding, f"w:{edge}", w="0", type="dxa")
    return table


def _drop_first_paragraph(cell):
    """A new cell holds an empty paragraph; once the cell has its own, that one goes."""
    if len(cell.paragraphs) > 1:
        first = cell.paragraphs[0]._p
        first.getparent().remove(first)


def _cant_split(row):
    _insert(row._tr.get_or_add_trPr(), "w:cantSplit")


# The document.


def _set_fonts(rpr, *, size=None):
    """Times New Roman for every script (Latin, Vietnamese, east-Asian, complex), the theme fonts removed."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is not None:
                element.set(qn("w:val"), str(int(size.pt * 2)))


def _new_document(context):
    document = Document()
    section = document.sections[0]
    for name, value in {**PAGE, **MARGINS}.items():
        setattr(section, name, value)
    section.header_distance = Mm(8)  # the 13 pt page number sits in the middle of the 20 mm top margin
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, size=BODY_SIZE)
    language = rpr.find(qn("w:lang"))
    for name in ("val", "eastAsia"):
        language.set(qn(f"w:{name}"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")  # single
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr())
    _body_styles(document)
    _properties(document, context)
    return document


def _body_styles(document):
    """Named styles, so that paragraphs an official adds in Word look like the others."""
    body = document.styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = document.styles["Normal"]
    body.quick_style = True
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.line_spacing = BODY_LINE_SPACING
    fmt.widow_control = True
    body.font.size = BODY_SIZE
    heading = document.styles.add_style(HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = body
    heading.quick_style = True
    heading.next_paragraph_style = body
    heading.font.bold = True
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading.paragraph_format.keep_with_next = True


def _properties(document, context):
    paper = context["paper"]
    properties = document.core_properties
    properties.title = " ".join(filter(None, (context["type_title"], paper.reference)))
    properties.subject = context["title_plain"]
    properties.author = paper.issuing_body
    properties.last_modified_by = ""
    properties.comments = ""
    properties.language = "vi-VN"
    properties.created = properties.modified = timezone.now()
    properties.revision = 1


def _header(document, context):
    """ô 1–4: body names | Quốc hiệu and Tiêu ngữ; number | place and date."""
    paper = context["paper"]
    left_pt, right_pt = (TEXT_WIDTH_PT * share for share in HEADER_COLUMNS)
    table = _table(document, HEADER_COLUMNS, rows=2)
    left, right = table.rows[0].cells
    if context["parent_body_lines"]:
        _lines(_paragraph(left), [line.upper() for line in context["parent_body_lines"]], size=Pt(13))
    issuing = [line.upper() for line in context["issuing_body_lines"]]
    _lines(_paragraph(left), issuing, size=Pt(13), bold=True)
    widest = max((text_width(line, size=13, bold=True) for line in issuing), default=0)
    _rule(left, width=0.40 * widest, column=left_pt, before=1.5)
    _fill(_paragraph(right), _plain(QUOC_HIEU, bold=True), size=Pt(13))
    _fill(_paragraph(right), _plain(TIEU_NGU, bold=True), size=Pt(14))
    _rule(right, width=text_width(TIEU_NGU, size=14, bold=True), column=right_pt, before=1)
    number, place = table.rows[1].cells
    _fill(_paragraph(number, before=6), _plain(_number_line(paper)), size=Pt(13))
    _fill(_paragraph(place, before=6), [(_place_line(paper), False, True)], size=Pt(14))
    for cell in (*table.rows[0].cells, number, place):
        _drop_first_paragraph(cell)


def _number_line(paper) -> str:
    """As the template prints it: 'Số: 109/PĐ-UBND', or room for the number left blank."""
    if paper.number:
        return f"Số: {paper.reference}"
    return f"Số: {NBSP * 6}/{paper.symbol}"


def _place_line(paper) -> str:
    if paper.issued_on:
        return f"{paper.place}, {vn.long_date(paper.issued_on)}"
    blank = f" {NBSP * 3} "
    return f"{paper.place}, ngày{blank}tháng{blank}năm {paper.year}"


def _type_and_title(document, context):
    """ô 5a: the type, the subject line and its short rule."""
    kind = _paragraph(document, before=20)
    kind.paragraph_format.keep_with_next = True
    _fill(kind, _plain(context["type_title"].upper(), bold=True), size=BODY_SIZE)
    title = _paragraph(document)
    title.paragraph_format.keep_with_next = True
    _fill(title, _marked(context["title"], bold=True), size=BODY_SIZE)
    width = min(text_width(context["title_plain"], size=14, bold=True), TEXT_WIDTH_PT)
    _rule(document, width=width / 3, column=TEXT_WIDTH_PT, before=3, after=6)  # + the body's 6 pt: 12 pt


def _body(document, context):
    """ô 6: legal bases, preamble, the sections as documents/_section.html prints them, closing (which ends with
    './.')."""
    for basis in getattr(context["doc"], "legal_bases", ()):
        _fill(_paragraph(document, style=BODY_STYLE), _marked(basis.line))
    for text in context["preamble"]:
        _fill(_paragraph(document, style=BODY_STYLE), _marked(text))
    for node in context["doc"].sections:
        _section(document, node)
    for text in context["closing"]:
        _fill(_paragraph(document, style=BODY_STYLE), _marked(text))


def _labelled(label: str, *, bold: bool = False) -> list[tuple[str, bool, bool]]:
    return [*_plain(label, bold=bold), *_plain(" ")] if label else []


def _section(document, node):
    section = node.section
    if section.heading:
        heading = _paragraph(document, style=HEADING_STYLE)
        if node.depth == 0:  # "I. MỤC TIÊU" at the margin; deeper headings indented like the body
            heading.paragraph_format.first_line_indent = Pt(0)
        _fill(heading, [*_labelled(section.label), *_marked(section.heading)])
        for text in section.paragraphs:
            _fill(_paragraph(document, style=BODY_STYLE), _marked(text))
    else:
        for number, text in enumerate(section.paragraphs):
            label = _labelled(section.label, bold=True) if number == 0 else []
            _fill(_paragraph(document, style=BODY_STYLE), [*label, *_marked(text)])
        if not section.paragraphs and section.label:
            _fill(_paragraph(document, style=BODY_STYLE), _plain(section.label, bold=True))
    for indicator in node.indicators:
        _fill(_paragraph(document, style=BODY_STYLE), [*_labelled(indicator.label), *_marked(indicator.sentence)])
    for child in node.children:
        _section(document, child)


def _summary_body(document, context):
    """ô 6 of a summary report, as documents/summary.html prints it: the introduction, the parts 'I. KẾT QUẢ ĐẠT
    ĐƯỢC'… at the margin, the pointer to the appendix, and './.' where the text does not end with it."""
    for text in context["introduction"]:
        _fill(_paragraph(document, style=BODY_STYLE), _marked(text))
    for part in context["sections"]:
        heading = _paragraph(document, style=HEADING_STYLE)
        heading.paragraph_format.first_line_indent = Pt(0)
        _fill(heading, _plain(f"{part['label']} {part['heading']}"))
        for text in part["paragraphs"]:
            _fill(_paragraph(document, style=BODY_STYLE), _marked(text))
        if part["pointer"]:
            _fill(_paragraph(document, style=BODY_STYLE), _plain(part["pointer"]))
        if part.get("closing"):
            closing = _paragraph(document, style=BODY_STYLE)
            closing.paragraph_format.first_line_indent = Pt(0)
            _fill(closing, _plain(part["closing"]))


def _signature(document, context):
    """ô 9b Nơi nhận (12 pt bold italic, recipients 11 pt) | ô 7 authority, room to sign and seal, name. Returns
    the paragraph that ends the text (where a section break may go)."""
    paper = context["paper"]
    table = _table(document, SIGNATURE_COLUMNS, rows=1)
    _cant_split(table.rows[0])
    recipients, signature = table.rows[0].cells
    label = _paragraph(recipients, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    _run(label, "Nơi nhận:", bold=True, italic=True, size=Pt(12))
    for recipient in context["recipients"]:
        item = _paragraph(recipients, align=WD_ALIGN_PARAGRAPH.LEFT)
        item.paragraph_format.left_indent = Pt(8.8)  # a long recipient hangs under its text
        item.paragraph_format.first_line_indent = Pt(-8.8)
        _fill(item, _plain(f"- {recipient}"), size=Pt(11))
    for number, line in enumerate(paper.signature_lines):
        authority = _paragraph(signature, before=12 if number == 0 else 0)
        authority.paragraph_format.keep_with_next = True
        _fill(authority, _plain(line.upper(), bold=True), size=BODY_SIZE)
    name = _paragraph(signature, before=SIGNATURE_SPACE.pt)
    _fill(name, _plain(paper.signer_name, bold=True), size=BODY_SIZE)
    for cell in (recipients, signature):
        _drop_first_paragraph(cell)
    end = _paragraph(document)  # the body ends with a paragraph: a one-point one, so no page is added for it
    end.paragraph_format.line_spacing = Pt(1)
    return end


def _page_numbers(section):
    """No number on page 1; from page 2 a PAGE field, 13 pt, centred in the top margin."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind in ("begin", "instruction", "separate", "end"):  # Word and LibreOffice compute the number
        run = paragraph.add_run()
        run.font.size = Pt(13)
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# Appendices (Phụ lục I, III.1 of the decree).

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _section_break(document, paragraph):
    """End the section at ``paragraph``: what follows starts a new section on a new page, with the same page setup
    and the same headers (what python-docx's add_section does, without the empty paragraph it adds)."""
    sentinel = document.element.body.get_or_add_sectPr()
    paragraph._p.set_sectPr(sentinel.clone())
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)  # the new section takes the headers of the one before
    sentinel.start_type = WD_SECTION.NEW_PAGE
    return document.sections[-1]


@dataclass(frozen=True)
class _Grid:
    """A ruled table as templates/documents/_annex.html prints it: its header rows (cell texts, bold, centred,
    repeated on every page), its body rows (cells as (text, align)) and each column's share of the text width."""

    head: list[list[str]]
    rows: list[list[tuple[str, str]]]
    shares: list[float]


def _column_grid(annex) -> _Grid:
    """A documents.rendering.Annex: one header row of its columns' labels, the columns' widths and alignments."""
    columns = annex.columns
    return _Grid(
        head=[[column.label for column in columns]],
        rows=[[(text, column.align) for text, column in zip(row, columns, strict=True)] for row in annex.rows],
        shares=[column.width for column in columns],
    )


def _free_grid(table) -> _Grid:
    """A campaign appendix's table (campaigns.Appendix.printed_tables), its columns as wide as their text needs.
    A row shorter than the widest (which the forms refuse) is filled with empty cells rather than lost."""
    count = max((len(row) for row in (*table["head"], *table["rows"])), default=0)
    head = [[*row, *[""] * (count - len(row))] for row in table["head"]]
    rows = [[*row, *[("", "left")] * (count - len(row))] for row in table["rows"]]
    return _Grid(head=head, rows=rows, shares=_auto_widths(head, [[text for text, _align in row] for row in rows]))


CELL_PADDING_PT = 3  # left and right, as .bang th, .bang td (2 pt top and bottom)


def _auto_widths(head: list[list[str]], rows: list[list[str]]) -> list[float]:
    """The widths in points of the columns of a table of automatic layout across the text width, as a browser sets
    them (CSS 2.1, 17.5.2.2) and so the PDF (.bang-tu-do): each column at least its longest word, the room left
    shared in proportion to the width each column would take unbroken. Header cells are measured bold."""
    count = max((len(row) for row in (*head, *rows)), default=0)
    least, most = [0.0] * count, [0.0] * count
    for bold, group in ((True, head), (False, rows)):
        for row in group:
            for index, text in enumerate(row):
                words = text.split() or [""]
                widest = max(text_width(word, size=TABLE_SIZE.pt, bold=bold) for word in words)
                unbroken = text_width(" ".join(words), size=TABLE_SIZE.pt, bold=bold)
                least[index] = max(least[index], widest + 2 * CELL_PADDING_PT)
                most[index] = max(most[index], unbroken + 2 * CELL_PADDING_PT)
    room = TEXT_WIDTH_PT
    if sum(most) <= room or sum(most) == sum(least):
        return [width / sum(most) * room for width in most]
    if sum(least) >= room:  # too wide even broken at every space: each column its share of the words
        return [width / sum(least) * room for width in least]
    spare = (room - sum(least)) / (sum(most) - sum(least))
    return [low + (high - low) * spare for low, high in zip(least, most, strict=True)]


def _annex(document, *, after, heading: str, title: str, reference: str, paragraphs=(), tables=()):
    """An appendix in a section of its own after ``after``, the paragraph that ends what comes before (the
    signature block or the appendix before it): a new page, numbered from 1 on its own, its first page unnumbered
    (the headers of section 1: none on a section's first page, the PAGE field on the others); the heading ("PHỤ
    LỤC I"), the title in capitals, the reference line in italics (each only when given), its paragraphs as the
    body's, then its tables (_Grid). Returns the paragraph that ends it."""
    section = _section_break(document, after)
    numbering = section._sectPr.find(qn("w:pgNumType"))  # the section before an appendix's has it already
    if numbering is None:
        numbering = _insert(section._sectPr, "w:pgNumType")
    numbering.set(qn("w:start"), "1")
    lines = (
        (heading, True, False, 0),
        ((title or "").upper(), True, False, 3),
        (reference, False, True, 3),
    )
    last = None
    for text, bold, italic, before in lines:
        if not text:
            continue
        last = _paragraph(document, before=0 if last is None else before)
        last.paragraph_format.keep_with_next = True
        _fill(last, [(text, bold, italic)], size=BODY_SIZE)
    for text in paragraphs:
        last = _fill(_paragraph(document, style=BODY_STYLE), _marked(text))
    for grid in tables:
        if not grid.shares:  # a table without a column prints nothing
            continue
        if last is None:  # two tables in a row would be one in Word: a paragraph as high as the gap keeps them two
            last = _paragraph(document)
            last.paragraph_format.line_spacing = Pt(TABLE_GAP.pt)
        else:
            last.paragraph_format.space_after = TABLE_GAP
        last.paragraph_format.keep_with_next = True
        _ruled_table(document, grid)
        last = None
    end = _paragraph(document)  # the body ends with a paragraph, not a table
    end.paragraph_format.line_spacing = Pt(1)
    return end


TABLE_GAP = Pt(12)  # .bang's margin-top
RULE = {"val": "single", "sz": "6", "space": "0", "color": "000000"}  # 0.75 pt, as .bang th, .bang td


def _ruled_table(document, grid: _Grid):
    """A ruled table across the text width, 13 pt, 0.75 pt rules, cells padded 2 pt / 3 pt; the header rows bold,
    centred and repeated on every page; no row split across pages."""
    count = len(grid.shares)
    table = document.add_table(rows=len(grid.head) + len(grid.rows), cols=count)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.shares)
    widths = [Pt(TEXT_WIDTH_PT * share / total) for share in grid.shares]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    borders = _insert(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _child(borders, f"w:{edge}", **RULE)
    padding = _insert(tbl_pr, "w:tblCellMar")
    for edge, points in (("top", 2), ("left", CELL_PADDING_PT), ("bottom", 2), ("right", CELL_PADDING_PT)):
        _child(padding, f"w:{edge}", w=str(points * 20), type="dxa")
    head = [[(text, "center") for text in row] for row in grid.head]
    for number, (row, cells) in enumerate(zip(table.rows, [*head, *grid.rows], strict=True)):
        is_head = number < len(grid.head)
        _cant_split(row)
        if is_head:
            _insert(row._tr.get_or_add_trPr(), "w:tblHeader")
        for cell, width, (text, align) in zip(row.cells, widths, cells, strict=True):
            cell.width = width
            if is_head:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.alignment = ALIGN[align]
            _fill(paragraph, _plain(text, bold=is_head), size=TABLE_SIZE)
    return table
