"""Cases, suspects and chuyên án in a named unit: `CaseFactory(unit_code="31120", detected_on=...)`;
a case given `cleared_on` is cleared (offender identified) by its detecting unit."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from congan.cases.models import Case, Category, ClearanceType, Operation, Severity, Suspect
from tests.org.factories import RecordFactory, unit_on


class CaseFactory(RecordFactory):
    class Meta:
        model = Case

    case_number = factory.Sequence(lambda n: f"VA-{n:06d}")
    detected_on = date(2024, 3, 1)
    unit = unit_on("detected_on")
    severity = Severity.NGHIEM_TRONG
    category = Category.THEFT
    cleared_on = None
    clearance_type = factory.LazyAttribute(lambda o: ClearanceType.OFFENDER_IDENTIFIED if o.cleared_on else "")


class SuspectFactory(DjangoModelFactory):
    class Meta:
        model = Suspect

    case = factory.SubFactory(CaseFactory)
    full_name = factory.Sequence(lambda n: f"Bị can {n}")


class OperationFactory(RecordFactory):
    """A chuyên án led by `unit_code` (of `level`), covering `cases`."""

    class Meta:
        model = Operation
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"CA-{n:06d}")
    name = factory.Sequence(lambda n: f"Chuyên án {n}")
    opened_on = date(2024, 3, 1)
    lead_unit = unit_on("opened_on")

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if create and extracted:
            self.cases.set(extracted)


