import pytest


@pytest.fixture(scope="session")
def model(trained_model):
    """The session's model (a handful of test records hold too few duplicates to train on):
    runs in these tests replay it."""
    return trained_model


@pytest.fixture
def client_for(client_for):
    """Signed-in clients that picked English (the site is Vietnamese unless the user chooses)."""
    from django.conf import settings

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
