"""The Content-Security-Policy: every page gets it, and no template needs what it forbids (inline scripts, on…=
handlers, hx-on, inline styles). The browser tests fail on any violation a page reports (tests/conftest.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from documents.preview import inline_styles, preview_response

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}

# The documents WeasyPrint prints (templates/documents/campaign.html, decision.html, summary.html, minutes.html and
# their parts) keep two style attributes whose values come from data: the seal's size and place (from the unit's
# seal image, in mm) and an appendix's column widths (per cent, from its definition). WeasyPrint runs no script
# and has no attr() for lengths, so a class or a data attribute cannot carry them. In a browser these documents are
# shown only by the preview views, whose response allows exactly their inline styles by hash (documents.preview).
PRINT_ONLY_STYLE_ATTRIBUTES = {
    "documents/_ky_anh.html": 1,
    "documents/_annex.html": 1,
}


def directives(header: str) -> dict[str, set[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: set(values) for name, *values in parts}


def test_every_page_gets_the_policy(client, people):
    for response in (client.get(reverse("login")), client.get("/no-such-page/")):
        header = response["Content-Security-Policy"]
        assert directives(header) == EXPECTED, header
        assert "unsafe-inline" not in header and "unsafe-eval" not in header and "unsafe-hashes" not in header
    client.force_login(people.officer)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and directives(response["Content-Security-Policy"]) == EXPECTED


def _templates():
    return sorted(path for path in TEMPLATES.rglob("*.html"))


def _source(path: Path) -> str:
    """The template without its comments ({# … #} and {% comment %}…{% endcomment %})."""
    text = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)
    return re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", text, flags=re.S)


def test_no_template_has_an_inline_script_a_handler_hx_on_or_an_inline_style():
    problems = []
    for path in _templates():
        name = path.relative_to(TEMPLATES).as_posix()
        text = _source(path)
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            # A data block (json_script) is not run and the policy does not apply to it.
            if not re.search(r"\ssrc=", tag) and "application/json" not in tag:
                problems.append(f"{name}: inline script {tag}")
        for tag in re.findall(r"<[a-zA-Z][^<>]*>", text):
            # Django tags inside a tag ({% if %} …) stay: an attribute they add counts too.
            if re.search(r"\son[a-z]+\s*=", tag, flags=re.I):
                problems.append(f"{name}: event handler attribute {tag[:120]}")
            if re.search(r"\shx-on", tag, flags=re.I):
                problems.append(f"{name}: hx-on {tag[:120]}")
        if re.search(r"<style\b", text, flags=re.I):
            problems.append(f"{name}: <style> element")
        styles = len(re.findall(r"\sstyle\s*=", text, flags=re.I))
        if styles != PRINT_ONLY_STYLE_ATTRIBUTES.get(name, 0):
            problems.append(f"{name}: {styles} style attribute(s)")
    assert problems == []


def test_the_print_only_templates_with_inline_styles_are_never_pages():
    """Those two parts are included only by the printed documents, which never extend base.html."""
    for path in _templates():
        text = _source(path)
        for part in PRINT_ONLY_STYLE_ATTRIBUTES:
            if f'"{part}"' in text:
                name = path.relative_to(TEMPLATES).as_posix()
                assert name.startswith("documents/") and "base.html" not in text, name


def test_a_preview_allows_exactly_its_own_inline_styles_and_may_be_framed_by_the_site():
    html = (
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="css/nd30.css">'
        "<style>\n.ket-thuc { text-indent: 0 !important; }\n</style></head>"
        '<body><img class="dau" src="data:," style="width: 36mm; left: 3.5mm"><p>a &amp; b</p></body></html>'
    )
    assert inline_styles(html) == ["\n.ket-thuc { text-indent: 0 !important; }\n", "width: 36mm; left: 3.5mm"]
    response = preview_response(html)
    assert b'<head>\n<base href="/static/">' in response.content
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == {"'self'"}
    assert policy["style-src"] == {
        "'self'",
        "'unsafe-hashes'",
        # base64 of the SHA-256 of each style, as the browser computes it (echo -n … | openssl sha256 -binary | base64)
        "'sha256-nlrjElKhhRl1OLTh9TfU3oIP5ZYUphiE32aGPNd9j2U='",
        "'sha256-Jhev7vCwO3ujJsxz2eU4lvbWOGseMh/Vx687/UNyf7M='",
    }
    assert policy["script-src"] == {"'self'"} and "unsafe-inline" not in response["Content-Security-Policy"]
    plain = directives(preview_response("<html><head></head><body><p>x</p></body></html>")["Content-Security-Policy"])
    assert plain["style-src"] == {"'self'"} and plain["frame-ancestors"] == {"'self'"}
