"""A throw-away database for a benchmark: created before it runs, destroyed after; the developer's database is never
touched. Import after django.setup()."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment


@contextmanager
def scratch_database(name: str):
    """A fresh, migrated database (and media folder) for the block, which receives the media folder's path. On SQLite
    a file like the real one rather than the in-memory test default; on a server a name no test run uses
    (create_test_db drops a database of that name). Either is a real database another process can open too: see
    ``database_url``."""
    setup_test_environment()
    tmp = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_{name}_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    media = Path(tmp.name) / "media"
    try:
        with override_settings(MEDIA_ROOT=str(media)):
            yield media
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()
        tmp.cleanup()


def database_url() -> str:
    """The DATABASE_URL of the scratch database, for a process of its own (a server, a worker) inside the block.
    Close that process's connections before the block ends: PostgreSQL refuses to drop a database in use."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    if connection.vendor != "postgresql":
        raise NotImplementedError(f"no DATABASE_URL for {connection.vendor}")
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    login = f"{user}{password}@" if user else ""
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{login}{settings['HOST'] or ''}{port}/{quote(settings['NAME'], safe='')}"
