"""The audit trail: every read, export and change of personal data, hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so editing or deleting
any entry breaks the chain from there on; `congan audit verify` finds the first break.
There is deliberately no switch to turn auditing off.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from congan.org.models import AuditEntry

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_316_001  # any constant: serialises writers of the chain on PostgreSQL


class Action:
    VIEW = "view"
    LIST = "list"
    SEARCH = "search"
    EXPORT = "export"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    MERGE = "merge"
    DENIED = "denied"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"


def _canonical(*, at: datetime, actor_id, actor_name, address, action, object_type, object_id,
               detail, prev_hash) -> bytes:
    payload = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "address": address,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "detail": detail,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(
        _canonical(
            at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name,
            address=entry.address, action=entry.action, object_type=entry.object_type,
            object_id=entry.object_id, detail=entry.detail, prev_hash=entry.prev_hash,
        )
    ).hexdigest()


def client_address(request) -> str:
    if request is None:
        return ""
    header = settings.CONGAN_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def record(*, action: str, actor=None, request=None, obj=None, object_type: str = "",
           object_id: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one entry to the chain."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor,
            actor_name=getattr(actor, "username", "") or "",
            address=client_address(request),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail,
            prev_hash=last or GENESIS,
        )
        entry.hash = entry_hash(entry)
        entry.save()
    return entry


def record_saved(*, request, obj, form, created: bool) -> AuditEntry:
    """A record created or changed through a form, with the fields the form changed."""
    return record(action=Action.CREATE if created else Action.UPDATE, request=request, obj=obj,
                  detail={"fields": sorted(form.changed_data)})


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def head() -> str:
    """The hash of the newest entry: kept outside the database, it also reveals entries cut off
    the end of the chain, which the chain alone cannot."""
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


def verify(batch_size: int = 5000) -> tuple[int, Break | None]:
    """Walk the chain in order; return (entries checked, first break or None)."""
    expected_prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for entry in batch:
            if entry.prev_hash != expected_prev:
                return checked, Break(entry.id, "previous entry missing or changed")
            if entry_hash(entry) != entry.hash:
                return checked, Break(entry.id, "entry content changed")
            expected_prev = entry.hash
            checked += 1
            last_id = entry.id
