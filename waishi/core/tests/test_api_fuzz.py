"""schemathesis over the whole OpenAPI schema, as served at /api/schema/: every operation gets
generated requests (valid and invalid), sent to the application in-process as office staff,
and every answer must be no server error and conform to the schema (status code, content type,
headers, body).

A bounded number of examples per operation, derandomised (the same requests on every run);
`make fuzz` runs many more (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
COVERAGE = os.environ.get("FUZZ_COVERAGE", "0") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _served_schema() -> dict:
    """What /api/schema/ serves (to a logged-in user), built the same way, without a request
    (collection runs before any database is allowed)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(
    _served_schema(),
    config=SchemathesisConfig.from_dict(
        {
            "seed": 20261202,
            "generation": {"max-examples": EXAMPLES},
            # The coverage phase (every boundary of every parameter) is thorough and slow:
            # `make fuzz` only.
            "phases": {"coverage": {"enabled": COVERAGE}},
        }
    ),
)
schema.app = get_wsgi_application()


@pytest.fixture
def records(db, personas):
    """Records behind the API, so that lists and pages have rows to check against their
    schema."""
    from waishi.agreements.tests.factories import AgreementFactory
    from waishi.partners.tests.factories import InstitutionFactory
    from waishi.people.tests.factories import DocumentFactory
    from waishi.programs.tests.factories import ProgramFactory
    from waishi.travel.tests.factories import ready_trip

    partner = InstitutionFactory()
    AgreementFactory(parties=[partner], units=[personas.college])
    ProgramFactory()
    DocumentFactory()
    ready_trip(personas.teacher)
    token, _ = Token.objects.get_or_create(user=personas.office_staff)
    # The requests go to the site's own WSGI handler, which closes the database connection
    # after each request; the test's transaction must outlive them (as Django's test client
    # arranges).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Token {token.key}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_request_within_its_schema(case, records):
    case.call_and_validate(headers=records, checks=CHECKS)
