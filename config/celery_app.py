"""Celery application: settings come from Django's, under the ``CELERY_`` namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue(name: str, *args):
    """Send the task registered under ``name`` (its module path, e.g. "documents.tasks.render_document"): a service
    enqueues its task without importing the tasks module, which imports the service. Each app's AppConfig.ready()
    imports its tasks, so the name is registered in every process."""
    return app.tasks[name].delay(*args)
