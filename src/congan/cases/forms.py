from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congan.cases.models import (
    Case,
    ClearanceType,
    Operation,
    Suspect,
)
from congan.org import jurisdiction
from congan.org.forms import DATE, UnitCodeMixin, unit_code_field
from congan.org.validity import RulebookForm
from congan.org.versioning import VersionedForm


class CaseForm(VersionedForm, UnitCodeMixin, forms.ModelForm):
    """A case, its unit typed as the GSO code valid on the date detected (the clearing unit's on
    the date cleared; the detecting unit when not given)."""

    unit_code = unit_code_field(_("Detecting unit code"))
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)
    unit_codes = {"unit_code": ("unit", "detected_on"), "clearing_unit_code": ("clearing_unit", "cleared_on")}

    class Meta:
        model = Case
        fields = ["case_number", "detected_on", "articles", "severity", "category", "prosecuted_on",
                  "suspended_on", "cleared_on", "clearance_type", "summary"]
        widgets = {"detected_on": DATE, "prosecuted_on": DATE, "suspended_on": DATE, "cleared_on": DATE}

    def clean(self):
        data = super().clean()
        if not data.get("cleared_on"):
            self.instance.clearing_unit = None
        elif not data.get("clearing_unit_code") and self.instance.unit_id:
            self.instance.clearing_unit = self.instance.unit
        return data

    def _post_clean(self):
        super()._post_clean()
        self.instance.fill_derived()


class ClearForm(UnitCodeMixin, forms.Form):
    cleared_on = forms.DateField(label=_("Cleared on"), widget=DATE)
    how = forms.ChoiceField(label=_("How cleared"), choices=ClearanceType.choices)
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)
    unit_codes = {"clearing_unit_code": ("clearing_unit", "cleared_on")}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):
        data = super().clean()
        if data.get("cleared_on"):
            for message in self.case.clearing_errors(data["cleared_on"]).values():
                self.add_error("cleared_on", message)
        return data


class SuspectForm(RulebookForm, forms.ModelForm):
    """A suspect of a case, with the dates of arrest and of the decision to prosecute the accused."""

    person_record = forms.CharField(
        label=_("Resident record id or ID number"), max_length=64, required=False,
        help_text=_("Links the suspect to the population registry when known."),
    )

    class Meta:
        model = Suspect
        fields = ["full_name", "year_of_birth", "arrested_on", "prosecuted_on", "note"]
        widgets = {"arrested_on": DATE, "prosecuted_on": DATE}
        help_texts = {"prosecuted_on": _("Date of the decision to prosecute the accused (quyết định khởi tố bị can).")}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.instance.case = case  # the suspect's rulebook (`Suspect.clean`) reads the case's dates
        if self.instance.pk and self.instance.person_id:
            self.fields["person_record"].initial = self.instance.person.record_id


class OperationForm(UnitCodeMixin, forms.ModelForm):
    """A chuyên án: its lead unit typed as the GSO code valid on the day it was opened, its cases by number."""

    lead_unit_code = unit_code_field(_("Lead unit code"))
    unit_codes = {"lead_unit_code": ("lead_unit", "opened_on")}
    case_numbers = forms.CharField(
        label=_("Cases (case numbers)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The numbers of the cases the plan covers, separated by commas or new lines."),
    )

    class Meta:
        model = Operation
        fields = ["number", "name", "opened_on", "broken_on", "closed_on", "summary"]
        widgets = {"opened_on": DATE, "broken_on": DATE, "closed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.linked_cases: list[Case] = []
        if self.instance.pk:
            self.fields["case_numbers"].initial = ", ".join(
                self.instance.cases.order_by("case_number").values_list("case_number", flat=True))

    def clean_case_numbers(self) -> list[str]:
        numbers = [n.strip() for n in self.cleaned_data["case_numbers"].replace("\n", ",").split(",")]
        numbers = list(dict.fromkeys(n for n in numbers if n))
        visible = {c.case_number: c for c in jurisdiction.scope(Case.objects.filter(case_number__in=numbers),
                                                                  self.user)}
        unknown = [n for n in numbers if n not in visible]
        if unknown:
            raise ValidationError(_("No case with these numbers in your area: %(numbers)s.")
                                  % {"numbers": ", ".join(unknown)})
        self.linked_cases = [visible[n] for n in numbers]
        return numbers

    def save(self, commit=True):
        operation = super().save(commit=commit)
        if commit:
            operation.cases.set(self.linked_cases)
        return operation
