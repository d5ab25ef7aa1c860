"""The answer of the cleansing app to "which records are one person" (see org.identity): the
current result of the latest runs, officers' merges and undos included."""

from __future__ import annotations

from collections import defaultdict

from congan.dataquality.models import Membership


def same_person(record_ids: list[int]) -> dict[int, list[int]]:
    person_of = dict(Membership.objects.filter(current=True, record_id__in=record_ids)
                     .values_list("record_id", "person_id"))
    records_of = defaultdict(list)
    for record, person in (Membership.objects.filter(current=True, person_id__in=set(person_of.values()))
                           .order_by("record_id").values_list("record_id", "person_id")):
        records_of[person].append(record)
    return {r: [o for o in records_of[p] if o != r] for r, p in person_of.items() if len(records_of[p]) > 1}
