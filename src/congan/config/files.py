"""Files that hold personal data or keys are readable by the service account only.

The data directory (SQLite file, generated keys) is created 0700 and the SQLite file 0600 before
SQLite first opens it: SQLite gives its `-wal` and `-shm` files the mode of the database file, so
they are private too. A database file left readable by others by an older version is tightened
when the settings load. The generated keys are written 0600 at creation (config/env.py).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by its owner only; an existing one is left as is."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=DIR_MODE)
            os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask; the chmod is not
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if missing; take group and other rights off an existing
    one that we own. An empty file is a valid empty SQLite database."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
    else:
        os.close(fd)
    return path


def tighten(path: Path) -> None:
    """Remove group and other rights from a file we own (no-op if missing or someone else's)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        st = os.stat(path)
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)


def private_sqlite(name: str) -> None:
    """Prepare the SQLite database file `name` (and its -wal/-shm, if left over) as private files."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    private_dir(path.parent)
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        tighten(Path(f"{path}{suffix}"))
