"""Finding a record by a sealed field in tests: SQL cannot compare ciphertexts (org/crypto.py)."""


def the(queryset, **values):
    """The one record of `queryset` whose (decrypted) attributes equal `values`."""
    found = [o for o in queryset if all(getattr(o, k) == v for k, v in values.items())]
    assert len(found) == 1, f"{len(found)} records with {values}"
    return found[0]
