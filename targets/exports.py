"""The whole assignment grid as a workbook, built where it can be: in the request for a grid of up to
``IN_REQUEST_CELLS`` cells, else by a Celery worker (targets.tasks), with a page that waits for it. The task takes the
export's id; running it twice finds it done."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import Participation
from config.celery_app import enqueue
from documents.models import JobStatus
from targets.excel import assignment_sheet_build
from targets.models import Figure, SheetExport

logger = logging.getLogger(__name__)

# About 2 s of openpyxl: a province's grid (124 communes × 40 figures) is built in the request, the country's is not.
IN_REQUEST_CELLS = 20_000

ERR_QUEUE = gettext_noop(
    "The request could not be handed to the background worker (the queue did not answer). It is kept: press Retry."
)
ERR_BUILD = gettext_noop("The workbook could not be built: %(error)s")


def assignment_cells(campaign) -> int:
    """The cells of the whole grid: participating units × figures (two counts)."""
    units = Participation.objects.filter(campaign=campaign).count()
    return units * Figure.objects.filter(indicator__section__campaign=campaign).count()


def _enqueue(export_id) -> None:
    try:
        enqueue("targets.tasks.build_assignment_sheet", str(export_id))
    except Exception as exc:  # noqa: BLE001 - a broker that is down must not turn into a server error
        logger.warning("could not enqueue assignment workbook %s: %s", export_id, exc)
        SheetExport.objects.filter(pk=export_id, status=JobStatus.QUEUED).update(error=_(ERR_QUEUE))


def sheet_export_start(*, campaign, user) -> SheetExport:
    """A queued export of the campaign's grid; the worker gets it once the request's transaction has committed."""
    export = SheetExport.objects.create(campaign=campaign, created_by=user)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def sheet_export_retry(*, export: SheetExport) -> SheetExport:
    if export.status in (JobStatus.QUEUED, JobStatus.FAILED):
        SheetExport.objects.filter(pk=export.pk).update(status=JobStatus.QUEUED, error="")
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def sheet_export_run(*, export_id) -> SheetExport | None:
    """Build the workbook of the grid as it stands now and store it. Idempotent: a done export is left as it is."""
    export = SheetExport.objects.select_related("campaign__issuing_unit", "campaign__doc_type").filter(pk=export_id)
    export = export.first()
    if export is None or export.status == JobStatus.DONE:
        return export
    SheetExport.objects.filter(pk=export.pk).update(status=JobStatus.RUNNING, error="")
    content = assignment_sheet_build(campaign=export.campaign)
    with transaction.atomic():
        export.file.save(f"giao-chi-tieu-{export.campaign_id}.xlsx", ContentFile(content), save=False)
        SheetExport.objects.filter(pk=export.pk).update(status=JobStatus.DONE, file=export.file.name)
    export.refresh_from_db()
    return export


def sheet_export_fail(*, export_id, error: str) -> None:
    SheetExport.objects.filter(pk=export_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=_(ERR_BUILD) % {"error": error}
    )
