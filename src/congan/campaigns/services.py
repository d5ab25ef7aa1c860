"""Work across campaign records: which campaign a hand-in belongs to, the running inventory."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from congan.campaigns.models import Campaign, ItemType, ReceiptItem
from congan.org import jurisdiction
from congan.org.models import AdminUnit


def campaign_for(*, unit: AdminUnit, on: date, campaigns: list[Campaign] | None = None) -> Campaign | None:
    """The campaign running on that day whose organising unit's area holds the receiving unit.

    Where campaigns overlap (a city campaign and a ward drive), the narrowest area wins.
    """
    if campaigns is None:
        campaigns = list(Campaign.objects.filter(starts_on__lte=on, ends_on__gte=on))
    running = [
        c for c in campaigns
        if c.starts_on <= on <= c.ends_on and unit.id in jurisdiction.unit_ids(c.unit_id)
    ]
    if not running:
        return None
    return min(running, key=lambda c: (len(jurisdiction.unit_ids(c.unit_id)), -c.starts_on.toordinal()))


def inventory(items: QuerySet[ReceiptItem], *, by: tuple[str, ...] = ()) -> list[dict]:
    """Totals per item type (and per `by` fields, e.g. ("receipt__campaign", "receipt__unit")).

    Returns rows {**by values, "totals": {item_type: Decimal}} in the order of `by`; item types
    with nothing handed in are 0 so every row has every type.
    """
    rows: dict[tuple, dict[str, Decimal]] = {}
    for r in items.values(*by, "item_type").annotate(total=Sum("quantity")).order_by(*by, "item_type"):
        key = tuple(r[f] for f in by)
        rows.setdefault(key, {t: Decimal(0) for t in ItemType.values})[r["item_type"]] = r["total"]
    return [{**dict(zip(by, key, strict=True)), "totals": totals} for key, totals in rows.items()]


def totals(items: QuerySet[ReceiptItem]) -> dict[str, Decimal]:
    rows = inventory(items)
    return rows[0]["totals"] if rows else {t: Decimal(0) for t in ItemType.values}
