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
