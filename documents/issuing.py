"""Issuing a document (ban hành): the clerk takes the next number from the unit's register, the date is set, and the
content is frozen as the HTML the PDF is printed from. The PDF then carries the signer's signature image and the
unit's seal, a QR code and short code for the public verification page, and the unit's digital signature (PAdES).

Everything that can refuse an issue is checked before anything changes; the number, the frozen version and the
render job are written in one transaction, so a number is never lost (no gaps) and never given twice (the register
row is locked: two clerks issuing at the same moment get consecutive numbers)."""

import base64
import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import permissions
from accounts.models import User
from campaigns.models import Campaign, CampaignStatus
from campaigns.serialization import campaign_export
from documents import pki, rendering
from documents.models import IssuedDocument, Register, SignatureImage, UnitSigning
from documents.papers import PaperStatus
from documents.services import Renderer, document_job_create, reference_filename, renderer_register
from documents.signing import trust_roots
from units.validity import in_force_check
from units.versioning import lock_for_update, version_check

ERR_NO_SIGNER = gettext_noop(
    "Nothing was issued: the document has no signer. Fill in the signer's title and name in the header first."
)
ERR_NO_REGISTER = gettext_noop(
    "Nothing was issued: %(unit)s has not opened its register of outgoing documents for %(year)s. "
    "A clerk or an administrator opens it on the Registers page first."
)
ERR_SIGNER_ROLE = gettext_noop("%(name)s is not a leader of %(unit)s and cannot sign its documents.")
ERR_NOT_DRAFT = gettext_noop("Only a draft is issued; this document has already been issued.")
ERR_REGISTER_OPEN = gettext_noop("The register of %(unit)s for %(year)s is already open.")
ERR_REGISTER_YEAR = gettext_noop("A register is opened for a year between %(low)s and %(high)s.")
ERR_REGISTER_BELOW = gettext_noop(
    "The last number given cannot be lower than %(number)s: that number of %(year)s is already in the system."
)
ERR_ISSUE_FUTURE = gettext_noop("A document is not issued with a date in the future.")
REASON_ISSUED = gettext_noop("Issued as %(reference)s")

SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 45, 25  # mm; static/css/nd30.css .ky-anh
# Crockford's base 32 without I, L, O, U: nothing to misread when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Stamp:
    """What an issued copy prints beyond the text: images as data: URIs, so the frozen HTML holds everything."""

    code: str
    verify_url: str
    qr_uri: str
    signature_uri: str = ""
    seal_uri: str = ""
    seal_mm: int = 35

    # The signature sits in a box SIGNATURE_WIDTH × SIGNATURE_HEIGHT mm centred between the title and the name;
    # the seal, at real size, covers the left third of it, centred on it vertically (Nghị định 30, Điều 33.1).
    @property
    def seal_left_mm(self) -> float:
        return round(SIGNATURE_WIDTH / 3 - self.seal_mm, 2)

    @property
    def seal_top_mm(self) -> float:
        return round((SIGNATURE_HEIGHT - self.seal_mm) / 2, 2)


# ------------------------------------------------------------------ registers


def register_highest_used(*, unit, year: int) -> int:
    """The highest number the unit has used in the year: issued here, or entered with a document (the seeds)."""
    issued = IssuedDocument.objects.filter(unit=unit, register__year=year).aggregate(m=Max("number"))["m"] or 0
    entered = (
        Campaign.objects.filter(issuing_unit=unit, issued_on__year=year, number__isnull=False).aggregate(
            m=Max("number")
        )["m"]
        or 0
    )
    return max(issued, entered)


def register_open(*, unit, year: int, user, last_number: int | None = None, past: bool = False) -> Register:
    """Open the unit's register for a year. ``last_number`` is the last number already given on paper this year;
    by default the highest one the system knows. It cannot be lower than a number in the system. A clerk opens one
    for last year, this year or next; ``past`` lifts that for a year of history recorded now (the demo's 2025)."""
    today = timezone.localdate()
    if not past and not today.year - 1 <= year <= today.year + 1:
        raise ValidationError({"year": _(ERR_REGISTER_YEAR) % {"low": today.year - 1, "high": today.year + 1}})
    if unit.valid_until is not None and year > unit.valid_until.year:  # a ceased unit issues nothing that year
        in_force_check(unit, datetime.date(year, 1, 1), field="year")
    used = register_highest_used(unit=unit, year=year)
    if last_number is None:
        last_number = used
    if last_number < used:
        raise ValidationError({"last_number": _(ERR_REGISTER_BELOW) % {"number": used, "year": year}})
    try:
        with transaction.atomic():
            return Register.objects.create(unit=unit, year=year, last_number=last_number, opened_by=user)
    except IntegrityError:
        raise ValidationError({"year": _(ERR_REGISTER_OPEN) % {"unit": unit.name, "year": year}}) from None


