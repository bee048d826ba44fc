"""The abstract bases of the project's rows: when a row was created and last saved, and the version a stale save is
refused against (``units.versioning``). Each concrete model keeps its own table; the fields, and so the migrations,
are exactly those each model declared before."""

from django.db import models

__all__ = ("Timestamped", "Versioned")


class Timestamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A row edited from forms that carry the version they were built from."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def bump(self, *, update_fields=None) -> None:
        """Save a change: the version goes up by one, so any page built from the old one is now stale."""
        self.version += 1
        if update_fields is not None:
            stamped = ("updated",) if any(f.name == "updated" for f in self._meta.concrete_fields) else ()
            update_fields = list(dict.fromkeys((*update_fields, "version", *stamped)))
        self.save(update_fields=update_fields)
