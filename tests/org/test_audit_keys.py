"""The audit key rotates: old entries keep verifying under their own key id; a missing key is named."""

from congan.config.keys import parse_keyring
from congan.org import audit

OLD, NEW = "2025:" + "o" * 40, "2026:" + "n" * 40


def _entries(n):
    return [audit.record(action="view", object_type="registry.Person", object_id=str(i)) for i in range(n)]


def test_entries_sealed_before_a_rotation_still_verify(db, settings):
    settings.CONGAN_AUDIT_KEYS = parse_keyring("K", OLD)
    before = _entries(3)
    settings.CONGAN_AUDIT_KEYS = parse_keyring("K", f"{NEW}\n{OLD}")
    after = _entries(2)
    assert {e.key_id for e in before} == {"2025"} and {e.key_id for e in after} == {"2026"}
    assert audit.verify() == (5, None)


def test_a_chain_whose_key_was_dropped_names_the_key_id(db, settings):
    settings.CONGAN_AUDIT_KEYS = parse_keyring("K", OLD)
    first = _entries(2)[0]
    settings.CONGAN_AUDIT_KEYS = parse_keyring("K", NEW)
    checked, broken = audit.verify()
    assert checked == 0 and broken.entry_id == first.pk and "'2025'" in broken.reason
