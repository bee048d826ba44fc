"""View-side use of the one scope rule (ScopedQuerySet.restrict): every object a view shows or changes is looked
up through ``restrict(request.user)``, so anything outside the user's subtrees is a 404, whatever id is guessed."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


class ScopedViewMixin(LoginRequiredMixin):
    """Adds ``scoped(Model)`` and ``get_scoped_object(Model, pk)``; ``required_roles`` (any of) are checked at the
    unit the view acts on, after scope: in scope without the role is 403, out of scope is 404."""

    required_roles: tuple[str, ...] = ()

    def scoped(self, model):
        return model.objects.restrict(self.request.user)

    def get_scoped_object(self, model, pk, **lookups):
        return get_object_or_404(self.scoped(model), pk=pk, **lookups)

    def check_roles(self, unit, roles: tuple[str, ...] | None = None) -> None:
        roles = self.required_roles if roles is None else roles
        if roles and not self.request.user.has_role(unit, *roles):
            raise PermissionDenied
