"""The audit chain becomes keyed (HMAC with a key id); SQLite refuses UPDATE and DELETE too.

Entries written before are checked against their old SHA-256 chain and sealed again with the
current key, in order; an old chain that is already broken stops the migration (nothing is
changed), since sealing it would launder the tampering.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

from congan.org import appendonly


def _old_hash(e) -> str:
    payload = {
        "at": e.at.astimezone(UTC).isoformat(timespec="microseconds"), "actor_id": e.actor_id,
        "actor_name": e.actor_name, "address": e.address, "action": e.action,
        "object_type": e.object_type, "object_id": str(e.object_id), "detail": e.detail,
        "prev_hash": e.prev_hash,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode()).hexdigest()


def seal(apps, schema_editor):
    from django.conf import settings

    from congan.org.audit import GENESIS, entry_hash

    AuditEntry = apps.get_model("org", "AuditEntry")
    if not AuditEntry.objects.exists():
        return
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE org_auditentry DISABLE TRIGGER org_auditentry_append_only")
    old_prev, new_prev = GENESIS, GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != old_prev or _old_hash(entry) != entry.hash:
            raise RuntimeError(f"the audit chain is already broken at entry {entry.id}; "
                               "investigate before upgrading (nothing was changed)")
        old_prev = entry.hash
        entry.prev_hash, entry.key_id = new_prev, settings.CONGAN_AUDIT_KEYS.current_id
        entry.hash = entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, key_id=entry.key_id,
                                                      hash=entry.hash)
        new_prev = entry.hash
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE org_auditentry ENABLE TRIGGER org_auditentry_append_only")


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements():
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(seal, migrations.RunPython.noop),
        migrations.RunPython(_sqlite(appendonly.sqlite_create), _sqlite(appendonly.sqlite_drop)),
    ]
