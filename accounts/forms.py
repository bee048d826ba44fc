from functools import partial

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.tasks import send_password_reset_email
from accounts.tokens import TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX


class QueuedPasswordResetForm(PasswordResetForm):
    """Hands the e-mail to a Celery worker after the request's transaction commits; the page answers at once and
    says the same whether or not the address is known."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(send_password_reset_email.delay, user.pk))


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for and until when (the service checks the dates)."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the dashboard."))
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Empty: in %(days)s days. At most %(max)s days from today.")
        % {"days": TOKEN_DAYS_DEFAULT, "max": TOKEN_DAYS_MAX},
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}),
    )
