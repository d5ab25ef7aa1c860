"""Weapons-surrender campaigns (campaigns, receipts, item lines) and the wanted-persons list."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import vntext
from congan.org import validity
from congan.org.crypto import EncryptedTextField
from congan.org.models import AdminUnit
from congan.org.versioning import Versioned

#: The most one receipt line may plausibly hold (pieces, or kg of explosives).
MAX_QUANTITY = 100_000


class Campaign(models.Model):
    """A call to hand in weapons, explosives and support tools, run by a unit over a period."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("organising unit"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("weapons-surrender campaign")
        verbose_name_plural = _("weapons-surrender campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = vntext.nfc(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(_("cannot be before the start"))
        # a campaign may be announced ahead of its start, so only its start is bounded by today
        validity.raise_errors(validity.text_errors(self), validity.date_errors(self, "starts_on"), errors)


class Receipt(Versioned):
    """One hand-in: who handed in what, where and when (the items are its lines)."""

    receipt_number = models.CharField(_("receipt number"), max_length=40, unique=True)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="receipts", verbose_name=_("campaign"))
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("receiving unit"))
    received_on = models.DateField(_("received on"))
    handed_in_by = EncryptedTextField(_("handed in by"), max_length=200, blank=True)  # a name: sealed
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surrender receipt")
        verbose_name_plural = _("surrender receipts")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "received_on"], name="receipt_unit_date")]

    def __str__(self) -> str:
        return self.receipt_number

    def save(self, *args, **kwargs):
        self.handed_in_by = vntext.nfc(self.handed_in_by)
        self.note = vntext.nfc(self.note)
        super().save(*args, **kwargs)

    def clean(self):
        """The receipt's rulebook: the form, the import and the API call it."""
        validity.raise_errors(validity.text_errors(self), validity.date_errors(self, "received_on"),
                              campaign_errors(self.campaign, self.received_on))


def campaign_errors(campaign: Campaign | None, received_on) -> dict:
    """A receipt falls within its campaign's dates."""
    if campaign is None or received_on is None or campaign.starts_on <= received_on <= campaign.ends_on:
        return {}
    return {"received_on": ValidationError(
        _("is outside the campaign “%(name)s” (%(start)s to %(end)s)"), code="campaign",
        params={"name": campaign.name, "start": validity.day_text(campaign.starts_on),
                "end": validity.day_text(campaign.ends_on)})}


class ItemType(models.TextChoices):
    MILITARY_WEAPON = "military_weapon", _("Military weapons")
    SUPPORT_TOOL = "support_tool", _("Support tools")
    HOMEMADE_GUN = "homemade_gun", _("Homemade guns")
    AMMUNITION_ROUND = "ammunition_round", _("Rounds of ammunition")
    ARTILLERY_SHELL = "artillery_shell", _("Artillery shells and grenades")
    MAGAZINE = "magazine", _("Magazines")
    RUDIMENTARY_WEAPON = "rudimentary_weapon", _("Rudimentary weapons")
    EXPLOSIVE_KG = "explosive_kg", _("Explosives (kg)")


#: Item types counted in pieces; only explosives are weighed.
COUNTED = frozenset(ItemType.values) - {ItemType.EXPLOSIVE_KG}


