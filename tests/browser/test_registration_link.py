"""In Debian's Chromium, at 1366 and 390 px: a commune officer on the commune's own plan finds the button to register
its targets, on the district's Chỉ thị it implements, and lands on the target grid (issue #19 item 6)."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_the_commune_plan_leads_to_where_it_registers(page, tree, people, viewport):
    district = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", number=2, participants=[tree.cao_lau])
    own = make_campaign(tree.cao_lau, title="Phát động của xã", number=109)
    Campaign.objects.filter(pk=own.pk).update(higher_campaign=district)
    page.set_viewport_size(viewport)
    log_in(page, people.officer.username)
    page.goto(f"/campaigns/{own.pk}/")
    button = page.get_by_role("link", name="Đăng ký chỉ tiêu của Xã Cao Lâu")
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    screenshot(page, f"registration-link-{viewport['width']}")
    button.click()
    expect(page).to_have_url(f"{page.url.split('/campaigns/')[0]}/campaigns/{district.pk}/targets/{tree.cao_lau.pk}/")
