"""A campaign printed as its official document (Nghị định 30/2020/NĐ-CP, Phụ lục I): HTML from
templates/documents/campaign.html and static/css/nd30.css, then PDF with WeasyPrint.

WeasyPrint may read only the project's static files (the stylesheet and the bundled fonts): text typed into a
campaign is escaped, and even if a URL reached the HTML, nothing remote would ever be fetched."""

import io
import mimetypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from campaigns.selectors import campaign_document
from campaigns.text import paragraphs, plain
from units import vn

TEMPLATE = "documents/campaign.html"

__all__ = (
    "Annex",
    "AnnexColumn",
    "RefusedResource",
    "annex_reference",
    "campaign_print_context",
    "paper_print_context",
    "render_campaign_html",
    "html_to_pdf",
    "htmls_to_pdf",
    "pdf_merge",
    "static_dir",
    "static_only_fetcher",
)


def paper_print_context(
    *, paper, issuing_body: str, parent_body: str, title: str = "", recipients=(), stamp=None
) -> dict:
    """The frame every printed document shares, whatever its kind (templates/documents/_header.html and
    _signature.html): ``paper``, what the header reads (number, reference, symbol, place, issued_on, year); the
    issuing and parent bodies broken into the header's lines; the title without its marks (the PDF's description);
    the recipients (Nơi nhận); and ``stamp`` (documents.issuing.Stamp), what an issued copy carries: signature,
    seal, QR code and verification code. Each kind adds its own content to it."""
    return {
        "paper": paper,
        "issuing_body_lines": header_lines(issuing_body, size=13, bold=True),
        "parent_body_lines": header_lines(parent_body, size=13, bold=False),
        "title_plain": plain(title),
        "recipients": list(recipients),
        "stamp": stamp,
    }


def campaign_print_context(*, campaign, stamp=None) -> dict:
    """What the print template needs; a fixed number of queries whatever the size of the document."""
    document = campaign_document(campaign=campaign)
    return {
        **paper_print_context(
            paper=campaign,
            issuing_body=campaign.issuing_body,
            parent_body=campaign.parent_body,
            title=campaign.title,
            recipients=document.recipients,
            stamp=stamp,
        ),
        "campaign": campaign,
        "doc": document,
        "preamble": paragraphs(campaign.preamble),
        "closing": paragraphs(campaign.closing),
    }


