"""Residents and households: the city's share of the national population database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import vntext
from congan.org.models import AdminUnit


class Sex(models.TextChoices):
    MALE = "Nam", _("Male")
    FEMALE = "Nữ", _("Female")


class Household(models.Model):
    code = models.CharField(_("household number"), max_length=40, unique=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.code


class Person(models.Model):
    """A resident. `unit` is the ward of residence valid on the record's date (either era)."""

    record_id = models.CharField(_("record id"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    full_name = models.CharField(_("full name"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=4, choices=Sex.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=12, blank=True, db_index=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    religion = models.CharField(_("religion"), max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=40, blank=True, default="Việt Nam")
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    address = models.CharField(_("permanent residence"), max_length=255, blank=True)
    father_name = models.CharField(_("father"), max_length=120, blank=True)
    mother_name = models.CharField(_("mother"), max_length=120, blank=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        verbose_name=_("household"),
    )
    relation_to_head = models.CharField(_("relation to head"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [models.Index(fields=["name_key", "birth_year"], name="person_name_year")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        for field in ("full_name", "hometown", "address", "father_name", "mother_name", "ethnicity", "religion"):
            setattr(self, field, vntext.nfc(getattr(self, field)))
        self.name_key = vntext.fold(self.full_name)
        if self.date_of_birth:
            self.birth_year = self.date_of_birth.year
            self.birth_month = self.date_of_birth.month
        super().save(*args, **kwargs)
