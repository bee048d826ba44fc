"""The printed campaign (documents.rendering): the five seeds rendered to PDF and measured with pdfplumber against
Nghị định 30/2020/NĐ-CP, Phụ lục I (page, margins, fonts, sizes, header, page numbers, signature, recipients)."""

import io
import socket

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.demo import demo_load_campaigns
from campaigns.models import Campaign
from campaigns.selectors import campaign_document
from campaigns.text import plain
from documents import rendering
from documents.rendering import (
    RefusedResource,
    campaign_print_context,
    header_lines,
    html_to_pdf,
    render_campaign_html,
    static_only_fetcher,
)
from tests.campaigns.test_seeds import EXPECTED, seed_units  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)  # 595.3 × 841.9 pt
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
TEXT_WIDTH = A4[0] - LEFT - RIGHT
TEXT_CENTRE = LEFT + TEXT_WIDTH / 2
HEADER_SPLIT = LEFT + 0.40 * TEXT_WIDTH  # the header's two columns
FOOTER_SPLIT = LEFT + 0.45 * TEXT_WIDTH  # Nơi nhận | signature

DATE_LINES = {
    "000": "Cao Lâu, ngày 24 tháng 01 năm 2024",
    "001": "Hương Lâm, ngày 29 tháng 01 năm 2024",
    "002": "Lạng Sơn, ngày 08 tháng 01 năm 2024",  # the demo's number and date (campaigns.demo.DEMO_REFERENCES)
    "003": "Xã Quang Trung, ngày tháng năm 2024",
    "004": "Hạ Lang, ngày 12 tháng 01 năm 2023",
}
NUMBER_LINES = {
    "000": "Số: 109/PĐ-UBND",
    "001": "Số: 14/KH-UBND",
    "002": "Số: 01/CT-UBND",
    "003": "Số: /PĐTĐ-UBND",  # a draft keeps its blanks
    "004": "Số: 01/CT-UBND",
}


@pytest.fixture
def seeds(seed_units):  # noqa: F811
    demo_load_campaigns()
    by_unit = {c.issuing_unit.code: c for c in Campaign.objects.select_related("issuing_unit", "doc_type")}
    return {name: by_unit[code] for name, (code, *_counts) in EXPECTED.items()}


def norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def ink(chars):
    return [c for c in chars if c["text"].strip() and c["text"] != "\xa0"]


def is_bold(c):
    return "Bold" in c["fontname"]


def is_italic(c):
    return "Italic" in c["fontname"]


def size_in(chars, low, high):
    return all(low - 0.1 <= c["size"] <= high + 0.1 for c in ink(chars))


def lines(page, bbox=None):
    region = page.crop(bbox) if bbox else page
    return region.extract_text_lines(return_chars=True, strip=True)


def find_line(page, text, bbox=None):
    found = [line for line in lines(page, bbox) if norm(line["text"]).startswith(text)]
    assert found, f"no line starting {text!r} on page {page.page_number}: {[ln['text'] for ln in lines(page, bbox)]}"
    return found[0]


def body_text(pdf) -> str:
    """The text of the text area of every page, without the page numbers."""
    area = (LEFT - 2, TOP - 2, A4[0] - RIGHT + 2, A4[1] - BOTTOM + 2)
    return norm(" ".join(page.crop(area).extract_text() for page in pdf.pages))


def check_page_geometry(pdf, numbers=None):
    """A4 portrait; every character inside the margins except the page number, which sits centred in the top margin
    from page 2 on. ``numbers``: the number each page prints ("" for none) when it is not simply its position, as
    in a document with appendices, numbered on their own."""
    numbers = numbers or ["", *(str(n) for n in range(2, len(pdf.pages) + 1))]
    assert len(numbers) == len(pdf.pages)
    for page, expected in zip(pdf.pages, numbers, strict=True):
        assert abs(page.width - A4[0]) <= 1 and abs(page.height - A4[1]) <= 1, page.page_number
        number = [c for c in ink(page.chars) if c["bottom"] < TOP - 1]
        body = [c for c in ink(page.chars) if c not in number]
        for c in body:
            assert c["x0"] >= LEFT - 1 and c["x1"] <= A4[0] - RIGHT + 1, (page.page_number, c["text"], c["x0"])
            assert c["top"] >= TOP - 1 and c["bottom"] <= A4[1] - BOTTOM + 1, (page.page_number, c["text"], c["top"])
            assert "LiberationSerif" in c["fontname"], c["fontname"]
        if not expected:
            assert number == [], f"no page number on page {page.page_number}"
        else:
            assert "".join(c["text"] for c in number) == expected, page.page_number
            assert size_in(number, 13, 14) and not any(is_bold(c) or is_italic(c) for c in number)
            centre = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
            assert abs(centre - TEXT_CENTRE) <= 3, centre


