"""In Debian's Chromium: a two-tier province (the 2025-07 edition, communes directly under it) assigns targets to
every one of its communes, a page at a time, and the values are saved."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from targets.models import Figure, Target
from targets.views import AssignmentGridView
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot
from tests.factories import member, unit
from units.models import Edition, UnitKind, UnitType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 3  # communes a page: seven communes are three pages


def test_a_two_tier_province_assigns_targets_to_all_its_communes(page, monkeypatch, db):
    monkeypatch.setattr(AssignmentGridView, "rows_per_page", ROWS)
    province = unit(
        edition=Edition.E2025_07, code="24", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Bắc Ninh"
    )
    communes = [
        unit(province, edition=Edition.E2025_07, code=f"0{7000 + i}", short_name=f"Hợp Thịnh {i + 1}") for i in range(7)
    ]
    reviewer = member(province, Role.REVIEWER, username="noivu.bacninh")
    campaign = make_campaign(province, title="Kế hoạch thi đua của tỉnh", participants=communes)
    first, second = Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position")

    log_in(page, reviewer.username)
    page.goto(f"/campaigns/{campaign.pk}/assign/")
    for number in range(1, 4):
        expect(page.get_by_text(f"7 đơn vị · trang {number}/3")).to_be_visible()
        shown = communes[(number - 1) * ROWS : number * ROWS]
        for commune in shown:
            position = communes.index(commune) + 1
            page.locator(f'input[name="a-{first.pk}-{commune.pk}"]').fill(f"1.{position:03d}")
            page.locator(f'input[name="a-{second.pk}-{commune.pk}"]').fill(f"{position},5")
        page.get_by_role("button", name="Lưu chỉ tiêu giao").click()
        expect(page.get_by_text("Đã lưu chỉ tiêu giao.")).to_be_visible()
        expect(page.get_by_text(f"trang {number}/3")).to_be_visible()  # back on the page just saved
        if number == 1:
            screenshot(page, "assignment-grid-page")
        if number < 3:
            page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_text("7.028")).to_be_visible()  # the sum over all seven communes, shown on every page

    saved = {(t.figure_id, t.unit_id): (t.assigned_value) for t in Target.objects.filter(unit__in=communes)}
    assert saved == {
        **{(first.pk, c.pk): Decimal(1000 + i + 1) for i, c in enumerate(communes)},
        **{(second.pk, c.pk): Decimal(i + 1) + Decimal("0.5") for i, c in enumerate(communes)},
    }


def test_leaving_a_grid_page_with_unsaved_edits_asks_first(page, monkeypatch, db):
    """A typed value not yet saved: "Trang sau" asks (in Vietnamese); cancelling stays with the value kept,
    accepting leaves without saving; after saving, paging asks nothing."""
    monkeypatch.setattr(AssignmentGridView, "rows_per_page", ROWS)
    province = unit(
        edition=Edition.E2025_07, code="24", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Bắc Ninh"
    )
    communes = [
        unit(province, edition=Edition.E2025_07, code=f"0{7000 + i}", short_name=f"Hợp Thịnh {i + 1}") for i in range(5)
    ]
    reviewer = member(province, Role.REVIEWER, username="noivu.bacninh")
    campaign = make_campaign(province, title="Kế hoạch thi đua của tỉnh", participants=communes)
    first = Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position").first()
    cell = f'input[name="a-{first.pk}-{communes[0].pk}"]'
    questions = []

    log_in(page, reviewer.username)
    page.goto(f"/campaigns/{campaign.pk}/assign/")
    page.locator(cell).fill("1.234")
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_text("5 đơn vị · trang 1/2")).to_be_visible()
    expect(page.locator(cell)).to_have_value("1.234")
    assert questions == ["Trang này còn thay đổi chưa lưu. Rời trang mà không lưu các thay đổi đó?"]

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_text("5 đơn vị · trang 2/2")).to_be_visible()
    assert len(questions) == 2 and not Target.objects.filter(assigned_value__isnull=False).exists()

    page.get_by_role("link", name="Trang trước").click()  # nothing typed on page 2: no question
    page.locator(cell).fill("1.234")
    page.get_by_role("button", name="Lưu chỉ tiêu giao").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu giao.")).to_be_visible()
    page.get_by_role("link", name="Trang sau").click()
    expect(page.get_by_text("5 đơn vị · trang 2/2")).to_be_visible()
    assert len(questions) == 2
