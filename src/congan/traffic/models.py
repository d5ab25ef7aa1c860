"""The traffic accident register, shaped like the UK's STATS19: accident → vehicles → casualties.

An accident's severity is its worst casualty's. Where casualties are recorded one by one the
accident's `deaths` and `injuries` are kept equal to them (`Accident.recount`); an import gives
only the counts, and then the counts are the record.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import vntext
from congan.org import validity
from congan.org.models import AdminUnit
from congan.org.versioning import Versioned

#: STATS19 counts a death within 30 days of the accident as a fatality of that accident.
DEATH_WINDOW_DAYS = 30
#: Plausible bounds of one accident's counts (Vietnam's worst road accidents killed a few dozen).
MAX_DEATHS = 100
MAX_INJURIES = 500


class AccidentSeverity(models.TextChoices):
    FATAL = "fatal", _("Fatal")
    SERIOUS = "serious", _("Serious injury")
    SLIGHT = "slight", _("Slight injury")
    DAMAGE_ONLY = "damage_only", _("Damage only")


_RANK = {AccidentSeverity.FATAL: 3, AccidentSeverity.SERIOUS: 2, AccidentSeverity.SLIGHT: 1,
         AccidentSeverity.DAMAGE_ONLY: 0}


class Cause(models.TextChoices):
    SPEEDING = "speeding", _("Speeding")
    ALCOHOL = "alcohol", _("Alcohol or drugs")
    WRONG_LANE = "wrong_lane", _("Wrong lane or side of the road")
    TURNING = "turning", _("Unsafe turn or overtaking")
    DISTANCE = "distance", _("Too close to the vehicle in front")
    INATTENTION = "inattention", _("Inattention")
    PEDESTRIAN = "pedestrian", _("Pedestrian fault")
    ROAD = "road", _("Road or vehicle defect")
    UNKNOWN = "unknown", _("Unknown")


class Accident(Versioned):
    accident_number = models.CharField(_("accident number"), max_length=40, unique=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    occurred_on = models.DateField(_("date"))
    occurred_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    road = models.CharField(_("road"), max_length=120, blank=True)
    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices, default=Cause.UNKNOWN)
    severity = models.CharField(
        _("severity"), max_length=12, choices=AccidentSeverity.choices,
        default=AccidentSeverity.DAMAGE_ONLY, editable=False,
    )
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    injuries = models.PositiveIntegerField(_("injuries"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("traffic accident")
        verbose_name_plural = _("traffic accidents")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["unit", "occurred_on"], name="accident_unit_date")]

    def __str__(self) -> str:
        return self.accident_number

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def clean(self):
        """The accident register's rulebook: the form, the import and the API call it."""
        validity.raise_errors(
            validity.text_errors(self),
            validity.date_errors(self, "occurred_on"),
            validity.range_errors(self, {"deaths": (0, MAX_DEATHS), "injuries": (0, MAX_INJURIES)}),
        )

    def fill_derived(self) -> None:
        """NFC text and, while no casualty is recorded one by one, the severity from the counts
        (then `recount` keeps both). Save, the import and the demo all call it."""
        self.place = vntext.nfc(self.place)
        self.road = vntext.nfc(self.road)
        self.description = vntext.nfc(self.description)
        if self.pk is None or not self.casualties.exists():
            self.severity = severity_from_counts(self.deaths, self.injuries)

    def recount(self) -> None:
        """Bring deaths, injuries and severity in line with the casualty rows. Saves."""
        casualties = list(self.casualties.all())
        if not casualties:
            return
        self.deaths = sum(c.outcome == Outcome.KILLED for c in casualties)
        self.injuries = sum(c.outcome == Outcome.INJURED for c in casualties)
        self.severity = severity_from_casualties(casualties)
        super().save(update_fields=["deaths", "injuries", "severity", "updated_at"])


def severity_from_casualties(casualties) -> str:
    """An accident's severity is its worst casualty's."""
    return max((c.severity for c in casualties), key=_RANK.__getitem__)


def severity_from_counts(deaths: int, injuries: int) -> str:
    """Severity when only counts are known. Injured people counted in Vietnamese accident
    statistics are those needing treatment (a collision with minor hurt is a "va chạm"), so an
    accident with injuries and no deaths counts as serious."""
    if deaths:
        return AccidentSeverity.FATAL
    if injuries:
        return AccidentSeverity.SERIOUS
    return AccidentSeverity.DAMAGE_ONLY


class VehicleType(models.TextChoices):
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    CAR = "car", _("Car")
    TRUCK = "truck", _("Truck")
    BUS = "bus", _("Bus or coach")
    BICYCLE = "bicycle", _("Bicycle")
    BOAT = "boat", _("Boat")
    OTHER = "other", _("Other")


class Vehicle(models.Model):
    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="vehicles",
                                 verbose_name=_("accident"))
    type = models.CharField(_("vehicle type"), max_length=12, choices=VehicleType.choices)
    plate = models.CharField(_("number plate"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.plate}".strip()


class Outcome(models.TextChoices):
    KILLED = "killed", _("Killed")
    INJURED = "injured", _("Injured")


class InjuryDegree(models.TextChoices):
    SERIOUS = "serious", _("Serious")
    SLIGHT = "slight", _("Slight")


class Casualty(models.Model):
    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="casualties",
                                 verbose_name=_("accident"))
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="casualties", verbose_name=_("vehicle"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    injury = models.CharField(_("injury"), max_length=8, choices=InjuryDegree.choices, blank=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def severity(self) -> str:
        if self.outcome == Outcome.KILLED:
            return AccidentSeverity.FATAL
        return AccidentSeverity.SLIGHT if self.injury == InjuryDegree.SLIGHT else AccidentSeverity.SERIOUS

    def clean(self):
        validity.raise_errors(validity.date_errors(self, "died_on"))
        if self.died_on and self.outcome != Outcome.KILLED:
            raise ValidationError({"died_on": _("only a casualty who was killed has a date of death")})
        if self.died_on and self.accident_id and self.died_on < self.accident.occurred_on:
            raise ValidationError({"died_on": _("cannot be before the accident")})
        if self.died_on and self.accident_id and (self.died_on - self.accident.occurred_on).days > DEATH_WINDOW_DAYS:
            raise ValidationError({"died_on": _("a death more than 30 days after the accident is not a road death")})
