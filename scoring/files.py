"""Evidence files: PDF, images and office documents up to 20 MB. The type is decided from the content (its magic
bytes and, for office files, the parts inside the package), never from the file's name or the browser's word."""

import hashlib
import io
import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from targets.numbers import format_number

__all__ = ("MAX_BYTES", "CheckedFile", "evidence_check", "ERR_FILE_TOO_LARGE", "ERR_FILE_TYPE", "ERR_FILE_EMPTY")

MAX_BYTES = 20 * 1024 * 1024
NAME_MAX_LENGTH = 200

ERR_FILE_TOO_LARGE = gettext_noop("“%(name)s” is too large: an evidence file is at most %(size)s MB.")
ERR_FILE_EMPTY = gettext_noop("“%(name)s” is empty.")
ERR_FILE_TYPE = gettext_noop(
    "“%(name)s” is not a PDF, an image (JPEG, PNG, GIF, WebP) or an office document (Word, Excel, PowerPoint, "
    "OpenDocument). The type is read from the file's content, not from its name."
)
ERR_FILE_MACROS = gettext_noop("“%(name)s” contains macros; save it without macros (.docx, .xlsx, .pptx).")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF_EXTENSIONS = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the name shown (the uploaded name, cleaned); never used to store or to decide the type
    content_type: str
    extension: str  # decided from the content
    size: int
    sha256: str
    data: bytes

    def content(self) -> ContentFile:
        return ContentFile(self.data, name=f"{uuid.uuid4().hex}{self.extension}")


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", os.path.basename(str(name or "").replace("\\", "/"))).strip()
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: NAME_MAX_LENGTH - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else name[:NAME_MAX_LENGTH]
    return name or "evidence"


def _package_type(data: bytes) -> tuple[str, str] | None:
    """An OOXML or OpenDocument package's type, from the parts it holds; None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype in ODF_EXTENSIONS:
                        return mimetype, ODF_EXTENSIONS[mimetype]
                return None
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return ("macros", "")
            for prefix, found in OOXML_TYPES.items():
                if any(name.startswith(prefix) for name in names):
                    return found
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    return None


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the content, or None when it is not an accepted kind of file."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if data.startswith(OLE2):  # Word 97-2003, Excel 97-2003, PowerPoint 97-2003
        return "application/vnd.ms-office", ".office"
    if data.startswith(b"PK\x03\x04"):
        return _package_type(data)
    return None


def evidence_check(file) -> CheckedFile:
    """Reads an uploaded file (at most MAX_BYTES) and decides its type from the content; ValidationError otherwise."""
    name = _clean_name(getattr(file, "name", ""))
    size_mb = format_number(MAX_BYTES // (1024 * 1024))
    if (getattr(file, "size", None) or 0) > MAX_BYTES:
        raise ValidationError(_(ERR_FILE_TOO_LARGE) % {"name": name, "size": size_mb})
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_(ERR_FILE_TOO_LARGE) % {"name": name, "size": size_mb})
    if not data:
        raise ValidationError(_(ERR_FILE_EMPTY) % {"name": name})
    found = sniff(data)
    if found is None:
        raise ValidationError(_(ERR_FILE_TYPE) % {"name": name})
    if found[0] == "macros":
        raise ValidationError(_(ERR_FILE_MACROS) % {"name": name})
    content_type, extension = found
    return CheckedFile(
        name=name,
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
