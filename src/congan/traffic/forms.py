from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congan.org.forms import DATE, UnitCodeMixin, unit_code_field
from congan.org.validity import RulebookForm
from congan.org.versioning import VersionedForm
from congan.traffic.models import Accident, Casualty, Vehicle


class AccidentForm(VersionedForm, UnitCodeMixin, forms.ModelForm):
    unit_code = unit_code_field()
    unit_codes = {"unit_code": ("unit", "occurred_on")}

    class Meta:
        model = Accident
        fields = ["accident_number", "occurred_on", "occurred_at", "place", "road", "cause",
                  "deaths", "injuries", "description"]
        widgets = {"occurred_on": DATE, "occurred_at": forms.TimeInput(attrs={"type": "time"})}
        help_texts = {"deaths": _("Kept equal to the casualties once they are recorded one by one.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.casualties.exists():
            for name in ("deaths", "injuries"):
                self.fields[name].disabled = True


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ["type", "plate"]


class CasualtyForm(RulebookForm, forms.ModelForm):
    class Meta:
        model = Casualty
        fields = ["vehicle", "outcome", "injury", "died_on"]
        widgets = {"died_on": DATE}

    def __init__(self, *args, accident: Accident, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.accident = accident
        self.fields["vehicle"].queryset = accident.vehicles.all()
