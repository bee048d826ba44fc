"""The assignment grid at any size: a page of units × the figures of a section, saved a page at a time; the sums
over every unit; the whole grid as an Excel sheet, uploaded back all or nothing."""

import copy
import html
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.serialization import campaign_import
from targets import services
from targets.excel import ASSIGN_SHEET, VERSIONS_SHEET
from targets.forms import AssignmentGridForm
from targets.models import Figure, Target
from targets.selectors import ASSIGN_ROWS_PER_PAGE
from tests.campaigns.factories import campaign_data, make_campaign
from tests.factories import unit

pytestmark = pytest.mark.django_db

PER_PAGE = ASSIGN_ROWS_PER_PAGE
forms_init = AssignmentGridForm.__init__


def _figures(campaign):
    return list(
        Figure.objects.filter(indicator__section__campaign=campaign).order_by(
            "indicator__section__position", "indicator__position", "pk"
        )
    )


def _communes(parent, count, prefix="Phú Mỹ"):
    return [unit(parent, code=f"P{i:05d}", short_name=f"{prefix} {i:02d}") for i in range(count)]


def _two_sections(issuer, participants):
    """Four figures: 1 and 2 in section "I. KINH TẾ", 3 and 4 in "III. VĂN HÓA XÃ HỘI"."""
    data = campaign_data(issuer, title="Hai phần", indicators=4, participants=participants)
    sections = data["campaign"]["sections"]
    second = copy.deepcopy(sections[0])
    sections[0]["heading"], second["label"], second["heading"] = "KINH TẾ", "III.", "VĂN HÓA XÃ HỘI"
    sections[0]["indicators"], second["indicators"] = sections[0]["indicators"][:2], second["indicators"][2:]
    sections.append(second)
    return campaign_import(data=data)


def _url(campaign, query=""):
    return reverse("assignment_grid", kwargs={"pk": campaign.pk}) + query


def _rows(page: str) -> list[str]:
    return re.findall(r'<th class="text-nowrap" id="u\d+">([^<]+)</th>', page)


@pytest.fixture
def big(tree):
    """Huyện Cao Lộc's campaign over Thạch Đạn and 45 more communes: three pages of units."""
    communes = _communes(tree.cao_loc, 2 * PER_PAGE + 5)
    return make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.thach_dan, *communes])


def test_units_are_paged_and_an_out_of_range_page_gives_the_nearest(client, big, people):
    client.force_login(people.reviewer)
    first = client.get(_url(big)).content.decode()
    assert len(_rows(first)) == PER_PAGE and "46 đơn vị · trang 1/3" in first
    last = client.get(_url(big, "?page=3")).content.decode()
    assert _rows(first)[0] == "Xã Thạch Đạn"  # by path: the communes made later come after it
    assert len(_rows(last)) == 6 and _rows(last)[-1] == "Xã Phú Mỹ 44"
    assert _rows(client.get(_url(big, "?page=99")).content.decode()) == _rows(last)
    assert _rows(client.get(_url(big, "?page=-4")).content.decode()) == _rows(first)
    assert _rows(client.get(_url(big, "?page=abc")).content.decode()) == _rows(first)
    assert f'href="{_url(big)}?page=2"' in first


def test_search_by_name_with_or_without_diacritics_and_the_links_keep_it(client, big, people):
    client.force_login(people.reviewer)
    for text in ("phu my 1", "Phú Mỹ 1"):
        page = client.get(_url(big), {"q": text}).content.decode()
        assert _rows(page) == [f"Xã Phú Mỹ {i}" for i in range(10, 20)]
        assert "10 trên 46 đơn vị phù hợp" in page
    page = client.get(_url(big), {"q": "phu"}).content.decode()
    assert "trang 1/3" in page and f'href="{_url(big)}?q=phu&amp;page=2"' in page
    assert "Không có đơn vị tham gia nào phù hợp." in client.get(_url(big), {"q": "không có"}).content.decode()


