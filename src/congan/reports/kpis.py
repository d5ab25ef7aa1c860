"""The KPI definitions: the one place that says what each figure counts.

Each counted figure is a `Measure`: the register it reads, the date that places a record in a
period, the unit it is attributed to, and the condition a record must meet. The same measure
gives the report its number (`expression`, aggregated over many measures in one query) and the
drill-down page the records behind the number (`records`), so the two can never disagree.
Rates are derived from counts (`RATES`) by `congan.rates`: fractions, None over zero, rounded once.

Clear-up rate ("tỷ lệ điều tra làm rõ"): of the cases DETECTED in the period, those cleared on or
before the period's last day, divided by the cases detected in the period. A case detected in the
period but cleared after its end is not cleared in that period (it raises a later report's rate
only if that later period also contains its detection date, as a year contains its months).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from congan.reports.periods import Period

#: Target of the overall clear-up rate when the statistics office has set none (national target).
DEFAULT_CLEARANCE_TARGET = 0.75


def serious_severities() -> tuple[str, ...]:
    """Severities counted as "serious" (rất nghiêm trọng + đặc biệt nghiêm trọng unless configured)."""
    from congan.cases.models import SERIOUS

    return tuple(getattr(settings, "CONGAN_SERIOUS_SEVERITIES", SERIOUS))


def default_clearance_target() -> float:
    return float(getattr(settings, "CONGAN_DEFAULT_CLEARANCE_TARGET", DEFAULT_CLEARANCE_TARGET))


def _always(period: Period) -> Q:
    return Q()


def _cleared_by_end(period: Period) -> Q:
    return Q(cleared_on__isnull=False, cleared_on__lte=period.end)


def _serious(period: Period) -> Q:
    return Q(severity__in=serious_severities())


def _status(status: str) -> Callable[[Period], Q]:
    return lambda period: Q(status=status)


@dataclass(frozen=True)
class Measure:
    """A counted (or summed) figure over one register."""

    key: str
    label: str
    definition: str
    model: str  # "app_label.ModelName"
    date_field: str | None  # None: a stock counted as it stands today (residents)
    condition: Callable[[Period], Q] = _always
    sum_field: str | None = None
    unit_field: str = "unit"
    #: Fields a figure of this measure may be sliced by (a drill-down passes e.g. category=drugs).
    dimensions: tuple[str, ...] = ()
    order_by: tuple[str, ...] = field(default=())
    #: Records of the register that count at all (a case closed as "no crime" counts in no figure).
    counted: Q = field(default_factory=Q)

    def model_class(self):
        return apps.get_model(self.model)

    def in_scope(self, queryset: QuerySet, period: Period, unit_ids) -> QuerySet:
        """Restrict a queryset of the register to the units and the period."""
        queryset = queryset.filter(self.counted, **{f"{self.unit_field}__in": list(unit_ids)})
        if self.date_field:
            queryset = queryset.filter(**{f"{self.date_field}__range": (period.start, period.end)})
        return queryset

    def base(self, period: Period, unit_ids) -> QuerySet:
        return self.in_scope(self.model_class().objects.all(), period, unit_ids)

    def where(self, period: Period, **slice_) -> Q:
        q = self.condition(period)
        for name, value in slice_.items():
            if name not in self.dimensions:
                raise ValueError(f"{self.key} cannot be sliced by {name!r}")
            q &= Q(**{name: value})
        return q

    def expression(self, period: Period):
        """The aggregate giving this figure over `base(...)` (or a queryset of the same scope)."""
        condition = self.condition(period)
        if self.sum_field:
            return Sum(self.sum_field, filter=condition or None, default=0)
        return Count("pk", filter=condition or None)

    def expression_within(self, period: Period):
        """`expression` for a queryset spanning several periods: the period's dates join the filter
        (the dashboard counts this month, half-year and year, and each a year earlier, in one query)."""
        condition = self.condition(period) & Q(**{f"{self.date_field}__range": (period.start, period.end)})
        if self.sum_field:
            return Sum(self.sum_field, filter=condition, default=0)
        return Count("pk", filter=condition)

    def records(self, period: Period, unit_ids, **slice_) -> QuerySet:
        """Exactly the records this figure counts."""
        return self.base(period, unit_ids).filter(self.where(period, **slice_))

    def value(self, period: Period, unit_ids, **slice_):
        qs = self.records(period, unit_ids, **slice_)
        if self.sum_field:
            return qs.aggregate(v=Sum(self.sum_field, default=0))["v"]
        return qs.count()


_CASE = "cases.Case"
_CRIME = Q(no_crime_on__isnull=True)
MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("crime.detected", _("Criminal cases detected"),
            _("Cases whose detection date falls in the period, attributed to the "
              "detecting unit. A case closed as no crime is not counted."),
            _CASE, "detected_on", dimensions=("category", "crime_group"), counted=_CRIME),
    Measure("crime.cleared", _("Criminal cases cleared"),
            _("Of the cases detected in the period, those cleared on or before "
              "the period's last day. A case cleared after the period ends is not counted."),
            _CASE, "detected_on", _cleared_by_end, dimensions=("category", "crime_group"), counted=_CRIME),
    Measure("crime.serious_detected", _("Very and especially serious cases detected"),
            _("Cases detected in the period whose severity is very serious or especially serious "
              "(which severities count as serious is a setting of the installation)."),
            _CASE, "detected_on", _serious, dimensions=("category", "crime_group"), counted=_CRIME),
    Measure("crime.serious_cleared", _("Very and especially serious cases cleared"),
            _("Serious cases detected in the period and cleared on or before its last day."),
            _CASE, "detected_on", lambda p: _serious(p) & _cleared_by_end(p),
            dimensions=("category", "crime_group"), counted=_CRIME),
    Measure("crime.suspects_arrested", _("Suspects arrested"),
            _("Suspects whose arrest date falls in the period, whenever their case was "
              "detected, attributed to the case's detecting unit."),
            "cases.Suspect", "arrested_on", unit_field="case__unit"),
    Measure("crime.suspects_prosecuted", _("Accused prosecuted"),
            _("Suspects whose decision to prosecute the accused is dated in the period, "
              "attributed to the case's detecting unit."),
            "cases.Suspect", "prosecuted_on", unit_field="case__unit"),
    Measure("crime.operations_broken", _("Major investigation plans broken up"),
            _("Major investigation plans (chuyên án) broken up in the period, attributed to "
              "the lead unit."),
            "cases.Operation", "broken_on", unit_field="lead_unit"),
    Measure("traffic.accidents", _("Traffic accidents"),
            _("Accidents whose date falls in the period."),
            "traffic.Accident", "occurred_on"),
    Measure("traffic.deaths", _("Deaths in traffic accidents"),
            _("People killed in the accidents of the period (sum of each accident's deaths)."),
            "traffic.Accident", "occurred_on", lambda p: Q(deaths__gt=0), sum_field="deaths"),
    Measure("traffic.injuries", _("Injuries in traffic accidents"),
            _("People injured in the accidents of the period (sum of each accident's injuries)."),
            "traffic.Accident", "occurred_on", lambda p: Q(injuries__gt=0), sum_field="injuries"),
    Measure("weapons.quantity", _("Weapons, explosives and support tools handed in"),
            _("Quantity on the receipt lines of hand-ins received in the period, by item type "
              "(pieces; explosives in kg)."),
            "campaigns.ReceiptItem", "receipt__received_on", sum_field="quantity",
            unit_field="receipt__unit", dimensions=("item_type",)),
    Measure("wanted.listed", _("Wanted persons listed"),
            _("Wanted notices whose listing date falls in the period."),
            "campaigns.WantedPerson", "listed_on"),
    Measure("wanted.arrested", _("Wanted persons arrested"),
            _("Status changes to arrested dated in the period, attributed to the unit on the change."),
            "campaigns.WantedStatusChange", "on", _status("arrested")),
    Measure("wanted.surrendered", _("Wanted persons who surrendered"),
            _("Status changes to surrendered dated in the period, attributed to the unit on the change."),
            "campaigns.WantedStatusChange", "on", _status("surrendered")),
    Measure("wanted.removed", _("Wanted persons removed from the list"),
            _("Status changes to removed dated in the period, attributed to the unit on the change."),
            "campaigns.WantedStatusChange", "on", _status("removed")),
    Measure("population.records", _("Population records"),
            _("Resident records in the unit's area as they stand when the report is built."),
            "registry.Person", None),
)}


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: str
    denominator: str


RATES = {r.key: r for r in (
    Rate("crime.clearance_rate", _("Clear-up rate"), "crime.cleared", "crime.detected"),
    Rate("crime.serious_clearance_rate", _("Clear-up rate of serious cases"),
         "crime.serious_cleared", "crime.serious_detected"),
)}

#: KPIs the statistics office may set a yearly target for (all rates, as fractions).
TARGET_KPIS = {
    "crime.clearance_rate": _("Clear-up rate"),
    "crime.serious_clearance_rate": _("Clear-up rate of serious cases"),
    "id_cards.collection_rate": _("ID-card applications collected"),
    "population_data.cleansing_rate": _("Population records cleansed"),
}


def number(value):
    """A quantity for JSON: whole Decimals as int, weights as float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def label(key: str) -> str:
    """A figure's name in words (the active language): a measure's, a rate's or a target's; the
    key itself only for a key no longer defined (an old filed report's)."""
    for table in (MEASURES, RATES):
        if key in table:
            return str(table[key].label)
    return str(TARGET_KPIS.get(key, key))
