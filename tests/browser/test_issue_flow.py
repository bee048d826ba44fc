"""In Debian's Chromium: the clerk issues a draft; the signed PDF is rendered (by a real worker in CI), downloaded,
and checked on the public verification page, where a copy with one changed byte is refused."""

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import CampaignStatus
from documents.demo import demo_load_signing
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def renders(request):
    """Eager Celery renders in the server's thread; with a broker (CI) a real worker renders."""
    if not django_settings.CELERY_TASK_ALWAYS_EAGER:
        return request.getfixturevalue("celery_worker")
    return None


def test_clerk_issues_and_anyone_verifies_the_signed_pdf(
    page, browser, live_server, tree, people, renders, tmp_path, settings
):
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    demo_load_signing(units=[tree.cao_lau], leaders=[people.leader])
    year = timezone.localdate().year
    draft = make_campaign(tree.cao_lau, title="Kế hoạch thi đua năm mới", status="draft", number=None, year=year)

    log_in(page, people.clerk.username)
    page.goto(f"/campaigns/{draft.pk}/")
    page.get_by_role("link", name="Ban hành", exact=True).click()
    expect(page.get_by_text(f"Sổ đăng ký văn bản đi {year}: số tiếp theo 01")).to_be_visible()
    page.get_by_label("Người ký").select_option(label=f"{people.leader.get_full_name()}")
    screenshot(page, "issue-form")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Đã ban hành số 01/PĐ-UBND")).to_be_visible()
    expect(page.get_by_role("link", name="Tải PDF")).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    pdf_path = tmp_path / "issued.pdf"
    download.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF") and b"/ByteRange" in pdf  # signed
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.ISSUED and draft.number == 1

    # The campaign page shows the issue; the verification code leads to the public page.
    page.goto(f"/campaigns/{draft.pk}/")
    code = page.locator("a[href^='/tra-cuu/'] code").inner_text()
    public = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    public.goto("/tra-cuu/")
    public.get_by_label("Mã tra cứu").fill(code.lower())
    public.get_by_role("button", name="Tra cứu").click()
    expect(public.get_by_text("01/PĐ-UBND")).to_be_visible()
    public.get_by_label("Tệp PDF bạn nhận được").set_input_files(str(pdf_path))
    public.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(public.get_by_text("Tệp khớp với văn bản đã ban hành, đến từng byte.")).to_be_visible()
    screenshot(public, "verify-match")

    changed = bytearray(pdf)
    changed[pdf.index(b"stream", len(pdf) // 4) + 20] ^= 0x01
    (tmp_path / "changed.pdf").write_bytes(bytes(changed))
    public.get_by_label("Tệp PDF bạn nhận được").set_input_files(str(tmp_path / "changed.pdf"))
    public.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(public.get_by_text("Tệp KHÔNG khớp với văn bản đã ban hành", exact=False)).to_be_visible()
    screenshot(public, "verify-mismatch")
