"""Uploaded files, the one way every app takes them (report evidence, nomination dossiers): what a file is, decided
from its contents (magic bytes; for office files, the parts inside the ZIP or the streams inside the OLE2 container),
never from its name or the content type the browser sent; programs and scripts, files with macros and anything else
that is not a PDF, a PNG or JPEG image, a Word or Excel file or an OpenDocument text or spreadsheet are refused.
``upload_check`` checks everything before anything is written; ``upload_store`` saves the file under a generated
name with its row, and removes the file if the row is not saved: a refused or failed upload leaves nothing behind;
``upload_delete`` removes a row and, once that is committed, its file."""

import hashlib
import struct
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from targets.numbers import format_number

# Not a setting: one limit for every deployment, named in the message users see.
MAX_BYTES = 20 * 1024 * 1024
NAME_MAX_LENGTH = 200
DEFAULT_NAME = "tep-minh-chung"

ERR_NO_FILE = gettext_noop("Choose a file to upload.")
ERR_EMPTY = gettext_noop("“%(name)s” is empty.")
ERR_TOO_LARGE = gettext_noop("“%(name)s” is larger than %(limit)s MB, the limit for one evidence file.")
ERR_PROGRAM = gettext_noop("“%(name)s” is a program or a script, not a document: it is not accepted.")
ERR_TYPE = gettext_noop(
    "“%(name)s” is not accepted: only PDF files, PNG and JPEG images, Word and Excel files (DOCX, XLSX, DOC, XLS) "
    "and OpenDocument files (ODT, ODS) are. The file's contents are checked, not its name."
)
ERR_MACROS = gettext_noop(
    "“%(name)s” contains macros and is not accepted: save it without macros (DOCX, XLSX, ODT, ODS) or as a PDF and "
    "upload it again."
)


@dataclass(frozen=True)
class FileKind:
    extension: str  # with its dot: the stored file's, and the one the shown name is given when it lacks it
    content_type: str
    extensions: tuple[str, ...]  # the extensions a shown name may already carry for this kind


