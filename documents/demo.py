"""Demo signing material, so that issuing works out of the box with `make run`: a demo certificate authority that
the verification page trusts, a certificate for each demo unit, a seal image per unit and a signature image for the
demo leader, and this year's registers. Idempotent. Everything here is marked as demo; none of it is a real
credential. The demo CA's key stays under var/ (never in the database) so later runs can certify new units."""

import io
import math
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from documents import pki
from documents.issuing import register_open
from documents.models import Register, SignatureImage, UnitSigning
from documents.rendering import static_dir
from documents.signing import trust_anchor_add, unit_certificate_save
from units.validity import is_in_force

DEMO_CA_NAME = "Thi đua DEMO CA (không dùng thật)"
SEAL_RED = (200, 16, 46, 255)
INK_BLUE = (20, 45, 160, 255)
SEAL_PIXELS = 600


def _font(size: int, bold: bool = True):
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(static_dir() / "fonts" / "liberation-serif" / name), size)


def _arc_text(image, text: str, *, radius: float, size: int, top: bool) -> None:
    """Letters along a circle: over the top clockwise, or under the bottom read left to right."""
    font = _font(size)
    centre = image.width / 2
    widths = [font.getlength(ch) for ch in text]
    total = sum(widths) * 1.08
    span = total / radius  # radians the text covers
    angle = -math.pi / 2 - span / 2 if top else math.pi / 2 + span / 2
    for ch, width in zip(text, widths, strict=True):
        step = width * 1.08 / radius
        middle = angle + step / 2 if top else angle - step / 2
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), ch, font=font, fill=SEAL_RED, anchor="mm")
        rotation = -math.degrees(middle) - 90 if top else -math.degrees(middle) + 90
        glyph = glyph.rotate(rotation, resample=Image.BICUBIC)
        x = centre + radius * math.cos(middle) - glyph.width / 2
        y = centre + radius * math.sin(middle) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))
        angle = angle + step if top else angle - step


def seal_png(*, top: str, bottom: str) -> bytes:
    """A round red seal: two rings, the body's name over the top, the place under the bottom, a star inside."""
    size = SEAL_PIXELS
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=SEAL_RED, width=12)
    draw.ellipse((150, 150, size - 150, size - 150), outline=SEAL_RED, width=6)
    _arc_text(image, top, radius=size / 2 - 60, size=46, top=True)
    _arc_text(image, bottom, radius=size / 2 - 60, size=40, top=False)
    centre, outer, inner = size / 2, 95, 38
    points = [
        (
            centre + (outer if i % 2 == 0 else inner) * math.cos(-math.pi / 2 + i * math.pi / 5),
            centre + (outer if i % 2 == 0 else inner) * math.sin(-math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=SEAL_RED)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def signature_png(*, name: str) -> bytes:
    """A handwritten-looking blue signature: the given name in italic and a flourish through it."""
    image = Image.new("RGBA", (900, 500), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    given = (name.split() or ["Ký"])[-1]
    font = ImageFont.truetype(str(static_dir() / "fonts" / "liberation-serif" / "LiberationSerif-Italic.ttf"), 200)
    draw.text((170, 90), given, font=font, fill=INK_BLUE)
    flourish = [(120 + t * 6.5, 340 - 70 * math.sin(t / 14) - 25 * math.sin(t / 4)) for t in range(0, 100)]
    draw.line(flourish, fill=INK_BLUE, width=11, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _ca_dir() -> Path:
    return Path(settings.DEMO_CA_DIR)


def demo_ca() -> tuple[bytes, bytes]:
    """The demo CA (certificate PEM, key PEM), created once and trusted by the verification page."""
    folder = _ca_dir()
    cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
    if cert_path.exists() and key_path.exists():
        cert, key = cert_path.read_bytes(), key_path.read_bytes()
    else:
        cert, key = pki.ca_create(common_name=DEMO_CA_NAME, organisation="Thi đua (demo)")
        folder.mkdir(parents=True, exist_ok=True)
        key_path.touch(mode=0o600)
        key_path.write_bytes(key)
        cert_path.write_bytes(cert)
    trust_anchor_add(name=DEMO_CA_NAME, pem=cert, demo=True)
    return cert, key


def _place(unit) -> str:
    """'H. CAO LỘC - T. LẠNG SƠN' for a commune; the province for a district; 'VIỆT NAM' for a province."""
    ancestors = list(type(unit).objects.get_ancestors(unit))
    short = {"province": "T.", "district": "H."}
    parts = [f"{short.get(a.kind, '')} {a.short_name or a.name}".strip().upper() for a in reversed(ancestors)]
    return " - ".join(parts) if parts else "VIỆT NAM"


def _demo_units_and_leaders():
    """The units of the demo users and of the seed campaigns (villages issue nothing), and the demo leaders."""
    from accounts.models import Membership, Role, User
    from campaigns.models import Campaign
    from units.models import Unit, UnitKind

    unit_ids = set(Membership.objects.values_list("unit_id", flat=True))
    unit_ids |= set(Campaign.objects.values_list("issuing_unit_id", flat=True))
    units = Unit.objects.filter(pk__in=unit_ids).exclude(kind=UnitKind.VILLAGE).order_by("path")
    return list(units), list(User.objects.filter(memberships__role=Role.LEADER).distinct())


@transaction.atomic
def demo_load_signing(*, units=None, leaders=None) -> int:
    """Certificates, seals and this year's registers for the demo units; signature images for the demo leaders.
    Returns the number of certificates issued (0 on a second run)."""
    if units is None or leaders is None:
        default_units, default_leaders = _demo_units_and_leaders()
        units = default_units if units is None else units
        leaders = default_leaders if leaders is None else leaders
    ca_cert, ca_key = demo_ca()
    issued = 0
    year = timezone.localdate().year
    for unit in units:
        signing = UnitSigning.objects.filter(unit=unit).first() or UnitSigning(unit=unit)
        body = f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
        if not signing.seal:
            signing.seal.save(f"dau-demo-{unit.pk}.png", ContentFile(seal_png(top=body, bottom=_place(unit))), False)
        signing.save()
        if not signing.has_certificate:
            data, password = pki.certificate_issue(
                ca_cert_pem=ca_cert,
                ca_key_pem=ca_key,
                common_name=body,
                organisation=body,
                locality=unit.name,
                province=(list(type(unit).objects.get_ancestors(unit))[:1] or [unit])[0].name,
            )
            unit_certificate_save(unit=unit, data=data, password=password, user=None)
            issued += 1
        if is_in_force(unit, timezone.localdate()) and not Register.objects.filter(unit=unit, year=year).exists():
            register_open(unit=unit, year=year, user=None)  # a unit ceased by the 2025 reform opens none
    for user in leaders:
        if not SignatureImage.objects.filter(user=user).exists():
            record = SignatureImage(user=user)
            record.image.save(
                f"chu-ky-demo-{user.pk}.png", ContentFile(signature_png(name=user.get_full_name())), False
            )
            record.save()
    return issued
