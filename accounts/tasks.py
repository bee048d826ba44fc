import smtplib

from celery import shared_task

from accounts import services


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_password_reset_email(self, user_id: int) -> bool:
    return services.password_reset_email_send(user_id=user_id)
