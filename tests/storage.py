"""A storage for tests that, like S3, keeps files nowhere on disk and has no ``path()``."""

import os

from django.core.files.storage import InMemoryStorage
from django.utils._os import safe_join


class PathlessMemoryStorage(InMemoryStorage):
    """Django's InMemoryStorage answers ``path()`` with a name under MEDIA_ROOT where no file is; S3Storage raises,
    as Storage does. This one raises too, so code that asks a stored file for its path fails here as it would on S3
    (InMemoryStorage itself resolves names through path(): here without it)."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        return os.path.relpath(safe_join(self.location, name), self.location)