class ReceiptItem(models.Model):
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("receipt"))
    item_type = models.CharField(_("item type"), max_length=20, choices=ItemType.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["receipt", "item_type"], name="receipt_item_type"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="receipt_item_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_type_display()}: {self.quantity}"

    def clean(self):
        check_quantity(self.item_type, self.quantity)


def check_quantity(item_type: str, quantity: Decimal | None) -> None:
    """Quantities are above zero and at most `MAX_QUANTITY`; pieces are whole numbers, explosives
    may be a weight in kg (to the gram)."""
    if quantity is None:
        return
    if quantity <= 0:
        raise ValidationError({"quantity": _("must be more than zero")})
    if quantity > MAX_QUANTITY:
        raise ValidationError({"quantity": ValidationError(
            _("must be at most %(limit)s"), code="range", params={"limit": f"{MAX_QUANTITY:,}"})})
    if item_type in COUNTED and quantity != quantity.to_integral_value():
        raise ValidationError({"quantity": _("must be a whole number for this item type")})
    if quantity.as_tuple().exponent < -3:
        raise ValidationError({"quantity": _("at most 3 decimal places (grams)")})


class WantedType(models.TextChoices):
    NORMAL = "normal", _("Ordinary wanted")
    SPECIAL = "special", _("Specially wanted")


class WantedStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    ARRESTED = "arrested", _("Arrested")
    SURRENDERED = "surrendered", _("Surrendered")
    REMOVED = "removed", _("Removed from the list")


class WantedPerson(Versioned):
    """A wanted notice (quyết định truy nã) and where it stands; changes are its history."""

    wanted_number = models.CharField(_("wanted number"), max_length=40, unique=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("listing unit"))
    listed_on = models.DateField(_("listed on"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    full_name = EncryptedTextField(_("full name"), max_length=120, blank=True)  # sealed (org/crypto.py)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    offence = models.CharField(_("offence"), max_length=200, blank=True)
    wanted_type = models.CharField(_("wanted type"), max_length=8, choices=WantedType.choices,
                                   default=WantedType.NORMAL)
    dangerous = models.BooleanField(_("dangerous"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=WantedStatus.choices,
                              default=WantedStatus.LISTED)
    status_on = models.DateField(_("status since"))
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("resident record"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wanted person")
        verbose_name_plural = _("wanted persons")
        ordering = ["-listed_on", "-id"]
        indexes = [models.Index(fields=["unit", "listed_on"], name="wanted_unit_listed")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status_on__gte=models.F("listed_on")),
                                   name="wanted_status_after_listing"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.wanted_number

    def save(self, *args, **kwargs):
        self.full_name = vntext.nfc(self.full_name)
        self.offence = vntext.nfc(self.offence)
        super().save(*args, **kwargs)

    def clean(self):
        """The wanted list's rulebook: the form, the import and the API call it. A wanted person is
        of an age to answer for a crime (14, Penal Code Art. 12) on the day of listing."""
        listed_year = self.listed_on.year if self.listed_on else validity.today().year
        validity.raise_errors(
            validity.text_errors(self),
            validity.date_errors(self, "listed_on", "status_on"),
            validity.order_errors(self, ("status_on", "listed_on")),
            validity.range_errors(self, {"year_of_birth": (validity.EARLIEST_BIRTH.year, listed_year - 14)}),
        )

    def change_status(self, *, status: str, on, unit: AdminUnit | None = None) -> WantedStatusChange:
        """Record an outcome (arrested, surrendered, removed) with its date. Saves both."""
        if status not in WantedStatus.values or status == WantedStatus.LISTED:
            raise ValidationError({"status": _("unknown outcome")})
        if self.status != WantedStatus.LISTED:
            raise ValidationError({"status": _("the person is no longer on the list")})
        self.status_on = on
        validity.raise_errors(validity.date_errors(self, "status_on"),
                              validity.order_errors(self, ("status_on", "listed_on")))
        self.status = status
        self.save()
        return WantedStatusChange.objects.create(wanted=self, status=status, on=on, unit=unit or self.unit)


class WantedStatusChange(models.Model):
    """One step of a wanted person's history; the reports count outcomes by this date."""

    wanted = models.ForeignKey(WantedPerson, on_delete=models.CASCADE, related_name="changes",
                               verbose_name=_("wanted person"))
    status = models.CharField(_("status"), max_length=12, choices=WantedStatus.choices)
    on = models.DateField(_("date"))
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("wanted status change")
        verbose_name_plural = _("wanted status changes")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["unit", "on"], name="wanted_change_unit_on")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on}"
