"""Hand-ins and wanted persons in a named unit, stored as the pages store them: a receipt with its
lines, a wanted person with the "listed" step of their history (and an outcome when given)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from congan.campaigns.models import (
    Receipt,
    ReceiptItem,
    WantedPerson,
    WantedStatus,
    WantedStatusChange,
)
from tests.org.factories import RecordFactory, unit_on


class ReceiptFactory(RecordFactory):
    """`items`: {item_type: quantity} or (item_type, quantity) pairs; one homemade gun by default."""

    class Meta:
        model = Receipt
        skip_postgeneration_save = True

    receipt_number = factory.Sequence(lambda n: f"BN-{n:06d}")
    received_on = date(2024, 3, 1)
    unit = unit_on("received_on")

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if not create:
            return
        for item_type, quantity in dict(extracted or {"homemade_gun": 1}).items():
            ReceiptItem.objects.create(receipt=self, item_type=item_type, quantity=Decimal(str(quantity)))


class WantedFactory(RecordFactory):
    """Listed on `listed_on`; `outcome="arrested", outcome__on=date(...)` records the outcome as a change."""

    class Meta:
        model = WantedPerson
        skip_postgeneration_save = True

    wanted_number = factory.Sequence(lambda n: f"TNA-{n:06d}")
    listed_on = date(2024, 3, 1)
    status_on = factory.SelfAttribute("listed_on")
    unit = unit_on("listed_on")
    full_name = factory.Sequence(lambda n: f"Đối tượng {n}")

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            WantedStatusChange.objects.create(wanted=self, status=WantedStatus.LISTED, on=self.listed_on,
                                              unit=self.unit)

    @factory.post_generation
    def outcome(self, create, extracted, on=None, **kwargs):
        if create and extracted:
            self.change_status(status=extracted, on=on)
