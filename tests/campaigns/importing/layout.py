"""A plan written for the tests (one line a line, its tables as "| … |" rows) laid out as a Word file (a paragraph a
line, python-docx) and as a PDF (WeasyPrint, wrapped at the page's width), each "| … |" run as a real ruled table:
what a user's file holds. Used by the tests and by benchmarks/import_accuracy.py."""

import io
from html import escape

from campaigns.importing.tables import cells_of


def _blocks(text: str):
    """The non-blank lines, each run of table rows as one list of cell lists (rule rows left out)."""
    run = []
    for line in (line.strip() for line in text.splitlines()):
        if line.startswith("|"):
            if cells := cells_of(line):
                run.append(cells)
            continue
        if run:
            yield run
            run = []
        if line:
            yield line
    if run:
        yield run


def written_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for block in _blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        table.style = "Table Grid"
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def written_pdf(text: str) -> bytes:
    from weasyprint import HTML

    parts = []
    for block in _blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
            continue
        rows = "".join(
            "<tr>" + "".join(f"<td style='border: 1px solid black'>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in block
        )
        parts.append(f"<table style='border-collapse: collapse; width: 100%'>{rows}</table>")
    html = f"<html><body style='font-family: Liberation Serif; font-size: 14pt'>{''.join(parts)}</body></html>"
    return HTML(string=html).write_pdf()
