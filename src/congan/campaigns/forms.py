from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congan.campaigns.models import (
    Campaign,
    ItemType,
    Receipt,
    ReceiptItem,
    WantedPerson,
    WantedStatus,
)
from congan.org.forms import DATE, UnitCodeMixin, unit_code_field
from congan.org.validity import RulebookForm
from congan.org.versioning import VersionedForm


class CampaignForm(RulebookForm, UnitCodeMixin, forms.ModelForm):
    unit_code = unit_code_field(_("Organising unit code"))
    unit_codes = {"unit_code": ("unit", "starts_on")}

    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ReceiptForm(VersionedForm, UnitCodeMixin, forms.ModelForm):
    unit_code = unit_code_field(_("Receiving unit code"))
    unit_codes = {"unit_code": ("unit", "received_on")}

    class Meta:
        model = Receipt
        fields = ["receipt_number", "received_on", "handed_in_by", "campaign", "note"]
        widgets = {"received_on": DATE}
        help_texts = {"campaign": _("Left empty, the campaign running on that day over the unit is chosen.")}


class ReceiptItemForm(RulebookForm, forms.ModelForm):
    class Meta:
        model = ReceiptItem
        fields = ["item_type", "quantity"]

    def __init__(self, *args, receipt: Receipt, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.receipt = receipt
        self.fields["item_type"].choices = ItemType.choices


class WantedForm(VersionedForm, UnitCodeMixin, forms.ModelForm):
    unit_code = unit_code_field(_("Listing unit code"))
    unit_codes = {"unit_code": ("unit", "listed_on")}
    rule_fields = {"status_on": "listed_on"}  # a new listing's status date is its listing date

    class Meta:
        model = WantedPerson
        fields = ["wanted_number", "listed_on", "decision_number", "full_name", "year_of_birth", "offence",
                  "wanted_type", "dangerous"]
        widgets = {"listed_on": DATE}

    def clean(self):
        data = super().clean()
        listed = data.get("listed_on")
        if listed and (self.instance.pk is None or self.instance.status == WantedStatus.LISTED):
            self.instance.status_on = listed  # still listed: the status dates from the listing
        elif listed and listed > self.instance.status_on:
            self.add_error("listed_on", _("cannot be after the date of the outcome (%(day)s)")
                           % {"day": self.instance.status_on.strftime("%d/%m/%Y")})
        return data


class StatusForm(UnitCodeMixin, forms.Form):
    status = forms.ChoiceField(label=_("Outcome"),
                               choices=[c for c in WantedStatus.choices if c[0] != WantedStatus.LISTED])
    on = forms.DateField(label=_("Date"), widget=DATE)
    unit_code = unit_code_field(_("Unit code"), required=False)
    unit_codes = {"unit_code": ("unit", "on")}
