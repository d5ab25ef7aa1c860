"""Drive one record through each way in — the form, the import, the API — for the rulebook tests.

Each register's `test_rules.py` holds a table of bad values; every row goes through all three
ways and each must refuse it, name the field and store nothing.
"""

from __future__ import annotations

import csv
import json


def post_form(client, url: str, data: dict) -> dict[str, list[str]]:
    """POST a page's form; the errors it shows, by field ({} when it saved and redirected)."""
    response = client.post(url, data)
    if response.status_code == 302:
        return {}
    assert response.status_code == 200, response.status_code
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def call_api(client, method: str, url: str, payload: dict):
    """A JSON call; (status, body)."""
    send = getattr(client, method)
    response = send(url, data=json.dumps(payload, default=str), content_type="application/json")
    return response.status_code, response.json()


def write_file(path, header: list[str], rows: list[dict]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([[row.get(column, "") for column in header] for row in rows])
    return str(path)


def open_form(client, url: str) -> dict:
    """GET a page's form; the data it would submit unchanged (hidden version fields included)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = {}
    for bound in response.context["form"]:
        value = bound.value()
        data[bound.name] = "" if value is None else value
    return data
