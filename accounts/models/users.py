"""Users and the units they act for, with a role in each."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from accounts.roles import Role

__all__ = ("Role", "User", "Membership")


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

    def scope_paths(self, action: str | None = None) -> list[str]:
        """The tree paths of the subtrees this user may see (any role), or may do ``action`` in: one per unit acted
        for, nested ones dropped.

        Every scoped query of a request asks for them (a page asks several times), so they are worked out once per
        action for this user object, which a request loads afresh (AuthenticationMiddleware). They follow
        ``memberships_list``: dropping that cached list (``del user.memberships_list``) drops them too. The list
        returned is shared: do not change it."""
        memberships = self.memberships_list
        memo = self.__dict__.get("_scope_paths_memo")
        if memo is None or memo[0] is not memberships:
            memo = self.__dict__["_scope_paths_memo"] = (memberships, {})
        paths = memo[1].get(action)
        if paths is None:
            paths = memo[1][action] = self._scope_paths(memberships, action)
        return paths

    @staticmethod
    def _scope_paths(memberships, action: str | None) -> list[str]:
        if action is None:
            units = {m.unit.path for m in memberships}
        else:
            roles = permissions.roles_for(action)
            units = {m.unit.path for m in memberships if m.role in roles}
        kept: list[str] = []
        for path in sorted(units):
            if not any(path.startswith(k) for k in kept):
                kept.append(path)
        return kept

    def units_for(self, action: str) -> list:
        """The units where the user holds a role that allows ``action`` (those below them are allowed too)."""
        roles = permissions.roles_for(action)
        return list({m.unit_id: m.unit for m in self.memberships_list if m.role in roles}.values())

    def can(self, action: str, unit) -> bool:
        """Whether the user may do the action (accounts.permissions.ACTIONS) at the unit."""
        return permissions.allows(self, action, unit)

    def acts_for(self, unit) -> bool:
        """Whether the unit lies in one of the user's subtrees, whatever the role."""
        if self.is_superuser:
            return True
        return unit is not None and any(unit.path.startswith(m.unit.path) for m in self.memberships_list)


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
