"""The register of major investigation plans (chuyên án): opened, lead unit, cases, broken up, closed.

A chuyên án is opened ("xác lập") by a lead unit to break up a ring or a line of crime that
no single case covers; it is broken up ("phá án") on the day of the coordinated arrests and
closed ("kết thúc") when the file is finished. The review counts the plans broken up in the
period (`crime.operations_broken`), attributed to the lead unit valid on the day it was opened.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import vntext
from congan.org.models import AdminUnit


class OperationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BROKEN = "broken", _("Broken up")
    CLOSED = "closed", _("Closed")


class Operation(models.Model):
    number = models.CharField(_("operation number"), max_length=40, unique=True)
    name = models.CharField(_("code name"), max_length=120)
    lead_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("lead unit"))
    opened_on = models.DateField(_("opened on"))
    broken_on = models.DateField(_("broken up on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="operations",
                                   verbose_name=_("cases"))
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "cases"
        verbose_name = _("major investigation plan")
        verbose_name_plural = _("major investigation plans")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["lead_unit", "broken_on"], name="operation_unit_broken")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(broken_on__isnull=True) | models.Q(broken_on__gte=models.F("opened_on")),
                name="operation_broken_after_opened"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="operation_closed_after_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def save(self, *args, **kwargs):
        self.name = vntext.nfc(self.name)
        self.summary = vntext.nfc(self.summary)
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        if self.closed_on:
            return OperationStatus.CLOSED
        if self.broken_on:
            return OperationStatus.BROKEN
        return OperationStatus.OPEN

    def get_status_display(self) -> str:
        return OperationStatus(self.status).label

    def clean(self):
        errors = {}
        for name in ("broken_on", "closed_on"):
            value = getattr(self, name)
            if value and self.opened_on and value < self.opened_on:
                errors[name] = _("cannot be before the date the plan was opened")
        if self.closed_on and self.broken_on and self.closed_on < self.broken_on:
            errors["closed_on"] = _("cannot be before the date the plan was broken up")
        if errors:
            raise ValidationError(errors)
