import smtplib

from celery import shared_task

from notices import services


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_notice_emails(self, notice_ids: list[int]) -> int:
    """E-mail a batch of notices (ids); those already e-mailed are skipped, so a retry sends only the rest."""
    return services.notice_emails_send(notice_ids=notice_ids)


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Run daily by Celery beat (the PeriodicTask that `manage.py setup_reminders` creates)."""
    return services.reminders_send()
