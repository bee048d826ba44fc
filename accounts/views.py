"""The user's own account pages: personal API tokens (create, shown once; revoke). A user sees and revokes only
their own tokens: another user's token is 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from accounts.tokens import token_create, token_revoke
from units.scope import add_service_errors


class ApiTokenListView(LoginRequiredMixin, View):
    """/accounts/tokens/: the user's tokens and the form for a new one. The new token is shown on the answer to the
    POST itself, once: it is not stored, nor put in a message or the session."""

    template_name = "registration/api_tokens.html"

    def get(self, request):
        return self.render(ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                row, token = token_create(
                    user=request.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.render(ApiTokenForm(), created=row, token=token)
        return self.render(form, status=400)

    def render(self, form, status=200, **extra):
        tokens = ApiToken.objects.filter(user=self.request.user)
        context = {"form": form, "tokens": tokens, "api_url": self.request.build_absolute_uri("/api/v1/"), **extra}
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # the page may show a token
        return response


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        token_revoke(token=token)
        messages.success(request, _("Revoked the token “%(name)s”: it no longer works.") % {"name": token.name})
        return redirect(reverse("api_tokens"))
