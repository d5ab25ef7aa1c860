"""Form parts every register shares: a unit typed as its GSO code, the date widget, the list filter.

A register's form declares which code field names which unit and which date decides its era:

    class CaseForm(UnitCodeMixin, forms.ModelForm):
        unit_code = unit_code_field(_("Detecting unit code"))
        unit_codes = {"unit_code": ("unit", "detected_on")}

and the mixin does the rest: the user's area, the era of the date, the initial code of a
record being edited, the unit set on the instance (a plain form gets it as an attribute).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from congan import datebounds
from congan import units as unitdata
from congan.org import audit, jurisdiction
from congan.org.models import AdminUnit
from congan.org.unitcodes import UnknownUnit, era_label, resolve_unit, unit_label

#: Django's label of an empty choice in every select. Django's own Vietnamese catalogue does not
#: translate it; the project's catalogue (which wins over Django's) does, from this entry.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def within_bounds(day: date) -> None:
    """A date field's validator: the range of `congan.datebounds`, said in the user's language."""
    if not datebounds.EARLIEST <= day <= datebounds.LATEST:
        raise forms.ValidationError(
            _("Give a date from %(earliest)s to %(latest)s."), code="date_out_of_range",
            params={"earliest": datebounds.EARLIEST.strftime("%d/%m/%Y"),
                    "latest": datebounds.LATEST.strftime("%d/%m/%Y")})


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, validators=[within_bounds])


class UnitCodeInput(forms.TextInput):
    """A unit code typed, or picked by name from the units of the user's area (a <datalist> of
    both eras, each named with its era in words); `units` is set by the form for its user."""

    template_name = "org/widgets/unit_code.html"
    units: list[tuple[str, str]] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.units:
            context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-units"
            context["widget"]["attrs"].setdefault("autocomplete", "off")
        context["widget"]["units"] = self.units
        return context


def picker_units(user) -> list[tuple[str, str]]:
    """The units a user may pick (their area, both eras; 2025 units first), as (code, label) with
    the name and the era in words: "Phường Cái Khế (31120, từ ngày 01/7/2025)"."""
    units = AdminUnit.objects.filter(id__in=jurisdiction.user_unit_ids(user)).order_by("-era", "level", "name", "code")
    return [(unit.code, unit_label(unit)) for unit in units]


def unit_code_field(label=None, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label or _("Unit code"), max_length=8, required=required, widget=UnitCodeInput,
        help_text=_("Type the unit's name or its GSO code valid on the record's date (old codes before "
                    "1 July 2025)."),
    )


def unit_from_code(form: forms.Form, field: str, code: str, on: date, user, *,
                   level: str | None = None) -> AdminUnit | None:
    """The unit `code` names on `on` inside the user's area (of `level`, when given); otherwise
    an error on `field` saying why, and None. A code of the wrong era is an error, not a guess."""
    try:
        unit = resolve_unit(code, on)
    except UnknownUnit:
        form.add_error(field, _("No unit has this code in the structure valid on %(day)s (%(era)s).")
                       % {"day": on.strftime("%d/%m/%Y"), "era": era_label(unitdata.era_on(on))})
        return None
    if level is not None and unit.level != level:
        form.add_error(field, _("%(name)s is not a ward or commune.") % {"name": unit.name})
        return None
    if not jurisdiction.can_see_unit(user, unit.id):  # refused on the form, and audited
        audit.denied(None, audit.Denial.UNIT_PARAMETER, actor=user, obj=unit, unit=unit.code, form=field)
        form.add_error(field, _("%(name)s (%(code)s) is outside your area.") % {"name": unit.name, "code": unit.code})
        return None
    return unit


class UnitCodeMixin:
    """The unit-code wiring of a register's form (see the module docstring); takes `user=`.

    `unit_codes` maps each code field to (unit attribute, date field). A ModelForm's instance
    gets the unit; a plain form keeps it as `form.<unit attribute>` (None until resolved).
    """

    unit_codes: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = getattr(self, "instance", None)
        units = picker_units(user) if self.unit_codes else []
        for code_field in self.unit_codes:
            self.fields[code_field].widget.units = units
        for code_field, (attr, _date) in self.unit_codes.items():
            if instance is None:
                setattr(self, attr, None)
            elif instance.pk and getattr(instance, f"{attr}_id", None):
                self.fields[code_field].initial = getattr(instance, attr).code

    def clean(self):
        data = super().clean()
        target = getattr(self, "instance", self)
        for code_field, (attr, date_name) in self.unit_codes.items():
            code, on = data.get(code_field), data.get(date_name)
            if code and on is not None:
                unit = unit_from_code(self, code_field, code, on, self.user)
                if unit is not None:
                    setattr(target, attr, unit)
        return data


#: A select of units gets a search box by name (congan.js), diacritics optional; the attribute's
#: value is the box's label.
PICKER_ATTRS = {"data-unit-picker": _("Find a unit by name")}


class UnitChoiceField(forms.ModelChoiceField):
    widget = forms.Select(attrs=PICKER_ATTRS)

    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)


class FilterForm(forms.Form):
    """A register list's filter: a unit (everything inside its area, both eras) and a date range."""

    unit = UnitChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none(), required=False,
                           empty_label=_("All units I may see"))
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdminUnit.objects.filter(
            id__in=jurisdiction.user_unit_ids(user)
        ).order_by("-era", "level", "code")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data
