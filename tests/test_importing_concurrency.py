"""An import and the web app at the same time, and an import killed halfway.

Each test runs the real `congan` command in a subprocess on its own database: the embedded SQLite
file (where a write transaction locks out every other writer), and PostgreSQL when the suite runs
on it. An import checks every row before it writes any (congan.importing), so a web request's
writes (its session, its audit entry) do not wait for the file, and `kill -9` at any moment leaves
the database with all of the file or none of it.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from congan.synth import write_residents_csv


def _database(tmp_path, vendor: str) -> str:
    if vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'congan.sqlite3'}"
    base = os.environ.get("CONGAN_DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("PostgreSQL: run the suite with CONGAN_DATABASE_URL=postgres://…")
    import psycopg

    parts = urlsplit(base)
    name = parts.path.lstrip("/") + "_killtest"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _env(tmp_path, url: str) -> dict:
    return {**os.environ, "CONGAN_DATA_DIR": str(tmp_path), "CONGAN_DATABASE_URL": url}


def congan(*args, env, check=True, timeout=600):
    return subprocess.run([sys.executable, "-m", "congan", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=check)


COUNTS = ("from congan.registry.models import Person, Household, IdentityDocument;"
          "from congan.org.models import AuditEntry;"
          "print('COUNTS', Person.objects.count(), Household.objects.count(), IdentityDocument.objects.count(),"
          "AuditEntry.objects.filter(action='import').count())")


def _counts(env) -> tuple[int, int, int, int]:
    out = congan("shell", "-c", COUNTS, env=env).stdout
    return tuple(int(n) for n in out.split("COUNTS")[-1].split())


class _Import:
    """`congan import residents FILE` in the background, its messages read as they come."""

    def __init__(self, path, env):
        self.process = subprocess.Popen([sys.executable, "-m", "congan", "import", "residents", str(path)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.err = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while chunk := self.process.stderr.read1(4096):
            self.err += chunk

    def wait_for(self, text: bytes, timeout=300) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.err:
            assert self.process.poll() is None, self.err.decode()[-2000:]
            assert time.monotonic() < deadline, f"no {text!r} in {self.err.decode()[-2000:]}"
            time.sleep(0.05)

    def kill(self) -> bool:
        """SIGKILL; True if the import was still running (not already done)."""
        running = self.process.poll() is None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        return running


@pytest.mark.slow
@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_an_import_killed_at_any_moment_stores_nothing_and_runs_again_whole(tmp_path, vendor):
    env = _env(tmp_path, _database(tmp_path, vendor))
    congan("init", env=env)
    path = tmp_path / "residents.csv"
    rows = write_residents_csv(path, 30_000, seed=5, province_codes=("92",))
    before = _counts(env)

    # while the rows are being checked
    staging = _Import(path, env)
    staging.wait_for(b" rows")  # the progress bar shows rows read
    assert staging.kill()
    assert _counts(env) == before

    # while the checked rows are being stored
    publishing = _Import(path, env)
    publishing.wait_for(b"storing")
    time.sleep(0.2)
    killed_while_storing = publishing.kill()
    after = _counts(env)
    if killed_while_storing:
        assert after == before
    else:  # the machine was quick: the import had committed before the signal, whole
        assert after[0] == before[0] + rows and after[3] == before[3] + 1

    if after == before:
        again = congan("import", "residents", str(path), "--no-progress", env=env)
        assert f"imported {rows} residents" in again.stdout
        people, households, documents, imports = _counts(env)
        assert (people, imports) == (before[0] + rows, before[3] + 1)
        assert households > before[1] and documents > before[2]
    assert congan("audit", "verify", env=env).returncode == 0


def test_a_file_with_a_reject_killed_or_not_stores_nothing(tmp_path):
    env = _env(tmp_path, _database(tmp_path, "sqlite"))
    congan("init", env=env)
    path = tmp_path / "residents.csv"
    write_residents_csv(path, 300, seed=5, province_codes=("92",))
    with path.open("a", encoding="utf-8") as f:
        f.write("bad-1,synth,Nguyễn Văn An,2199-01-01,Nam,,,\"Phường An Hòa, Quận Ninh Kiều, Cần Thơ\",,,h-bad,Chủ hộ,,\n")
    before = _counts(env)
    result = congan("import", "residents", str(path), "--no-progress", env=env, check=False)
    assert result.returncode == 1
    assert "date_of_birth" in result.stderr and "nothing stored" in result.stderr
    people, households, documents, imports = _counts(env)
    assert (people, households, documents) == before[:3]
    assert imports == before[3] + 1  # the refusal is audited, with nothing stored


WEB_WRITE_DURING_IMPORT = r"""
import sys, threading
import django
django.setup()
from django.conf import settings
from django.db import connections
from django.test import Client

