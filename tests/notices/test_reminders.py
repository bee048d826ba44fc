"""Due-date reminders (notices.services.reminders_send, the beat task and its schedule): the officers of the units
that have not submitted are reminded 7, 3 and 1 days before the due date, once each, in the app and by e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import Role
from notices import services, tasks
from notices.models import Notice, ReminderSent
from reports import services as report_services
from reports.models import PeriodKind, ReportStatus
from tests.campaigns.factories import make_campaign
from tests.factories import member

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 23)


@pytest.fixture
def period(tree, people):
    """Huyện Cao Lộc's campaign over Cao Lâu, Thạch Đạn and Hoàng Việt, due a week after TODAY; Thạch Đạn has
    submitted."""
    campaign = make_campaign(
        tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan, tree.hoang_viet]
    )
    period = report_services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=TODAY + datetime.timedelta(days=7),
    )
    report_services.report_for(period=period, unit=tree.cao_lau)  # a draft
    submitted = report_services.report_for(period=period, unit=tree.thach_dan)
    submitted.status = ReportStatus.SUBMITTED
    submitted.save()
    return period


def _reminder_text(period, unit: str, days: int) -> str:
    words = {"unit": unit, "period": period.label, "campaign": str(period.campaign), "date": "30/06/2024", "days": days}
    return _(services.TEXT_REMINDER_ONE if days == 1 else services.TEXT_REMINDER_MANY) % words


def _run(day_offset: int, capture) -> int:
    with capture(execute=True):
        return services.reminders_send(today=TODAY + datetime.timedelta(days=day_offset))


def test_reminders_go_7_3_and_1_days_before_once_each(period, people, tree, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    assert _run(0, capture) == 2  # Cao Lâu (draft) and Hoàng Việt (no report yet); Thạch Đạn submitted
    (notice,) = Notice.objects.all()  # Hoàng Việt has no officer: recorded, nobody to tell
    assert notice.user == people.officer  # the officer only, not the leader or the clerk
    assert notice.text == _reminder_text(period, "Xã Cao Lâu", 7)
    assert [m.to for m in mail.outbox] == [[people.officer.email]]
    assert _run(0, capture) == 0  # the same day again: nothing
    for offset in (1, 2, 3):  # 6, 5, 4 days before: the 7-day reminder went already
        assert _run(offset, capture) == 0
    assert _run(4, capture) == 2  # 3 days before
    assert _run(5, capture) == 0
    assert _run(6, capture) == 2  # the day before
    assert _run(7, capture) == 0  # the due date itself: late now, not reminded
    assert set(ReminderSent.objects.filter(unit=tree.cao_lau).values_list("days_before", flat=True)) == {7, 3, 1}
    assert Notice.objects.count() == 3 and len(mail.outbox) == 3


def test_a_missed_day_is_caught_up(period, people, django_capture_on_commit_callbacks):
    assert _run(2, django_capture_on_commit_callbacks) == 2  # beat was down 7 and 6 days before
    assert Notice.objects.get().text == _reminder_text(period, "Xã Cao Lâu", 5)
    assert ReminderSent.objects.filter(days_before=7).count() == 2


def test_a_returned_report_is_reminded_a_submitted_or_approved_one_is_not(
    period, people, tree, django_capture_on_commit_callbacks
):
    officer = member(tree.thach_dan, Role.OFFICER, username="canbo2.thachdan")
    period.reports.filter(unit=tree.thach_dan).update(status=ReportStatus.RETURNED)
    period.reports.filter(unit=tree.cao_lau).update(status=ReportStatus.APPROVED)
    _run(0, django_capture_on_commit_callbacks)
    assert {n.user for n in Notice.objects.all()} == {people.sibling_officer, officer}


def test_drafts_and_closed_campaigns_remind_nobody(period, django_capture_on_commit_callbacks):
    period.campaign.status = "draft"
    period.campaign.save()
    assert _run(0, django_capture_on_commit_callbacks) == 0
    period.campaign.status = "closed"
    period.campaign.save()
    assert _run(0, django_capture_on_commit_callbacks) == 0


def test_a_run_that_meets_another_sends_nothing(period, monkeypatch, django_capture_on_commit_callbacks):
    assert _run(0, django_capture_on_commit_callbacks) == 2
    monkeypatch.setattr(services, "reminders_already_sent", lambda periods: set())  # it read before the other wrote
    assert _run(0, django_capture_on_commit_callbacks) == 0
    assert Notice.objects.count() == 1 and ReminderSent.objects.count() == 2


def test_the_beat_task(period, people, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services.timezone, "localdate", lambda: TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders.delay().get() == 2
    assert len(mail.outbox) == 1


def test_the_task_is_registered_under_the_scheduled_name():
    from config.celery_app import app

    app.loader.import_default_modules()
    assert services.REMINDER_TASK in app.tasks


def test_setup_reminders_creates_the_daily_entry_once(capsys):
    call_command("setup_reminders")
    call_command("setup_reminders")
    task = PeriodicTask.objects.get(task=services.REMINDER_TASK)
    assert task.enabled and task.crontab.hour == "7" and task.crontab.minute == "0"
    assert task.crontab.day_of_week == "*" and str(task.crontab.timezone) == "Asia/Ho_Chi_Minh"
    assert PeriodicTask.objects.filter(task=services.REMINDER_TASK).count() == 1
    assert CrontabSchedule.objects.count() == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0] != out[1]


def test_setup_reminders_keeps_an_administrators_change():
    task, created = services.reminders_schedule_ensure()
    assert created
    task.crontab = CrontabSchedule.objects.create(minute="30", hour="6", timezone="Asia/Ho_Chi_Minh")
    task.save()
    again, created = services.reminders_schedule_ensure()
    assert not created and again.pk == task.pk and again.crontab.hour == "6"
