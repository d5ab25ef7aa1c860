"""Shared test base: the units of Vietnam loaded once, and the named people of the demo.

A test reads as who may do what: `anhoa` is a ward officer of Phường An Hòa (Ninh Kiều),
`ninhkieu` a district officer of Quận Ninh Kiều, `chauvanliem` an outsider (a ward officer in
Ô Môn), `lanhdao` city leadership, `thongke` the statistics office, `kiemtra` the auditor,
`nhaplieu` a data clerk of An Hòa, `quantri` the administrator.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from
# the live server's own thread are unaffected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _load_base_data():
    from congan.org.services import create_demo_accounts, load_admin_units

    load_admin_units()
    create_demo_accounts()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_base_data()


@pytest.fixture(scope="session", autouse=True)
def _flush_as_the_database_owner():
    """Live-server tests empty the database after each test; on SQLite the audit table's triggers
    refuse that, so the flush lifts and restores them, as its owner would (org/appendonly.py)."""
    from django.db.backends.sqlite3.base import DatabaseOperations

    from congan.org import appendonly

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        return [*appendonly.sqlite_drop(), *original(self, style, tables, **kwargs), *appendonly.sqlite_create()]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture
def base_data_reloaded(transactional_db):
    """For tests that run on a live server: their database is emptied after each test."""
    from congan.org.models import AdminUnit

    if not AdminUnit.objects.exists():
        _load_base_data()


def _named_user(username: str):
    """A fixture for one of the demo's named people (see the module docstring)."""

    @pytest.fixture
    def fixture(db):
        from congan.org.models import User

        return User.objects.select_related("unit__admin_unit").get(username=username)

    return fixture


anhoa = _named_user("anhoa")
xuankhanh = _named_user("xuankhanh")
ninhkieu = _named_user("ninhkieu")
ninhkieu2025 = _named_user("ninhkieu2025")
chauvanliem = _named_user("chauvanliem")
lanhdao = _named_user("lanhdao")
kiemtra = _named_user("kiemtra")
nhaplieu = _named_user("nhaplieu")
thongke = _named_user("thongke")
quantri = _named_user("quantri")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client signed in as that user."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(live_server, base_data_reloaded):
    """A page in Debian's headless Chromium, for tests marked `browser`, against the live server."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            # Without the networking flags Chromium keeps calling home on this closed network.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser.new_page()
        browser.close()


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in(username, path)`: open `path`, sign in on the login page it redirects to."""
    from congan.org.services import DEMO_PASSWORD

    def go(username: str, path: str = "/"):
        page.goto(f"{live_server.url}{path}")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        return page

    return go


# --- the cleansing model ---------------------------------------------------------------------

#: Labelled synthetic records the test model is trained on: small enough to keep the suite
#: fast, large enough for EM to see every level.
MODEL_RECORDS = 4000


@pytest.fixture(scope="session")
def model_training_rows():
    from congan.synth.noisy import generate_noisy_records

    return generate_noisy_records(MODEL_RECORDS, seed=11)


@pytest.fixture(scope="session")
def model_training_features(model_training_rows):
    from congan.cleansing import features_table

    return features_table(model_training_rows)


@pytest.fixture(scope="session")
def trained_model(model_training_features):
    """The one model the engine and registry tests replay, trained once per test session."""
    from congan.cleansing import train

    return train(model_training_features, max_u_pairs=1e6)
