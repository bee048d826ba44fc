"""A throw-away database for a benchmark: created before it runs, destroyed after; the developer's database is never
touched. Import after django.setup()."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment


@contextmanager
def scratch_database(name: str):
    """A fresh, migrated database (and media folder) for the block. On SQLite a file like the real one rather than
    the in-memory test default; on a server a name no test run uses (create_test_db drops a database of that name)."""
    setup_test_environment()
    tmp = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_{name}_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    try:
        with override_settings(MEDIA_ROOT=str(Path(tmp.name) / "media")):
            yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()
        tmp.cleanup()
