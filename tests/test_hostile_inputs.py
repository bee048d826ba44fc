"""Hostile input through every form, upload and import, as an attacker or a careless user sends it.

Every page of the permission matrix is opened by the administrator; every form on it (POST and GET, found in the
page's HTML, so that a new form is covered without being listed) is sent back with one field at a time replaced by
values of the corpus below, and every URL id is replaced by ids that do not fit. The spreadsheet and JSON imports
get hostile cells and fields. For each submission:

- no server error (a 5xx status or an exception out of the view);
- no partial save: a submission that was refused (an error shown on the page, an error message after a redirect,
  a 4xx status) leaves no write in the database, not even one of several;
- markup sent comes back escaped, on the page that answers and on the page a redirect leads to;
- a refused form says which field is wrong: the field is marked, or the message names it.

The counts are printed at the end of the module (`-s`), for the closing note of the issue."""

import copy
import io
import json
import re
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import NoReverseMatch, resolve, reverse
from openpyxl import Workbook, load_workbook

from campaigns.serialization import campaign_export
from people.services import IMPORT_COLUMNS
from tests.test_permissions import MATRIX, SUBJECTS
from tests.world import shared_world, url_kwargs

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------ the corpus

NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e-400",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "9" * 40,
    "99999999999999999999.99",
    "1.000.000,5,5",
    "1,2,3",
    "12abc",
    "0x1F",
    "1_000",
    "٣",  # an Arabic-Indic digit
    "１２",  # full-width digits
    "½",
    "1/0",
    "--5",
    "+-3",
    "5-",
    " ",
    "\t\n",
    "1 2",
    "10%",
    "%",
    "1e",
    ".",
    ",",
    "3,1 - 2,3",
    "7,5 - ",
    " - 7",
    "8 - 2",
    "1.5.2024",
    "0,0000001",
    "-0,5",
    "1.105,5",
    "1,105.5",
    "2^64",
    "1e3",
    "١٢٣",
    "0b101",
    "Ⅻ",
    "12\u00a0345",
    "−5",  # a minus sign, not a hyphen
]
TEXT = [
    "",
    " ",
    "\u00a0",
    "x" * 10_001,
    "Đ" * 256,
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\u202eevil",  # right-to-left override
    "\u200b",
    "Z\u0351\u0353\u0358a\u0301l\u0308g\u0327o",
    "🎉" * 20,
    "' OR '1'='1",
    "'; DROP TABLE units_unit; --",
    '" OR ""="',
    "\\",
    "%s %d %(name)s",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "C:\\Windows\\system32",
    "\r\n\r\nSet-Cookie: x=1",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    '{"a": 1}',
    "0" * 300,
    "xã Cao Lâu" * 50,
    "Ư\u031b",  # a combining horn on a precomposed letter
    "Nguye\u0302\u0303n",  # decomposed Vietnamese (NFD)
    "\ufeffBOM",
    "\ufffd",
    "line\rreturn",
    "tab\tinside",
    "   leading and trailing   ",
    "Ủy ban nhân dân xã\u2028Cao Lâu",
    "%00",
    "%0d%0aX-Injected: 1",
    "admin'--",
    "*)(uid=*))(|(uid=*",
    "$where: 1",
    "__proto__",
]
MARKUP = [
    '<script>alert("xss-1")</script>',
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><iframe src=javascript:alert(4)>",
    "javascript:alert(5)",
    '<a href="javascript:alert(6)">link</a>',
    "</textarea><script>alert(7)</script>",
    "</title><script>alert(8)</script>",
    '<div style="background:url(javascript:alert(9))">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    "&lt;script&gt;alert(11)&lt;/script&gt;",
    "<!--",
    "]]>",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    '<input name="csrfmiddlewaretoken" value="x">',
    "<b>đậm</b>",
    "<p onclick=alert(12)>đoạn</p>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "<form action=//evil.example><button>Gửi</button></form>",
    "<svg><script>alert(13)</script></svg>",
    "<details open ontoggle=alert(14)>",
    "<script src=//evil.example/x.js></script>",
    "<<script>alert(15)//<</script>",
    "<scr<script>ipt>alert(16)</scr</script>ipt>",
    '<a href="data:text/html,<script>alert(17)</script>">x</a>',
]
DATES = [
    "31/12/1899",
    "1899-12-31",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "2023-02-29",
    "30/02/2024",
    "32/01/2024",
    "2024-13-01",
    "00/00/0000",
    "2024-1-1",
    "1/1/24",
    "ngày 24 tháng 01 năm 2024",
    "24.01.2024",
    "2024-01-24T25:61",
    "-2024-01-01",
    "today",
    "2100-12-31",
    "2101-01-01",
    "1944-12-31",
    "12345678901234567890",
    "2024-06-31",
    "1900-01-00",
    "١٩٩٠-٠١-٠١",
    "2024/01/24",
]
IDS = [
    "0",
    "-1",
    "999999999",
    str(2**31),
    str(2**63),
    str(10**30),
    "1.5",
    "1e3",
    "abc",
    "1 OR 1=1",
    "1;DROP TABLE x",
    "[1]",
    "",
    "０",
    "0x10",
    "-0",
    " 1 ",
    "1\x00",
    "null",
    "NaN",
]
# Files: (name, content, content type). Names and contents an upload must survive or refuse.
FILES = [
    ("../../../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("..\\..\\win.ini.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("<script>alert(1)</script>.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("a" * 300 + ".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("con.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("tệp tin có dấu và khoảng trắng.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    (".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("x.pdf.exe", b"MZ\x90\x00", "application/octet-stream"),
    ("trang.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
    ("rong.pdf", b"", "application/pdf"),
    ("hong.xlsx", b"PK\x03\x04broken", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png"),
    ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("chu-ky.p12", b"\x30\x82\x00\x00not a pkcs12", "application/x-pkcs12"),
    ("null\x00byte.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
]
# Spreadsheet cells, written into the imported sheets where a value belongs.
CELLS = [
    '=HYPERLINK("http://evil.example","bấm")',
    "=cmd|' /C calc'!A0",
    "=1/0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "#REF!",
    "#DIV/0!",
    "=",
    "'=1+1",
    "1e999",
    "-1",
    "9" * 30,
    "abc",
    "12,5,5",
    "<script>alert(1)</script>",
    "\u200bzero-width",
    "x" * 40_000,
    "31/12/1899",
    "NaN",
    '=WEBSERVICE("http://evil.example")',
    '=IMPORTXML(A1,"//a")',
    "\t=1+1",
    "\r=1+1",
    "Tru\u0300ng",
]

CORPUS = {
    "number": NUMBERS,
    "text": TEXT,
    "markup": MARKUP,
    "date": DATES,
    "id": IDS,
    "file": FILES,
    "cell": CELLS,
}
PER_FIELD = 1  # values of a kind each field receives in turn; every value of the corpus goes to a field besides
# ... after these, which every field of the kind receives: the values most likely to break something.
SHARP = {
    "number": ["9" * 40],
    "text": ["x" * 10_001],
    "markup": [],
    "date": ["31/12/1899"],
    "id": [str(10**30)],
    "file": [FILES[8]],  # HTML named .pdf
    "cell": [],
}

ERROR_MARKS = ("is-invalid", "invalid-feedback", "alert-danger", "errorlist", 'role="alert"', "text-danger")
SKIPPED_ACTIONS = ("/logout/", "/i18n/", "/admin/")


def test_corpus_holds_at_least_200_hostile_inputs():
    assert sum(len(values) for values in CORPUS.values()) >= 200


# ------------------------------------------------------------------ the world, and what the runs found

TALLY = Counter()


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory, "hostile") as world:
        yield world
    print("\nhostile inputs:", ", ".join(f"{key} {count}" for key, count in sorted(TALLY.items())))


@pytest.fixture(autouse=True)
def _media_root(request, settings):
    if "_world" in request.fixturenames:
        settings.MEDIA_ROOT = str(request.getfixturevalue("_world").media)


@pytest.fixture
def world(_world, db):
    return _world


class Writes:
    """The INSERT, UPDATE and DELETE statements a request leaves in the database: those rolled back to a savepoint
    are dropped, those of a released savepoint count for the one around it."""

    IGNORED = ("django_session", "axes_", "auth_user")  # the log-in, the throttle's records, last_login

    def __init__(self):
        self.frames = [("", [])]

    def __call__(self, execute, sql, params, many, context):
        words = sql.split(None, 3)
        verb = words[0].upper()
        if verb == "SAVEPOINT":
            self.frames.append((words[1], []))
        elif verb == "RELEASE":
            self._pop_to(words[2], keep=True)
        elif verb == "ROLLBACK" and len(words) > 2:
            self._pop_to(words[3], keep=False)
            self.frames.append((words[3], []))
        elif verb in ("INSERT", "UPDATE", "DELETE"):
            table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?([\w]+)"?', sql, re.IGNORECASE)
            name = table.group(1) if table else sql[:60]
            if not name.startswith(self.IGNORED):
                self.frames[-1][1].append(name)
        return execute(sql, params, many, context)

    def _pop_to(self, name, *, keep):
        while len(self.frames) > 1:
            frame, writes = self.frames.pop()
            if keep:
                self.frames[-1][1].extend(writes)
            if frame == name:
                return

    @property
    def left(self) -> list[str]:
        return [table for _frame, writes in self.frames for table in writes]


@contextmanager
def undone():
    """The submission's writes are undone afterwards, so that every submission meets the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class Probe:
    """Sends one submission and judges the answer; problems are collected, not raised, so that one run lists all."""

    def __init__(self, client):
        self.client = client
        self.problems = []

    def send(self, method, url, data, *, label, hostile="", files=None, visible=True, known=frozenset()):
        writes = Writes()
        TALLY["submissions"] += 1
        self.client.cookies.pop("messages", None)  # only this submission's messages count
        with undone(), connection.execute_wrapper(writes):
            try:
                if method == "GET":
                    response = self.client.get(url, data)
                else:
                    response = self.client.post(url, {**data, **(files or {})})
            except Exception as error:  # noqa: BLE001 — a view that raises is the server error this test looks for
                self.problems.append(f"{label}: {type(error).__name__}: {str(error)[:200]}")
                TALLY["server errors"] += 1
                return None
            self._judge(response, writes, label=label, hostile=hostile, visible=visible, known=known)
        return response

    def _judge(self, response, writes, *, label, hostile, visible, known):
        status = response.status_code
        if status >= 500:
            TALLY["server errors"] += 1
            self.problems.append(f"{label}: HTTP {status}")
            return
        page = b"" if getattr(response, "streaming", False) else response.content
        is_html = response.get("Content-Type", "").startswith("text/html")
        refused_by_message = any(m.level >= ERROR for m in get_messages(response.wsgi_request))
        shown_error = is_html and any(mark.encode() in page for mark in ERROR_MARKS)
        refused = status >= 400 or refused_by_message or (status == 200 and shown_error and bool(hostile))
        TALLY["refused" if refused else "accepted"] += 1
        if refused and writes.left and status != 200:
            TALLY["partial saves"] += 1
            self.problems.append(f"{label}: refused ({status}) but wrote {sorted(set(writes.left))}")
        if refused and writes.left and status == 200 and _form_error(page):
            TALLY["partial saves"] += 1
            self.problems.append(f"{label}: refused with a form error but wrote {sorted(set(writes.left))}")
        if hostile and "<" in hostile and is_html and hostile.encode("utf-8", "replace") in page:
            TALLY["unescaped"] += 1
            self.problems.append(f"{label}: the markup {hostile[:40]!r} came back unescaped")
        # Errors the unchanged form gets too (the object's state: "already submitted") are not the value's.
        unnamed = _errors_unnamed(page) - known if visible and status in (200, 400, 409) and is_html else set()
        if unnamed:
            TALLY["errors without field"] += 1
            self.problems.append(f"{label}: the error does not say which field: {unnamed}")
        if status in (301, 302, 303) and hostile and "<" in hostile:
            location = response["Location"]
            if urlsplit(location).netloc in ("", "testserver"):
                page = self.client.get(location)
                if page.status_code == 200 and hostile.encode("utf-8", "replace") in page.content:
                    TALLY["unescaped"] += 1
                    self.problems.append(f"{label}: the markup {hostile[:40]!r} came back unescaped after saving")


def _form_error(page: bytes) -> bool:
    return b"is-invalid" in page or b"invalid-feedback" in page or b"errorlist" in page


# An error about a cell of an uploaded file names its row and column (or its sheet): that is where it is.
WHERE_IN_FILE = re.compile(r"\b(dòng|hàng|cột|ô|trang tính)\b", re.IGNORECASE)


def _errors_unnamed(page: bytes) -> set[str]:
    """The errors of the page's forms that say nothing of where: a field error is shown at its field (marked
    `is-invalid`); an error above the form must name a field by its label (or a column's heading), or the row and
    column of the file."""
    if not page.strip():
        return set()
    doc = lxml.html.fromstring(page)
    problems = set()
    for form in doc.xpath("//form"):
        names = form.xpath(".//label | .//th | .//legend")
        labels = {" ".join(" ".join(node.itertext()).split()).strip(" *:").casefold() for node in names} - {""}
        marked = form.xpath('.//*[contains(concat(" ", @class, " "), " is-invalid ")]')
        general = form.xpath(
            './/*[contains(@class, "alert-danger") or contains(@class, "nonfield")]'
            '[not(ancestor::*[contains(@class, "alert-danger") or contains(@class, "nonfield")])]'
        )
        for node in general:
            text = " ".join(" ".join(node.itertext()).split())
            named = any(label in text.casefold() for label in labels) or WHERE_IN_FILE.search(text)
            if not marked and not named:
                problems.add(text[:160])
    return problems


# ------------------------------------------------------------------ forms found on the pages


def _kind(field) -> str:
    tag = field.tag
    kind = (field.get("type") or "text").lower() if tag == "input" else tag
    if kind == "file":
        return "file"
    if kind in ("date", "datetime-local", "time", "month"):
        return "date"
    if kind in ("hidden", "select", "checkbox", "radio"):
        return "id"
    if kind == "number" or field.get("inputmode") in ("decimal", "numeric"):
        return "number"
    return "text"


def _picks(kind: str, key: str) -> list:
    values = CORPUS[kind]
    start = zlib.crc32(key.encode()) % len(values)
    picks = SHARP[kind] + [values[(start + 7 * i) % len(values)] for i in range(PER_FIELD)]
    if kind == "text":
        picks.append(MARKUP[start % len(MARKUP)])
    return picks


def _forms(page: bytes, url: str):
    """(method, action, baseline values, fields) of every form on the page; fields by name, first element each."""
    doc = lxml.html.fromstring(page)
    for form in doc.forms:
        method = (form.method or "GET").upper()
        action = urljoin(url, form.get("action") or url)
        if any(part in urlsplit(action).path for part in SKIPPED_ACTIONS) or urlsplit(action).netloc not in (
            "",
            "testserver",
        ):
            continue
        values = {}
        for name, value in form.form_values():
            values.setdefault(name, value)
        fields, shapes = {}, set()
        for field in form.inputs:
            name = field.get("name")
            kind = (field.get("type") or "").lower()
            if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "button", "reset", "image"):
                continue
            shape = re.sub(r"\d+", "N", name)  # the rows of a grid or formset: the first of each column stands for all
            if shape not in shapes or name in fields:
                shapes.add(shape)
                fields.setdefault(name, field)
        yield (
            method,
            urlsplit(action).path + (f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
            values,
            fields,
        )


def _matrix_urls(world):
    """Every page of the matrix the administrator may open, once each."""
    seen = set()
    for name, obj, query, expected in MATRIX:
        if expected[SUBJECTS.index("superuser")] != 200:
            continue
        try:
            url = _url(world, name, obj) + query
        except NoReverseMatch:
            continue
        if url not in seen:
            seen.add(url)
            yield name, url


def _url(world, name, obj):
    return reverse(name, kwargs=url_kwargs(world.objects, name, obj))


PAGES = sorted({name for name, _obj, _q, expected in MATRIX if expected[SUBJECTS.index("superuser")] == 200})


@pytest.mark.parametrize("page_name", PAGES)
def test_every_form_of_the_page_survives_hostile_values(client, world, page_name):
    client.force_login(world.people.superuser)
    probe = Probe(client)
    sent = set()
    for name, url in _matrix_urls(world):
        if name != page_name:
            continue
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for method, action, values, fields in _forms(response.content, url):
            signature = (method, resolve(urlsplit(action).path).url_name, tuple(sorted(fields)))
            if signature in sent:
                continue
            sent.add(signature)
            TALLY["forms"] += 1
            with undone():
                baseline = client.post(action, values) if method == "POST" else client.get(action, values)
            html = baseline.get("Content-Type", "").startswith("text/html") and not baseline.streaming
            known = _errors_unnamed(baseline.content) if html and baseline.status_code < 500 else set()
            for field_name, field in fields.items():
                kind = _kind(field)
                for value in _picks(kind, f"{action}|{field_name}"):
                    label = f"{method} {action} {field_name}={_short(value)}"
                    if kind == "file":
                        upload = _upload(*value)
                        probe.send(method, action, values, label=label, files={field_name: upload}, known=known)
                        continue
                    data = {**values, field_name: value}
                    # A hidden field is no one's to type: its error cannot point at it, only say the page is stale.
                    visible = (field.get("type") or "").lower() != "hidden"
                    probe.send(method, action, data, label=label, hostile=value, visible=visible, known=known)
    assert not probe.problems, "\n".join(probe.problems)


def _short(value) -> str:
    text = repr(value[0] if isinstance(value, tuple) else value)
    return text[:50] + ("…" if len(text) > 50 else "")


def _upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


# ------------------------------------------------------------------ every value of the corpus, ids in URLs, raw bodies


def _form_on(client, url, action_name):
    """The baseline values and fields of the first POST form on the page whose action is the named URL."""
    response = client.get(url)
    for method, action, values, fields in _forms(response.content, url):
        if method == "POST" and resolve(urlsplit(action).path).url_name == action_name:
            return action, values, fields
    raise AssertionError(f"no form for {action_name} on {url}")


# (page, its form's URL name, field, kinds of the corpus): a text, a number, a date, a choice and an upload field
EVERY_VALUE = [
    ("person_edit", "person_cao_lau", "person_edit", "full_name", ("text", "markup")),
    ("person_edit", "person_cao_lau", "person_edit", "birth_year", ("number", "id")),
    ("report_periods", "campaign_cao_loc", "report_periods", "period-due_on", ("date",)),
    ("collective_edit", "collective_cao_lau", "collective_edit", "linked_unit", ("id",)),
    ("report_detail", "reportpage_cao_lau", "evidence_upload", "file", ("file",)),
]


@pytest.mark.parametrize(("page", "obj", "action_name", "field", "kinds"), EVERY_VALUE)
def test_every_value_of_the_corpus_reaches_a_field(client, world, page, obj, action_name, field, kinds):
    client.force_login(world.people.superuser)
    probe = Probe(client)
    action, values, fields = _form_on(client, _url(world, page, obj), action_name)
    assert field in fields, sorted(fields)
    for kind in kinds:
        for value in CORPUS[kind]:
            label = f"POST {action} {field}={_short(value)}"
            if kind == "file":
                probe.send("POST", action, values, label=label, files={field: _upload(*value)})
            else:
                probe.send("POST", action, {**values, field: value}, label=label, hostile=value)
    assert not probe.problems, "\n".join(probe.problems)


URL_IDS = (str(2**31), str(2**63), str(10**30))  # one past 32 bits, one past 64 bits, far past


def test_ids_that_do_not_fit_in_urls_are_404(client, world):
    """Every URL of the matrix with each of its ids replaced by one no row has and no column holds: 404 (POST is
    sent where the URL takes only POST), never a server error."""
    client.force_login(world.people.superuser)
    probe = Probe(client)
    seen = set()
    for name, obj, _query, _expected in MATRIX:
        kwargs = url_kwargs(world.objects, name, obj)
        for key, value in kwargs.items():
            if not isinstance(value, int):
                continue
            for bad in URL_IDS:
                url = reverse(name, kwargs={**kwargs, key: 0}).replace("/0/", f"/{bad}/", 1)
                if url in seen:
                    continue
                seen.add(url)
                response = probe.send("GET", url, {}, label=f"GET {url}")
                if response is not None and response.status_code == 405:
                    response = probe.send("POST", url, {}, label=f"POST {url}")
                if response is not None and response.status_code != 404:
                    probe.problems.append(f"{url}: {response.status_code}, not 404")
    assert len(seen) > 150
    assert not probe.problems, "\n".join(probe.problems)


def test_bodies_that_are_not_utf8_or_not_forms_are_refused_cleanly(client, world):
    """What no browser sends but anyone can: invalid UTF-8, a JSON body, a body that is not a form at all."""
    client.force_login(world.people.superuser)
    action, values, _fields = _form_on(client, _url(world, "person_edit", "person_cao_lau"), "person_edit")
    form = urlencode({key: value for key, value in values.items() if key != "full_name"})
    bodies = [
        ("application/x-www-form-urlencoded", f"{form}&full_name=%ED%A0%80%FF%FE".encode()),
        ("application/x-www-form-urlencoded", b"%%%%=&&&==" + b"&x" * 5000),
        ("application/json", json.dumps(values).encode()),
        ("multipart/form-data; boundary=nothing", b"--nothing\r\nbroken"),
        ("text/plain", b"\x00\xff" * 100),
    ]
    for content_type, body in bodies:
        TALLY["submissions"] += 1
        writes = Writes()
        with undone(), connection.execute_wrapper(writes):
            response = client.generic("POST", action, body, content_type=content_type)
        assert response.status_code < 500, content_type
        if response.status_code >= 400 or b"is-invalid" in response.content:
            assert writes.left == [], content_type


# ------------------------------------------------------------------ spreadsheets and JSON


def _workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_hostile_cells_in_the_target_sheet(client, world):
    """The downloaded sheet with one cell replaced at a time, in the registered target, the note and the hidden
    identity columns: refused whole with the cell named, or saved as text where text belongs."""
    client.force_login(world.people.superuser)
    probe = Probe(client)
    url = _url(world, "target_sheet", "grid_cao_lau")
    template = client.get(url).content
    sheet = load_workbook(io.BytesIO(template)).active
    header = next(row for row in range(1, 40) if sheet.cell(row=row, column=1).value == "STT")
    first = header + 1
    assert sheet.cell(row=first, column=8).value is not None, "the sheet has a target row"
    for column in (6, 7, 8, 9):  # Đăng ký, Ghi chú, Mã, Phiên bản
        for value in CELLS:
            workbook = load_workbook(io.BytesIO(template))
            workbook.active.cell(row=first, column=column).value = value
            upload = ("chi-tieu.xlsx", _workbook_bytes(workbook), "application/octet-stream")
            probe.send(
                "POST", url, {}, label=f"sheet column {column}={_short(value)}", files={"sheet": _upload(*upload)}
            )
    assert not probe.problems, "\n".join(probe.problems)


def test_hostile_cells_in_the_assignment_sheet(client, world):
    """The whole assignment grid's sheet with one cell replaced at a time, in a target cell, the hidden unit id and
    the hidden figure id: refused whole with the cell named, or saved."""
    client.force_login(world.people.superuser)
    probe = Probe(client)
    url = _url(world, "assignment_sheet", "campaign_cao_loc")
    template = client.get(url).content
    sheet = load_workbook(io.BytesIO(template))["Giao chỉ tiêu"]
    header = next(row for row in range(1, 40) if sheet.cell(row=row, column=1).value == "STT")
    id_column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(row=header, column=c).value == "Mã")
    first = header + 2
    assert sheet.cell(row=first, column=id_column).value is not None, "the sheet has a unit row"
    for row, column in ((first, 3), (first, id_column), (header + 1, 3)):
        for value in CELLS:
            workbook = load_workbook(io.BytesIO(template))
            workbook["Giao chỉ tiêu"].cell(row=row, column=column).value = value
            upload = ("giao-chi-tieu.xlsx", _workbook_bytes(workbook), "application/octet-stream")
            probe.send(
                "POST", url, {}, label=f"sheet {row}:{column}={_short(value)}", files={"sheet": _upload(*upload)}
            )
    assert not probe.problems, "\n".join(probe.problems)


def test_hostile_cells_in_the_people_import(client, world):
    client.force_login(world.people.superuser)
    probe = Probe(client)
    url = _url(world, "person_import", "units_cao_lau")
    for column in range(len(IMPORT_COLUMNS)):
        for value in CELLS:
            workbook = Workbook()
            sheet = workbook.active
            sheet.append(list(IMPORT_COLUMNS))
            row = ["Nông Thị Hoa", 1985, "Cán bộ", ""]
            row[column] = value
            sheet.append(row)
            upload = ("nguoi.xlsx", _workbook_bytes(workbook), "application/octet-stream")
            probe.send(
                "POST", url, {}, label=f"people column {column}={_short(value)}", files={"file": _upload(*upload)}
            )
    assert not probe.problems, "\n".join(probe.problems)


WRONG_TYPES = [None, True, [], {}, 1e308, -1, "x" * 10_001, "<script>alert(1)</script>", "31/12/1899", 2**70]


def _paths(data, prefix=()):
    """Every leaf of the first item of each list of an exported campaign, by its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        if data:
            yield from _paths(data[0], (*prefix, 0))
    else:
        yield prefix


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def test_hostile_campaign_json(world, tmp_path):
    """Every field of an exported campaign replaced by values of the wrong type, size or shape, and texts that are
    not JSON at all: imported, or refused with a message naming where; never a traceback, never half a campaign."""
    exported = campaign_export(campaign=world.objects["campaign_cao_loc"])
    paths = list(_paths(exported))
    assert len(paths) > 30
    texts = [
        "",
        "null",
        "[]",
        '"text"',
        "{",
        "[" * 100_000,
        '{"a": ' * 5_000 + "1" + "}" * 5_000,
        "\ufeff{}",
        json.dumps({**exported, "format": 99}),
        json.dumps({**exported, "sections": "none"}),
    ]
    for index, path in enumerate(paths):
        for value in (WRONG_TYPES[index % len(WRONG_TYPES)], WRONG_TYPES[(index + 3) % len(WRONG_TYPES)]):
            data = copy.deepcopy(exported)
            _set(data, path, value)
            texts.append(json.dumps(data))
    problems = []
    file = tmp_path / "campaign.json"
    for text in texts:
        TALLY["submissions"] += 1
        file.write_text(text, encoding="utf-8")
        writes = Writes()
        with undone(), connection.execute_wrapper(writes):
            try:
                call_command("import_campaign", str(file), stdout=io.StringIO())
            except CommandError as error:
                TALLY["refused"] += 1
                if writes.left:
                    problems.append(f"{text[:80]}: refused ({error}) but wrote {sorted(set(writes.left))}")
            except Exception as error:  # noqa: BLE001 — anything else is the traceback this test looks for
                TALLY["server errors"] += 1
                problems.append(f"{text[:80]}: {type(error).__name__}: {str(error)[:200]}")
            else:
                TALLY["accepted"] += 1
    assert not problems, "\n".join(problems)


IMPORT_PLAN = Path(__file__).parent / "campaigns" / "importing" / "data" / "ke-hoach-tinh-bac-ninh.txt"


def test_every_field_of_the_import_review_form_survives_hostile_values(client, world):
    """The review page is the answer to an upload, not a page of the matrix: its correction form (a field per item
    of the draft, named by its path, and the whole draft in a hidden field) gets the same treatment."""
    client.force_login(world.people.superuser)
    probe = Probe(client)
    upload = f"{reverse('campaign_import')}?unit={world.tree.cao_lau.pk}"
    page = client.post(upload, {"document": SimpleUploadedFile(IMPORT_PLAN.name, IMPORT_PLAN.read_bytes())})
    assert page.status_code == 200
    ((method, action, values, fields),) = [f for f in _forms(page.content, upload) if "confirm" in f[1]]
    assert {"draft", "title", "sections[1].children[0].indicators[0].figures[0].value"} <= set(fields)
    TALLY["forms"] += 1
    for field_name, field in fields.items():
        kind = _kind(field)
        for value in _picks(kind, f"{action}|{field_name}"):
            visible = (field.get("type") or "").lower() != "hidden"
            label = f"{method} {action} {field_name}={_short(value)}"
            probe.send(method, action, {**values, field_name: value}, label=label, hostile=value, visible=visible)
    assert not probe.problems, "\n".join(probe.problems)
