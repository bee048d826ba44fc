"""Where uploaded and generated files are kept: ``STORAGES["default"]``, chosen by one variable.

``STORAGE_BACKEND`` unset or ``local``: the local disk under ``MEDIA_ROOT``. ``s3``: an S3-compatible bucket
(django-storages), with every ``AWS_*`` value below read from the environment. Nothing else picks the backend: an
``AWS_STORAGE_BUCKET_NAME`` without ``STORAGE_BACKEND=s3`` is not used. The files are official documents and
evidence, never public: objects are private and any URL the storage gives is signed and short-lived (the pages
never hand one out: every download goes through a view that checks who asks and streams the file)."""

from collections.abc import Mapping

import environ
from django.core.exceptions import ImproperlyConfigured

LOCAL = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
BACKENDS = ("local", "s3")
# A download is read from the bucket into a spooled file: past this size it goes to a temporary file on disk
# instead of the process's memory (django-storages' default, 0, keeps any file whole in memory).
S3_MEMORY_BYTES = 8 * 1024 * 1024


def storages_from_env(environ_: Mapping[str, str]) -> dict:
    """The ``STORAGES`` setting for these environment variables (``os.environ`` in the settings, a dict in tests)."""
    env = environ.Env()
    env.ENVIRON = environ_
    backend = env.str("STORAGE_BACKEND", default="local").strip().lower() or "local"
    if backend not in BACKENDS:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    if backend == "local":
        storages["default"] = {"BACKEND": LOCAL}
        return storages
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    storages["default"] = {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset: Amazon S3 itself; for MinIO, Ceph or a provider's S3 the service's URL.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Unset: boto3 looks for credentials itself (an instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # "path" for MinIO and most S3-compatible services behind one host name; unset: boto3 decides.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            # As on disk, a second file of the same name gets a name of its own: two renders of one document
            # (same filename, same month) never replace each other, and the one a failed save removes is its own.
            "file_overwrite": False,
            "max_memory_size": S3_MEMORY_BYTES,
        },
    }
    return storages
