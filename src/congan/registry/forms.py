from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from congan.cleansing import idnumbers
from congan.org import jurisdiction
from congan.org.models import AdminUnit
from congan.registry.models import CardStep, Person


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ID number or full name"), max_length=120)
    year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1880, max_value=2100)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        parent = f", {obj.parent.short_name}" if obj.parent_id and obj.parent.level == "district" else ""
        return f"{obj.name}{parent} ({obj.code}, {obj.get_era_display()})"


def wards_for(user):
    """The wards a user may file a resident in: those of their jurisdiction, either era."""
    return (jurisdiction.scope(AdminUnit.objects.filter(level="ward"), user, field="id")
            .select_related("parent").order_by("era", "code"))


class ResidentForm(forms.ModelForm):
    """The resident information form; partial dates: give the full date, or the year (and month)."""

    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)

    class Meta:
        model = Person
        fields = ["full_name", "date_of_birth", "birth_year", "birth_month", "sex", "id_number",
                  "ethnicity", "religion", "nationality", "hometown", "address", "unit",
                  "father_name", "mother_name", "spouse_name", "relation_to_head"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(queryset=wards_for(user), label=_("Ward of permanent residence"))
        self.fields["birth_year"].validators = []
        self.fields["sex"].required = True

    def clean_id_number(self) -> str:
        raw = self.cleaned_data.get("id_number", "")
        if not raw:
            return ""
        check = idnumbers.check_id(raw)
        if not check.valid:
            raise forms.ValidationError(_("Malformed ID number: %(reason)s"), params={"reason": check.reason})
        return check.number

    def clean(self):
        data = super().clean()
        full, year, month = data.get("date_of_birth"), data.get("birth_year"), data.get("birth_month")
        if full:
            if full > date.today():
                self.add_error("date_of_birth", _("A date of birth cannot be in the future."))
            data["birth_year"], data["birth_month"] = full.year, full.month
        elif year:
            if not 1880 <= year <= date.today().year:
                self.add_error("birth_year", _("Give a year between 1880 and this year."))
            if month is not None and not 1 <= month <= 12:
                self.add_error("birth_month", _("A month is between 1 and 12."))
        elif month:
            self.add_error("birth_year", _("A month of birth needs the year."))
        return data


class CardStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=CardStep.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > date.today():
            raise forms.ValidationError(_("A step cannot be dated in the future."))
        return on


class ProgressForm(forms.Form):
    end = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
