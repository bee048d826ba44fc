"""In Debian's Chromium: an officer uploads a plan's text file, corrects the draft in the review form (the title, one
figure, an indicator dropped), sees a wrong number refused at its figure with the other corrections kept, then
confirms; the campaign saved holds the corrections."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from targets.models import Figure, Indicator
from tests.browser.test_units_flow import log_in
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = Path(__file__).parents[1] / "campaigns" / "importing" / "data" / "ke-hoach-tinh-bac-ninh.txt"
INCOME = "sections[1].children[0].indicators[0].figures[0]"  # Thu nhập bình quân đầu người … 78 triệu đồng
WATER = "sections[1].children[0].indicators[1]"  # Tỷ lệ hộ dân sử dụng nước sạch trên 85%


def test_officer_corrects_the_draft_in_the_form_and_saves_it(page, tree, people):
    log_in(page, people.officer.username)
    page.goto(f"/campaigns/import/?unit={tree.cao_lau.pk}")
    page.get_by_label("Văn bản (.docx, .pdf hoặc .txt)").set_input_files(str(PLAN))
    page.get_by_role("button", name="Đọc văn bản").click()

    expect(page.get_by_role("heading", name="Dự thảo")).to_be_visible()
    income = page.locator(f'li[data-path="{INCOME}"]')
    expect(income.get_by_role("link", name="dòng 27")).to_be_visible()
    expect(income.locator(f'[name="{INCOME}.value"]')).to_have_value("78")
    expect(page.locator("textarea[name=draft]")).to_have_count(0)
    page.locator('[name="title"]').fill("Kế hoạch thi đua xã Cao Lâu đã sửa")
    income.locator(f'[name="{INCOME}.value"]').fill("7.5")
    page.locator(f'li[data-path="{WATER}"]').get_by_label("Bỏ").check()
    screenshot(page, "import-review-form")
    page.get_by_role("button", name="Xác nhận và lưu bản nháp").click()

    # Refused at the figure, in Vietnamese; the title typed and the dropped indicator stay as they were.
    expect(income.get_by_text("Có phải bạn muốn nhập 7,5?")).to_be_visible()
    expect(page.locator('[name="title"]')).to_have_value("Kế hoạch thi đua xã Cao Lâu đã sửa")
    expect(page.locator(f'li[data-path="{WATER}"]').get_by_label("Bỏ")).to_be_checked()
    assert not Campaign.objects.exists()
    screenshot(page, "import-review-error")

    income.locator(f'[name="{INCOME}.value"]').fill("1.250")
    page.get_by_role("button", name="Xác nhận và lưu bản nháp").click()
    expect(page.get_by_text("Đã nhập bản nháp “Kế hoạch thi đua xã Cao Lâu đã sửa”.")).to_be_visible()

    campaign = Campaign.objects.get()
    assert (campaign.title, campaign.issuing_unit, campaign.status) == (
        "Kế hoạch thi đua xã Cao Lâu đã sửa",
        tree.cao_lau,
        "draft",
    )
    figure = Figure.objects.get(indicator__section__campaign=campaign, name="Thu nhập bình quân đầu người")
    assert (figure.value, figure.unit_of_measure) == (Decimal("1250"), "triệu đồng")
    sentences = Indicator.objects.filter(section__campaign=campaign).values_list("sentence", flat=True)
    assert len(sentences) == 7 and not any("nước sạch" in sentence for sentence in sentences)
