"""Notices: in the app at once, by e-mail from a Celery task enqueued after the transaction commits (one task per
batch, taking ids). The review hooks that reports.services calls, and the due-date reminders that Celery beat runs
every morning."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from accounts.models import Membership, Role, User
from campaigns.models import CampaignStatus, Participation
from config.celery_app import enqueue
from notices.models import Notice, ReminderSent
from reports.models import Period, Report, ReportStatus, report_page_url

logger = logging.getLogger(__name__)

TEXT_MAX_LENGTH = 1000
REMINDER_DAYS = (7, 3, 1)  # reminders go this many days before a period's due date
REMINDER_TASK = "notices.tasks.send_due_reminders"
REMINDER_TASK_NAME = "Nhắc hạn gửi báo cáo (7, 3 và 1 ngày trước hạn)"
REMINDER_HOUR = 7  # every day at 07:00, Asia/Ho_Chi_Minh
REMINDER_TIMEZONE = "Asia/Ho_Chi_Minh"

TEXT_SUBMITTED = gettext_noop("%(unit)s submitted its report for %(period)s (%(campaign)s); it waits for review.")
TEXT_RETURNED = gettext_noop("The report of %(unit)s for %(period)s (%(campaign)s) was returned: %(reason)s")
TEXT_RETURNED_FIGURES = gettext_noop(
    "The report of %(unit)s for %(period)s (%(campaign)s) was returned: see the reasons given on its figures."
)
TEXT_APPROVED = gettext_noop("The report of %(unit)s for %(period)s (%(campaign)s) was approved.")
TEXT_REMINDER_ONE = gettext_noop(
    "Reminder: the report of %(unit)s for %(period)s (%(campaign)s) is due on %(date)s, in %(days)s day."
)
TEXT_REMINDER_MANY = gettext_noop(
    "Reminder: the report of %(unit)s for %(period)s (%(campaign)s) is due on %(date)s, in %(days)s days."
)
MAIL_SUBJECT = gettext_noop("Thi đua: %(text)s")
MAIL_BODY = gettext_noop(
    "Dear %(name)s,\n\n%(text)s\n\n%(link)s\n\nAll your notices: %(notices)s\n\nThis e-mail was sent by the Thi đua "
    "system; please do not reply to it."
)


# ------------------------------------------------------------------ notices


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _enqueue_emails(notice_ids: list[int]) -> None:
    try:
        enqueue("notices.tasks.send_notice_emails", notice_ids)
    except Exception as exc:  # noqa: BLE001 - a broker that is down must not undo or fail what was committed
        logger.warning("could not enqueue the e-mails of notices %s: %s", notice_ids, exc)


def _deliver(notices: list[Notice], *, email: bool) -> list[Notice]:
    """Store the notices; after commit, one task e-mails those whose user has an address."""
    created = Notice.objects.bulk_create(notices)
    if email:
        with_address = [n.pk for n in created if n.user.email]
        if with_address:
            transaction.on_commit(lambda: _enqueue_emails(with_address))
    return created


def _users(users: Iterable) -> list[User]:
    """Active users, each once, in the order given; ids are accepted too."""
    given = list(users)
    ids = [u if isinstance(u, int) else u.pk for u in given]
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}
    seen, result = set(), []
    for pk in ids:
        if pk in found and pk not in seen:
            seen.add(pk)
            result.append(found[pk])
    return result


def notify(*, users: Iterable, text: str, url: str = "", email: bool = True) -> list[Notice]:
    """One notice per active user (each once); with ``email``, a single task enqueued on commit e-mails the ones
    that have an address."""
    text = Truncator(" ".join(text.split())).chars(TEXT_MAX_LENGTH)
    notices = [Notice(user=user, text=text, url=url) for user in _users(users)]
    return _deliver(notices, email=email) if notices else []


def notice_mark_read(*, user, notice: Notice | None = None) -> int:
    """Mark one of the user's notices read, or all of them; the number marked."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice is not None:
        unread = unread.filter(pk=notice.pk)
    return unread.update(read_at=timezone.now())


def notice_emails_send(*, notice_ids: list[int]) -> int:
    """E-mail the notices not yet e-mailed whose user is active and has an address; the number sent. Each is marked
    as soon as it went out, so a run after a failure sends only the rest."""
    notices = list(
        Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    if not notices:
        return 0
    sent = 0
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for notice in notices:
            subject = _(MAIL_SUBJECT) % {"text": Truncator(notice.text).chars(120)}
            body = _(MAIL_BODY) % {
                "name": notice.user.get_full_name(),
                "text": notice.text,
                "link": _absolute(notice.url) if notice.url else "",
                "notices": _absolute(reverse("notice_list")),
            }
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [notice.user.email], connection=connection
            )
            message.send()
            Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


# ------------------------------------------------------------------ the review of reports


def _report_url_for(period_id: int, unit_id: int) -> str:
    return report_page_url(period_id=period_id, unit_id=unit_id)


def _report_url(report) -> str:
    return _report_url_for(report.period_id, report.unit_id)


def _report_words(report) -> dict:
    return {
        "unit": report.unit.name,
        "period": report.period.label,
        "campaign": Truncator(str(report.period.campaign)).chars(200),
    }


