"""A printed document's HTML shown in the browser: the previews of a decision, a summary report and a council
session's minutes, framed by the object's own page.

The HTML is what WeasyPrint prints (for an issued document, the HTML frozen at issue, which never changes). Some of
its styles can only be inline: WeasyPrint runs no script and has no attr() for lengths, so the seal's size and
place (from the unit's seal) and an appendix's column widths are style="…" attributes, and a document issued before
the Content-Security-Policy keeps the <style> element it was printed with. The site's policy forbids inline styles;
a preview's response allows exactly the ones in its HTML, by hash ('unsafe-hashes' lets a hash match a style
attribute; no other inline style, and no script at all, is allowed), and may be framed by the site itself."""

import base64
import hashlib
from html.parser import HTMLParser

from csp.constants import HEADER, SELF, UNSAFE_HASHES
from csp.utils import build_policy
from django.http import HttpResponse
from django.templatetags.static import static

__all__ = ("inline_styles", "preview_response")


class _InlineStyles(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self._in_style = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.styles.extend(value for name, value in attrs if name == "style" and value is not None)
        if tag == "style":
            self._in_style, self._text = True, []

    def handle_data(self, data):
        if self._in_style:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._in_style:
            self.styles.append("".join(self._text))
            self._in_style = False


def inline_styles(html: str) -> list[str]:
    """The text of every style="…" attribute (entities decoded, as the browser hashes it) and every <style>."""
    parser = _InlineStyles()
    parser.feed(html)
    parser.close()
    return parser.styles


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode("ascii") + "'"


def preview_response(html: str) -> HttpResponse:
    """The document for the browser: its stylesheet link resolved against the static files, the site's policy
    with the document's own inline styles allowed by hash, framed only by the site's own pages."""
    html = html.replace("<head>", f'<head>\n<base href="{static("")}">', 1)
    response = HttpResponse(html)
    hashes = sorted({_hash(text) for text in inline_styles(html)})
    update = {"style-src": [UNSAFE_HASHES, *hashes]} if hashes else None
    # Set here, the header is left alone by csp.middleware.CSPMiddleware (it never replaces one already set).
    response[HEADER] = build_policy(update=update, replace={"frame-ancestors": [SELF]})
    return response
