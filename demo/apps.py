"""The demo data of `make run` (``python manage.py load_demo``): the project-level orchestration of every app's own
``demo.py``, above all of them, so that no app imports the demo of an app above it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Demo data")
