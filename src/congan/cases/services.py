"""Work across case records."""

from __future__ import annotations

from django.db.models import Q

from congan.org import jurisdiction
from congan.registry.models import Person


def find_person(*, user, reference: str) -> Person | None:
    """A resident the user may see, by record id or ID number; None when not found or not visible."""
    reference = reference.strip()
    if not reference:
        return None
    people = jurisdiction.scope(Person.objects.all(), user).filter(
        Q(record_id=reference) | Q(id_number=reference)
    )
    return people.first()