def test_a_section_at_a_time_and_an_unknown_section_is_a_message(client, tree, people):
    campaign = _two_sections(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    one, two, three, four = _figures(campaign)
    client.force_login(people.reviewer)
    page = client.get(_url(campaign)).content.decode()
    assert all(f'id="f{f.pk}"' in page for f in (one, two, three, four))
    assert "I. KINH TẾ" in page and "III. VĂN HÓA XÃ HỘI" in page
    section = three.indicator.section_id
    page = client.get(_url(campaign), {"section": section}).content.decode()
    assert f'id="f{three.pk}"' in page and f'id="f{four.pk}"' in page and f'id="f{one.pk}"' not in page
    assert f'action="{_url(campaign)}?section={section}&amp;page=1"' in page  # saving keeps the section
    for unknown in ("999999", "abc", "<b>"):
        response = client.get(_url(campaign), {"section": unknown})
        text = response.content.decode()
        assert response.status_code == 200 and "Phong trào không có phần này" in text
        assert all(f'id="f{f.pk}"' in text for f in (one, two, three, four))


def test_the_sums_count_every_unit_not_only_the_page(client, big, people):
    first = _figures(big)[0]
    participants = list(big.participants.order_by("path"))
    services.targets_assign_save(
        campaign=big,
        user=people.reviewer,
        cells=[services.CellInput(first.pk, u.pk, Decimal(25)) for u in participants],  # 46 × 25 = 1.150
    )
    client.force_login(people.reviewer)
    page = client.get(_url(big, "?q=thach+dan")).content.decode()
    assert _rows(page) == ["Xã Thạch Đạn"]
    assert "1.150" in page and "đủ" in page  # 1.150 of the 1.105 the district set: covered


def test_saving_a_page_saves_its_cells_only_and_comes_back_to_it(client, big, people):
    first, second = _figures(big)
    participants = list(big.participants.order_by("path"))
    on_page_one, on_page_two = participants[1], participants[PER_PAGE + 1]  # [0] is Thạch Đạn, not a "phu"
    services.targets_assign_save(
        campaign=big,
        user=people.reviewer,
        cells=[
            services.CellInput(first.pk, on_page_one.pk, Decimal(7)),
            services.CellInput(second.pk, on_page_one.pk, Decimal(8)),
            services.CellInput(first.pk, on_page_two.pk, Decimal(9)),
        ],
    )
    version = Target.objects.get(figure=first, unit=on_page_one).version
    client.force_login(people.reviewer)
    # Only one cell of page 1 is posted: its other cells and page 2 are left as they are.
    response = client.post(
        _url(big, "?q=phu&page=1"),
        {f"a-{first.pk}-{on_page_one.pk}": "70", f"v-{first.pk}-{on_page_one.pk}": version},
    )
    assert response.status_code == 302 and response["Location"] == _url(big, "?q=phu&page=1")
    values = {(t.figure_id, t.unit_id): t.assigned_value for t in Target.objects.filter(figure__in=(first, second))}
    assert values == {
        (first.pk, on_page_one.pk): Decimal(70),
        (second.pk, on_page_one.pk): Decimal(8),
        (first.pk, on_page_two.pk): Decimal(9),
    }
    # A cell of a unit that is not on the page (the units changed since it was opened): refused whole.
    refused = client.post(
        _url(big),
        {f"a-{first.pk}-{on_page_one.pk}": "71", f"v-{first.pk}-{on_page_one.pk}": version + 1,
         f"a-{first.pk}-{on_page_two.pk}": "90"},
    )  # fmt: skip
    assert refused.status_code == 409 and "danh sách đơn vị của trang này đã thay đổi" in refused.content.decode()
    assert Target.objects.get(figure=first, unit=on_page_one).assigned_value == Decimal(70)


def test_a_stale_cell_is_a_409_with_the_conflict_message_and_nothing_is_saved(client, tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị", participants=[tree.cao_lau, tree.thach_dan])
    first, second = _figures(campaign)
    services.targets_assign_save(
        campaign=campaign, user=people.council, cells=[services.CellInput(first.pk, tree.cao_lau.pk, Decimal(600))]
    )
    client.force_login(people.reviewer)
    response = client.post(
        _url(campaign),
        {
            f"a-{first.pk}-{tree.cao_lau.pk}": "650",
            f"v-{first.pk}-{tree.cao_lau.pk}": "",  # the page was opened before the council's save
            f"a-{second.pk}-{tree.thach_dan.pk}": "12",
            f"v-{second.pk}-{tree.thach_dan.pk}": "",
        },
    )
    text = response.content.decode()
    assert response.status_code == 409
    assert "sau khi bạn mở trang này" in text and people.council.get_full_name() in text and "600" in text
    assert Target.objects.get(figure=first, unit=tree.cao_lau).assigned_value == Decimal(600)
    assert not Target.objects.filter(figure=second).exists()


def test_a_page_of_40_indicators_stays_small(client, tree, people, settings):
    """A full page (every cell assigned and registered, the ids of a national database) is measured and bounded."""
    communes = _communes(tree.cao_loc, PER_PAGE, prefix="Phường Nguyễn Trung Trực")
    campaign = make_campaign(tree.cao_loc, title="Bốn mươi chỉ tiêu", indicators=40, participants=communes)
    figures = _figures(campaign)
    Target.objects.bulk_create(
        Target(figure=f, unit=u, assigned_value=Decimal("12345.5"), registered_value=Decimal("23456.25"), version=9)
        for f in figures
        for u in communes
    )
    client.force_login(people.reviewer)
    response = client.get(_url(campaign))
    size = len(response.content)
    print(f"\nassignment grid, 40 indicators × {PER_PAGE} units a page: {size / 1024:.0f} KiB")
    page = response.content.decode()
    assert len(_rows(page)) == PER_PAGE
    assert size < 200 * 1024
    # The whole page posted back, every cell changed: within DATA_UPLOAD_MAX_NUMBER_FIELDS, and all of it saved.
    data = dict(re.findall(r'name="(v-\d+-\d+)" value="(\d*)"', page))
    data |= {name.replace("v-", "a-", 1): "1.000" for name in data}
    assert 2 * 40 * PER_PAGE == len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert client.post(_url(campaign), data).status_code == 302
    assert Target.objects.filter(figure__in=figures, assigned_value=1000).count() == 40 * PER_PAGE


def test_query_counts_are_flat_with_paging(client, tree, people):
    client.force_login(people.reviewer)
    small = make_campaign(tree.cao_loc, title="Ít", participants=[tree.cao_lau, tree.thach_dan], number=1)
    large = make_campaign(tree.cao_loc, title="Nhiều", participants=_communes(tree.cao_loc, 3 * PER_PAGE), number=2)
    counts = []
    for campaign, query in ((small, ""), (large, "?page=2"), (large, "?q=phu&page=3")):
        for figure in _figures(campaign):
            services.targets_assign_save(
                campaign=campaign,
                user=None,
                cells=[services.CellInput(figure.pk, u.pk, Decimal(3)) for u in campaign.participants.all()],
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(campaign, query)).status_code == 200
        counts.append(len(queries))
    assert counts[0] + 1 == counts[1] + 1 == counts[2]  # a search counts the matches and all the units: one more


# ------------------------------------------------------------------ the rows written by one tag, no form on a GET


def _inputs(page: str) -> dict[str, str]:
    """Every input of the grid's form by name (the cells' values and versions, the CSRF token), as a browser posts."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input(?: type="hidden")?(?: class="is-invalid")? name="([^"]+)"[^>]*?'
                                      r'value="([^"]*)"', page)
    }  # fmt: skip


@pytest.fixture
def saved(tree, people):
    """A campaign of two figures over Cao Lâu and Thạch Đạn: a number, a range, a zero and a registered target."""
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị", participants=[tree.cao_lau, tree.thach_dan])
    first, second = _figures(campaign)
    services.targets_assign_save(
        campaign=campaign,
        user=people.council,
        cells=[
            services.CellInput(first.pk, tree.cao_lau.pk, Decimal("1105.5")),
            services.CellInput(second.pk, tree.cao_lau.pk, Decimal(7), Decimal("7.5")),
            services.CellInput(first.pk, tree.thach_dan.pk, Decimal(0)),
        ],
    )
    Target.objects.filter(figure=second, unit=tree.cao_lau).update(registered_value=8, registered_high=9)
    return campaign


def test_a_get_builds_no_form_and_its_inputs_carry_the_saved_targets(client, saved, tree, people, monkeypatch):
    """The grid's rows are written by figures.assignment_rows from the targets; the form is only for a POST."""
    built = []
    monkeypatch.setattr(AssignmentGridForm, "__init__", lambda *a, **k: built.append(1) or forms_init(*a, **k))
    first, second = _figures(saved)
    version = {(t.figure_id, t.unit_id): t.version for t in Target.objects.filter(figure__in=(first, second))}
    client.force_login(people.reviewer)
    page = client.get(_url(saved)).content.decode()
    assert built == []
    lau, dan = tree.cao_lau.pk, tree.thach_dan.pk
    cells = {name: value for name, value in _inputs(page).items() if name[:2] in {"a-", "v-"}}
    assert cells == {
        f"a-{first.pk}-{lau}": "1.105,5",
        f"v-{first.pk}-{lau}": str(version[first.pk, lau]),
        f"a-{second.pk}-{lau}": "7 - 7,5",
        f"v-{second.pk}-{lau}": str(version[second.pk, lau]),
        f"a-{first.pk}-{dan}": "0",
        f"v-{first.pk}-{dan}": str(version[first.pk, dan]),
        f"a-{second.pk}-{dan}": "",  # no target yet: no version either
        f"v-{second.pk}-{dan}": "",
    }
    # Each cell is labelled by its unit's row header and its figure's column header, which the page has.
    assert f'name="a-{second.pk}-{dan}" inputmode="decimal" aria-labelledby="u{dan} f{second.pk}"' in page
    assert f'id="u{dan}">{tree.thach_dan.name}</th>' in page and f'id="f{second.pk}"' in page
    assert page.count('<div class="reg">') == 1 and '<div class="reg">ĐK 8 - 9</div>' in page
    assert "is-invalid" not in page


def test_the_rendered_page_posted_back_unchanged_saves_nothing(client, saved, people):
    """What the page shows is what is saved: posted back as it is, every value parses to the saved one and every
    version matches, so nothing changes (a cell shown wrong would be saved over, a wrong version refused)."""
    before = {(t.figure_id, t.unit_id, t.assigned_value, t.assigned_high, t.version) for t in Target.objects.all()}
    client.force_login(people.reviewer)
    page = client.get(_url(saved)).content.decode()
    response = client.post(_url(saved), _inputs(page))
    assert response.status_code == 302
    after = {(t.figure_id, t.unit_id, t.assigned_value, t.assigned_high, t.version) for t in Target.objects.all()}
    assert after == before

    # A cell changed on that page saves that cell only, from the version the page showed.
    first, _second = _figures(saved)
    target = Target.objects.get(assigned_value=Decimal("1105.5"))
    stray = {f"a-{first.pk}-{saved.issuing_unit.pk}": "1"}  # a cell that is not on the page: refused whole
    assert client.post(_url(saved), _inputs(page) | stray).status_code == 409
    response = client.post(_url(saved), _inputs(page) | {f"a-{target.figure_id}-{target.unit_id}": "1.200"})
    assert response.status_code == 302
    changed = {(t.figure_id, t.unit_id, t.assigned_value, t.assigned_high, t.version) for t in Target.objects.all()}
    assert changed ^ after == {
        (target.figure_id, target.unit_id, Decimal("1105.5"), None, target.version),
        (target.figure_id, target.unit_id, Decimal(1200), None, target.version + 1),
    }


def test_a_refused_post_shows_what_was_posted_and_marks_the_refused_cells(client, saved, tree, people):
    first, second = _figures(saved)
    lau = tree.cao_lau.pk
    client.force_login(people.reviewer)
    data = _inputs(client.get(_url(saved)).content.decode())
    data |= {f"a-{first.pk}-{lau}": "<b>12", f"a-{second.pk}-{lau}": "9 - 8"}
    response = client.post(_url(saved), data)
    page = response.content.decode()
    assert response.status_code == 400 and "Chưa lưu gì: vui lòng sửa các ô được đánh dấu." in page
    assert f'class="is-invalid" name="a-{first.pk}-{lau}"' in page and 'value="&lt;b&gt;12"' in page
    assert "“&lt;b&gt;12” không phải là số" in page and "<b>12" not in page
    assert f'class="is-invalid" name="a-{second.pk}-{lau}"' in page and "số đầu không được lớn hơn số sau" in page
    assert page.count("is-invalid") == 2
    assert _inputs(page)[f"a-{first.pk}-{tree.thach_dan.pk}"] == "0"  # the other cells as posted
    assert Target.objects.get(figure=first, unit=tree.cao_lau).assigned_value == Decimal("1105.5")


# ------------------------------------------------------------------ the whole grid as a sheet


def _sheet(client, campaign):
    response = client.get(reverse("assignment_sheet", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def _cell(book, unit_pk, figure_pk):
    """(row, column) of a unit's cell for a figure, found by the hidden ids."""
    ws = book[ASSIGN_SHEET]
    header = next(r for r in range(1, 40) if ws.cell(r, 1).value == "STT")
    id_column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "Mã")
    column = next(c for c in range(3, id_column) if ws.cell(header + 1, c).value == figure_pk)
    row = next(r for r in range(header + 2, ws.max_row + 1) if ws.cell(r, id_column).value == unit_pk)
    return row, column


def _upload(client, campaign, book):
    out = io.BytesIO()
    book.save(out)
    url = reverse("assignment_sheet", kwargs={"pk": campaign.pk})
    return client.post(url, {"sheet": SimpleUploadedFile("giao.xlsx", out.getvalue())})


def test_the_whole_grid_downloads_and_uploads_back(client, big, people):
    first, second = _figures(big)
    participants = list(big.participants.order_by("path"))
    services.targets_assign_save(
        campaign=big, user=people.council, cells=[services.CellInput(first.pk, participants[0].pk, Decimal(5))]
    )
    client.force_login(people.reviewer)
    book = _sheet(client, big)
    ws = book[ASSIGN_SHEET]
    assert ws.cell(*_cell(book, participants[0].pk, first.pk)).value == "5"
    assert sum(1 for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value in {u.name for u in participants}) == 46
    for u in participants:  # every unit of every page, in one file
        ws.cell(*_cell(book, u.pk, second.pk)).value = "1.000"
    ws.cell(*_cell(book, participants[0].pk, first.pk)).value = "7,5"
    response = _upload(client, big, book)
    assert response.status_code == 302
    assert Target.objects.filter(figure=second, assigned_value=1000).count() == 46
    assert Target.objects.get(figure=first, unit=participants[0]).assigned_value == Decimal("7.5")

    # The same file again: its versions are now stale where it changed something; nothing is saved.
    ws.cell(*_cell(book, participants[1].pk, second.pk)).value = "2.000"
    stale = _upload(client, big, book)
    assert stale.status_code == 409 and "sau khi bạn mở trang này" in stale.content.decode()
    assert Target.objects.get(figure=second, unit=participants[1]).assigned_value == Decimal(1000)


def test_a_bad_sheet_is_refused_whole_naming_each_cell(client, big, people):
    first, second = _figures(big)
    participants = list(big.participants.order_by("path"))
    client.force_login(people.reviewer)
    book = _sheet(client, big)
    ws = book[ASSIGN_SHEET]
    ws.cell(*_cell(book, participants[0].pk, first.pk)).value = "100"  # good, but the file is refused whole
    bad_row, bad_column = _cell(book, participants[3].pk, second.pk)
    ws.cell(bad_row, bad_column).value = "7.5"  # the English decimal dot
    formula_row, formula_column = _cell(book, participants[4].pk, first.pk)
    ws.cell(formula_row, formula_column).value = "=1+1"
    response = _upload(client, big, book)
    text = response.content.decode()
    assert response.status_code == 400 and "Chưa lưu dữ liệu nào từ bảng tính." in text
    assert f"Trang “Giao chỉ tiêu”, dòng {bad_row}, cột D" in text and "7,5" in text
    assert f"dòng {formula_row}, cột C" in text and "Không chấp nhận công thức" in text
    assert not Target.objects.filter(figure__in=(first, second)).exists()

    other = make_campaign(big.issuing_unit, title="Khác", participants=participants[:2], number=7)
    assert _upload(client, other, book).status_code == 400  # another campaign's sheet
    del book[VERSIONS_SHEET]
    assert "Phiên bản" in _upload(client, big, book).content.decode()
    url = reverse("assignment_sheet", kwargs={"pk": big.pk})
    assert client.post(url, {"sheet": SimpleUploadedFile("x.xlsx", b"not a workbook")}).status_code == 400
    assert client.post(url, {}).status_code == 400
    client.force_login(people.officer)
    assert client.post(url, {}).status_code == 404  # the district's grid is not the commune's
