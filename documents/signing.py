"""What a unit and its leaders sign with: the leader's signature image, the unit's seal image and the unit's
certificate. Images are checked (PNG, transparent, sensible size) before they are kept; a certificate is opened with
its password before it is kept, and the password is kept only encrypted (documents.pki.secret_seal)."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, UnidentifiedImageError

from documents import pki
from documents.models import SignatureImage, TrustAnchor, UnitSigning

IMAGE_LIMIT = 2 * 1024 * 1024  # bytes
IMAGE_PIXELS = 4000  # the longer side
CERTIFICATE_LIMIT = 64 * 1024
SEAL_DIAMETER = (20, 50)  # mm; Nghị định 99/2016 seals are 30–42 mm across

ERR_PNG = gettext_noop("The image must be a PNG file.")
ERR_TRANSPARENT = gettext_noop("The image must have a transparent background (a PNG with an alpha channel).")
ERR_IMAGE_SIZE = gettext_noop("The image is too large: at most 2 MB and 4000 pixels on its longer side.")
ERR_CERTIFICATE_SIZE = gettext_noop("This is not a certificate file: a PKCS#12 file (.p12, .pfx) is a few kilobytes.")
ERR_DIAMETER = gettext_noop("The seal's diameter is between %(low)s and %(high)s mm.")


def png_read(upload) -> bytes:
    """The bytes of an uploaded transparent PNG, or a ValidationError saying what is wrong with it."""
    data = upload.read(IMAGE_LIMIT + 1)
    if len(data) > IMAGE_LIMIT:
        raise ValidationError(_(ERR_IMAGE_SIZE), code="size")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValidationError(_(ERR_PNG), code="type")
            if max(image.size) > IMAGE_PIXELS:
                raise ValidationError(_(ERR_IMAGE_SIZE), code="size")
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            if transparent and image.mode in ("RGBA", "LA"):
                transparent = image.getchannel("A").getextrema()[0] < 255
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_(ERR_PNG), code="type") from None
    if not transparent:
        raise ValidationError(_(ERR_TRANSPARENT), code="opaque")
    return data


def _name(data: bytes, prefix: str) -> str:
    return f"{prefix}-{hashlib.sha256(data).hexdigest()[:16]}.png"


@transaction.atomic
def signature_image_save(*, user, upload) -> SignatureImage:
    data = png_read(upload)
    record = SignatureImage.objects.filter(user=user).first() or SignatureImage(user=user)
    record.image.save(_name(data, "chu-ky"), ContentFile(data), save=False)
    record.save()
    return record


def _signing(unit) -> UnitSigning:
    return UnitSigning.objects.select_for_update().filter(unit=unit).first() or UnitSigning(unit=unit)


@transaction.atomic
def unit_seal_save(*, unit, upload, diameter_mm: int, user) -> UnitSigning:
    low, high = SEAL_DIAMETER
    if not low <= diameter_mm <= high:
        raise ValidationError({"seal_diameter_mm": _(ERR_DIAMETER) % {"low": low, "high": high}})
    data = png_read(upload)
    signing = _signing(unit)
    signing.seal_diameter_mm = diameter_mm
    signing.updated_by = user
    signing.seal.save(_name(data, "dau"), ContentFile(data), save=False)
    signing.save()
    return signing


@transaction.atomic
def unit_certificate_save(*, unit, data: bytes, password: str, user) -> UnitSigning:
    """Keep the unit's PKCS#12 file once it opens with the password and holds a usable signing key."""
    if not data or len(data) > CERTIFICATE_LIMIT:
        raise ValidationError({"certificate": _(ERR_CERTIFICATE_SIZE)})
    try:
        info = pki.pkcs12_inspect(data, password)
    except pki.InvalidCredential as error:
        raise ValidationError({"certificate": str(error)}) from None
    signing = _signing(unit)
    signing.pkcs12 = data
    signing.password_token = pki.secret_seal(password)
    signing.certificate_subject = info.common_name
    signing.certificate_issuer = info.issuer_common_name
    signing.certificate_serial = info.serial
    signing.certificate_fingerprint = info.fingerprint
    signing.certificate_not_after = info.not_after
    signing.updated_by = user
    signing.save()
    return signing


def trust_anchor_add(*, name: str, pem: bytes, demo: bool = False) -> TrustAnchor:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    fingerprint = x509.load_pem_x509_certificate(pem).fingerprint(hashes.SHA256()).hex()
    anchor, _created = TrustAnchor.objects.get_or_create(
        fingerprint=fingerprint, defaults={"name": name, "certificate_pem": pem.decode("ascii"), "demo": demo}
    )
    return anchor


def trust_roots() -> list[bytes]:
    return [anchor.certificate_pem.encode("ascii") for anchor in TrustAnchor.objects.order_by("pk")]
