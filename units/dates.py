"""Plausible dates and years: what a person types or a file holds is refused when it cannot be meant (31/12/1899, a
year 2999). One rule for every date entered, in forms, services and imports; the message names the field.

Dates of documents and records (decisions, discipline, periods, council sessions) lie from 1945 (the state's first
year) to 2100; a field may narrow that (a record date not in the future is the service's own rule)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from units.vn import short_date

__all__ = (
    "EARLIEST",
    "LATEST",
    "ERR_IMPLAUSIBLE_DATE",
    "ERR_IMPLAUSIBLE_YEAR",
    "date_check",
    "model_dates_check",
    "year_check",
    "PlausibleDate",
    "plausible_dates",
)

EARLIEST = datetime.date(1945, 1, 1)
LATEST = datetime.date(2100, 12, 31)

ERR_IMPLAUSIBLE_DATE = gettext_noop(
    "%(field)s: %(date)s is not a plausible date; enter a date from %(low)s to %(high)s."
)
ERR_IMPLAUSIBLE_YEAR = gettext_noop(
    "%(field)s: %(year)s is not a plausible year; enter a year from %(low)s to %(high)s."
)


def date_check(
    value: datetime.date | None, *, field, earliest: datetime.date = EARLIEST, latest: datetime.date = LATEST
) -> None:
    """Raises ValidationError (code "implausible") naming ``field`` when the date is outside earliest…latest."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not earliest <= value <= latest:
        raise ValidationError(
            _(ERR_IMPLAUSIBLE_DATE)
            % {
                "field": capfirst(str(field)),
                "date": short_date(value),
                "low": short_date(earliest),
                "high": short_date(latest),
            },
            code="implausible",
        )


def model_dates_check(model, **values) -> None:
    """Checks dates meant for a model's fields (``started_on=…``); one ValidationError keyed by field, each message
    naming the field by its verbose name."""
    errors = {}
    for name, value in values.items():
        try:
            date_check(value, field=model._meta.get_field(name).verbose_name)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors, code="implausible")


def year_check(value: int | None, *, field, earliest: int = EARLIEST.year, latest: int = LATEST.year) -> None:
    """The same for a year."""
    if value is None:
        return
    if not earliest <= value <= latest:
        raise ValidationError(
            _(ERR_IMPLAUSIBLE_YEAR) % {"field": capfirst(str(field)), "year": value, "low": earliest, "high": latest},
            code="implausible",
        )


class PlausibleDate:
    """A form field's validator: ``forms.DateField(validators=[PlausibleDate(label)])``."""

    def __init__(self, field, *, earliest: datetime.date = EARLIEST, latest: datetime.date = LATEST):
        self.field, self.earliest, self.latest = field, earliest, latest

    def __call__(self, value) -> None:
        date_check(value, field=self.field, earliest=self.earliest, latest=self.latest)

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and (self.field, self.earliest, self.latest) == (
            other.field,
            other.earliest,
            other.latest,
        )

    def __hash__(self):
        return hash((str(self.field), self.earliest, self.latest))


def plausible_dates(form, *names: str) -> None:
    """Adds the validator to the named date fields of a form (a ModelForm's generated fields), each named by its
    label."""
    for name in names:
        field = form.fields[name]
        field.validators.append(PlausibleDate(field.label or name))
