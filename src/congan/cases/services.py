"""Work across case records."""

from __future__ import annotations

from django.db.models import Q

from congan.org import jurisdiction
from congan.registry import search
from congan.registry.models import Person


def find_person(*, user, reference: str) -> Person | None:
    """A resident the user may see, by record id or ID number; None when not found or not visible."""
    reference = reference.strip()
    if not reference:
        return None
    named = Person.objects.filter(Q(record_id=reference) | Q(id_number_bidx__in=search.id_number_keys(reference)))
    person = jurisdiction.scope(named, user).first()
    if person is None:
        jurisdiction.refuse_typed_link(user, named, typed="suspect_resident")
    return person
