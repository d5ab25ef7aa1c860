"""The audit trail: every read, export and change of personal data, in a keyed chain.

Each entry is sealed with an HMAC (key outside the database, `CONGAN_AUDIT_KEY`, with its key id)
over its own fields and the previous entry's seal, so whoever can write the table but does not
hold the key cannot edit, delete or re-seal an entry unseen; `congan audit verify` finds the first
break. Entries cut off the end are found against signed checkpoints kept outside the database
(org/checkpoints.py). The database itself refuses UPDATE and DELETE (org/appendonly.py).
Details hold no personal data: free text (search terms, failed-login usernames, reasons) is
stored as a keyed hash, and a detail has a bounded size.
There is deliberately no switch to turn auditing off.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from congan.config.keys import UnknownKey
from congan.org.models import AuditEntry
from congan.vntext import fold

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_316_001  # any constant: serialises writers of the chain on PostgreSQL
_CHAIN = "audit-chain"
_PSEUDONYM = "audit-pseudonym"
#: Detail keys whose values are typed by people and may name a person: kept as keyed hashes.
PSEUDONYMISED = frozenset({"query", "username", "reason", "year"})
MAX_DETAIL_BYTES = 4096
MAX_LIST = 200


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


class Denial:
    """What a denial refused (the `denied` key of its detail)."""

    OUTSIDE_AREA = "outside_area"      # a record outside the user's area: 404
    ROLE = "role"                      # the user's role may not do this (any 403 answer)
    UNIT_PARAMETER = "unit_parameter"  # a unit asked for (list filter, API, report) outside the area
    LINK = "link"                      # a change through a link to a resident outside the area


def _canonical(*, at: datetime, actor_id, actor_name, address, action, object_type, object_id,
               detail, prev_hash, key_id) -> bytes:
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
        "key_id": key_id,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry) -> str:
    """The entry's seal: HMAC-SHA256 under the key named by its key id (UnknownKey if not held)."""
    return settings.CONGAN_AUDIT_KEYS.mac(_CHAIN, _canonical(
        at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name,
        address=entry.address, action=entry.action, object_type=entry.object_type,
        object_id=entry.object_id, detail=entry.detail, prev_hash=entry.prev_hash, key_id=entry.key_id,
    ), entry.key_id)


def pseudonym(value) -> str:
    """A keyed hash of typed text: the same words give the same hash (an auditor holding the key
    can check whether a name was searched, `congan audit pseudonym`), the trail itself names no one."""
    keys = settings.CONGAN_AUDIT_KEYS
    return f"{keys.current_id}:{keys.mac(_PSEUDONYM, fold(str(value)).encode())[:24]}"


def _bounded(value):
    if isinstance(value, list) and len(value) > MAX_LIST:
        return value[:MAX_LIST] + [f"... {len(value) - MAX_LIST} more"]
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "..."
    return value


def clean_detail(detail: dict | None) -> dict:
    """What an entry's detail may hold: JSON values, typed text as keyed hashes, a bounded size."""
    detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    clean = {str(k)[:40]: (pseudonym(v) if k in PSEUDONYMISED and v not in (None, "") else _bounded(v))
             for k, v in detail.items()}
    if len(json.dumps(clean, ensure_ascii=False).encode()) > MAX_DETAIL_BYTES:
        clean = {"truncated": True, "keys": sorted(clean)[:50]}
    return clean


def client_address(request) -> str:
    """The client's address: from CONGAN_CLIENT_IP_HEADER behind a reverse proxy, else the connection's.

    The proxy appends the address it saw to the header, so the last address is the one it vouches
    for; anything before it the client may have written itself.
    """
    if request is None:
        return ""
    header = settings.CONGAN_CLIENT_IP_HEADER
    if header and (forwarded := request.META.get(header, "")):
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(forwarded.rsplit(",", 1)[-1].strip()))
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def record(*, action: str, actor=None, request=None, obj=None, object_type: str = "",
           object_id: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one entry to the chain."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    detail = clean_detail(detail)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last_id, last_hash = AuditEntry.objects.order_by("-id").values_list("id", "hash").first() or (0, GENESIS)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor,
            actor_name=getattr(actor, "username", "") or "",
            address=client_address(request),
            action=action,
            object_type=object_type[:60],
            object_id=str(object_id)[:64],
            detail=detail,
            prev_hash=last_hash,
            key_id=settings.CONGAN_AUDIT_KEYS.current_id,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        every = settings.CONGAN_AUDIT_CHECKPOINT_EVERY
        if every > 0 and entry.id // every > last_id // every:
            from congan.org import checkpoints

            transaction.on_commit(lambda: checkpoints.write_quietly(entry))
    return entry


def denied(request, kind: str, *, actor=None, obj=None, object_type: str = "", object_id: str = "",
           **detail) -> AuditEntry:
    """Audit one refusal (`kind` from `Denial`). The request is marked as audited, so the safety
    net that audits every 403 answer (org.middleware.DenialAuditMiddleware) does not count it twice."""
    if request is not None:
        request.congan_denial_audited = True
    return record(action=Action.DENIED, actor=actor, request=request, obj=obj, object_type=object_type,
                  object_id=object_id, detail={"denied": kind, **detail})


def record_saved(*, request, obj, form, created: bool) -> AuditEntry:
    """A record created or changed through a form, with the fields the form changed."""
    return record(action=Action.CREATE if created else Action.UPDATE, request=request, obj=obj,
                  detail={"fields": sorted(form.changed_data)})


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str
    kind: str = "changed"  # "unlinked" (an entry before it missing or changed), "changed", "unknown_key"


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
                return checked, Break(entry.id, "previous entry missing or changed", "unlinked")
            try:
                sealed = entry_hash(entry) == entry.hash
            except UnknownKey:
                return checked, Break(entry.id, f"sealed with a key this installation does not hold ({entry.key_id!r})",
                             "unknown_key")
            if not sealed:
                return checked, Break(entry.id, "entry content changed or sealed without the key")
            expected_prev = entry.hash
            checked += 1
            last_id = entry.id
