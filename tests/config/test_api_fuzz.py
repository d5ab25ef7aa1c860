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
from schemathesis.specs.openapi.checks import positive_data_acceptance

from congan.campaigns.models import Campaign
from congan.config.api import api
from congan.dataquality.models import CleansingRun, ReviewPair, RunStatus
from congan.registry.models import PersonChange
from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import CaseFactory, SuspectFactory
from tests.org.factories import unit
from tests.registry.factories import PersonFactory, application, household
from tests.traffic.factories import AccidentFactory

#: Examples per operation and user: the whole file stays within a few minutes on a loaded machine.
EXAMPLES = 12
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"


def _records() -> dict[str, int]:
    """A little of every register in An Hòa, so that lists and details answer with rows; the id
    each detail operation is asked for."""
    case = CaseFactory(cleared_on=date(2024, 4, 1))
    SuspectFactory(case=CaseFactory(), full_name="Trần Văn Bình")
    accident = AccidentFactory(deaths=1)
    campaign = Campaign.objects.create(name="Vận động giao nộp vũ khí 2024", unit=unit("31120"),
                                       starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    receipt = ReceiptFactory(campaign=campaign)
    wanted = WantedFactory()
    home = household("HK-FUZZ")
    left, right = PersonFactory(household=home), PersonFactory(household=home, full_name="Nguyễn Văn Ân")
    PersonChange.objects.create(person=left, reason="Sửa ngày sinh", changes={"birth_year": [1991, 1990]})
    application(left, [("collected", date(2024, 1, 10)), ("produced", date(2024, 2, 1))])
    run = CleansingRun.objects.create(status=RunStatus.FINISHED, lower=0.5, upper=0.9)
    pair = ReviewPair.objects.create(run=run, left=left, right=right, probability=0.7)
    return {"/api/cases/cases/{pk}": case.pk, "/api/traffic/accidents/{pk}": accident.pk,
            "/api/campaigns/receipts/{pk}": receipt.pk, "/api/campaigns/wanted/{pk}": wanted.pk,
            "/api/registry/people/{pk}": left.pk, "/api/registry/people/{pk}/history": left.pk,
            "/api/registry/households/{pk}": home.pk, "/api/dataquality/pairs/{pk}": pair.pk}


#: The schema as the app publishes it at /api/openapi.json, sent to the app's own WSGI handler.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Query parameters the schema does not name are ignored, as Django does, not refused.
schema.config.generation.update(allow_extra_parameters=False)


@pytest.fixture
def records(db) -> dict[str, int]:
    return _records()


@pytest.fixture(params=["lanhdao", "anhoa"])
def signed_in(request, records, client) -> dict[str, str]:
    """Headers of a session of a city leader or a ward officer (with a CSRF token, for the POST
    operations), over records of every register in An Hòa."""
    from congan.org.models import User

    user = User.objects.get(username=request.param)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # As Django's test client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_every_input_within_its_schema(case, signed_in):
    # The session replaces the cookie schemathesis made up for the security scheme; a case made
    # without one (a negative case on authentication) goes without, and must get a 401.
    if "sessionid" in (case.cookies or {}):
        case.cookies["sessionid"] = signed_in["sessionid"]
    # A record written through the API is checked by its register's rules (dates in order, bounds
    # across fields, unit codes of the era): a body the schema accepts may still be refused with a
    # 422 naming the rule, so "schema-valid means accepted" does not hold for writes.
    excluded = [positive_data_acceptance] if case.method.upper() in ("POST", "PATCH") and \
        case.path != "/api/dataquality/pairs/{pk}/decision" else []
    case.call_and_validate(headers={"X-CSRFToken": CSRF_TOKEN}, cookies={"csrftoken": CSRF_TOKEN},
                           excluded_checks=excluded)


#: The required parameters of the operations that have some, for a request that must succeed.
QUERIES = {"/api/dataquality/stats": {"unit": "31120", "era": "legacy"},
           "/api/registry/id-cards/collection": {"unit": "31120", "era": "legacy", "end": "2024-12-31"},
           "/api/reports/report": {"unit": "31120", "year": 2024}}


def test_every_get_operation_answers_a_good_request_with_rows_in_its_schema(signed_in, records):
    """Fuzzing seldom hits a real id: here each GET operation is asked for a record or a list that
    exists, and its 200 answer is checked against the schema like any other."""
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in (op for op in operations if op.method.upper() == "GET"):
        pk = records.get(operation.path)
        case = schema.make_case(operation=operation, path_parameters={"pk": pk} if pk else None,
                                   query=QUERIES.get(operation.path), cookies={"sessionid": signed_in["sessionid"]})
        response = case.call_and_validate()
        assert response.status_code == 200, (operation.label, response.text)
        if operation.path != "/api/registry/id-cards/wards":  # An Hòa's residents are under 14 nowhere
            assert response.json(), operation.label


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document names a schema by its class: two `ChangeOut` (a wanted person's and a
    resident's) made the resident's history documented with the wanted person's fields."""
    from pydantic import BaseModel

    from congan.org import schemas as shared
    from congan.project.discovery import app_modules

    modules = [shared, *(module for _label, module in app_modules("api"))]
    names = [obj.__name__ for module in modules for obj in vars(module).values()
             if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
