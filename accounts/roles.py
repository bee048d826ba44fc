"""The roles a user holds at a unit. Kept apart from the models so that the permission registry
(accounts.permissions) and the models can both use them without importing each other."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ("Role",)


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    LEADER = "leader", _("Leader")
    REVIEWER = "reviewer", _("Reviewer")
    COUNCIL = "council", _("Council member")
    CLERK = "clerk", _("Clerk")
    ADMIN = "admin", _("Administrator")
