"""One way to refuse a stale save: lock the row, compare the version the page was built from, and say who saved it
since, when, and that nothing was written. Every service that edits a versioned row (a nomination, a report, a
campaign, a scoring sheet, a decision…) goes through ``lock_for_update``/``version_check`` and raises the one
``VersionConflict`` (code "conflict"), which views answer with 409 and the form as it was typed.

Who and when come from the row where it records them: ``updated_by``/``updated``, else its latest historical record
(django-simple-history); a caller that knows better (a report's submitter, a proposal's ``proposed_by``) passes
them. The message may carry a detail after it (what changed, the value now saved)."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

__all__ = (
    "ERR_CONFLICT",
    "ERR_CONFLICT_UNDATED",
    "VersionConflict",
    "cell_conflict_message",
    "conflict_message",
    "lock_for_update",
    "version_check",
    "version_conflict",
)

ERR_CONFLICT = gettext_noop(
    "Nothing was saved: %(user)s saved %(record)s at %(time)s, after you opened this page. Reload the page to see "
    "what they saved, then make your change again."
)
ERR_CONFLICT_UNDATED = gettext_noop(
    "Nothing was saved: %(user)s saved %(record)s after you opened this page. Reload the page to see what they "
    "saved, then make your change again."
)
RECORD = gettext_noop("this %(record)s")
CELL = gettext_noop("“%(name)s” for %(unit)s")
CELL_NOW = gettext_noop("It is now %(value)s.")
SOMEONE_ELSE = gettext_noop("someone else")

_RECORDED = object()  # "as the row records it"


class VersionConflict(ValidationError):
    """Someone saved the row after the page was built from it; nothing was written."""

    def __init__(self, message, code="conflict", params=None):
        super().__init__(message, code=code, params=params)


def _name(user) -> str:
    if user is None:
        return _(SOMEONE_ELSE)
    if isinstance(user, str):
        return user
    return user.get_full_name() or user.get_username()


def conflict_message(*, record: str, user=None, time: datetime.datetime | None = None, detail: str = "") -> str:
    """The one conflict sentence: ``record`` is what was saved ("this report", "“Thu nhập” for Cao Lộc"), ``user``
    a User, a name or None (someone else), ``detail`` an optional sentence appended (what they changed)."""
    values = {"user": _name(user), "record": record}
    if time is None:
        message = _(ERR_CONFLICT_UNDATED) % values
    else:
        message = _(ERR_CONFLICT) % {**values, "time": date_format(timezone.localtime(time), "H:i d/m/Y")}
    return f"{message} {detail}" if detail else message


def cell_conflict_message(*, name: str, unit: str, user=None, time=None, value: str | None = None) -> str:
    """The conflict sentence for one cell of a grid (a figure's target, a criterion's points) saved since the page
    was built: the value saved now, when there is one, follows."""
    return conflict_message(
        record=_(CELL) % {"name": name, "unit": unit},
        user=user,
        time=time,
        detail=_(CELL_NOW) % {"value": value} if value is not None else "",
    )


def _recorded(instance: models.Model):
    """Who saved the row last and when, as far as it records it."""
    user = getattr(instance, "updated_by", None)
    time = getattr(instance, "updated", None)
    if user is None and hasattr(type(instance), "history"):
        last = instance.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        if last is not None:
            user, time = last.history_user, last.history_date
    return user, time


def version_conflict(
    instance: models.Model, *, record: str | None = None, user=_RECORDED, time=_RECORDED, detail: str = ""
) -> VersionConflict:
    """The conflict for a row saved since: who and when as the row records them unless given."""
    if user is _RECORDED or time is _RECORDED:
        recorded_user, recorded_time = _recorded(instance)
        user = recorded_user if user is _RECORDED else user
        time = recorded_time if time is _RECORDED else time
    if record is None:
        record = _(RECORD) % {"record": instance._meta.verbose_name}
    return VersionConflict(conflict_message(record=record, user=user, time=time, detail=detail))


def version_check(instance: models.Model, expected_version: int | None, **conflict) -> None:
    """Refuse with VersionConflict when the (locked) row is no longer at ``expected_version``; None checks nothing
    (a caller without a form, such as a task). ``conflict`` goes to ``version_conflict``."""
    if expected_version is not None and instance.version != expected_version:
        raise version_conflict(instance, **conflict)


def lock_for_update(
    queryset: models.QuerySet | type[models.Model],
    pk=None,
    expected_version: int | None = None,
    *,
    related: tuple[str, ...] = (),
    of: tuple[str, ...] = (),
    check: Callable[[models.Model], None] | None = None,
    **conflict,
):
    """The row ``pk`` (or the one row of ``queryset``) locked until the end of the transaction (``related`` joined,
    ``of`` as select_for_update's); ``check(row)`` then raises when the row may not be changed at all (an issued
    document), and a row no longer at ``expected_version`` is refused with VersionConflict."""
    if not isinstance(queryset, models.QuerySet):
        queryset = queryset._default_manager.all()
    queryset = queryset.select_for_update(of=of)
    if related:
        queryset = queryset.select_related(*related)
    locked = queryset.get() if pk is None else queryset.get(pk=pk)
    if check is not None:
        check(locked)
    version_check(locked, expected_version, **conflict)
    return locked