def check_header(page, name):
    right = (HEADER_SPLIT, 0, A4[0], A4[1] / 3)
    left = (0, 0, HEADER_SPLIT, A4[1] / 3)
    motto_nation = find_line(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right)
    chars = ink(motto_nation["chars"])
    assert norm(motto_nation["text"]) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(is_bold(c) and not is_italic(c) for c in chars) and size_in(chars, 12, 13)
    assert max(c["top"] for c in chars) - min(c["top"] for c in chars) < 0.5, "Quốc hiệu on one line"

    motto = find_line(page, "Độc lập - Tự do - Hạnh phúc", right)
    chars = ink(motto["chars"])
    assert all(is_bold(c) and not is_italic(c) for c in chars) and size_in(chars, 13, 14)
    x0, x1, bottom = min(c["x0"] for c in chars), max(c["x1"] for c in chars), max(c["bottom"] for c in chars)
    rules = [
        r
        for r in page.rects + page.lines
        if r["bottom"] - r["top"] <= 2 and bottom - 1 <= r["top"] <= bottom + 8 and r["x0"] > HEADER_SPLIT
    ]
    assert rules, "a rule under the Tiêu ngữ"
    assert abs((rules[0]["x1"] - rules[0]["x0"]) - (x1 - x0)) <= 2, (rules[0]["x1"] - rules[0]["x0"], x1 - x0)
    assert abs(rules[0]["x0"] - x0) <= 2

    date = find_line(page, DATE_LINES[name].split(",")[0] + ",", right)
    assert norm(date["text"]) == DATE_LINES[name]
    assert all(is_italic(c) and not is_bold(c) for c in ink(date["chars"])) and size_in(date["chars"], 13, 14)

    number = find_line(page, "Số:", left)
    assert norm(number["text"]) == NUMBER_LINES[name]
    assert not any(is_bold(c) or is_italic(c) for c in ink(number["chars"])) and size_in(number["chars"], 13, 13)
    assert abs(number["top"] - date["top"]) <= 2, "number and date on one row"


