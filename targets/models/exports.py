"""A workbook of the whole assignment grid built by a Celery worker: at national size (10,051 units × 40 figures) it
takes longer than a request may (targets.exports)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import JobStatus
from units.models import Timestamped

__all__ = ("SheetExport",)


class SheetExport(Timestamped):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="sheet_exports")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file = models.FileField(upload_to="sheets/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("assignment workbook")
        verbose_name_plural = _("assignment workbooks")

    def __str__(self):
        return f"{self.campaign_id} ({self.status})"
