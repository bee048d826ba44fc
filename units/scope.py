"""View-side use of the one scope rule (ScopedQuerySet.restrict): every object a view shows or changes is looked
up through ``restrict(request.user)``, so anything outside the user's subtrees is a 404, whatever id is guessed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from accounts import permissions


class ScopedViewMixin(LoginRequiredMixin):
    """Adds ``scoped(Model)`` and ``get_scoped_object(Model, pk)``; the ``action`` a view declares
    (accounts.permissions.ACTIONS) is checked at the unit the view acts on, after scope: in scope without the action
    is 403, out of scope is 404. A service's ActionRefused is a 403 too."""

    action: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.action is not None:
            permissions.rule(cls.action)  # an unknown action fails at import, not at the first request

    def dispatch(self, request, *args, **kwargs):
        # Log-in first, then the scoped look-ups, then the action at the unit they return: in that order, so that an
        # anonymous visitor is sent to log in rather than told what exists.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            unit = self.load_scoped(**kwargs)
            if unit is not None:
                self.check_action(unit)
            return super().dispatch(request, *args, **kwargs)
        except permissions.ActionRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal

    def load_scoped(self, **kwargs):
        """Look up the objects the URL names, through ``get_scoped_object``; return the unit where ``action`` is
        checked, or None when the view checks it itself."""
        return None

    def scoped(self, model_or_queryset, action: str | None = None):
        """The rows of a model (or a queryset of it) that the user may see (or, with ``action``, act on)."""
        queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset.objects.all()
        return queryset.restrict(self.request.user, action)

    def get_scoped_object(self, model, pk, **lookups):
        return get_object_or_404(self.scoped(model), pk=pk, **lookups)

    def check_action(self, unit, action: str | None = None) -> None:
        action = self.action if action is None else action
        if action and not self.request.user.can(action, unit):
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
