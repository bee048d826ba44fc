"""The HTTP side of uploads and downloads, for every app's views: a size limit enforced while the file is received,
and a download that the browser never renders or sniffs."""

from urllib.parse import quote

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from uploads import files
from uploads.files import ERR_TOO_LARGE, SERVED_AS_IS, ascii_name, clean_name, limit_in_mb


class SizeLimitHandler(FileUploadHandler):
    """First upload handler of an upload request: a file that passes the limit is dropped while it is received
    (SkipFile), instead of being spooled whole to a temporary file before the service refuses it. The view
    installs it, then runs the CSRF check (which reads the body) itself."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large: str | None = None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > files.MAX_BYTES:  # read at call time: one limit, set in uploads.files
            self.too_large = self.file_name
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None

    def message(self) -> str | None:
        """The Vietnamese refusal when a file was dropped, else None."""
        if self.too_large is None:
            return None
        return _(ERR_TOO_LARGE) % {"name": clean_name(self.too_large), "limit": limit_in_mb()}


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real name as RFC 5987 ``filename*``."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def stored_open(file_field):
    """The stored file of a FileField, opened for reading through its storage (local disk, S3: no path on disk is
    ever used); 404 when the row names no file or the storage no longer has it."""
    try:
        return file_field.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the field is empty
        raise Http404 from None


def download_response(file_field, *, name: str, content_type: str) -> FileResponse:
    """The stored file as an attachment: its own content type only for the kinds served as is, never sniffed,
    sandboxed if opened anyway. 404 when the stored file is gone."""
    handle = stored_open(file_field)
    response = FileResponse(
        handle, content_type=content_type if content_type in SERVED_AS_IS else "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
