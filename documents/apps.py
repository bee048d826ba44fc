"""The document engine: official documents rendered to PDF (Nghị định 30 format) by Celery workers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # The issued kind of document, and the render task (enqueued by name).
        from documents import issuing, tasks  # noqa: F401
