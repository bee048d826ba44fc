"""The dossier of a nomination (hồ sơ): the proposal, the achievement report, the minutes of the unit's review and
proofs, as files. What a file is, its size limit and its shown name are decided by the one upload pipeline
(uploads.files: the contents are sniffed, programs, macros and anything else refused); files are added and
removed while the nomination is a draft, and always downloaded as attachments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nominations.models import DossierFile, DossierKind, Nomination, NominationStatus
from units.versioning import lock_for_update
from uploads.files import upload_check, upload_delete, upload_store

__all__ = ("dossier_add", "dossier_delete", "dossier_checklist")

ERR_LOCKED = gettext_noop("The dossier is changed only while the nomination is a draft; this one is %(status)s.")
ERR_KIND = gettext_noop("Choose what the file is: proposal, achievement report, minutes or proof.")


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on a field that keeps its code (a dict of plain messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_draft(nomination: Nomination) -> None:
    if nomination.status != NominationStatus.DRAFT:
        raise ValidationError(_(ERR_LOCKED) % {"status": nomination.get_status_display().lower()}, code="locked")


@transaction.atomic
def dossier_add(*, nomination: Nomination, user, kind: str, upload) -> DossierFile:
    """Keep an uploaded file in the dossier. Everything is checked before anything is written: a refused file
    leaves nothing behind."""
    locked = lock_for_update(Nomination, nomination.pk, check=_check_draft)
    if kind not in DossierKind.values:
        raise _field_error("kind", _(ERR_KIND), "kind")
    checked = upload_check(upload)
    item = DossierFile(nomination=locked, kind=kind, uploaded_by=user, **checked.row_fields)
    return upload_store(item, checked)


@transaction.atomic
def dossier_delete(*, item: DossierFile, user) -> None:
    """Remove a file of a draft's dossier; the stored file goes once the removal is committed."""
    lock_for_update(Nomination, item.nomination_id, check=_check_draft)
    upload_delete(item)


def dossier_checklist(nomination: Nomination) -> list[tuple[str, bool]]:
    """What the dossier holds of what the law lists (Luật 2022 Điều 84): each kind with whether it is there. The
    achievement report counts as there when its text is written."""
    present = set(nomination.files.values_list("kind", flat=True))
    if nomination.achievements.strip():
        present.add(DossierKind.ACHIEVEMENTS)
    return [(kind.label, kind.value in present) for kind in DossierKind]