# The header's left column: 40 % of the text width (A4 210 mm - 30 mm - 15 mm = 165 mm), in points.
LEFT_COLUMN_PT = 0.40 * 165 / 25.4 * 72
# Where a body's name breaks best: before the kind of unit ("ỦY BAN NHÂN DÂN / XÃ CAO LÂU").
_UNIT_WORDS = ("THỊ XÃ", "THỊ TRẤN", "THÀNH PHỐ", "ĐẶC KHU", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH")


@lru_cache(maxsize=2)
def _advances(bold: bool):
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    font = TTFont(static_dir() / "fonts" / "liberation-serif" / name, lazy=True)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm


def text_width(text: str, *, size: float, bold: bool) -> float:
    """The width in points of a line set in the bundled Liberation Serif (no kerning: a close upper bound)."""
    advances, units = _advances(bold)
    return sum(advances.get(ord(c), units // 2) for c in text) * size / units


def header_lines(text: str, *, size: float, bold: bool, width: float = LEFT_COLUMN_PT) -> list[str]:
    """A header line that does not fit its column, split in two where an official document breaks it: before
    the kind of unit when both parts fit, else where the two lines are the most even. Longer ones wrap freely."""
    text = " ".join((text or "").split())
    words = text.split(" ")
    if not text or text_width(text, size=size, bold=bold) <= width:
        return [text] if text else []
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [s for s in splits if max(text_width(part, size=size, bold=bold) for part in s) <= width]
    if not fitting:
        return [text]
    by_unit = [s for s in fitting if s[1].startswith(_UNIT_WORDS) and not s[0].endswith(("THỊ", "THÀNH", "ĐẶC"))]
    return list(min(by_unit or fitting, key=lambda s: max(text_width(part, size=size, bold=bold) for part in s)))


def render_campaign_html(*, campaign, stamp=None) -> str:
    return render_to_string(TEMPLATE, campaign_print_context(campaign=campaign, stamp=stamp))


# ------------------------------------------------------------------ appendices (phụ lục)


@dataclass(frozen=True)
class AnnexColumn:
    label: str
    width: float  # per cent of the text width
    align: str = "left"  # left, center or right


@dataclass(frozen=True)
class Annex:
    """An appendix (phụ lục, Phụ lục I, III.1 of the decree) printed after the signature block by
    templates/documents/_annex.html: on a page of its own, numbered from 1 on its own with its first page unnumbered;
    the heading ("Phụ lục", "Phụ lục I"), the title in capitals, the reference line in italics, then a table whose
    header row repeats on every page."""

    heading: str
    title: str
    reference: str
    columns: tuple[AnnexColumn, ...]
    rows: tuple[tuple[str, ...], ...]


def annex_reference(*, doc_type: str, paper, issuer: str) -> str:
    """'(Kèm theo Báo cáo số 02/BC-UBND ngày 05 tháng 3 năm 2025 của Ủy ban nhân dân huyện Cao Lộc)'. Before the
    document is issued, dots hold the place of the number and the day and month, as in the header."""
    if paper.number and paper.issued_on:
        cited = f"số {paper.reference} {vn.long_date(paper.issued_on)}"
    else:
        cited = f"số …/{paper.symbol} ngày … tháng … năm {paper.year}"
    return f"(Kèm theo {doc_type} {cited} của {issuer})"


def static_dir() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class RefusedResource(ValueError):
    """A resource outside the static files: WeasyPrint logs it and renders without it."""


def _static_file(url: str) -> Path:
    """The file under the static dir that a URL names: file:// URLs inside the dir, or the STATIC_URL prefix
    (what {% static %} writes, "/static/…", resolved against the base URL or left as it is)."""
    root = static_dir()
    prefix = settings.STATIC_URL or "/static/"
    parts = urlsplit(url)
    relative = None
    if "://" in prefix and url.startswith(prefix):  # STATIC_URL on another host: still the local files
        relative = unquote(urlsplit(url[len(prefix) :]).path)
    elif parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = unquote(parts.path)
        if path == str(root) or path.startswith(str(root) + "/"):
            relative = path[len(str(root)) :]
        elif prefix.startswith("/") and path.startswith(prefix):
            relative = path[len(prefix) :]
    if relative is None:
        raise RefusedResource(f"Only the project's static files may be used in a document: {url[:200]}")
    candidate = (root / relative.lstrip("/")).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        raise RefusedResource(f"No such static file: {url[:200]}")
    return candidate


class StaticOnlyFetcher(URLFetcher):
    """Serves the static files and data: URLs; refuses everything else (http, https, ftp, other files)."""

    def fetch(self, url, headers=None):
        if url.split(":", 1)[0].lower() == "data":
            return super().fetch(url, headers)
        path = _static_file(url)
        mime_type = "font/ttf" if path.suffix == ".ttf" else mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(
            path.as_uri(), path.open("rb"), {"Content-Type": mime_type or "application/octet-stream"}
        )


static_only_fetcher = StaticOnlyFetcher()


def html_to_pdf(html: str, *, font_config: FontConfiguration | None = None) -> bytes:
    """The PDF of a document's HTML; relative and /static/ URLs resolve to the project's static files only. The one
    place WeasyPrint is called. ``font_config``: one shared by several renders (htmls_to_pdf), else a fresh one."""
    document = weasyprint.HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=static_only_fetcher)
    return document.write_pdf(font_config=font_config or FontConfiguration())


def htmls_to_pdf(htmls: Iterable[str], *, progress: Callable[[int], None] | None = None) -> bytes:
    """One PDF of several HTML documents, each rendered with one font configuration, the parts joined in order;
    ``progress(parts done)`` is called after each part. What a long document rendered in chunks uses (the
    certificates): one render of 1,000 pages grows faster than its pages, chunks keep the time linear."""
    fonts = FontConfiguration()
    parts = []
    for html in htmls:
        parts.append(html_to_pdf(html, font_config=fonts))
        if progress is not None:
            progress(len(parts))
    return pdf_merge(parts)


def pdf_merge(parts: list[bytes]) -> bytes:
    """The pages of the PDFs, in order, in one PDF (pyHanko, already a requirement for signing). Each part's
    objects are imported in one go, so the fonts a part embeds are shared by its pages."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfFileWriter()
    root_ref = writer.root.raw_get("/Pages")
    root = root_ref.get_object()
    kids, count = root["/Kids"], 0
    for part in parts:
        reader = PdfFileReader(io.BytesIO(part))
        imported = writer.import_object(reader.root.raw_get("/Pages"))
        pages = imported.get_object() if isinstance(imported, generic.IndirectObject) else imported
        for kid in pages["/Kids"]:
            kid.get_object()[generic.pdf_name("/Parent")] = root_ref
            kids.append(kid)
            count += 1
    root[generic.pdf_name("/Count")] = generic.NumberObject(count)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
