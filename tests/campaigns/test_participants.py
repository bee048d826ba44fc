"""The campaign page lists its participating units a page at a time, searched and filtered, in a fixed number of
queries: at national size (10,051 communes) the page stays small."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.selectors import PARTICIPANTS_PER_PAGE
from tests.campaigns.factories import make_campaign
from tests.factories import unit
from units.models import UnitKind, UnitType

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li class="list-group-item d-flex justify-content-between')


def _communes(parent, n, start=0):
    return [unit(parent, code=f"P{start + i:05d}", short_name=f"Phú Mỹ {start + i}") for i in range(n)]


@pytest.fixture
def big(tree):
    communes = [tree.cao_lau, tree.thach_dan, *_communes(tree.cao_loc, PARTICIPANTS_PER_PAGE * 2)]
    return make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=communes)


def _get(client, campaign, query="", htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("campaign_participants", kwargs={"pk": campaign.pk}) + query
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_one_page_of_units_and_says_how_many(client, people, big):
    client.force_login(people.reviewer)
    text = client.get(reverse("campaign_detail", kwargs={"pk": big.pk})).content.decode()
    assert len(ROW.findall(text)) == PARTICIPANTS_PER_PAGE
    assert "102 đơn vị" in text and "trang 1/3" in text and "Trang sau" in text
    assert "Xã Cao Lâu" in text  # tree order: the district's first communes come first


def test_search_without_diacritics_and_by_kind_in_the_fragment(client, people, big):
    client.force_login(people.reviewer)
    text = _get(client, big, "?q=thach+dan", htmx=True)
    assert "<html" not in text and "Xã Thạch Đạn" in text and "Xã Cao Lâu" not in text
    assert "1 trên 102 đơn vị phù hợp" in text
    assert "Không có đơn vị tham gia nào phù hợp." in _get(client, big, "?q=zzz", htmx=True)


def test_a_search_with_a_nul_character_is_a_search_not_a_server_error(client, people, big):
    """PostgreSQL cannot hold a NUL in a query: the search box takes it as a space."""
    client.force_login(people.reviewer)
    text = _get(client, big, "?q=th%00ach+dan", htmx=True)
    assert "Không có đơn vị tham gia nào phù hợp." in text or "Xã Thạch Đạn" in text
    assert "Xã Thạch Đạn" in _get(client, big, "?q=%00thach%00dan", htmx=True)


NEAREST = [("99", "trang 3/3"), ("abc", "trang 1/3"), ("-1", "trang 1/3"), ("1" + "0" * 30, "trang 3/3")]


@pytest.mark.parametrize(("page", "shown"), NEAREST)
def test_a_page_out_of_range_gives_the_nearest(client, people, big, page, shown):
    client.force_login(people.reviewer)
    assert shown in _get(client, big, f"?page={page}&kind=nonsense", htmx=True)


def test_the_whole_page_without_javascript(client, people, big):
    client.force_login(people.reviewer)
    text = _get(client, big, "?page=3")
    assert "PHÁT ĐỘNG" in text and "trang 3/3" in text and len(ROW.findall(text)) == 2


def test_a_kind_filter_when_the_participants_differ(client, tree, people):
    village = unit(tree.cao_lau, code="V0001", kind=UnitKind.VILLAGE, unit_type=UnitType.THON, short_name="Nà Pàn")
    campaign = make_campaign(tree.cao_loc, participants=[tree.cao_lau, village, *_communes(tree.cao_loc, 12)])
    client.force_login(people.reviewer)
    text = _get(client, campaign, "?kind=village", htmx=True)
    assert "Thôn Nà Pàn" in text and "Xã Cao Lâu" not in text and "1 trên 14 đơn vị phù hợp" in text


def test_queries_do_not_grow_with_participants(client, tree, people):
    client.force_login(people.reviewer)
    counts = []
    for n, start in ((3, 0), (PARTICIPANTS_PER_PAGE * 2, 100)):
        campaign = make_campaign(tree.cao_loc, title=f"{n} đơn vị", participants=_communes(tree.cao_loc, n, start))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk}))
        counts.append(len(queries))
    assert counts[0] == counts[1]
