"""The inline emphasis the documents use: **bold**, *italic*, ***both***. Everything else is plain text: it is
escaped first, so HTML or script typed into a campaign is shown as text, never run."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOTH = re.compile(r"\*\*\*(.+?)\*\*\*", re.S)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*(?!\*)", re.S)


def inline_html(text: str) -> SafeString:
    html = escape(text or "")
    html = _BOTH.sub(r"<strong><em>\1</em></strong>", html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return mark_safe(html)  # noqa: S308 - built from escaped text


def plain(text: str) -> str:
    """The text without the emphasis marks, for search, titles and exports that carry no styling."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", _BOTH.sub(r"\1", text or "")))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text field: separated by an empty line."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


_LEADING = re.compile(r"^(v/v|về việc|về)\s+", re.IGNORECASE)


def campaign_subject(campaign) -> str:
    """'phong trào thi đua …' from the campaign's trích yếu: without 'Về việc', in lower case at the start; what a
    summary report, a decision or a certificate says the achievement was in."""
    text = _LEADING.sub("", " ".join(plain(campaign.title).split()))
    return text[:1].lower() + text[1:] if text else ""
