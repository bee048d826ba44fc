"""The campaign page says where a unit registers (issue #19 item 6): an officer of a participating unit gets a link
to its target grid, on the campaign itself or, on its own plan implementing a higher one, on the higher campaign; an
officer of a unit that takes no part gets none; the reviewer of the higher campaign gets its assignment grid."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(tree):
    district = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", number=2, participants=[tree.cao_lau])
    own = make_campaign(tree.cao_lau, title="Phát động của xã", number=109)
    Campaign.objects.filter(pk=own.pk).update(higher_campaign=district)
    own.refresh_from_db()
    return district, own


def _page(client, user, campaign) -> str:
    client.force_login(user)
    response = client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_participant_officer_is_shown_where_to_register(client, tree, people, chain):
    district, own = chain
    grid = reverse("target_grid", kwargs={"pk": district.pk, "unit_pk": tree.cao_lau.pk})
    for campaign in (district, own):
        body = _page(client, people.officer, campaign)
        assert f'href="{grid}"' in body and "Đăng ký chỉ tiêu của Xã Cao Lâu" in body
    on = f"{district.doc_type.name} {district.reference}"
    assert f"Đăng ký trên {on} mà văn bản này thực hiện." in _page(client, people.officer, own)
    assert client.get(grid).status_code == 200  # the link leads to a page the officer may open


def test_no_link_for_a_unit_that_takes_no_part(client, tree, people, chain):
    district, _own = chain
    body = _page(client, people.sibling_officer, district)  # Xã Thạch Đạn is not among the participants
    assert 'id="registration"' not in body and "/targets/" not in body


def test_the_reviewer_is_shown_the_assignment_of_the_higher_campaign(client, people, chain):
    district, own = chain
    body = _page(client, people.reviewer, own)
    assert f'href="{reverse("assignment_grid", kwargs={"pk": district.pk})}"' in body
    assert (
        f"Giao chỉ tiêu trên {district.doc_type.name} {district.reference}" in body
        and "Đăng ký chỉ tiêu của" not in body
    )
