"""Notices to users: in the app and by e-mail when a report is submitted, returned or approved, and reminders before
due dates sent by Celery beat."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # The e-mail and reminder tasks, enqueued by name.
        from notices import tasks  # noqa: F401
