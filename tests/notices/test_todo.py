"""The task page (home) and the bell: per role, SQL counts of what is to do, each the size of the list its link
opens, scoped to the user's units, in a number of queries that does not grow with periods and reports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import CouncilSession
from notices.todo import user_tasks
from reports.models import Period, PeriodKind, Report, ReportStatus
from reports.selectors import my_reports_page
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


def _period(campaign, label, due_in_days):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=due_in_days)
    return Period.objects.create(
        campaign=campaign,
        kind=PeriodKind.QUARTER,
        label=label,
        starts_on=due - datetime.timedelta(days=90),
        ends_on=due - datetime.timedelta(days=5),
        due_on=due,
    )


@pytest.fixture
def loop(tree):
    """A district campaign for Cao Lâu and Thạch Đạn: a period past due, two to come. Cao Lâu has sent nothing
    for the first, had the second returned, has not started the third; Thạch Đạn has sent the third."""
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    past, next_, later = (
        _period(campaign, "Quý I", -10),
        _period(campaign, "Quý II", 10),
        _period(campaign, "Quý III", 40),
    )
    Report.objects.create(period=next_, unit=tree.cao_lau, status=ReportStatus.RETURNED)
    Report.objects.create(period=later, unit=tree.thach_dan, status=ReportStatus.SUBMITTED)
    Report.objects.create(period=past, unit=tree.thach_dan, status=ReportStatus.DRAFT)
    return campaign, (past, next_, later)


def _counts(user):
    return {task.key: task.count for task in user_tasks(user)}


def test_each_role_gets_its_counts(loop, people):
    assert _counts(people.officer) == {"due": 1, "overdue": 1, "returned": 1}
    assert _counts(people.sibling_officer) == {"due": 1, "overdue": 1, "returned": 0}  # its past draft is owed
    assert _counts(people.reviewer)["review"] == 1
    assert "due" not in _counts(people.reviewer)  # a reviewer sends no reports of its own here
    assert _counts(people.other_reviewer)["review"] == 0  # another province's reviewer sees none of these


@pytest.mark.parametrize("status", ["due", "overdue", "returned"])
def test_a_count_is_the_size_of_the_list_its_link_opens(loop, people, client, status):
    (task,) = [t for t in user_tasks(people.sibling_officer) if t.key == status]
    assert task.url == f"{reverse('report_list')}?mstatus={status}#my-reports"
    assert my_reports_page(user=people.sibling_officer, status=status).page.paginator.count == task.count
    client.force_login(people.sibling_officer)
    page = client.get(task.url).content.decode()
    assert page.count("/reports/period/") == task.count


def test_documents_to_sign_or_issue_are_the_drafts_of_ones_own_units(tree, people):
    make_campaign(tree.cao_lau, title="Kế hoạch thi đua của xã", status="draft", number=None)
    make_campaign(tree.thach_dan, title="Kế hoạch của xã bên cạnh", status="draft", number=None)
    make_campaign(tree.cao_lau, title="Đã ban hành", number=12)
    assert _counts(people.clerk)["campaigns"] == 1
    assert _counts(people.leader)["campaigns"] == 1
    assert "campaigns" not in _counts(people.officer)


def test_open_council_sessions(tree, people):
    CouncilSession.objects.create(unit=tree.cao_loc, year=2024, title="Phiên họp", held_on=timezone.localdate())
    CouncilSession.objects.create(unit=tree.van_lang, year=2024, title="Huyện khác", held_on=timezone.localdate())
    (task,) = [t for t in user_tasks(people.council) if t.key == "sessions"]
    assert task.count == 1 and task.url == reverse("council_home", args=[tree.cao_loc.pk])


def test_the_home_page_lists_the_tasks_in_vietnamese_with_links(loop, people, client):
    client.force_login(people.officer)
    page = client.get(reverse("home")).content.decode()
    assert "Báo cáo quá hạn" in page and "Báo cáo bị trả lại" in page
    assert f'href="{reverse("report_list")}?mstatus=overdue#my-reports" data-task="overdue"' in page


def test_the_bell_shows_the_same_counts(loop, people, client):
    client.force_login(people.officer)
    bell = client.get(reverse("notice_bell")).content.decode()
    assert 'data-task="overdue"' in bell and 'data-task="returned"' in bell
    assert 'id="bell-count">3<' in bell  # one due, one overdue, one returned, no unread notice
    assert 'hx-get="/notices/bell/"' in client.get(reverse("home")).content.decode()


def test_the_home_page_costs_the_same_queries_with_more_periods_and_reports(loop, people, client, tree):
    campaign, _periods = loop
    client.force_login(people.reviewer)  # the reviewer's and the officer's tasks both
    sizes = []
    for round_ in range(2):
        for who in (people.officer, people.reviewer):
            client.force_login(who)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("home")).status_code == 200
            sizes.append(len(queries))
        for i in range(3):
            period = _period(campaign, f"Kỳ {round_}-{i}", 5 + i)
            Report.objects.create(period=period, unit=tree.cao_lau, status=ReportStatus.SUBMITTED)
            Report.objects.create(period=period, unit=tree.thach_dan, status=ReportStatus.RETURNED)
    assert sizes[:2] == sizes[2:]


def test_the_drafts_links_open_the_drafts_only(tree, people, client):
    from awards.models import Decision

    assert Decision.objects.count() == 0
    make_campaign(tree.cao_lau, title="Kế hoạch thi đua của xã", status="draft", number=None)
    tasks = {task.key: task for task in user_tasks(people.clerk)}
    client.force_login(people.clerk)
    for key in ("campaigns", "decisions", "summaries"):
        response = client.get(tasks[key].url)
        assert response.status_code == 200, key
    campaigns = client.get(tasks["campaigns"].url).content.decode()
    assert "Kế hoạch thi đua của xã" in campaigns
    assert 'id="drafts-only"' in client.get(tasks["decisions"].url).content.decode()
    assert 'id="drafts-only"' not in client.get(reverse("decision_list")).content.decode()
