"""Audit details name no one (typed text as a keyed hash) and stay small whatever the request."""

import json

from django.urls import reverse

from congan.org import audit
from congan.org.models import AuditEntry


def test_a_failed_sign_in_records_a_keyed_hash_of_the_username(client, db):
    client.post(reverse("login"), {"username": "Nguyễn Văn Tèo", "password": "wrong-password"})
    entry = AuditEntry.objects.filter(action="login_failed").latest("id")
    assert "teo" not in json.dumps(entry.detail, ensure_ascii=False).lower()
    assert entry.detail["username"] == audit.pseudonym("nguyen van teo")


def test_a_huge_search_word_is_refused_and_the_longest_gives_a_small_entry(client_for, anhoa):
    from congan.registry.search import MAX_QUERY

    client = client_for(anhoa)
    before = AuditEntry.objects.count()
    assert client.get("/api/registry/people", {"q": "a" * 100_000}).status_code == 422
    assert AuditEntry.objects.count() == before
    assert client.get("/api/registry/people", {"q": "a" * MAX_QUERY}).status_code == 200
    entry = AuditEntry.objects.filter(action="search").latest("id")
    assert len(json.dumps(entry.detail)) <= audit.MAX_DETAIL_BYTES


def test_long_lists_and_texts_are_cut_and_say_so(db):
    entry = audit.record(action="list", object_type="t", detail={"ids": list(range(5000)), "note": "x" * 999})
    assert len(entry.detail["ids"]) == audit.MAX_LIST + 1 and entry.detail["ids"][-1] == "... 4800 more"
    assert len(entry.detail["note"]) < 210
    assert audit.verify()[1] is None


def test_an_oversized_detail_keeps_only_its_keys(db):
    entry = audit.record(action="list", object_type="t", detail={f"k{i}": "y" * 150 for i in range(100)})
    assert entry.detail["truncated"] is True and len(json.dumps(entry.detail)) <= audit.MAX_DETAIL_BYTES
