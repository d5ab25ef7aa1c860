"""The whole JSON API fuzzed from its own OpenAPI schema (schemathesis), signed in as a city leader
and as a ward officer, with records in the ward: every operation, valid and invalid inputs.

No answer may be a server error, carry a status code the schema does not list, or break the
schema it lists; an input the schema refuses must be refused (4xx) with a message.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from congan.config.api import api
from congan.dataquality.models import CleansingRun, ReviewPair, RunStatus
from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import CaseFactory, SuspectFactory
from tests.registry.factories import PersonFactory, application, household
from tests.traffic.factories import AccidentFactory

#: Examples per operation and user: the whole file stays within a few minutes on a loaded machine.
EXAMPLES = 12
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"


def _records():
    """A little of every register in An Hòa, so that lists and details answer with rows."""
    CaseFactory(cleared_on=date(2024, 4, 1))
    SuspectFactory(case=CaseFactory(), full_name="Trần Văn Bình")
    AccidentFactory(deaths=1)
    ReceiptFactory()
    WantedFactory()
    home = household("HK-FUZZ")
    left, right = PersonFactory(household=home), PersonFactory(household=home, full_name="Nguyễn Văn Ân")
    application(left, [("collected", date(2024, 1, 10)), ("produced", date(2024, 2, 1))])
    run = CleansingRun.objects.create(status=RunStatus.FINISHED, lower=0.5, upper=0.9)
    ReviewPair.objects.create(run=run, left=left, right=right, probability=0.7)


#: The schema as the app publishes it at /api/openapi.json, sent to the app's own WSGI handler.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Query parameters the schema does not name are ignored, as Django does, not refused.
schema.config.generation.update(allow_extra_parameters=False)


@pytest.fixture(params=["lanhdao", "anhoa"])
def signed_in(request, db, client) -> dict[str, str]:
    """Headers of a session of a city leader or a ward officer (with a CSRF token, for the POST
    operations), over records of every register in An Hòa."""
    from congan.org.models import User

    _records()
    user = User.objects.get(username=request.param)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # As Django's test client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_every_input_within_its_schema(case, signed_in):
    # The session replaces the cookie schemathesis made up for the security scheme; a case made
    # without one (a negative case on authentication) goes without, and must get a 401.
    if "sessionid" in (case.cookies or {}):
        case.cookies["sessionid"] = signed_in["sessionid"]
    case.call_and_validate(headers={"X-CSRFToken": CSRF_TOKEN}, cookies={"csrftoken": CSRF_TOKEN})
