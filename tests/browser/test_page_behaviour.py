"""In Debian's Chromium, under the Content-Security-Policy: the behaviour pages declare with data attributes
(static/js/app.js) works: data-confirm asks first and cancelling sends nothing, data-submit-on-change sends its form,
data-indent indents a tree's rows, data-remove-form closes the campaign editor's htmx forms (htmx evaluates nothing).
The page fixture fails the test on any policy violation."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import Section
from scoring import services
from scoring.models import Criterion
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.scoring.factories import campaign_for, cluster_with, period_for, standard_criteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_data_confirm_asks_and_cancelling_submits_nothing(page, tree, people):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, period=period_for(campaign), title="Bảng chấm điểm", user=people.reviewer
    )
    c = standard_criteria(sheet, people.reviewer, figures)
    log_in(page, people.reviewer.username)
    page.goto(f"/scoring/sheets/{sheet.pk}/criteria/")
    # The sub-criterion 1.1 sits one level down: 1.5 rem from data-indent="1", set by the script.
    heading = page.locator(f"#c{c.proportional.pk} td[data-indent]")
    expect(heading).to_have_css("padding-left", "24px")

    questions = []

    def dismiss(dialog):
        questions.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator(f"#c{c.direct.pk} button[type=submit]").click()
    expect(page.locator(f"#c{c.direct.pk}")).to_be_visible()
    assert questions == [("confirm", "Xóa tiêu chí này và mọi tiêu chí con của nó?")]
    page.wait_for_timeout(300)  # a submitted form would have reloaded the page by now
    assert Criterion.objects.filter(pk=c.direct.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#c{c.direct.pk} button[type=submit]").click()
    expect(page.locator(f"#c{c.direct.pk}")).to_have_count(0)
    assert not Criterion.objects.filter(pk=c.direct.pk).exists()


def test_data_submit_on_change_sends_the_filter(page, tree, people):
    log_in(page, people.reviewer.username)
    page.goto(f"/units/{tree.cao_loc.pk}/")
    page.locator("#id_kind").select_option("commune")
    # the form sends its search box too (empty): the kind is in the query string whatever its place
    page.wait_for_url(re.compile(rf"/units/{tree.cao_loc.pk}/\?(.*&)?kind=commune(&|$)"))
    expect(page.locator("#id_kind")).to_have_value("commune")


def test_the_campaign_editors_cancel_removes_its_form_without_leaving_the_page(page, tree, people):
    draft = make_campaign(tree.cao_lau, title="Dự thảo phát động", status="draft", number=None)
    first = Section.objects.filter(campaign=draft, parent=None).first()
    count = Section.objects.filter(campaign=draft).count()
    log_in(page, people.officer.username)
    page.goto(f"/campaigns/{draft.pk}/contents/")
    page.locator(f"#section-{first.pk}-head").get_by_role("link", name="Xóa").click()
    confirm = page.locator("form.editor-confirm")
    expect(confirm).to_be_visible()
    page.evaluate("window.stillHere = true")  # gone if the link were followed (a new page)
    confirm.get_by_role("link", name="Hủy").click()
    expect(confirm).to_have_count(0)
    assert page.evaluate("window.stillHere") is True
    assert Section.objects.filter(campaign=draft).count() == count