def check_body_and_footer(pdf, campaign, footer_page=-1):
    """Body 13–14 pt from the document type to 'Nơi nhận:'; Nơi nhận 12 pt bold italic level with the first
    signature line; recipients 11 pt, each '- …'. ``footer_page``: the index of the page with the signature block
    (the last, unless appendices follow it)."""
    first = pdf.pages[0]
    doc_type = find_line(first, campaign.doc_type.title)
    assert all(is_bold(c) for c in ink(doc_type["chars"])) and size_in(doc_type["chars"], 14, 14)
    assert abs((doc_type["x0"] + doc_type["x1"]) / 2 - TEXT_CENTRE) <= 2, "type centred"
    last = pdf.pages[footer_page]
    label = find_line(last, "Nơi nhận:", (0, 0, FOOTER_SPLIT, A4[1]))
    assert norm(label["text"]) == "Nơi nhận:"
    assert all(is_bold(c) and is_italic(c) for c in ink(label["chars"])) and size_in(label["chars"], 12, 12)
    signature = find_line(last, campaign.signature_lines[0], (FOOTER_SPLIT, label["top"] - 4, A4[0], A4[1]))
    assert all(is_bold(c) for c in ink(signature["chars"])) and size_in(signature["chars"], 13, 14)
    assert abs(signature["top"] - label["top"]) <= 3, "Nơi nhận level with the signature"
    name = find_line(last, campaign.signer_name, (FOOTER_SPLIT, signature["bottom"], A4[0], A4[1]))
    assert all(is_bold(c) for c in ink(name["chars"])) and size_in(name["chars"], 13, 14)
    assert name["top"] - signature["bottom"] >= 20 * MM, "room for the signature and seal"

    recipient_lines = [
        line for line in lines(last, (0, label["bottom"] + 0.5, FOOTER_SPLIT, A4[1])) if norm(line["text"])
    ]
    recipients = []  # a long recipient wraps, its next lines hang under its text
    for line in recipient_lines:
        if norm(line["text"]).startswith("- "):
            assert line["x0"] <= LEFT + 1, "each recipient starts at the left margin"
            recipients.append(norm(line["text"]))
        else:
            assert line["x0"] > LEFT + 2 and recipients
            recipients[-1] = f"{recipients[-1]} {norm(line['text'])}"
    expected = campaign_document(campaign=campaign).recipients
    assert recipients == [norm(f"- {r}") for r in expected]
    assert all(size_in(line["chars"], 11, 11) and not is_bold(line["chars"][0]) for line in recipient_lines)

    for page in pdf.pages[: last.page_number]:
        for c in ink(page.chars):
            below_type = page.page_number > 1 or c["top"] >= doc_type["top"]
            above_footer = page.page_number < last.page_number or c["top"] < label["top"] - 1
            if below_type and above_footer and c["bottom"] > TOP - 1:
                assert 13 - 0.1 <= c["size"] <= 14 + 0.1, (page.page_number, c["text"], c["size"])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_seed_prints_in_the_decree_30_format(seeds, name, monkeypatch):
    served = []
    fetch = rendering.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        response = fetch(self, url, headers)
        served.append(response.url.rsplit("/static/", 1)[-1])
        return response

    monkeypatch.setattr(rendering.StaticOnlyFetcher, "fetch", spy)
    campaign = seeds[name]
    pdf_bytes = html_to_pdf(render_campaign_html(campaign=campaign))
    assert pdf_bytes.startswith(b"%PDF-")
    assert set(served) >= {
        "css/nd30.css",
        *(f"fonts/liberation-serif/LiberationSerif-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic")),
    }
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 2
        check_page_geometry(pdf)
        check_header(pdf.pages[0], name)
        check_body_and_footer(pdf, campaign)
        text = body_text(pdf)
        document = campaign_document(campaign=campaign)
        sentences = []

        def walk(nodes):
            for node in nodes:
                sentences.extend(norm(plain(i.sentence)) for i in node.indicators)
                walk(node.children)

        walk(document.sections)
        assert len(sentences) == document.indicator_count > 0
        missing = [s for s in sentences if s not in text]
        assert missing == []
        assert norm(plain(campaign.title)) in text
        assert text.endswith("./.") or "./." in text


def test_seed_000_page_two_is_numbered_2_at_the_top_centre(seeds):
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_campaign_html(campaign=seeds["000"])))) as pdf:
        first = [c for c in ink(pdf.pages[0].chars) if c["bottom"] < TOP]
        second = [c for c in ink(pdf.pages[1].chars) if c["bottom"] < TOP]
        assert first == []
        assert "".join(c["text"] for c in second) == "2"
        assert abs((second[0]["x0"] + second[0]["x1"]) / 2 - TEXT_CENTRE) <= 3
        assert pdf.metadata.get("Title") == "PHÁT ĐỘNG 109/PĐ-UBND"


def test_the_print_context_takes_a_fixed_number_of_queries(seeds):
    counts = []
    for name in ("000", "003"):
        campaign = Campaign.objects.get(pk=seeds[name].pk)
        with CaptureQueriesContext(connection) as queries:
            campaign_print_context(campaign=campaign)["campaign"].doc_type.title  # noqa: B018
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8  # with the legal bases and the appendices


