from functools import partial

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from accounts.tasks import send_password_reset_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Hands the e-mail to a Celery worker after the request's transaction commits; the page answers at once and
    says the same whether or not the address is known."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(send_password_reset_email.delay, user.pk))
