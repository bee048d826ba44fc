"""Property-based tests generated from the live OpenAPI schema (schemathesis): every GET route, called in process
through Django's WSGI application with a reviewer's valid token, with parameters drawn from the schema (ids, filters,
pages, orderings, and values that do not fit them). Each response must not be a server error and must conform to
the schema (its status among the documented ones, its body to the documented shape: the error body included).

A few examples per route keep the module under about 30 seconds; the counts are printed at the end (``-s``)."""

import json
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from accounts.tokens import token_create
from config.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

MAX_EXAMPLES = 12
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance, status_code_conformance]
COUNTS: Counter = Counter()
STATUSES: Counter = Counter()
OPERATIONS: set = set()


def _live_schema() -> dict:
    """The schema /api/v1/schema/ serves, built at collection by the same generator and renderer as that view (a
    request to it would open a database transaction, which pytest-django forbids outside a test)."""
    generated = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


schema = schemathesis.openapi.from_dict(_live_schema()).include(method="GET")
schema.app = application  # called in process, through Django's WSGI application


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """As Django's test client does: a request's start and end must not close the test's database connection (its
    transaction holds the rows the routes read)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(loop, people):
    """A reviewer of Huyện Cao Lộc: sees the district, its communes, their campaigns, periods and reports."""
    return token_create(user=people.reviewer, name="schemathesis")[1]


@pytest.fixture(scope="module", autouse=True)
def _counts():
    yield
    print(  # the closing note of the issue quotes these
        f"\nschemathesis: {len(OPERATIONS)} GET operations, {COUNTS['cases']} cases, "
        f"{COUNTS['server_errors']} server errors, statuses {dict(sorted(STATUSES.items()))}"
    )


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_get_route_conforms(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    OPERATIONS.add(case.operation.label)
    COUNTS["cases"] += 1
    STATUSES[response.status_code] += 1
    COUNTS["server_errors"] += response.status_code >= 500
    case.validate_response(response, checks=CHECKS, headers={"Authorization": f"Bearer {token}"})
