from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congan.org.listing import UnitCodeMixin, unit_code_field
from congan.traffic.models import Accident, Casualty, Vehicle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccidentForm(UnitCodeMixin, forms.ModelForm):
    unit_code = unit_code_field()

    class Meta:
        model = Accident
        fields = ["accident_number", "occurred_on", "occurred_at", "place", "road", "cause",
                  "deaths", "injuries", "description"]
        widgets = {"occurred_on": DATE, "occurred_at": forms.TimeInput(attrs={"type": "time"})}
        help_texts = {"deaths": _("Kept equal to the casualties once they are recorded one by one.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["unit_code"].initial = self.instance.unit.code
            if self.instance.casualties.exists():
                for name in ("deaths", "injuries"):
                    self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        unit = self.resolve_unit_code(self.user, "unit_code", data.get("occurred_on"))
        if unit is not None:
            self.instance.unit = unit
        return data


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ["type", "plate"]


class CasualtyForm(forms.ModelForm):
    class Meta:
        model = Casualty
        fields = ["vehicle", "outcome", "injury", "died_on"]
        widgets = {"died_on": DATE}

    def __init__(self, *args, accident: Accident, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.accident = accident
        self.fields["vehicle"].queryset = accident.vehicles.all()
