"""A document file → its lines for the parser (and the tables of its appendices): DOCX through python-docx (tables
included, in document order), a PDF's text layer through pdfplumber (the two columns of the header and of the
signature block kept apart), plain text as it is. Anything else, an empty file, a PDF without text or a file
protected by a password is refused with a message in Vietnamese. open_docx and open_pdf are the openers with those
refusals, also used by the scoring table import (scoring/table_import.py)."""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.importing.tables import header_rows, indicator_columns, text_row

ERR_KIND = gettext_noop("Only a Word file (.docx), a PDF or a text file (.txt) can be imported.")
ERR_EMPTY = gettext_noop("The file is empty.")
ERR_NO_TEXT = gettext_noop(
    "The PDF has no text layer (a scanned image?); run text recognition on it first, or import the Word file."
)
ERR_ONLY_IMAGES = gettext_noop(
    "The Word file holds pictures but no text (pages scanned or photographed?): run text recognition on them first, "
    "or import the file the document was typed in."
)
ERR_BROKEN = gettext_noop("The file cannot be read as %(kind)s: it is damaged or of another kind.")
ERR_ENCODING = gettext_noop("The text file is not UTF-8 text.")
ERR_PROTECTED = gettext_noop(
    "The file is protected by a password (or is an old .doc / .xls file): open it, remove the password or save it "
    "as .docx, and upload it again."
)

MAX_BYTES = 20 * 1024 * 1024
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
# An OLE compound file: what Word and Excel write for a password-protected .docx / .xlsx, and the old .doc / .xls.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_document(*, name: str, content: bytes) -> tuple[list[str], list[dict]]:
    """(lines, appendix tables) of the file; a ValidationError for a file that cannot be read."""
    if not content or not content.strip():
        raise ValidationError(_(ERR_EMPTY))
    lower = (name or "").lower()
    if lower.endswith(".docx"):
        lines, tables = read_docx(content)
    elif lower.endswith(".pdf"):
        lines, tables = read_pdf(content), []
    elif lower.endswith((".txt", ".md", ".text")):
        lines, tables = read_text(content), []
    else:
        raise ValidationError(_(ERR_KIND))
    if not any(line.strip() for line in lines):
        if lower.endswith(".pdf"):
            raise ValidationError(_(ERR_NO_TEXT))
        if lower.endswith(".docx") and _has_pictures(content):
            raise ValidationError(_(ERR_ONLY_IMAGES))
        raise ValidationError(_(ERR_EMPTY))
    return lines, tables


