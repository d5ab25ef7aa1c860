import pytest

from congan.synth import generate_people


@pytest.fixture(scope="package")
def people():
    """20,000 people of old Cần Thơ, made once for the distribution and structure tests."""
    return list(generate_people(20_000, seed=7))


@pytest.fixture(scope="package")
def households(people):
    by_id = {}
    for p in people:
        by_id.setdefault(p.household_id, []).append(p)
    return by_id
