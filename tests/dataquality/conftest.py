import pytest

from congan.cleansing import link
from congan.cleansing.features import features_table
from congan.synth.noisy import generate_noisy_records


@pytest.fixture(scope="session")
def model():
    """A model trained once on labelled-free synthetic records (a handful of test records
    hold too few duplicates to train on); runs in these tests replay it."""
    return link.train(features_table(generate_noisy_records(4000, seed=11)), max_u_pairs=1e6)


@pytest.fixture
def client_for(client_for):
    """Signed-in clients that picked English (the site is Vietnamese unless the user chooses)."""
    from django.conf import settings

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
