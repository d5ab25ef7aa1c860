"""Targets the statistics office sets per unit and year; everything else in a report is computed."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan.org.models import AdminUnit
from congan.reports.kpis import TARGET_KPIS, default_clearance_target


class Target(models.Model):
    """A yearly target for one KPI of one unit, as a fraction (0.75 = 75%)."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    kpi = models.CharField(_("indicator"), max_length=40, choices=list(TARGET_KPIS.items()))
    value = models.DecimalField(
        _("target"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "unit__code", "kpi"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kpi"], name="target_unit_year_kpi")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.kpi}: {self.value}"


def target_for(*, unit: AdminUnit, year: int, kpi: str) -> float | None:
    """The unit's target for the year; the national 75% for the overall clear-up rate if none is set."""
    value = Target.objects.filter(unit=unit, year=year, kpi=kpi).values_list("value", flat=True).first()
    if value is not None:
        return float(value)
    if kpi == "crime.clearance_rate":
        return default_clearance_target()
    return None


class IssuerDetails(models.Model):
    """What a unit's office last filled in for its documents: number, signer's name, date.

    The issuing body, symbol, signer's title and recipients follow from the unit (reports.issuer).
    """

    unit = models.OneToOneField(AdminUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    number = models.CharField(_("document number"), max_length=20, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("document details")
        verbose_name_plural = _("document details")

    def __str__(self) -> str:
        return f"{self.unit}: {self.number}"