def test_markup_typed_into_a_campaign_is_printed_as_text_and_nothing_is_fetched(seeds, monkeypatch):
    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in document rendering")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    markup = '<script>alert(1)</script> <img src="http://example.com/x.png">'
    campaign = seeds["000"]
    campaign.closing = f"Đề nghị các đơn vị thực hiện. {markup}./."
    campaign.save()
    html = render_campaign_html(campaign=campaign)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as pdf:
        text = body_text(pdf)  # the URL may wrap after "http://"
        assert "<script>alert(1)</script>" in text and markup.replace(" ", "") in text.replace(" ", "")
    # Even real markup reaching WeasyPrint fetches nothing remote.
    hostile = (
        '<link rel="stylesheet" href="https://example.com/a.css"><img src="http://example.com/x.png">'
        '<img src="file:///etc/passwd"><img src="/static/../config/settings/base.py"><p>x</p>'
    )
    assert html_to_pdf(hostile).startswith(b"%PDF-")
    assert attempts == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/a.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "//example.com/x.png",
        "file://example.com/static/css/nd30.css",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url, settings):
    with pytest.raises((RefusedResource, ValueError)):
        static_only_fetcher(url)


def test_the_fetcher_serves_static_files(settings):
    static = rendering.static_dir()
    for url in ("file:///static/css/nd30.css", (static / "css" / "nd30.css").as_uri()):
        response = static_only_fetcher(url)
        try:
            assert response.read().startswith(b"/*") and response.content_type == "text/css"
        finally:
            response.close()
    escape = (static / "css" / ".." / ".." / "manage.py").as_uri()
    with pytest.raises(RefusedResource):
        static_only_fetcher(escape)
    assert static_only_fetcher("data:text/plain,ok").read() == b"ok"


def test_a_300_character_title_wraps_inside_the_margins(seeds):
    campaign = seeds["001"]
    words = "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh".split()
    title = ""
    while len(title) < 300:
        title = f"{title} {words[len(title.split()) % len(words)]}".strip()
    campaign.title = title[:300].strip()
    campaign.save()
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_campaign_html(campaign=campaign)))) as pdf:
        check_page_geometry(pdf)
        first = pdf.pages[0]
        doc_type = find_line(first, campaign.doc_type.title)
        title_lines = []
        for line in lines(first, (0, doc_type["bottom"] + 1, A4[0], A4[1])):
            if not all(is_bold(c) for c in ink(line["chars"])):
                break
            title_lines.append(line)
        assert len(title_lines) >= 3
        assert norm(" ".join(line["text"] for line in title_lines)) == norm(campaign.title)
        for line in title_lines:
            assert abs((line["x0"] + line["x1"]) / 2 - TEXT_CENTRE) <= 2, "each title line centred"


def test_header_lines_break_before_the_kind_of_unit():
    assert header_lines("ỦY BAN NHÂN DÂN XÃ CAO LÂU", size=13, bold=True) == ["ỦY BAN NHÂN DÂN", "XÃ CAO LÂU"]
    assert header_lines("ỦY BAN NHÂN DÂN THỊ XÃ BỈM SƠN", size=13, bold=True) == ["ỦY BAN NHÂN DÂN", "THỊ XÃ BỈM SƠN"]
    assert header_lines("UBND HUYỆN CAO LỘC", size=13, bold=False) == ["UBND HUYỆN CAO LỘC"]
    assert header_lines("", size=13, bold=True) == []


def test_a_campaign_with_100_pages_of_contents_renders(seeds):
    """A long plan: 120 sections of several paragraphs print on more than 100 pages, numbered at the top from page 2,
    every page inside the margins, and the signature block still at the end."""
    from campaigns.models import Section

    campaign = seeds["001"]
    paragraph = (
        "Tổ chức quán triệt, triển khai thực hiện nghiêm túc các chỉ tiêu, nhiệm vụ đã đề ra; phân công cụ thể "
        "cho từng thôn, từng cán bộ phụ trách, thường xuyên kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc "
        "và báo cáo kết quả định kỳ hằng tháng, hằng quý về Ủy ban nhân dân xã để tổng hợp, theo dõi."
    )
    start = campaign.sections.count()
    Section.objects.bulk_create(
        Section(
            campaign=campaign,
            position=start + i,
            label=f"{i + 1}.",
            heading=f"Nội dung thi đua thứ {i + 1}",
            body="\n\n".join([paragraph] * 7),
        )
        for i in range(120)
    )
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_campaign_html(campaign=campaign)))) as pdf:
        assert len(pdf.pages) >= 100
        check_page_geometry(pdf)  # also: page numbers centred at the top from page 2 on
        assert "Nơi nhận:" in pdf.pages[-1].extract_text()
