"""GET /api/reports/report: the JSON contract through the API, within the user's jurisdiction."""

from tests.org.factories import unit


def test_city_report_through_the_api(city_records, client_for, lanhdao):
    response = client_for(lanhdao).get("/api/reports/report", {"unit": "92", "year": 2025})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"] == "92" and data["crime"]["detected"] == 4 and data["traffic"]["change"]["injuries"] is None


def test_a_ward_officer_gets_404_for_another_ward(city_records, client_for, anhoa):
    client = client_for(anhoa)
    assert client.get("/api/reports/report", {"unit": "31153", "year": 2024}).status_code == 404
    own = client.get("/api/reports/report", {"unit": "31120", "year": 2024})
    assert own.status_code == 200 and own.json()["crime"]["detected"] == 1  # 14/12/2024, An Hòa


def test_signed_out_is_401(db, client):
    assert client.get("/api/reports/report", {"unit": "92", "year": 2025}).status_code == 401
    assert unit("92", "2025", "province")


def test_the_api_answers_exactly_what_the_command_writes(city_records, client_for, lanhdao, tmp_path):
    """The API's typed schema keeps every field and every number's type (1.5 kg, a whole number of rounds)."""
    import json

    from django.core.management import call_command

    api = client_for(lanhdao).get("/api/reports/report", {"unit": "92", "year": 2025}).json()
    call_command("report", "--year", "2025", "--unit", "92", "-o", str(tmp_path / "report.json"))
    command = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    for report in (api, command):
        report["built"].pop("at")
    assert api["weapons"]["explosive_kg"] == 1.5 and type(api["weapons"]["ammunition_round"]) is int
    assert json.dumps(api, sort_keys=True) == json.dumps(command, sort_keys=True)