def _take_number(*, unit, year: int) -> tuple[Register, int]:
    """The next number of the register, the row locked until the issuing transaction ends."""
    register = Register.objects.select_for_update().filter(unit=unit, year=year).first()
    if register is None:
        raise ValidationError(_(ERR_NO_REGISTER) % {"unit": unit.name, "year": year}, code="no_register")
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register, register.last_number


# ------------------------------------------------------------------ the stamp


def new_code() -> str:
    """'K7M2-9QXA': 40 random bits, grouped for reading aloud."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What a person types ('k7m2 9qxa', 'K7M29QXA', 'k7m2-9qxo') as the stored code."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    raw = raw.replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify_code", kwargs={"code": code})


def image_data_uri(field_file) -> str:
    if not field_file:
        return ""
    with field_file.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode("ascii")


def stamp_build(*, code: str, unit, signer) -> Stamp:
    import segno

    signing = UnitSigning.objects.filter(unit=unit).first()
    signature = SignatureImage.objects.filter(user=signer).first() if signer is not None else None
    url = verify_url(code)
    return Stamp(
        code=code,
        verify_url=url,
        qr_uri=segno.make(url, error="m").svg_data_uri(scale=1, border=0, unit="mm", dark="#000"),
        signature_uri=image_data_uri(signature.image) if signature else "",
        # The seal is pressed over the signature (Decree 30): with no signature there is nothing to seal.
        seal_uri=image_data_uri(signing.seal) if signing and signature else "",
        seal_mm=signing.seal_diameter_mm if signing else 35,
    )


# ------------------------------------------------------------------ issuing a document (a campaign, a report…)


def _check_signer(*, signer, unit) -> None:
    """Only a leader of the unit itself signs its documents: not a leader of a unit above, not a superuser."""
    if signer is not None and not signers_for(unit=unit).filter(pk=signer.pk).exists():
        raise ValidationError({"signer": _(ERR_SIGNER_ROLE) % {"name": signer, "unit": unit.name}})


def signers_for(*, unit):
    """The users who may sign for the unit: the active holders of a signing role at that very unit (a commune's
    documents are signed by the commune's chairman or deputy, never by the district's)."""
    return (
        User.objects.filter(
            is_active=True, memberships__role__in=permissions.roles_for("document.sign"), memberships__unit=unit
        )
        .distinct()
        .order_by("full_name", "username")
    )


@dataclass(frozen=True)
class Issuable:
    """What differs between the kinds of document issued through ``document_issue``. Every subject has ``version``,
    ``status``, ``number``, ``issued_on``, ``reference``, ``title``, ``issuing_body``, ``signer_name`` and
    ``signature_lines``; the rest is read through these callables."""

    model: type
    draft: str  # the status value of a draft
    issued: str  # the status value once issued
    unit: Callable  # (subject) -> the issuing Unit
    doc_type: Callable  # (subject) -> the type's name, e.g. "Báo cáo"
    html: Callable  # (subject, stamp) -> the HTML the PDF prints from
    snapshot: Callable  # (subject) -> a JSON-able copy of the content
    before_save: Callable | None = None  # (subject, user) -> None: e.g. the history's user and reason


@transaction.atomic
def document_issue(*, subject, kind: Issuable, user, expected_version: int, signer=None, on=None):
    """Issue a draft: check it, take the next number of its unit's register (row locked), set the date (today; ``on``
    for a document issued earlier on paper and recorded now, as the demo's history is), mark it issued, freeze its
    HTML with the stamp, then queue the signed PDF. Returns (IssuedDocument, DocumentJob).
    Refused with a ValidationError before anything changes, among others when the issuing unit does not exist on the
    date (a commune merged on 1/7/2025 issues nothing after it; the message names its successor)."""
    locked = lock_for_update(kind.model, subject.pk)
    if locked.status != kind.draft:
        raise ValidationError(_(ERR_NOT_DRAFT), code="not_draft")
    version_check(locked, expected_version)
    unit = kind.unit(locked)
    if not locked.signer_name.strip() or not locked.signature_lines:
        raise ValidationError(_(ERR_NO_SIGNER), code="no_signer")
    _check_signer(signer=signer, unit=unit)
    issued_on = on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError(_(ERR_ISSUE_FUTURE), code="future")
    in_force_check(unit, issued_on)
    register, number = _take_number(unit=unit, year=issued_on.year)

    locked.number, locked.issued_on, locked.status = number, issued_on, kind.issued
    if kind.before_save is not None:
        kind.before_save(locked, user)
    locked.bump()

    code = new_code()
    while IssuedDocument.objects.filter(code=code).exists():
        code = new_code()
    stamp = stamp_build(code=code, unit=unit, signer=signer)
    issued = IssuedDocument.objects.create(
        code=code,
        subject=locked,
        unit=unit,
        register=register,
        number=number,
        reference=locked.reference,
        doc_type=kind.doc_type(locked),
        title=locked.title,
        issuing_body=locked.issuing_body,
        issued_on=issued_on,
        issued_by=user,
        version=locked.version,
        signer=signer,
        signer_name=locked.signer_name,
        signer_title=" ".join(locked.signature_lines),
        snapshot=kind.snapshot(locked),
        html=kind.html(locked, stamp),
    )
    job = document_job_create(subject=issued, kind="issued", user=user)
    return issued, job


def _campaign_html(campaign, stamp) -> str:
    return rendering.render_campaign_html(campaign=campaign, stamp=stamp)


def _campaign_snapshot(campaign) -> dict:
    return campaign_export(campaign=campaign)


def _campaign_before_save(campaign, user) -> None:
    campaign._history_user = user
    campaign._change_reason = _(REASON_ISSUED) % {"reference": campaign.reference}


def paper_issuable(model, *, html: Callable, snapshot: Callable, before_save: Callable | None = None) -> Issuable:
    """The adapter of a documents.papers.IssuedPaper kind (a summary report, an award decision): its unit issues it
    and its DOC_TYPE names it."""
    return Issuable(
        model=model,
        draft=PaperStatus.DRAFT,
        issued=PaperStatus.ISSUED,
        unit=lambda paper: paper.unit,
        doc_type=lambda paper: model.DOC_TYPE,
        html=html,
        snapshot=snapshot,
        before_save=before_save,
    )


def campaign_issuable() -> Issuable:
    return Issuable(
        model=Campaign,
        draft=CampaignStatus.DRAFT,
        issued=CampaignStatus.ISSUED,
        unit=lambda campaign: campaign.issuing_unit,
        doc_type=lambda campaign: campaign.doc_type.name,
        html=_campaign_html,
        snapshot=_campaign_snapshot,
        before_save=_campaign_before_save,
    )


def campaign_issue(*, campaign, user, expected_version: int, signer=None, on=None):
    """Issue a draft campaign: number, date, frozen version, then the signed PDF rendered by a worker.
    Returns (IssuedDocument, DocumentJob). Refused with a ValidationError before anything changes."""
    return document_issue(
        subject=campaign, kind=campaign_issuable(), user=user, expected_version=expected_version, signer=signer, on=on
    )


def issued_for(subject):
    """The issued versions of a subject."""
    return IssuedDocument.objects.of(subject)


# ------------------------------------------------------------------ the render job of an issued document


def issued_sign(issued: IssuedDocument, pdf: bytes) -> bytes:
    """Sign the printed PDF with the unit's certificate, when it has one (a unit without one issues on paper)."""
    signing = UnitSigning.objects.filter(unit_id=issued.unit_id).first()
    if signing is None or not signing.has_certificate:
        return pdf
    signed, _signed_at = pki.pdf_sign(
        pdf=pdf,
        pkcs12=bytes(signing.pkcs12),
        password=pki.secret_open(signing.password_token),
        reason=f"Ban hành {issued.doc_type} số {issued.reference}",
        location=issued.issuing_body,
        name=issued.signer_name,
    )
    return signed


def issued_stored(issued: IssuedDocument, document) -> None:
    """Record the PDF and, read back from it, when and with which certificate it was signed."""
    with document.file.open("rb") as handle:
        result = pki.pdf_verify(pdf=handle.read(), trust_roots_pem=trust_roots())
    IssuedDocument.objects.filter(pk=issued.pk).update(
        document=document,
        signed_at=result.signing_time if result.signed else None,
        certificate_subject=(result.signer_common_name or "") if result.signed else "",
    )


def _issued_url(issued) -> str:
    """The page of what was issued (a campaign, a report, a decision)."""
    return reverse(f"{issued.content_type.model}_detail", kwargs={"pk": issued.object_id})


# An issued document prints from the HTML frozen at issue, then is signed with the unit's certificate.
renderer_register(
    "issued",
    Renderer(
        model="documents.IssuedDocument",
        html=lambda issued: issued.html,
        filename=lambda issued: reference_filename(issued.reference),
        url=_issued_url,
        finish=issued_sign,
        stored=issued_stored,
    ),
)
