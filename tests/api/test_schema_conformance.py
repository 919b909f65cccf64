"""The API keeps its schema's promises: schemathesis, in-process, on every public GET.

`.ci/run` also runs schemathesis against gunicorn (reads and the desk's writes); this one runs
with the suite, on SQLite and on PostgreSQL. It lives alone in this module because Django's test
client reconnects the signal the fixture below disconnects.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from newsroom.wsgi import application

pytestmark = pytest.mark.django_db

api_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(scope="module", autouse=True)
def keep_the_test_database_connection():
    # Django's test client does this too: the WSGI handler would otherwise close the
    # connection that holds the test's transaction (on PostgreSQL every request fails).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_with_data(linked_story, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "desk": "100000/minute"},
    }
    return linked_story


@api_schema.include(method="GET").parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_api_keeps_the_schemas_promises(case, api_with_data):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
