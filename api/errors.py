"""One error body for every refusal of the API, in Vietnamese:

    {"status": 409, "code": "conflict", "message": "…", "errors": {"field": ["…"]}}

``errors`` names the fields at fault (for 400s); the other statuses carry the message alone. A service's domain
errors are answered here too, so views only call services: Django's ValidationError is 400, its VersionConflict
(units.versioning) 409 with the pages' own sentence, ActionRefused 403. Whatever was written is rolled back."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from accounts.permissions import ActionRefused
from units.versioning import VersionConflict

ERR_UNAUTHENTICATED = gettext_noop("Log in, or send a personal token: Authorization: Bearer <token>.")
ERR_FORBIDDEN = gettext_noop("You may not do this at this unit.")
ERR_NOT_FOUND = gettext_noop("Not found, or not among the units you act for.")
ERR_METHOD = gettext_noop("This address does not take %(method)s.")
ERR_MALFORMED = gettext_noop("The body is not valid JSON.")
ERR_MEDIA_TYPE = gettext_noop("Send the body as JSON (Content-Type: application/json).")
ERR_NOT_ACCEPTABLE = gettext_noop("This address answers only in JSON.")
ERR_THROTTLED = gettext_noop("Too many requests with this token; try again in %(seconds)s seconds.")
ERR_INVALID = gettext_noop("The request has errors (see “errors”); nothing was changed.")

CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def error_body(status_code: int, message: str, errors: dict | None = None, code: str | None = None) -> dict:
    body = {"status": status_code, "code": code or CODES.get(status_code, "error"), "message": str(message)}
    if errors:
        body["errors"] = errors
    return body


def _fields(detail) -> dict:
    """DRF's detail (dict, list or string, nested) as {field: [messages]}; "__all__" for what names no field."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            name = "__all__" if key == "non_field_errors" else str(key)
            if isinstance(value, dict):
                for sub, texts in _fields(value).items():
                    out[name if sub == "__all__" else f"{name}.{sub}"] = texts
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, texts in _fields(item).items():
                        out[f"{name}.{index}" if sub == "__all__" else f"{name}.{index}.{sub}"] = texts
            else:
                out[name] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    return {"__all__": [str(v) for v in (detail if isinstance(detail, list) else [detail])]}


def _django_fields(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {key: [str(m) for m in texts] for key, texts in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _answer(exc):
    """(status, message, errors, headers) for an exception the API answers; None for one it does not know."""
    if isinstance(exc, VersionConflict):
        return 409, " ".join(exc.messages), None, {}
    if isinstance(exc, DjangoValidationError):
        return 400, _(ERR_INVALID), _django_fields(exc), {}
    if isinstance(exc, ActionRefused | DjangoPermissionDenied | exceptions.PermissionDenied):
        message = getattr(exc, "message", "") or ""
        return 403, message or _(ERR_FORBIDDEN), None, {}
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) != str(exceptions.NotFound.default_detail):
        return 404, str(exc.detail), None, {}  # a page past the last one: the paginator's own message
    if isinstance(exc, Http404 | exceptions.NotFound):
        return 404, _(ERR_NOT_FOUND), None, {}
    if isinstance(exc, exceptions.AuthenticationFailed):
        return 401, str(exc.detail), None, {}
    if isinstance(exc, exceptions.NotAuthenticated):
        return 401, _(ERR_UNAUTHENTICATED), None, {}
    if isinstance(exc, exceptions.ParseError):
        return 400, _(ERR_MALFORMED), None, {}
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return 415, _(ERR_MEDIA_TYPE), None, {}
    if isinstance(exc, exceptions.NotAcceptable):
        return 406, _(ERR_NOT_ACCEPTABLE), None, {}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, _(ERR_METHOD) % {"method": exc.args[0] if exc.args else ""}, None, {}
    if isinstance(exc, exceptions.Throttled):
        seconds = int(exc.wait or 1)
        return 429, _(ERR_THROTTLED) % {"seconds": seconds}, None, {"Retry-After": str(seconds)}
    if isinstance(exc, exceptions.ValidationError):
        return 400, _(ERR_INVALID), _fields(exc.detail), {}
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, str(exc.detail), None, {}
    return None


def exception_handler(exc, context):
    answer = _answer(exc)
    if answer is None:
        return None  # a bug, not a refusal: Django's 500 and its logging
    status_code, message, errors, headers = answer
    response = Response(error_body(status_code, message, errors), status=status_code)
    if status_code == status.HTTP_401_UNAUTHORIZED:
        headers = {**headers, "WWW-Authenticate": 'Bearer realm="api"'}
    for name, value in headers.items():
        response[name] = value
    set_rollback()
    return response


@csrf_exempt  # as every API view: a POST that carries a session cookie gets the JSON 404, not the CSRF page
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: the same 404 body, not the HTML page."""
    return JsonResponse(error_body(404, _(ERR_NOT_FOUND)), status=404)
