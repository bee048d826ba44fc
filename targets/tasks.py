from celery import shared_task
from django.db import InterfaceError, OperationalError

from targets import exports

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=2, max_retries=5)
def build_assignment_sheet(self, export_id: str):
    """Build one workbook of an assignment grid (targets.exports); a failure is recorded on the export."""
    try:
        export = exports.sheet_export_run(export_id=export_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            exports.sheet_export_fail(export_id=export_id, error=str(exc))
        raise
    except Exception as exc:
        exports.sheet_export_fail(export_id=export_id, error=str(exc))
        raise
    return export.status if export else None
