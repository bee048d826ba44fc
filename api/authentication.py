"""``Authorization: Bearer <token>``: the personal tokens of accounts.tokens. A wrong, expired or revoked token is
401 (never treated as anonymous), with the Vietnamese error body of api.errors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.tokens import token_user

ERR_TOKEN_INVALID = _("The token is not valid: it is unknown, expired or revoked.")
ERR_TOKEN_MALFORMED = _("The Authorization header must read “Bearer <token>”.")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request)
        if not header:
            return None
        try:
            text = header.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(ERR_TOKEN_MALFORMED) from None
        parts = text.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None  # another scheme (Basic…): not ours; the request stays anonymous and is refused as such
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(ERR_TOKEN_MALFORMED)
        found = token_user(parts[1])
        if found is None:
            raise exceptions.AuthenticationFailed(ERR_TOKEN_INVALID)
        return found

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Mã API cá nhân (td_…), tạo ở trang Mã API."}
