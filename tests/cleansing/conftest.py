import pytest

from congan.cleansing import link
from congan.cleansing.features import features_table
from congan.synth.noisy import generate_noisy_records

# Small enough to keep the suite fast, large enough for EM to see every level.
N_RECORDS = 4000


@pytest.fixture(scope="session")
def labelled_rows():
    return generate_noisy_records(N_RECORDS, seed=11)


@pytest.fixture(scope="session")
def features(labelled_rows):
    return features_table(labelled_rows)


@pytest.fixture(scope="session")
def model(features):
    return link.train(features, max_u_pairs=1e6)


@pytest.fixture(scope="session")
def pairs(features, model):
    return link.predict(features, model)


def partition(person_id: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for rid, pid in person_id.items():
        groups.setdefault(pid, set()).add(rid)
    return {frozenset(g) for g in groups.values()}
