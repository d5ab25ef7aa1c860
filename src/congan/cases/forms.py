from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congan.cases.models import Case, ClearanceType, Status, Suspect
from congan.org.listing import UnitCodeMixin, unit_code_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(UnitCodeMixin, forms.ModelForm):
    """A case, its unit typed as the GSO code valid on the date detected."""

    unit_code = unit_code_field(_("Detecting unit code"))
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)

    class Meta:
        model = Case
        fields = ["case_number", "detected_on", "articles", "severity", "category", "prosecuted_on",
                  "suspended_on", "cleared_on", "clearance_type", "summary"]
        widgets = {"detected_on": DATE, "prosecuted_on": DATE, "suspended_on": DATE, "cleared_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["unit_code"].initial = self.instance.unit.code
            if self.instance.clearing_unit:
                self.fields["clearing_unit_code"].initial = self.instance.clearing_unit.code

    def clean(self):
        data = super().clean()
        unit = self.resolve_unit_code(self.user, "unit_code", data.get("detected_on"))
        if unit is not None:
            self.instance.unit = unit
        cleared_on = data.get("cleared_on")
        if cleared_on and data.get("clearing_unit_code"):
            clearing = self.resolve_unit_code(self.user, "clearing_unit_code", cleared_on)
            if clearing is not None:
                self.instance.clearing_unit = clearing
        elif cleared_on and unit is not None:
            self.instance.clearing_unit = unit
        elif not cleared_on:
            self.instance.clearing_unit = None
        return data

    def _post_clean(self):
        super()._post_clean()
        inst = self.instance
        if inst.cleared_on:
            inst.status = Status.CLEARED
        elif inst.suspended_on:
            inst.status = Status.SUSPENDED
        elif inst.prosecuted_on:
            inst.status = Status.PROSECUTED
        else:
            inst.status = Status.DETECTED


class ClearForm(UnitCodeMixin, forms.Form):
    cleared_on = forms.DateField(label=_("Cleared on"), widget=DATE)
    how = forms.ChoiceField(label=_("How cleared"), choices=ClearanceType.choices)
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)

    def __init__(self, *args, user, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.case = case

    def clean(self):
        data = super().clean()
        self.clearing_unit = None
        if data.get("clearing_unit_code") and data.get("cleared_on"):
            self.clearing_unit = self.resolve_unit_code(self.user, "clearing_unit_code", data["cleared_on"])
        if data.get("cleared_on") and data["cleared_on"] < self.case.detected_on:
            raise ValidationError({"cleared_on": _("cannot be before the date the case was detected")})
        return data


class SuspectForm(forms.ModelForm):
    person_record = forms.CharField(
        label=_("Resident record id or ID number"), max_length=64, required=False,
        help_text=_("Links the suspect to the population registry when known."),
    )

    class Meta:
        model = Suspect
        fields = ["full_name", "year_of_birth", "note"]
