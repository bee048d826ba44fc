"""Personal API tokens: create one (its secret shown once), revoke it, and find the user a presented token acts for.

A token reads ``td_<prefix>_<secret>``; the row keeps the prefix, to find it, and the SHA-256 of the whole token, to
check it. An expired or revoked token, or one of an inactive user, authenticates nobody."""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import ApiToken

__all__ = (
    "TOKEN_DAYS_DEFAULT",
    "TOKEN_DAYS_MAX",
    "TOKENS_PER_USER_MAX",
    "token_create",
    "token_revoke",
    "token_user",
)

TOKEN_PREFIX = "td_"  # noqa: S105 (the tokens' visible prefix, not a password)
TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 366
TOKENS_PER_USER_MAX = 20
# last_used is written at most once a minute per token: a dashboard polling every second does not write every time.
LAST_USED_EVERY = datetime.timedelta(minutes=1)

ERR_NAME = gettext_noop("Give the token a name: what it is for.")
ERR_EXPIRY_PAST = gettext_noop("The expiry date must be after today.")
ERR_EXPIRY_FAR = gettext_noop("A token lasts at most %(days)s days.")
ERR_TOO_MANY = gettext_noop("You already have %(count)s active tokens; revoke one you no longer use first.")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, expires_on: datetime.date | None = None) -> tuple[ApiToken, str]:
    """A new token for the user; returns the row and the token itself, which is never stored and shown only now."""
    today = timezone.localdate()
    name = (name or "").strip()
    expires_on = expires_on or today + datetime.timedelta(days=TOKEN_DAYS_DEFAULT)
    errors = {}
    if not name:
        errors["name"] = _(ERR_NAME)
    if expires_on <= today:
        errors["expires_on"] = _(ERR_EXPIRY_PAST)
    elif expires_on > today + datetime.timedelta(days=TOKEN_DAYS_MAX):
        errors["expires_on"] = _(ERR_EXPIRY_FAR) % {"days": TOKEN_DAYS_MAX}
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_on__gte=today).count()
    if active >= TOKENS_PER_USER_MAX:
        errors["__all__"] = _(ERR_TOO_MANY) % {"count": active}
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, digest=_digest(token), expires_on=expires_on
    )
    return row, token


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token at once (a revoked token stays listed, marked, for the record)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_user(presented: str):
    """(user, token row) for a valid token; None for anything else: unknown, malformed, expired, revoked, or a user
    no longer active."""
    if not presented.startswith(TOKEN_PREFIX) or len(presented) > 200:
        return None
    prefix, _sep, secret = presented[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        return None
    row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if row is None or not hmac.compare_digest(row.digest, _digest(presented)):
        return None
    if not row.is_active or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
        row.last_used = now
    return row.user, row