settings.ALLOWED_HOSTS = ["testserver"]
# A writer that had to wait for the import's lock would fail after one second, not twenty.
connections.settings["default"]["OPTIONS"]["timeout"] = 1

from congan.importing import run_import
from congan.org.models import AuditEntry, User
from congan.registry.importers import ResidentImporter

answers = []

def web_request():
    client = Client()
    client.force_login(User.objects.get(username="anhoa"))  # a session row written
    response = client.get("/registry/", {"q": "Nguyễn"})  # an audited search: an audit row written
    answers.append((response.status_code, AuditEntry.objects.filter(action="search").count()))
    connections.close_all()

class Pause:
    # At row 150 of 300 the import waits while a signed-in user searches the registry.
    rows = 0
    def update(self, n):
        self.rows += n
        if self.rows == 150:
            request = threading.Thread(target=web_request)
            request.start()
            request.join()

result = run_import(ResidentImporter(), sys.argv[1], progress=Pause())
print("ANSWERS", answers, "STORED", result.stored)
"""


def test_a_web_request_that_writes_succeeds_while_an_import_is_in_progress(tmp_path):
    env = _env(tmp_path, _database(tmp_path, "sqlite"))
    env["DJANGO_SETTINGS_MODULE"] = "congan.config.settings"
    congan("init", env=env)
    congan("shell", "-c", "from congan.org.services import create_demo_accounts; create_demo_accounts()", env=env)
    path = tmp_path / "residents.csv"
    write_residents_csv(path, 300, seed=5, province_codes=("92",))
    run = subprocess.run([sys.executable, "-c", WEB_WRITE_DURING_IMPORT, str(path)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "ANSWERS [(200, 1)] STORED 300" in run.stdout, run.stdout + run.stderr[-3000:]


@pytest.mark.django_db
@pytest.mark.parametrize("register", ["cases", "residents"])
def test_a_record_stored_by_someone_else_while_the_file_is_checked_is_a_reject(tmp_path, register):
    """The staging finds the number free; a clerk stores it before the publishing: nothing of the
    file is stored and the row is named (the database's unique key is the last word)."""
    from congan.importing import run_import

    if register == "cases":
        from congan.cases.importers import CaseImporter
        from congan.cases.models import Case
        from tests.cases.importfiles import write_csv
        from tests.cases.test_import import GOOD, HEADER

        path = write_csv(tmp_path / "cases.csv", HEADER, [GOOD, ["HS-2024-002", *GOOD[1:]]])
        importer, model, key = CaseImporter(), Case, "HS-2024-002"

        def clerk(rows):
            from tests.cases.factories import CaseFactory

            CaseFactory(case_number=key)
    else:
        from congan.registry.importers import ResidentImporter
        from congan.registry.models import Person
        from tests.registry.factories import PersonFactory, resident_row, residents_csv

        path = residents_csv(tmp_path / "r.csv", [resident_row("R1"), resident_row("R2", household_id="H2")])
        importer, model, key = ResidentImporter(), Person, "R2"

        def clerk(rows):
            PersonFactory(record_id=key)

    before = model.objects.count()
    result = run_import(importer, path, on_publish=clerk)
    assert not result.ok and result.stored == 0
    assert [(r.row, r.value) for r in result.rejects] == [(3, key)]
    assert "already stored" in result.rejects[0].reason
    assert model.objects.count() == before + 1  # the clerk's record, nothing of the file


READER_DURING_PUBLISHING = r"""
import csv, sys, threading, time
import django
django.setup()
from django.conf import settings
from django.db import connections, transaction
from django.test import Client

settings.ALLOWED_HOSTS = ["testserver"]
# A writer that had to wait for the import's lock would fail after one second, not twenty.
connections.settings["default"]["OPTIONS"]["timeout"] = 1

import congan.importing
from congan.importing import run_import
from congan.org.models import User
from congan.registry.importers import ResidentImporter
from congan.registry.models import Household, IdentityDocument, Person, PersonNameIndex
from congan.registry.search import search_people

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    first = next(csv.DictReader(f))

def look():  # one read transaction: one snapshot of the database (SQLite's WAL)
    leader = User.objects.get(username="lanhdao")
    with transaction.atomic():
        return (Person.objects.count(), Household.objects.count(), IdentityDocument.objects.count(),
                PersonNameIndex.objects.count(), Person.objects.filter(record_id=first["record_id"]).count(),
                len(search_people(leader, query=first["full_name"], limit=100_000)))

seen, stored_underneath, answers, done, looking = [], [], [], threading.Event(), threading.Event()
# Many small steps with pauses the reader can look in, whatever the machine's speed: the look
# between two steps is what this test is about, not a race the reader may lose.
congan.importing.FIRST_STEP_ROWS = 200
congan.importing.STEP_SECONDS = 0.05
congan.importing.STEP_PAUSE = 0.25

def reader():
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    while not done.is_set():
        seen.append(look())
        stored_underneath.append(Person._base_manager.count())
        answers.append(client.get("/registry/", {"q": first["full_name"]}).status_code)
        looking.set()
        time.sleep(0.02)
    connections.close_all()

def start_reading(rows):
    thread.start()
    looking.wait(60)  # the reader signed in and looked once before the first step

before = look()
thread = threading.Thread(target=reader)
result = run_import(ResidentImporter(), path, on_publish=start_reading)
done.set()
thread.join()
after = look()
print("BEFORE", before, "AFTER", after, "STORED", result.stored)
print("SEEN", sorted(set(seen)))
print("UNDERNEATH", max(stored_underneath), "LOOKS", len(seen), "ANSWERS", sorted(set(answers)))
"""


def _line(out: str, word: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(word))


def test_a_reader_sees_nothing_of_an_import_until_it_is_published_then_all_of_it(tmp_path):
    """On SQLite the rows are stored in short transactions while other connections read: every
    look (counts of the four tables, a record by key, a name search, a web search) finds the
    records as before the import or as after it, never part of it, though part was underneath."""
    env = _env(tmp_path, _database(tmp_path, "sqlite"))
    env["DJANGO_SETTINGS_MODULE"] = "congan.config.settings"
    congan("init", env=env)
    congan("shell", "-c", "from congan.org.services import create_demo_accounts; create_demo_accounts()", env=env)
    path = tmp_path / "residents.csv"
    rows = write_residents_csv(path, 6000, seed=7, province_codes=("92",))
    run = subprocess.run([sys.executable, "-c", READER_DURING_PUBLISHING, str(path)], env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    before = eval(_line(run.stdout, "BEFORE").split("BEFORE")[1].split("AFTER")[0])  # noqa: S307 - our own output
    after = eval(_line(run.stdout, "BEFORE").split("AFTER")[1].split("STORED")[0])  # noqa: S307
    seen = eval(_line(run.stdout, "SEEN")[4:])  # noqa: S307
    underneath, looks, answers = _line(run.stdout, "UNDERNEATH").split()[1::2]
    assert f"STORED {rows}" in run.stdout
    assert after[0] == before[0] + rows and after[4] == 1 and after[5] >= 1
    assert all(look in (before, after) for look in seen), seen
    assert before in seen  # the reader looked while the rows were being stored…
    assert before[0] < int(underneath) < after[0] + 1  # …and part of them were in the table, hidden
    assert int(looks) > 3 and eval(answers) == [200]  # noqa: S307 - every web search answered at once


def _raw(tmp_path, sql: str) -> int:
    import sqlite3

    with sqlite3.connect(tmp_path / "congan.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_an_import_killed_while_publishing_in_steps_shows_nothing_and_the_next_import_cleans_up(tmp_path):
    """SQLite: killed once part of the rows are in the tables (hidden), the import shows nothing;
    the next import deletes those rows and its pending batch, then stores the file whole."""
    env = _env(tmp_path, _database(tmp_path, "sqlite"))
    congan("init", env=env)
    path = tmp_path / "residents.csv"
    rows = write_residents_csv(path, 20_000, seed=5, province_codes=("92",))
    before = _counts(env)
    in_table = "SELECT COUNT(*) FROM registry_person"
    table_before = _raw(tmp_path, in_table)

    publishing = _Import(path, env)
    publishing.wait_for(b"storing")
    deadline = time.monotonic() + 300
    while _raw(tmp_path, in_table) < table_before + 2000:
        assert publishing.process.poll() is None and time.monotonic() < deadline, publishing.err.decode()[-2000:]
        time.sleep(0.05)
    assert publishing.kill()
    left = _raw(tmp_path, in_table) - table_before
    assert 2000 <= left < rows  # part of the file is in the table, killed before publishing
    assert _counts(env) == before  # and nothing of it shows
    assert _raw(tmp_path, "SELECT COUNT(*) FROM org_importbatch WHERE NOT published") == 1

    again = congan("import", "residents", str(path), "--no-progress", env=env)
    assert f"imported {rows} residents" in again.stdout
    people, households, documents, imports = _counts(env)
    assert (people, imports) == (before[0] + rows, before[3] + 1)
    assert _raw(tmp_path, in_table) == people  # the killed import's rows are gone
    assert _raw(tmp_path, "SELECT COUNT(*) FROM registry_household") == households
    assert _raw(tmp_path, "SELECT COUNT(*) FROM registry_identitydocument") == documents
    assert _raw(tmp_path, "SELECT COUNT(*) FROM registry_personnameindex WHERE person_id NOT IN "
                          "(SELECT id FROM registry_person)") == 0
    assert _raw(tmp_path, "SELECT COUNT(*) FROM org_importbatch WHERE NOT published") == 0
    assert congan("audit", "verify", env=env).returncode == 0
