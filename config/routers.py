"""Roll-up reads from a PostgreSQL read replica, when there is one (``DATABASE_REPLICA_URL``).

The roll-up pages read much and write nothing; on a province- or country-size campaign they are the heaviest reads.
With a replica configured, ``ReplicaReadsMiddleware`` runs the GET requests of the views named in
``settings.REPLICA_READ_VIEWS`` inside ``replica_reads()``, and ``ReplicaRouter`` sends the reads made there to the
``replica`` alias. Everything else — every write, every other page, the user's own lookup before the view — stays on
``default``, so no page that saves reads its own writes from a replica that may lag. The roll-up is then as fresh as
the replica (streaming replication: well under a second); without ``DATABASE_REPLICA_URL`` neither class is
installed and all reads go to ``default`` as before."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import Resolver404, resolve

REPLICA = "replica"
_reading = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_replica() -> bool:
    return _reading.get() and _configured()


def _configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reading_replica() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of default: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows default's schema by replication


class ReplicaReadsMiddleware:
    """GET and HEAD requests of the views in ``settings.REPLICA_READ_VIEWS`` read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = frozenset(getattr(settings, "REPLICA_READ_VIEWS", ()))

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and self._url_name(request) in self.views:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def _url_name(request) -> str | None:
        try:
            return resolve(request.path_info).url_name
        except Resolver404:
            return None