def _has_pictures(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return any(name.startswith("word/media/") for name in package.namelist())


def read_text(content: bytes) -> list[str]:
    encoding = "utf-16" if content[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return content.decode(encoding).splitlines()
    except UnicodeDecodeError as exc:
        raise ValidationError(_(ERR_ENCODING)) from exc


def read_docx(content: bytes) -> tuple[list[str], list[dict]]:
    """The paragraphs in order; a table's cells line by line (the header and signature tables), except in an
    appendix (after a "PHỤ LỤC" paragraph), where the table is kept whole and a "[[table]]" line marks its place,
    and an indicator table (tables.py), written a row a line "| 1 | Chỉ tiêu | % | 95 |"."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = open_docx(content)
    lines: list[str] = []
    tables: list[dict] = []
    in_appendix = False
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _paragraph_text(Paragraph(block, document))
            lines.extend(text.split("\n") if text else [])
            lines.append("")  # a paragraph is whole: nothing is joined across it
            if text.strip().upper().startswith("PHỤ LỤC"):
                in_appendix = True
        elif tag == "tbl":
            table = Table(block, document)
            rows = [[" ".join(cell.text.split()) for cell in _unique_cells(row)] for row in table.rows]
            if not in_appendix and any(indicator_columns(row) for row in rows[:2]):
                lines.extend(text_row(row) for row in rows)  # an indicator table, as a text export prints it
                lines.append("")
                continue
            if in_appendix:
                marked = 0
                for row in table.rows:  # the rows Word repeats at the head of each page (w:tblHeader)
                    if row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None:
                        break
                    marked += 1
                tables.append({"rows": rows, "header_rows": header_rows(rows, marked)})
                lines.append("[[table]]")
                continue
            columns: list[list[str]] = []
            for row in table.rows:
                for index, cell in enumerate(_unique_cells(row)):
                    while len(columns) <= index:
                        columns.append([])
                    for paragraph in cell.paragraphs:
                        text = _paragraph_text(paragraph)
                        columns[index].extend(text.split("\n") if text else [])
            for column in columns:  # the left column (issuer, Nơi nhận) before the right one (motto, signer)
                lines.extend(column)
                lines.append("")
    return lines, tables


def open_docx(content: bytes):
    """The python-docx Document of the file; a ValidationError for a protected, old or damaged file."""
    import docx  # python-docx

    if content.startswith(_OLE_MAGIC):
        raise ValidationError(_(ERR_PROTECTED))
    try:
        return docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(_(ERR_BROKEN) % {"kind": "Word (.docx)"}) from exc


def _unique_cells(row):
    seen, out = set(), []
    for cell in row.cells:  # a merged cell is repeated by python-docx
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _paragraph_text(paragraph) -> str:
    return paragraph.text.replace("\u00a0", " ").replace("\x0b", "\n").strip()


def read_pdf(content: bytes) -> list[str]:
    """The text layer, line by line; a line whose words are far apart is cut into its columns (the header's issuer
    and motto, "Số: …" and the date, "Nơi nhận:" and the signer), the left part first."""
    pdf = open_pdf(content)
    lines: list[str] = []
    columns = None  # the header of an indicator table, while it goes on over the next page
    broken = None  # (index in lines, cells) of a table's last row when the page ends inside the table
    with pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
            found, columns = _pdf_indicator_tables(page, columns)
            if found and broken and found[0][2]:  # the row broken over the page: its rest joins its start
                index, cells = broken
                rest = found[0][1].pop(0)
                lines[index] = text_row([" ".join(filter(None, pair)) for pair in zip(cells, rest, strict=False)])
            broken = None
            words = [w for w in words if not any(_inside(w, bbox) for bbox, _rows, _cont in found)]
            tables = [(bbox, [text_row(row) for row in rows]) for bbox, rows, _cont in found]
            last = tables[-1][1][-1] if tables and tables[-1][1] else None
            rows: list[list[dict]] = []
            for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                if rows and abs(rows[-1][0]["top"] - word["top"]) < 3:
                    rows[-1].append(word)
                else:
                    rows.append([word])
            page_lines = []
            right = max((w["x1"] for w in words), default=0)
            for row in rows:
                while tables and tables[0][0][1] < row[0]["top"]:
                    page_lines.extend([*tables.pop(0)[1], ""])
                row.sort(key=lambda w: w["x0"])
                segments, current = [], [row[0]]
                for previous, word in zip(row, row[1:], strict=False):
                    if word["x0"] - previous["x1"] > 24:
                        segments.append(current)
                        current = []
                    current.append(word)
                segments.append(current)
                page_lines.extend(" ".join(w["text"] for w in segment) for segment in segments)
                if len(segments) > 1 or segments[-1][-1]["x1"] < right - 40:
                    page_lines.append("")  # a line that stops short of the margin ends its paragraph
            for _bbox, table_lines in tables:
                page_lines.extend([*table_lines, ""])
            while page_lines and not page_lines[-1]:
                page_lines.pop()
            if page_lines and _PAGE_NUMBER.match(page_lines[0]):
                page_lines = page_lines[1:]
            if page_lines and _PAGE_NUMBER.match(page_lines[-1]):
                page_lines = page_lines[:-1]
            lines.extend(page_lines)
            if last is not None and lines and lines[-1] == last:
                broken = (len(lines) - 1, found[-1][1][-1])  # may go on at the top of the next page
    return lines


def open_pdf(content: bytes):
    """The pdfplumber PDF of the file (to be closed by the caller); a ValidationError for a PDF that needs a password
    or cannot be read."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(io.BytesIO(content))
    except (PDFSyntaxError, ValueError, TypeError) as exc:
        raise ValidationError(_(ERR_BROKEN) % {"kind": "PDF"}) from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises its own kinds for a damaged file; pdfplumber wraps them
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect):
            raise ValidationError(_(ERR_PROTECTED)) from exc
        raise ValidationError(_(ERR_BROKEN) % {"kind": "PDF"}) from exc


def _pdf_indicator_tables(page, columns):
    """The tables of a PDF page drawn with rules (indicator tables, an appendix's points scale), as (bbox, rows of
    cells, whether its first row is the rest of a row broken over the page) in order down the page, and the number of
    columns in force at the page's end: a table that starts a page without an indicator header of its own goes on
    from the previous page when it has as many columns. A row that
    Word or a browser breaks over the page has its side rules but no rule below it at the page's foot, nor above it
    at the next page's head: those two rules are added, so that both parts are rows."""
    found = []
    for table in page.find_tables({"explicit_horizontal_lines": _open_ends(page)}):
        rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        if not rows:
            continue
        header = next((row for row in rows[:2] if indicator_columns(row)), None)
        continued = False
        if header is None and columns and not found and len(rows[0]) == columns and table.bbox[1] < page.height / 4:
            continued = not rows[0][0] and any(rows[0])  # no number of its own: the rest of the last row
        elif len(rows[0]) < 2:
            columns = None
            continue  # a ruled box, not a table
        else:
            columns = len(header or rows[0])
        found.append((table.bbox, rows, continued))
    if not found:
        columns = None
    return found, columns


def _open_ends(page) -> list[float]:
    """The heights where a page's vertical rules stop with no horizontal rule across them: the foot of a table
    broken over the page, and the head of its rest on the next page."""
    vertical = [e for e in page.edges if e["orientation"] == "v"]
    across = [e["top"] for e in page.edges if e["orientation"] == "h"]
    if not vertical:
        return []
    ends = []
    for y in (min(e["top"] for e in vertical), max(e["bottom"] for e in vertical)):
        if not any(abs(y - h) < 2 for h in across):
            ends.append(y)
    return ends


def _inside(word, bbox) -> bool:
    x0, top, x1, bottom = bbox
    return word["x0"] >= x0 - 1 and word["x1"] <= x1 + 1 and word["top"] >= top - 1 and word["bottom"] <= bottom + 1
