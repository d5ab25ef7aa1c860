"""Files holding personal data or keys are private whatever the umask: the data directory 0700, the
SQLite file, its -wal and -shm and the generated keys 0600; an older world-readable database is tightened."""

import os
import sqlite3
import stat
import subprocess
import sys

SHOW_MODES = """
import os, stat
from django.conf import settings
from django.db import connection
with connection.cursor() as cur:
    cur.execute("CREATE TABLE t (x)")
    cur.execute("INSERT INTO t VALUES (1)")
    name = settings.DATABASES["default"]["NAME"]
    for path in (name + "-wal", name + "-shm"):
        print(os.path.basename(path), oct(stat.S_IMODE(os.stat(path).st_mode)))
"""


def _congan(data_dir, *args):
    env = {**os.environ, "CONGAN_DATA_DIR": str(data_dir)}
    for name in ("CONGAN_DATABASE_URL", "CONGAN_SECRET_KEY", "CONGAN_SECRET_KEY_FILE", "CONGAN_AUDIT_KEY",
                 "CONGAN_AUDIT_KEY_FILE"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "congan", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=True, umask=0o022)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_installation_keeps_its_data_and_keys_private_under_a_permissive_umask(tmp_path):
    data_dir = tmp_path / "var"
    shown = _congan(data_dir, "shell", "-c", SHOW_MODES)
    assert _mode(data_dir) == 0o700
    for name in ("congan.sqlite3", "secret_key", "audit_key"):
        assert _mode(data_dir / name) == 0o600, name
    # while the connection was open, SQLite's own files had the database file's mode
    assert "congan.sqlite3-wal 0o600" in shown.stdout
    assert "congan.sqlite3-shm 0o600" in shown.stdout
    # the umask still applies to other files: the directory rule is not a process-wide umask
    assert _mode(data_dir / "static") == 0o755


def test_a_database_file_left_readable_by_others_is_tightened(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    old = data_dir / "congan.sqlite3"
    sqlite3.connect(old).close()
    os.chmod(old, 0o644)
    _congan(data_dir, "shell", "-c", "pass")
    assert _mode(old) == 0o600
    assert _mode(data_dir) == 0o755  # an existing directory is the operator's: left as it was
