"""In Debian's Chromium: a member self-scores with evidence, is refused above the maximum, and the organiser sees the
grid and the ranking."""

from decimal import Decimal

import pytest

from scoring import services
from scoring.models import ScoreEntry, StageKind
from tests.browser.test_units_flow import log_in
from tests.conftest import screenshot
from tests.scoring.factories import PDF, campaign_for, cluster_with, period_for, report, standard_criteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_self_scores_and_the_organiser_ranks(page, live_server, tree, people, tmp_path):
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau, tree.thach_dan])
    campaign, figures = campaign_for(cluster, [tree.cao_lau, tree.thach_dan])
    period = period_for(campaign)
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, period=period, title="Bảng chấm điểm thi đua năm 2024", user=people.reviewer
    )
    c = standard_criteria(sheet, people.reviewer, figures)
    report(
        period,
        tree.cao_lau,
        figures,
        ["1215.5", "1106"],
        officer=people.officer,
        reviewer=people.reviewer,
    )
    services.stage_open(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(PDF)

    log_in(page, people.officer.username)
    page.goto(f"/scoring/sheets/{sheet.pk}/stages/self/units/{tree.cao_lau.pk}/")
    assert page.locator(f"input[name=score-{c.proportional.pk}]").input_value() == "11"
    page.locator(f"input[name=score-{c.qualitative.pk}]").fill("5")
    page.locator(f"input[name=score-{c.direct.pk}]").fill("9,5")
    page.locator(f"textarea[name=comment-{c.direct.pk}]").fill("Có biên bản kiểm tra của cụm")
    page.locator(f"input[name=evidence-{c.direct.pk}]").set_input_files(str(evidence))
    page.locator(f"input[name=score-{c.bonus.pk}]").fill("4")
    page.locator(f"input[name=score-{c.penalty.pk}]").fill("-1")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector(".alert-danger")
    screenshot(page, "scoring-self-refused")
    assert ScoreEntry.objects.count() == 0
    page.locator(f"input[name=score-{c.bonus.pk}]").fill("2")
    page.locator(f"input[name=evidence-{c.direct.pk}]").set_input_files(str(evidence))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector(".alert-success")
    screenshot(page, "scoring-self-saved")
    assert ScoreEntry.objects.get(criterion=c.direct).score == Decimal("9.5")

    page.context.clear_cookies()
    log_in(page, people.reviewer.username)
    page.goto(f"/scoring/sheets/{sheet.pk}/stages/self/")
    screenshot(page, "scoring-grid")
    page.goto(f"/scoring/sheets/{sheet.pk}/")
    screenshot(page, "scoring-sheet")
    page.goto(f"/scoring/sheets/{sheet.pk}/ranking/")
    screenshot(page, "scoring-ranking")
