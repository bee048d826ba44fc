"""View-side use of the one scope rule (ScopedQuerySet.restrict): every object a view shows or changes is looked
up through ``restrict(request.user)``, so anything outside the user's subtrees is a 404, whatever id is guessed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View


class ScopedViewMixin(LoginRequiredMixin):
    """Adds ``scoped(Model)`` and ``get_scoped_object(Model, pk)``; ``required_roles`` (any of) are checked at the
    unit the view acts on, after scope: in scope without the role is 403, out of scope is 404."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        # Log-in first, then the scoped look-ups, then the roles at the unit they return: in that order, so that an
        # anonymous visitor is sent to log in rather than told what exists.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        unit = self.load_scoped(**kwargs)
        if unit is not None:
            self.check_roles(unit)
        return super().dispatch(request, *args, **kwargs)

    def load_scoped(self, **kwargs):
        """Look up the objects the URL names, through ``get_scoped_object``; return the unit whose roles
        ``required_roles`` are checked at, or None when the view checks roles itself."""
        return None

    def scoped(self, model_or_queryset):
        """The rows of a model (or a queryset of it) that the user may see."""
        queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset.objects.all()
        return queryset.restrict(self.request.user)

    def get_scoped_object(self, model, pk, **lookups):
        return get_object_or_404(self.scoped(model), pk=pk, **lookups)

    def check_roles(self, unit, roles: tuple[str, ...] | None = None) -> None:
        roles = self.required_roles if roles is None else roles
        if roles and not self.request.user.has_role(unit, *roles):
            raise PermissionDenied


def add_service_errors(form, error: ValidationError, default: str | None = None) -> None:
    """Show a service's ValidationError on the form: by field where it names one, at the `default` field or above
    the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else default, errors)
    else:
        form.add_error(default, error.messages)


class ServiceFormView(ScopedViewMixin, View):
    """A form whose valid data goes to one service. Subclasses set ``template_name`` and implement ``load_scoped``
    (look up the scoped objects from the URL; return the unit whose roles are checked), ``get_form``, ``perform`` (call
    the service; return the success message and the URL to go to) and ``get_context``. A service's
    ValidationError is shown on the form with status 400; nothing was saved."""

    template_name: str
    # The field a service's error is about when it names none: the file of an upload form ("not a workbook").
    error_field: str | None = None

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form) -> tuple[str, str]:
        raise NotImplementedError

    def get_context(self) -> dict:
        return {}

    def get(self, request, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, **kwargs):
        self.files = request.FILES  # for forms with uploads: get_form passes them on
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                message, url = self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error, self.error_field)
            else:
                messages.success(request, message)
                return redirect(url)
        return self.render_form(form, status=400)

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, **self.get_context()}, status=status)
