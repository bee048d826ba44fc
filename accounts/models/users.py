"""Users and the units they act for, with a role in each."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ("Role", "User", "Membership")


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    LEADER = "leader", _("Leader")
    REVIEWER = "reviewer", _("Reviewer")
    COUNCIL = "council", _("Council member")
    CLERK = "clerk", _("Clerk")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @cached_property
    def memberships_list(self) -> list["Membership"]:
        return list(self.memberships.select_related("unit").order_by("unit__path", "role"))

    def scope_paths(self) -> list[str]:
        """The tree paths of the subtrees this user may see: one per unit acted for, nested ones dropped."""
        paths = sorted({m.unit.path for m in self.memberships_list})
        kept: list[str] = []
        for path in paths:
            if not any(path.startswith(k) for k in kept):
                kept.append(path)
        return kept

    def has_role(self, unit, *roles: str) -> bool:
        """True if the user holds one of the roles at this unit or at a unit above it."""
        if self.is_superuser:
            return True
        return any(m.role in roles and unit.path.startswith(m.unit.path) for m in self.memberships_list)

    def roles_at(self, unit) -> set[str]:
        return {m.role for m in self.memberships_list if unit.path.startswith(m.unit.path)}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role at a unit")
        verbose_name_plural = _("roles at units")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_once")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
