"""Signed checkpoints of the audit chain, kept outside the database.

A checkpoint says "entry N was the newest, with this seal", signed with the audit key. A chain
that was cut at the end or emptied still verifies on its own; against a checkpoint it shows as an
entry missing. One small JSON file per checkpoint, never rewritten, in a directory the database
administrator cannot write (another machine's mount, a write-once store, or copies mailed away).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from congan.config.keys import UnknownKey
from congan.org.models import AuditEntry

_PURPOSE = "audit-checkpoint"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    entry_id: int
    hash: str
    at: str
    key_id: str

    def payload(self) -> bytes:
        return json.dumps({"entry_id": self.entry_id, "hash": self.hash, "at": self.at, "key_id": self.key_id},
                          sort_keys=True, separators=(",", ":")).encode()


def write(entry_id: int, entry_hash: str, directory: Path | None = None) -> Path:
    """Write the checkpoint of one entry; returns its file. OSError if the directory is not writable."""
    directory = Path(directory or settings.CONGAN_AUDIT_CHECKPOINT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    keys = settings.CONGAN_AUDIT_KEYS
    now = timezone.now()
    cp = Checkpoint(entry_id=entry_id, hash=entry_hash, at=now.isoformat(), key_id=keys.current_id)
    body = {**json.loads(cp.payload()), "signature": keys.mac(_PURPOSE, cp.payload())}
    path = directory / f"checkpoint-{now:%Y%m%dT%H%M%S%f}-{entry_id:012d}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(body, out, sort_keys=True)
    return path


def write_quietly(entry: AuditEntry) -> None:
    """The checkpoint every N entries, written after the request's commit: a full disk is logged
    loudly but does not refuse the officer's work (the next verify writes one again)."""
    try:
        write(entry.id, entry.hash)
    except OSError as exc:
        log.error("audit checkpoint for entry %s not written: %s", entry.id, exc)


def _read(path: Path) -> Checkpoint:
    body = json.loads(path.read_text(encoding="utf-8"))
    cp = Checkpoint(entry_id=int(body["entry_id"]), hash=str(body["hash"]), at=str(body["at"]),
                    key_id=str(body["key_id"]))
    if settings.CONGAN_AUDIT_KEYS.mac(_PURPOSE, cp.payload(), cp.key_id) != body.get("signature"):
        raise ValueError("its signature does not match (forged or damaged)")
    return cp


@dataclass(frozen=True)
class Problem:
    """Where the chain and a checkpoint disagree. `kind`: "unreadable" (forged or damaged), "cut"
    (entries cut off the end), "missing" (an entry gone), "differs" (an entry changed)."""

    kind: str
    checkpoint: str
    entry_id: int | None = None
    last_id: int = 0
    error: str = ""

    def __str__(self) -> str:
        if self.kind == "unreadable":
            return f"checkpoint {self.checkpoint}: {self.error}"
        if self.kind == "cut":
            return (f"entries cut off the end: checkpoint {self.checkpoint} saw entry {self.entry_id}, "
                    f"the chain ends at {self.last_id or 'no entry'}")
        if self.kind == "missing":
            return f"entry {self.entry_id} of checkpoint {self.checkpoint} is missing"
        return f"entry {self.entry_id} differs from checkpoint {self.checkpoint}"


def problems(directory: Path) -> tuple[int, list[Problem]]:
    """Compare the chain with every checkpoint in `directory`: (checkpoints read, problems found)."""
    files = sorted(Path(directory).glob("checkpoint-*.json")) if Path(directory).is_dir() else []
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    found = []
    for path in files:
        try:
            cp = _read(path)
        except (OSError, ValueError, KeyError, TypeError, UnknownKey) as exc:
            found.append(Problem("unreadable", path.name, error=str(exc)))
            continue
        stored = AuditEntry.objects.filter(id=cp.entry_id).values_list("hash", flat=True).first()
        if stored is None and cp.entry_id > last_id:
            found.append(Problem("cut", path.name, cp.entry_id, last_id))
        elif stored is None:
            found.append(Problem("missing", path.name, cp.entry_id))
        elif stored != cp.hash:
            found.append(Problem("differs", path.name, cp.entry_id))
    return len(files), found


@dataclass(frozen=True)
class Verification:
    """The whole check, as `congan audit verify` and the audit page run it."""

    checked: int
    broken: object  # audit.Break | None
    checkpoints_read: int
    problems: list[Problem]
    head: str
    written: Path | None = None
    write_error: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.problems


def verify(directory: Path | None = None) -> Verification:
    """Check the keyed chain, then every checkpoint in `directory`; when all holds, write a new
    checkpoint of the head (so each verify also leaves a mark outside the database)."""
    from congan.org import audit

    directory = Path(directory or settings.CONGAN_AUDIT_CHECKPOINT_DIR)
    checked, broken = audit.verify()
    if broken:
        return Verification(checked, broken, 0, [], audit.head())
    read, found = problems(directory)
    written, error = None, ""
    last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    if not found and last is not None:
        try:
            written = write(*last, directory=directory)
        except OSError as exc:
            error = exc.strerror or str(exc)
    return Verification(checked, None, read, found, audit.head(), written, error)
