"""The targets app: indicators and the targets assigned and registered.

Its models come with the issue that builds it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("Targets")

    def ready(self):
        from targets import tasks  # noqa: F401 - the workbook task, enqueued by name
