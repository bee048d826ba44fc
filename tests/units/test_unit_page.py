"""The unit page's list of the units below: 50 a page whatever the number asked for, searched by name with or without
diacritics, filtered by kind; a page out of range gives the nearest, an unknown kind is ignored and said so, and the
number of queries does not grow with the number of units below."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import unit
from units.models import UnitKind, UnitType
from units.paging import PER_PAGE

pytestmark = pytest.mark.django_db


def _communes(parent, count, prefix="0"):
    """Codes before the real ones (06…), so the list, ordered by code, starts with them."""
    return [unit(parent, code=f"0{prefix}{i:03d}", short_name=f"Thử {i:02d}") for i in range(count)]


def _rows(html: str) -> int:
    body = html.split("<tbody")[1].split("</tbody>")[0]
    return body.count("<tr") - body.count("colspan=")


def _page(client, parent, **query):
    response = client.get(reverse("unit_detail", args=[parent.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def long_district(tree):
    """Cao Lộc with 55 more communes (57 in all; ordered by code, Cao Lâu and Thạch Đạn come last)."""
    return _communes(tree.cao_loc, PER_PAGE + 5)


def test_the_units_below_are_paged(client, tree, people, long_district):
    client.force_login(people.reviewer)
    first = _page(client, tree.cao_loc)
    assert _rows(first) == PER_PAGE and "Xã Thử 49" in first and "Xã Thử 50" not in first
    second = _page(client, tree.cao_loc, page=2)
    assert _rows(second) == 7 and "Xã Thử 50" in second
    assert _rows(_page(client, tree.cao_loc, per_page=100000)) == PER_PAGE  # the page size is not the URL's
    assert "Xã Thử 54" in _page(client, tree.cao_loc, page=999)  # the nearest page: the last
    assert _rows(_page(client, tree.cao_loc, page="x")) == PER_PAGE and _rows(_page(client, tree.cao_loc, page=-2))


def test_the_units_below_are_searched_and_filtered(client, tree, people, long_district):
    client.force_login(people.reviewer)
    found = _page(client, tree.cao_loc, q="thu 07")  # without diacritics
    assert _rows(found) == 1 and "Xã Thử 07" in found and 'id="children-count"' in found
    assert _rows(_page(client, tree.cao_loc, q="Thạch Đạn")) == 1
    assert _rows(_page(client, tree.cao_loc, q="zzz")) == 0
    unit(tree.cao_loc, code="AG001", kind=UnitKind.AGENCY, unit_type=UnitType.CO_QUAN, short_name="Phòng Nội vụ")
    assert _rows(_page(client, tree.cao_loc, kind=UnitKind.AGENCY)) == 1
    assert _rows(_page(client, tree.cao_loc, kind=UnitKind.AGENCY, q="thu")) == 0
    unknown = _page(client, tree.cao_loc, kind="nonsense")
    assert "Bộ lọc không hợp lệ nên đã bỏ qua; đang hiện mọi đơn vị." in unknown and _rows(unknown) == PER_PAGE


def test_the_queries_do_not_grow_with_the_units_below(client, tree, people):
    client.force_login(people.province_admin)
    counts = []
    for count, parent, prefix in ((10, tree.cao_loc, "2"), (200, tree.van_lang, "3")):
        _communes(parent, count, prefix)
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, parent, page=2, q="thu")
        counts.append(len(queries))
        assert len(html) < 300 * 1024
    assert counts[0] == counts[1]


def test_the_unit_search_keeps_its_page_size(client, tree, people, long_district):
    client.force_login(people.reviewer)
    search = reverse("unit_search")
    html = client.get(search, {"q": "thu", "per_page": 100000}).content.decode()
    assert _rows(html) == PER_PAGE
    last = client.get(search, {"q": "thu", "page": 999})
    assert last.status_code == 200 and _rows(last.content.decode()) == 5
