from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congan.cases.history import figure_moves, reason_error, snapshot
from congan.cases.models import (
    Case,
    ClearanceType,
    Operation,
    Suspect,
    dates_before_detection,
)
from congan.org import jurisdiction
from congan.org.forms import DATE, UnitCodeMixin, unit_code_field


class CaseForm(UnitCodeMixin, forms.ModelForm):
    """A case, its unit typed as the GSO code valid on the date detected (the clearing unit's on
    the date cleared; the detecting unit when not given)."""

    unit_code = unit_code_field(_("Detecting unit code"))
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)
    unit_codes = {"unit_code": ("unit", "detected_on"), "clearing_unit_code": ("clearing_unit", "cleared_on")}
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the change lowers the severity, changes the category or crime group, "
                    "clears the case, changes its clearing date or re-opens it."))

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
        self.before = snapshot(self.instance)
        super()._post_clean()
        self.instance.fill_derived()
        error = reason_error(figure_moves(self.before, self.instance), self.cleaned_data.get("reason", ""))
        if error is not None:
            self._update_errors(error)


class ReasonForm(forms.Form):
    """A reason, required: for closing a case as no crime or re-opening it."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoCrimeForm(ReasonForm):
    no_crime_on = forms.DateField(label=_("Closed as no crime on"), widget=DATE)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):
        data = super().clean()
        for name, message in dates_before_detection(self.case.detected_on,
                                                    no_crime_on=data.get("no_crime_on")).items():
            self.add_error(name, message)
        return data


class ClearForm(UnitCodeMixin, forms.Form):
    cleared_on = forms.DateField(label=_("Cleared on"), widget=DATE)
    how = forms.ChoiceField(label=_("How cleared"), choices=ClearanceType.choices)
    clearing_unit_code = unit_code_field(_("Clearing unit code"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("What clears the case (e.g. the offender identified and arrested)."))
    unit_codes = {"clearing_unit_code": ("clearing_unit", "cleared_on")}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):
        data = super().clean()
        if data.get("cleared_on") and data["cleared_on"] < self.case.detected_on:
            raise ValidationError({"cleared_on": _("cannot be before the date the case was detected")})
        return data


class SuspectForm(forms.ModelForm):
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

    def __init__(self, *args, case: Case, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if self.instance.pk and self.instance.person_id and jurisdiction.linked(user, self.instance.person):
            self.fields["person_record"].initial = self.instance.person.record_id

    def clean(self):
        data = super().clean()
        for name, message in dates_before_detection(self.case.detected_on, arrested_on=data.get("arrested_on"),
                                                    prosecuted_on=data.get("prosecuted_on")).items():
            self.add_error(name, message)
        return data


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
        self.hidden_cases: list[Case] = []
        if self.instance.pk:
            shown, _n = jurisdiction.split_linked(self.user, list(self.instance.cases.order_by("case_number")))
            self.hidden_cases = [c for c in self.instance.cases.all() if c not in shown]
            self.fields["case_numbers"].initial = ", ".join(c.case_number for c in shown)

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
            operation.cases.set(self.linked_cases + self.hidden_cases)  # links outside the area are kept
        return operation
