"""The country's roll-up (unit 0): a campaign over several provinces, seen whole by a reviewer of every province in
it (or a superuser), adds up every province; its drill-down is the provinces; anyone who does not see every
participant gets 404 on the page and in the API, and the campaign page links to the province roll-up instead."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from reports import rollup
from tests.reports.test_rollup_page import _approve_all, _campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(tree):
    communes = [tree.cao_lau, tree.thach_dan, tree.huong_lam]
    campaign, period, figures = _campaign(tree.lang_son, communes)
    _approve_all(period, communes, figures)  # 1000, 1001, 1002
    return campaign, period, figures


@pytest.fixture
def every_province(people, tree):
    user = people.other_reviewer  # reviewer of Hiệp Hòa (Bắc Giang); now also of both provinces
    Membership.objects.create(user=user, unit=tree.lang_son, role=Role.REVIEWER)
    Membership.objects.create(user=user, unit=tree.bac_giang, role=Role.REVIEWER)
    return user


def test_the_country_adds_up_every_province(client, national, every_province, tree):
    campaign, period, figures = national
    client.force_login(every_province)
    page = client.get(reverse("report_rollup", args=[period.pk, 0]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cả nước" in html and "3.003" in html  # 1000 + 1001 + 1002
    assert "Tỉnh Lạng Sơn" in html and "Tỉnh Bắc Giang" in html  # the drill-down is the provinces
    own = rollup.rollup_unit(period=period, unit=rollup.country_of(campaign), figures=figures)
    provinces = rollup.rollup_children(period=period, unit=rollup.country_of(campaign), figures=figures)
    assert [p.unit for p in provinces] == [tree.lang_son, tree.bac_giang]
    assert own.cells[figures[0].pk].value == sum(p.cells[figures[0].pk].value for p in provinces) == 3003
    detail = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert reverse("report_rollup", args=[period.pk, 0]) in detail


def test_the_country_is_404_to_anyone_who_does_not_see_all_of_it(client, national, people, tree):
    _campaign_, period, _figures = national
    for user in (people.province_admin, people.other_reviewer, people.reviewer):
        client.force_login(user)
        assert client.get(reverse("report_rollup", args=[period.pk, 0])).status_code == 404
        assert client.get(f"/api/v1/periods/{period.pk}/rollup/0/").status_code == 404
    client.force_login(people.reviewer)  # still has its own district's roll-up
    assert client.get(reverse("report_rollup", args=[period.pk, tree.cao_loc.pk])).status_code == 200


def test_a_campaign_within_one_province_has_no_country(client, tree, people):
    _campaign_, period, _figures = _campaign(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    client.force_login(people.superuser)
    assert client.get(reverse("report_rollup", args=[period.pk, 0])).status_code == 404


def test_the_api_gives_the_country_with_its_provinces(client, national, every_province):
    _campaign_, period, figures = national
    client.force_login(every_province)
    body = client.get(f"/api/v1/periods/{period.pk}/rollup/0/").json()
    assert body["own"]["unit"]["name"] == "Cả nước" and body["own"]["expected"] == 3
    assert [c["unit"]["name"] for c in body["children"]["results"]] == ["Tỉnh Lạng Sơn", "Tỉnh Bắc Giang"]