PDF = FileKind(".pdf", "application/pdf", (".pdf",))
PNG = FileKind(".png", "image/png", (".png",))
JPEG = FileKind(".jpg", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"))
DOCX = FileKind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT = FileKind(".odt", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind(".ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
DOC = FileKind(".doc", "application/msword", (".doc",))
XLS = FileKind(".xls", "application/vnd.ms-excel", (".xls",))
# Served with their own content type; every other kind as application/octet-stream. All are attachments.
SERVED_AS_IS = {PDF.content_type, PNG.content_type, JPEG.content_type}

PROGRAM_SIGNATURES = (
    b"MZ",  # Windows/DOS executables and DLLs
    b"\x7fELF",  # Linux executables and libraries
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binaries, Java classes
    b"\x00asm",  # WebAssembly
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# Bigger than any real [Content_Types].xml or mimetype entry; nothing larger is ever decompressed.
ZIP_PART_LIMIT = 1024 * 1024
ZIP_MAX_ENTRIES = 100_000


class Refused(Exception):
    """The file is not accepted; ``message`` is one of the ERR_ constants."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ------------------------------------------------------------------ what a file is


def sniff(file) -> FileKind:
    """The kind of the file from its contents; raises Refused. ``file`` is a seekable binary file."""
    file.seek(0)
    head = file.read(16)
    if head.startswith(PROGRAM_SIGNATURES):
        raise Refused(ERR_PROGRAM)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(JPEG_SIGNATURE):
        return JPEG
    if head.startswith(ZIP_SIGNATURE):
        return _sniff_zip(file)
    if head.startswith(OLE_SIGNATURE):
        return _sniff_ole(file)
    raise Refused(ERR_TYPE)


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > ZIP_PART_LIMIT:
        raise Refused(ERR_TYPE)
    with archive.open(info) as part:
        return part.read(ZIP_PART_LIMIT + 1)[:ZIP_PART_LIMIT]


def _sniff_zip(file) -> FileKind:
    """OOXML (DOCX, XLSX): the content type of a part inside is a document's or workbook's main part. ODF (ODT, ODS):
    the ``mimetype`` entry names a text or a spreadsheet."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise Refused(ERR_TYPE)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names:
                return _sniff_ooxml(archive, names)
            if "mimetype" in names:
                kind = ODF_MIMETYPES.get(_read_part(archive, "mimetype").decode("ascii", "replace").strip())
                if kind is None:
                    raise Refused(ERR_TYPE)
                if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise Refused(ERR_MACROS)
                return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, RuntimeError, ValueError):
        pass  # damaged, encrypted or otherwise unreadable
    raise Refused(ERR_TYPE)


def _sniff_ooxml(archive: zipfile.ZipFile, names: set[str]) -> FileKind:
    text = _read_part(archive, "[Content_Types].xml")
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        raise Refused(ERR_TYPE)
    try:
        root = ElementTree.fromstring(text)  # noqa: S314 - no DOCTYPE or ENTITY, so no entity expansion
    except ElementTree.ParseError:
        raise Refused(ERR_TYPE) from None
    defaults, overrides = {}, {}
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        content_type = element.get("ContentType", "").strip().lower()
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = content_type
        elif tag == "Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = content_type
    types = set()
    for name in names:
        if name.endswith("/"):
            continue
        types.add(overrides.get(name.lower()) or defaults.get(name.rsplit(".", 1)[-1].lower(), ""))
    if any("macroenabled" in t or "vbaproject" in t for t in types) or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise Refused(ERR_MACROS)
    found = {OOXML_MAIN[t] for t in types if t in OOXML_MAIN}
    if len(found) != 1:
        raise Refused(ERR_TYPE)
    return found.pop()


def ole_entry_names(file) -> set[str]:
    """The names of the storages and streams in an OLE2 compound file (MS-CFB): its directory, read by following
    the directory's sector chain through the FAT. Raises ValueError on anything malformed."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    header = file.read(512)
    if len(header) < 512 or not header.startswith(OLE_SIGNATURE):
        raise ValueError("not an OLE2 file")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << shift
    sectors = max(0, size - sector_size) // sector_size  # the header takes the first sector
    fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)
    per_sector = sector_size // 4
    last_regular = 0xFFFFFFFA

    def read(sector: int) -> tuple[int, ...]:
        if sector >= sectors:
            raise ValueError("sector out of the file")
        file.seek((sector + 1) * sector_size)
        data = file.read(sector_size)
        if len(data) != sector_size:
            raise ValueError("short sector")
        return struct.unpack(f"<{per_sector}I", data)

    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < last_regular]
    sector, seen = first_difat, 0
    while sector < last_regular and seen < difat_count:
        entries = read(sector)
        fat_sectors.extend(s for s in entries[:-1] if s < last_regular)
        sector, seen = entries[-1], seen + 1
    if fat_count > sectors or len(fat_sectors) < fat_count:
        raise ValueError("FAT missing")
    fat: list[int] = []
    for sector in fat_sectors[:fat_count]:
        fat.extend(read(sector))
    names: set[str] = set()
    sector, steps = first_directory, 0
    while sector < last_regular:
        if steps > sectors or sector >= len(fat):
            raise ValueError("broken directory chain")
        file.seek((sector + 1) * sector_size)
        data = file.read(sector_size)
        if len(data) != sector_size:
            raise ValueError("short sector")
        for offset in range(0, sector_size, 128):
            length = struct.unpack_from("<H", data, offset + 64)[0]
            kind = data[offset + 66]
            if kind in (1, 2, 5) and 2 <= length <= 64 and length % 2 == 0:
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
        sector, steps = fat[sector], steps + 1
    if "Root Entry" not in names:
        raise ValueError("no root entry")
    return names


def _sniff_ole(file) -> FileKind:
    """Legacy Word (a ``WordDocument`` stream) and Excel (``Workbook``, or ``Book`` before Excel 97) files. Other
    OLE2 files (installers, PowerPoint, encrypted OOXML) are refused, as are files with VBA macros."""
    try:
        names = ole_entry_names(file)
    except (ValueError, struct.error, OSError):
        raise Refused(ERR_TYPE) from None
    if names & {"Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"}:
        raise Refused(ERR_MACROS)
    if "WordDocument" in names:
        return DOC
    if names & {"Workbook", "Book"}:
        return XLS
    raise Refused(ERR_TYPE)


# ------------------------------------------------------------------ names


def clean_name(name: str | None) -> str:
    """The name shown for an uploaded file: NFC, without path separators, control or format characters (such as
    the right-to-left override that disguises an extension) or leading dots, at most 200 characters with the
    extension kept; an empty result gives 'tep-minh-chung'."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(
        ch for ch in text if ch not in "/\\" and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )
    text = " ".join(text.split()).lstrip(".").strip()
    if len(text) > NAME_MAX_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and stem and len(extension) <= 10:
            text = stem[: NAME_MAX_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            text = text[:NAME_MAX_LENGTH].rstrip()
    return text or DEFAULT_NAME


def shown_name(name: str | None, kind: FileKind) -> str:
    """The cleaned name, given the kind's extension when it carries another one (or none): a PDF uploaded as
    'bao-cao' is shown and downloaded as 'bao-cao.pdf', a PDF named 'x.exe' as 'x.exe.pdf'."""
    text = clean_name(name)
    if text.lower().endswith(kind.extensions):
        return text
    return clean_name(text[: NAME_MAX_LENGTH - len(kind.extension)] + kind.extension)


def ascii_name(name: str) -> str:
    """A plain-ASCII stand-in for the shown name, for clients that ignore RFC 5987's ``filename*``."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn").encode("ascii", "ignore").decode()
    text = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in text).strip(" .")
    return text or DEFAULT_NAME


def limit_in_mb() -> str:
    """The size limit in MB, written the Vietnamese way ('20', '0,5')."""
    return format_number((Decimal(MAX_BYTES) / (1024 * 1024)).quantize(Decimal("0.001")))


# ------------------------------------------------------------------ checking and storing an upload


def upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def upload_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckedUpload:
    upload: object  # the file, rewound
    kind: FileKind
    name: str  # the name shown and downloaded: the uploaded one, cleaned, with the kind's extension
    size: int
    sha256: str

    @property
    def row_fields(self) -> dict:
        """What a file's row records of it (``name``, ``size``, ``content_type``, ``sha256``)."""
        return {"name": self.name, "size": self.size, "content_type": self.kind.content_type, "sha256": self.sha256}


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on a field that keeps its code (a dict of plain messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def upload_check(upload, *, field: str = "file") -> CheckedUpload:
    """Everything about the file, checked before anything is written; a ValidationError on ``field`` otherwise."""
    if upload is None:
        raise _field_error(field, _(ERR_NO_FILE), "required")
    name = clean_name(getattr(upload, "name", ""))
    size = upload_size(upload)
    if size > MAX_BYTES:
        raise _field_error(field, _(ERR_TOO_LARGE) % {"name": name, "limit": limit_in_mb()}, "too_large")
    if size == 0:
        raise _field_error(field, _(ERR_EMPTY) % {"name": name}, "empty")
    try:
        kind = sniff(upload)
    except Refused as refused:
        raise _field_error(field, _(refused.message) % {"name": name}, "type") from None
    digest = upload_sha256(upload)
    upload.seek(0)
    return CheckedUpload(
        upload=upload, kind=kind, name=shown_name(getattr(upload, "name", ""), kind), size=size, sha256=digest
    )


def upload_store(instance, checked: CheckedUpload, *, field: str = "file"):
    """Saves the file under a generated name (never the uploaded one), then the row; if the row is not saved, the
    file is removed again. ``instance`` has a FileField ``field``; the caller set its other fields."""
    file = getattr(instance, field)
    try:
        file.save(f"{uuid.uuid4().hex}{checked.kind.extension}", checked.upload, save=False)
        instance.save()
    except BaseException:
        if file.name:
            file.storage.delete(file.name)
        raise
    return instance


def upload_delete(instance, *, field: str = "file") -> None:
    """Deletes the row; its stored file goes once the deletion is committed (kept if the transaction rolls back)."""
    file = getattr(instance, field)
    storage, stored = file.storage, file.name
    instance.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
