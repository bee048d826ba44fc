"""The public verification page's checks: is this PDF the one the unit issued, byte for byte, and does its digital
signature hold and chain to a trusted authority? Anyone holding a printed copy reaches it through the QR code or the
short code; nothing here needs a login, and nothing here shows more than the document's header."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents import pki
from documents.issuing import normalise_code
from documents.models import IssuedDocument
from documents.signing import trust_roots

UPLOAD_LIMIT = 30 * 1024 * 1024

ERR_NOT_PDF = gettext_noop("This file is not a PDF.")
ERR_TOO_LARGE = gettext_noop("The file is larger than 30 MB; an issued document is much smaller.")
ERR_NO_FILE = gettext_noop("Choose the PDF file to check.")


VERDICT_CHANGED = gettext_noop("NOT valid: the signed content was changed after signing.")
VERDICT_APPENDED = gettext_noop("NOT valid: content was added after signing.")
VERDICT_OTHER_FILE = gettext_noop(
    "NOT the issued document: this file is not the one that was issued, or it was changed."
)
VERDICT_VALID = gettext_noop("Valid: this is the issued document, byte for byte, and its digital signature holds.")
VERDICT_VALID_UNTRUSTED = gettext_noop(
    "Valid: this is the issued document, byte for byte; its digital signature holds, but its authority is not "
    "one this system trusts."
)
VERDICT_VALID_UNSIGNED = gettext_noop(
    "Valid: this is the issued document, byte for byte (it carries no digital signature)."
)


@dataclass(frozen=True)
class Check:
    matches: bool  # byte for byte the PDF the system stored at issue
    sha256: str
    expected_sha256: str
    signature: "pki.VerificationResult"

    @property
    def verdict(self) -> tuple[bool, str]:
        """(valid, the one sentence the page states first); the details follow it. What breaks the signature outranks
        the byte comparison: a signed file with content added after signing is not valid, whatever else holds."""
        signature = self.signature
        if signature.signed and not (signature.intact and signature.valid):
            return False, _(VERDICT_CHANGED)
        if signature.signed and not signature.covers_whole_file:
            return False, _(VERDICT_APPENDED)
        if not self.matches:
            return False, _(VERDICT_OTHER_FILE)
        if not signature.signed:
            return True, _(VERDICT_VALID_UNSIGNED)
        if signature.valid and signature.trusted:
            return True, _(VERDICT_VALID)
        return True, _(VERDICT_VALID_UNTRUSTED)


def issued_by_code(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.select_related("unit", "document", "signer").filter(code=normalise_code(code)).first()


def upload_read(upload) -> bytes:
    if upload is None:
        raise ValidationError(_(ERR_NO_FILE), code="required")
    data = upload.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        raise ValidationError(_(ERR_TOO_LARGE), code="size")
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_(ERR_NOT_PDF), code="type")
    return data


def issued_check(*, issued: IssuedDocument, pdf: bytes) -> Check:
    sha = hashlib.sha256(pdf).hexdigest()
    expected = issued.document.sha256 if issued.document else ""
    return Check(
        matches=bool(expected) and sha == expected,
        sha256=sha,
        expected_sha256=expected,
        signature=pki.pdf_verify(pdf=pdf, trust_roots_pem=trust_roots()),
    )
