"""Evidence files of a report: who adds and removes them, and when. What a file is and how it is stored is the one
upload pipeline of every app (uploads.files): checked from its contents before anything is written, stored under a
generated name, shown under the uploaded one, cleaned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from reports import services as report_services
from reports.models import Evidence, Report, ReportStatus
from units.versioning import lock_for_update
from uploads.files import upload_check, upload_delete, upload_store

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)

ERR_STATUS = gettext_noop(
    "Evidence is added or removed only while the report is a draft or returned; this report is %(status)s."
)
ERR_ROLE = gettext_noop("Only the unit's officers, leaders, clerks and administrators add or remove evidence.")


# ------------------------------------------------------------------ the rules


def evidence_check_editable(*, report: Report, user) -> None:
    """Raises ActionRefused without an editing role at the report's unit, ValidationError when the report is
    not a draft or returned, or its period is closed for the unit."""
    permissions.require(user, "report.edit", report.unit, _(ERR_ROLE))
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(_(ERR_STATUS) % {"status": report.get_status_display().lower()}, code="locked")
    if not report_services.period_is_open(period=report.period, unit=report.unit):
        raise ValidationError(
            _(report_services.ERR_CLOSED)
            % {
                "period": report.period.label,
                "date": report_services.period_open_until(period=report.period, unit=report.unit).strftime("%d/%m/%Y"),
                "unit": report.unit.name,
            },
            code="closed",
        )


def evidence_can_edit(*, report: Report, user) -> bool:
    """Whether the report page offers upload and remove (``can_edit`` of templates/reports/evidence/_list.html)."""
    try:
        evidence_check_editable(report=report, user=user)
    except (permissions.ActionRefused, ValidationError):
        return False
    return True


@transaction.atomic
def evidence_add(*, report: Report, user, upload, figure=None) -> Evidence:
    """Keep an uploaded file as evidence of the report (or of one of its figures). ``upload`` is a Django
    UploadedFile (or any File with a name). Everything is checked before anything is written."""
    locked = lock_for_update(Report, report.pk, related=("period", "unit"))
    evidence_check_editable(report=locked, user=user)
    if figure is not None:
        campaign_figures = {f.pk for f in report_services.campaign_figures(locked.period.campaign)}
        if figure.pk not in campaign_figures:
            raise ValidationError({"figure": _(report_services.ERR_UNKNOWN_FIGURE)}, code="figure")
    checked = upload_check(upload)
    evidence = Evidence(
        report=locked,
        figure=figure,
        uploaded_by=user,
        **checked.row_fields,
    )
    return upload_store(evidence, checked)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    """Remove an evidence file; the stored file goes once the removal is committed."""
    locked = lock_for_update(Report, evidence.report_id, related=("period", "unit"))
    evidence_check_editable(report=locked, user=user)
    upload_delete(evidence)


def evidence_prefetch():
    """For the report page: ``Report.objects.prefetch_related(evidence_prefetch())`` gives ``report.evidence.all``
    in upload order with uploader and figure, in one query for the list."""
    from django.db.models import Prefetch

    return Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by", "figure").order_by("pk"))