def _unit_staff(unit_ids, roles) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(unit_id__in=unit_ids, role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def reviewers_above(unit) -> list[User]:
    """The reviewers of the nearest unit above ``unit`` that has any: Huyện Cao Lộc's for Xã Cao Lâu; the
    province's where the district has none (and for the communes of the two-tier list)."""
    above = unit.ancestor_paths()
    memberships = (
        Membership.objects.filter(role=Role.REVIEWER, unit__path__in=above, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id")
    )
    by_path = defaultdict(list)
    for membership in memberships:
        by_path[membership.unit.path].append(membership.user)
    return by_path[max(by_path, key=len)] if by_path else []


def report_submitted_notify(report) -> list[Notice]:
    """To the reviewers above the report's unit: a report waits for them."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(TEXT_SUBMITTED) % _report_words(report)
    return notify(users=reviewers_above(report.unit), text=text, url=_report_url(report))


def _to_unit_staff(report, text: str) -> list[Notice]:
    users = _unit_staff([report.unit_id], permissions.roles_for("report.notified"))
    return notify(users=users, text=text, url=_report_url(report))


def report_returned_notify(report) -> list[Notice]:
    """To the officers, leaders and clerks of the report's unit: returned, with the reason."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = " ".join(report.return_reason.split())
        words = {**_report_words(report), "reason": Truncator(reason).chars(500)}
        text = _(TEXT_RETURNED) % words if reason else _(TEXT_RETURNED_FIGURES) % words
    return _to_unit_staff(report, text)


def report_approved_notify(report) -> list[Notice]:
    """To the officers, leaders and clerks of the report's unit: approved."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(TEXT_APPROVED) % _report_words(report)
    return _to_unit_staff(report, text)


# ------------------------------------------------------------------ reminders before due dates


def _threshold(days_left: int) -> int | None:
    """The reminder that is due when the due date is ``days_left`` days away: 7 from 7 down to 4 days, 3 from 3 to
    2, 1 on the day before. A day beat missed is caught up the next run, and no reminder is sent twice."""
    fitting = [n for n in REMINDER_DAYS if n >= days_left]
    return min(fitting) if fitting and days_left > 0 else None


def reminders_already_sent(periods) -> set[tuple[int, int, int]]:
    """(period id, unit id, days before) of the reminders recorded for these periods."""
    return set(ReminderSent.objects.filter(period__in=periods).values_list("period_id", "unit_id", "days_before"))


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the officers of every participating unit whose report is not yet submitted (or was returned) that
    the period's due date is near: once per (period, unit, reminder). All in one transaction with one e-mail task;
    a run that meets another one's rows sends nothing. Returns the number of reminders recorded."""
    today = today or timezone.localdate()
    periods = list(
        Period.objects.filter(
            due_on__gt=today,
            due_on__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)),
            campaign__status=CampaignStatus.ISSUED,
        ).select_related("campaign", "campaign__doc_type")
    )
    if not periods:
        return 0
    units_of = defaultdict(list)
    participations = Participation.objects.filter(campaign_id__in={p.campaign_id for p in periods})
    for participation in participations.select_related("unit"):
        units_of[participation.campaign_id].append(participation.unit)
    done = set(
        Report.objects.filter(
            period__in=periods, status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED)
        ).values_list("period_id", "unit_id")
    )
    sent = reminders_already_sent(periods)
    due = []  # (period, unit, days_before, days_left)
    for period in periods:
        days_left = (period.due_on - today).days
        threshold = _threshold(days_left)
        for unit in units_of[period.campaign_id]:
            if threshold and (period.pk, unit.pk) not in done and (period.pk, unit.pk, threshold) not in sent:
                due.append((period, unit, threshold, days_left))
    if not due:
        return 0
    officers = defaultdict(list)
    for membership in Membership.objects.filter(
        unit_id__in={unit.pk for _p, unit, _t, _d in due}, role=Role.OFFICER, user__is_active=True
    ).select_related("user"):
        officers[membership.unit_id].append(membership.user)
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for period, unit, _threshold_days, days_left in due:
            words = {
                "unit": unit.name,
                "period": period.label,
                "campaign": Truncator(str(period.campaign)).chars(200),
                "date": period.due_on.strftime("%d/%m/%Y"),
                "days": days_left,
            }
            text = _(TEXT_REMINDER_ONE if days_left == 1 else TEXT_REMINDER_MANY) % words
            url = _report_url_for(period.pk, unit.pk)
            notices += [Notice(user=user, text=text, url=url) for user in officers[unit.pk]]
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [ReminderSent(period=period, unit=unit, days_before=days) for period, unit, days, _d in due]
            )
            if notices:
                _deliver(notices, email=True)
    except IntegrityError:
        logger.info("due reminders of %s were sent by another run", today)
        return 0
    return len(due)


def reminders_schedule_ensure():
    """The daily beat entry (django-celery-beat) that runs ``send_due_reminders`` at 07:00 Vietnam time. Created
    once; an entry that exists is left as an administrator may have changed it. Returns (task, created)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    existing = PeriodicTask.objects.filter(name=REMINDER_TASK_NAME).first()
    if existing is not None:
        return existing, False
    schedule = CrontabSchedule.objects.filter(
        minute="0",
        hour=str(REMINDER_HOUR),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=REMINDER_TIMEZONE,
    ).first() or CrontabSchedule.objects.create(
        minute="0",
        hour=str(REMINDER_HOUR),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=REMINDER_TIMEZONE,
    )
    task = PeriodicTask.objects.create(name=REMINDER_TASK_NAME, task=REMINDER_TASK, crontab=schedule, enabled=True)
    return task, True
