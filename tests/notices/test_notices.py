"""Notices (notices.services, views, context processor): rows in the app, one e-mail task per batch after commit
(eager here; through Redis and a real worker with the `worker` mark), the review hooks and who they reach, the pages
and the navbar count."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from notices import services, tasks
from notices.context_processors import unread
from notices.models import Notice
from reports import services as report_services
from reports.models import PeriodKind, report_page_url
from reports.services import ValueInput
from targets.models import Figure
from tests.campaigns.factories import make_campaign
from tests.factories import member

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ notify


def test_notify_creates_a_notice_per_user_and_mails_after_commit(people, django_capture_on_commit_callbacks):
    people.clerk.email = ""
    people.clerk.save()
    people.leader.is_active = False
    people.leader.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notices = services.notify(
            users=[people.officer, people.clerk, people.leader, people.officer.pk],
            text="Báo cáo   6 tháng đã được duyệt.",
            url="/reports/period/1/unit/2/",
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert [n.user for n in notices] == [people.officer, people.clerk]  # each once, active users only
    assert Notice.objects.count() == 2 and notices[0].text == "Báo cáo 6 tháng đã được duyệt."
    (message,) = mail.outbox  # the clerk has no address
    assert message.to == [people.officer.email]
    assert message.subject == _(services.MAIL_SUBJECT) % {"text": "Báo cáo 6 tháng đã được duyệt."}
    assert "Báo cáo 6 tháng đã được duyệt." in message.body
    assert "http://127.0.0.1:8000/reports/period/1/unit/2/" in message.body
    assert "http://127.0.0.1:8000" + reverse("notice_list") in message.body
    assert Notice.objects.get(user=people.officer).emailed_at is not None
    assert Notice.objects.get(user=people.clerk).emailed_at is None


def test_one_task_per_batch_with_the_ids(people, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(tasks.send_notice_emails, "delay", calls.append)
    with django_capture_on_commit_callbacks(execute=True):
        notices = services.notify(users=[people.officer, people.leader, people.clerk], text="Nhắc việc", url="")
    assert calls == [[n.pk for n in notices]]


def test_no_email_when_not_asked(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(users=[people.officer], text="Chỉ trong ứng dụng", url="", email=False)
    assert callbacks == [] and mail.outbox == [] and Notice.objects.count() == 1


def test_nobody_to_notify(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.notify(users=[], text="x", url="") == []
    assert callbacks == []


def test_a_task_run_again_sends_nothing_twice(people):
    notices = services.notify(users=[people.officer, people.leader], text="Nhắc việc", url="", email=False)
    ids = [n.pk for n in notices]
    assert tasks.send_notice_emails.delay(ids).get() == 2
    assert tasks.send_notice_emails.delay(ids).get() == 0
    assert len(mail.outbox) == 2


def test_a_broker_that_is_down_loses_the_mail_not_the_notice(people, django_capture_on_commit_callbacks, monkeypatch):
    def down(ids):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.send_notice_emails, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[people.officer], text="Nhắc việc", url="")
    assert Notice.objects.filter(user=people.officer).exists()


def test_mark_read(people):
    first, second = (services.notify(users=[people.officer], text=t, url="", email=False)[0] for t in "ab")
    other = services.notify(users=[people.leader], text="c", url="", email=False)[0]
    assert services.notice_mark_read(user=people.officer, notice=first) == 1
    assert services.notice_mark_read(user=people.officer, notice=other) == 0  # not theirs
    assert services.notice_mark_read(user=people.officer) == 1
    assert Notice.objects.filter(read_at__isnull=True).get() == other


@pytest.mark.worker
def test_notice_mail_through_redis_and_a_real_worker(people, celery_worker):
    with transaction.atomic():
        notices = services.notify(users=[people.officer, people.leader], text="Báo cáo bị trả lại", url="/notices/")
    deadline = time.monotonic() + 30
    while Notice.objects.filter(pk__in=[n.pk for n in notices], emailed_at__isnull=True).exists():
        assert time.monotonic() < deadline, celery_worker.log.read_text()[-2000:]
        time.sleep(0.2)
    body = "".join(f.read_text() for f in celery_worker.mail_dir.iterdir())
    assert people.officer.email in body and people.leader.email in body
    assert "succeeded" in celery_worker.log.read_text()


# ------------------------------------------------------------------ the review hooks


@pytest.fixture
def report(tree, people):
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    period = report_services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    report = report_services.report_for(period=period, unit=tree.cao_lau)
    figures = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk")
    return report_services.report_save(
        report=report,
        user=people.officer,
        expected_version=report.version,
        values=[ValueInput(figure_id=f.pk, value=Decimal(1200)) for f in figures],
    )


def test_a_submission_reaches_the_reviewers_of_the_nearest_unit_above(report, people, tree):
    province_reviewer = member(tree.lang_son, Role.REVIEWER, username="noivu.langson")
    second = member(tree.cao_loc, Role.REVIEWER, username="noivu2.caoloc")
    report = report_services.report_submit(report=report, user=people.officer, expected_version=report.version)
    notices = services.report_submitted_notify(report)
    assert {n.user for n in notices} == {people.reviewer, second}  # not the province, nor Hiệp Hòa's reviewer
    assert province_reviewer not in {n.user for n in notices}
    assert "Xã Cao Lâu" in notices[0].text and "6 tháng đầu năm 2024" in notices[0].text
    assert notices[0].url == report_page_url(period_id=report.period_id, unit_id=report.unit_id)


def test_without_a_district_reviewer_the_province_reviews(report, people, tree):
    province_reviewer = member(tree.lang_son, Role.REVIEWER, username="noivu.langson")
    people.reviewer.memberships.all().delete()
    notices = services.report_submitted_notify(report)
    assert [n.user for n in notices] == [province_reviewer]


def test_return_and_approval_reach_the_units_officers_leaders_and_clerks(
    report, people, django_capture_on_commit_callbacks
):
    report = report_services.report_submit(report=report, user=people.officer, expected_version=report.version)
    report = report_services.report_return(
        report=report, user=people.reviewer, expected_version=report.version, reason="Thiếu minh chứng."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notices = services.report_returned_notify(report)
    assert {n.user for n in notices} == {people.officer, people.leader, people.clerk}
    words = {"unit": "Xã Cao Lâu", "period": "6 tháng đầu năm 2024", "reason": "Thiếu minh chứng."}
    words["campaign"] = str(report.period.campaign)
    assert notices[0].text == _(services.TEXT_RETURNED) % words
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (people.officer, people.leader, people.clerk)
    )

    report = report_services.report_submit(report=report, user=people.officer, expected_version=report.version)
    report = report_services.report_approve(report=report, user=people.reviewer, expected_version=report.version)
    notices = services.report_approved_notify(report)
    assert {n.user for n in notices} == {people.officer, people.leader, people.clerk}
    assert notices[0].text == _(services.TEXT_APPROVED) % words


def test_a_return_with_only_figure_reasons(report, people):
    report = report_services.report_submit(report=report, user=people.officer, expected_version=report.version)
    figure = Figure.objects.filter(indicator__section__campaign=report.period.campaign).first()
    report = report_services.report_return(
        report=report,
        user=people.reviewer,
        expected_version=report.version,
        reason="",
        figure_reasons={figure.pk: "Sai"},
    )
    notices = services.report_returned_notify(report)
    assert "%(" not in notices[0].text and "Xã Cao Lâu" in notices[0].text


def test_hooks_import_from_reports_services_without_a_cycle():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.test'); django.setup(); "
        "import reports.services, notices.services, reports.evidence"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, check=False).returncode == 0
    code = code.replace("import reports.services, notices.services", "import notices.services, reports.services")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, check=False).returncode == 0


# ------------------------------------------------------------------ pages and the navbar count


def test_my_notices_unread_first_and_mark_all_read(client, people):
    old = services.notify(users=[people.officer], text="Cũ, chưa đọc", url="", email=False)[0]
    read = services.notify(users=[people.officer], text="Mới, đã đọc", url="", email=False)[0]
    read_first = services.notify(users=[people.officer], text="Mới nhất, đã đọc", url="", email=False)[0]
    services.notice_mark_read(user=people.officer, notice=read_first)
    services.notice_mark_read(user=people.officer, notice=read)
    services.notify(users=[people.leader], text="Của người khác", url="", email=False)
    client.force_login(people.officer)
    html = client.get(reverse("notice_list")).content.decode()
    assert html.index("Cũ, chưa đọc") < html.index("Mới nhất, đã đọc") < html.index("Mới, đã đọc")
    assert "Của người khác" not in html
    assert "INVALID[" not in html
    response = client.post(reverse("notice_read_all"))
    assert response.status_code == 302 and response["Location"] == reverse("notice_list")
    old.refresh_from_db()
    assert old.read_at is not None
    assert Notice.objects.filter(user=people.leader, read_at__isnull=True).exists()


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, people, tree):
    url = reverse("unit_detail", kwargs={"pk": tree.cao_lau.pk})
    notice = services.notify(users=[people.officer], text="Mở", url=url, email=False)[0]
    client.force_login(people.leader)
    assert client.post(reverse("notice_open", kwargs={"pk": notice.pk})).status_code == 404  # not theirs
    client.force_login(people.officer)
    assert client.get(reverse("notice_open", kwargs={"pk": notice.pk})).status_code == 405  # nothing changes on GET
    notice.refresh_from_db()
    assert notice.read_at is None
    response = client.post(reverse("notice_open", kwargs={"pk": notice.pk}))
    assert response.status_code == 302 and response["Location"] == url
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_never_sends_off_site(client, people):
    notice = services.notify(users=[people.officer], text="x", url="https://evil.example/", email=False)[0]
    client.force_login(people.officer)
    response = client.post(reverse("notice_open", kwargs={"pk": notice.pk}))
    assert response["Location"] == reverse("notice_list")


def test_the_unread_count_is_lazy_and_counted_once(people, django_assert_num_queries):
    services.notify(users=[people.officer, people.leader], text="a", url="", email=False)
    services.notify(users=[people.officer], text="b", url="", email=False)
    request = RequestFactory().get("/")
    request.user = people.officer
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notices"]) == "2" and context["unread_notices"] and context["unread_notices"] > 1
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert unread(request) == {}


PAGES = [
    # url name, whose notice (for notice_open), expected per subject: anon, officer, leader, clerk, sibling_officer,
    # reviewer, council, province_admin, other_reviewer, superuser
    ("notice_list", None, (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("notice_read_all", None, (302, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    ("notice_open", "officer", (302, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
]
SUBJECTS = (
    "anon",
    "officer",
    "leader",
    "clerk",
    "sibling_officer",
    "reviewer",
    "council",
    "province_admin",
    "other_reviewer",
    "superuser",
)


@pytest.mark.parametrize(
    ("name", "owner", "subject", "status"),
    [(n, o, s, st) for n, o, row in PAGES for s, st in zip(SUBJECTS, row, strict=True)],
)
def test_permission_matrix_rows(client, people, tree, name, owner, subject, status):
    kwargs = {}
    if owner:
        url = reverse("unit_detail", kwargs={"pk": tree.cao_lau.pk})
        kwargs["pk"] = services.notify(users=[getattr(people, owner)], text="x", url=url, email=False)[0].pk
    if subject != "anon":
        client.force_login(getattr(people, subject))
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == status
    if subject == "anon":
        assert "/login/" in response["Location"]
