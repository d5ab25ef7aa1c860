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


class FiledReport(models.Model):
    """A report as the statistics office filed it: frozen, never edited or deleted (reports/filing.py).

    The files are kept as the bytes that were filed; `sha256` is the content hash over all of them
    (also written to the audit trail when filed). A restatement is a new version with a note.
    """

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    period_kind = models.CharField(_("period"), max_length=16)
    period_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period_number = models.PositiveSmallIntegerField(_("half or month"), null=True, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    version = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("restatement note"), blank=True)
    report_json = models.TextField(_("report (JSON)"))
    docx = models.BinaryField(_("report (Word)"))
    xlsx = models.BinaryField(_("report (Excel)"))
    #: Figure key → the ids of the records behind it; "cases" → each case's classification when filed.
    records = models.JSONField(_("records behind the figures"))
    definitions = models.JSONField(_("KPI definitions"))
    hashes = models.JSONField(_("file hashes"))
    sha256 = models.CharField(_("content hash"), max_length=64)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("filed by"))
    filed_by_name = models.CharField(_("filed by"), max_length=150)

    class Meta:
        verbose_name = _("filed report")
        verbose_name_plural = _("filed reports")
        ordering = ["unit__code", "-period_start", "-period_end", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "period_start", "period_end", "version"],
                                               name="filedreport_unit_period_version")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}–{self.period_end} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("a filed report is never changed: file a restatement as a new version")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a filed report is never deleted")
