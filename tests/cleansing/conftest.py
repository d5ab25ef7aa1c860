import pytest

from congan.cleansing import link


@pytest.fixture(scope="session")
def labelled_rows(model_training_rows):
    return model_training_rows


@pytest.fixture(scope="session")
def features(model_training_features):
    return model_training_features


@pytest.fixture(scope="session")
def model(trained_model):
    return trained_model


@pytest.fixture(scope="session")
def pairs(features, model):
    return link.predict(features, model)


def partition(person_id: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for rid, pid in person_id.items():
        groups.setdefault(pid, set()).add(rid)
    return {frozenset(g) for g in groups.values()}
