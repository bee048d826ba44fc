"""The dossier of a nomination (hồ sơ): the proposal, the achievement report, the minutes of the unit's review and
proofs, as files. What a file is, its size limit and its shown name are decided by the evidence rules of the reports
(reports.evidence: the contents are sniffed, programs, macros and anything else refused); files are added and
removed while the nomination is a draft, and always downloaded as attachments."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nominations.models import DossierFile, DossierKind, Nomination, NominationStatus
from reports import evidence
from reports.evidence import (
    ERR_EMPTY,
    ERR_NO_FILE,
    ERR_TOO_LARGE,
    Refused,
    _sha256,
    _size,
    clean_name,
    limit_in_mb,
    shown_name,
    sniff,
)

__all__ = ("dossier_add", "dossier_delete", "dossier_checklist")

ERR_LOCKED = gettext_noop("The dossier is changed only while the nomination is a draft; this one is %(status)s.")
ERR_KIND = gettext_noop("Choose what the file is: proposal, achievement report, minutes or proof.")


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on a field that keeps its code (a dict of plain messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _lock_draft(nomination: Nomination) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != NominationStatus.DRAFT:
        raise ValidationError(_(ERR_LOCKED) % {"status": locked.get_status_display().lower()}, code="locked")
    return locked


@transaction.atomic
def dossier_add(*, nomination: Nomination, user, kind: str, upload) -> DossierFile:
    """Keep an uploaded file in the dossier. Everything is checked before anything is written: a refused file
    leaves nothing behind."""
    locked = _lock_draft(nomination)
    if kind not in DossierKind.values:
        raise _field_error("kind", _(ERR_KIND), "kind")
    if upload is None:
        raise _field_error("file", _(ERR_NO_FILE), "required")
    name = clean_name(getattr(upload, "name", ""))
    size = _size(upload)
    if size > evidence.MAX_BYTES:  # read at call time: one limit, the evidence files'
        raise _field_error("file", _(ERR_TOO_LARGE) % {"name": name, "limit": limit_in_mb()}, "too_large")
    if size == 0:
        raise _field_error("file", _(ERR_EMPTY) % {"name": name}, "empty")
    try:
        file_kind = sniff(upload)
    except Refused as refused:
        raise _field_error("file", _(refused.message) % {"name": name}, "type") from None
    digest = _sha256(upload)
    upload.seek(0)
    item = DossierFile(
        nomination=locked,
        kind=kind,
        name=shown_name(getattr(upload, "name", ""), file_kind),
        size=size,
        content_type=file_kind.content_type,
        sha256=digest,
        uploaded_by=user,
    )
    try:
        item.file.save(f"{uuid.uuid4().hex}{file_kind.extension}", upload, save=False)
        item.save()
    except BaseException:
        if item.file.name:
            item.file.storage.delete(item.file.name)
        raise
    return item


@transaction.atomic
def dossier_delete(*, item: DossierFile, user) -> None:
    """Remove a file of a draft's dossier; the stored file goes once the removal is committed."""
    _lock_draft(item.nomination)
    storage, stored = item.file.storage, item.file.name
    item.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def dossier_checklist(nomination: Nomination) -> list[tuple[str, bool]]:
    """What the dossier holds of what the law lists (Luật 2022 Điều 84): each kind with whether it is there. The
    achievement report counts as there when its text is written."""
    present = set(nomination.files.values_list("kind", flat=True))
    if nomination.achievements.strip():
        present.add(DossierKind.ACHIEVEMENTS)
    return [(kind.label, kind.value in present) for kind in DossierKind]
