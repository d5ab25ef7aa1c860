from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from congan import units as unitdata
from congan.org.forms import PICKER_ATTRS, date_field
from congan.reports import periods
from congan.reports.kpis import TARGET_KPIS

KIND_CHOICES = [
    (periods.POLICE_YEAR, _("Police statistical year (15/12 – 14/12)")),
    (periods.POLICE_HALF, _("Police half-year (15/12 – 14/6, 15/6 – 14/12)")),
    (periods.POLICE_MONTH, _("Police month (15th – 14th)")),
    (periods.CALENDAR_YEAR, _("Calendar year")),
    (periods.CALENDAR_HALF, _("Calendar half-year")),
    (periods.CALENDAR_MONTH, _("Calendar month")),
    (periods.CUSTOM, _("Custom range")),
]
CUT_CHOICES = [(unitdata.LEGACY, _("Districts and wards before 1 July 2025")),
               (unitdata.Y2025, _("Wards since 1 July 2025"))]


def current_police_year(today: date | None = None) -> int:
    return periods.police_year_of(today or date.today())


class ReportForm(forms.Form):
    """Which unit and period; the unit is checked against the user's jurisdiction by the view."""

    unit = forms.IntegerField(label=_("Unit"), widget=forms.Select(attrs=PICKER_ATTRS))
    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, initial=periods.POLICE_YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(label=_("Half or month"), min_value=1, max_value=12, required=False,
                                help_text=_("1–2 for a half-year, 1–12 for a month"))
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    cut = forms.ChoiceField(label=_("Breakdown by"), choices=CUT_CHOICES, required=False)

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.choices = unit_choices

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind or self.errors:  # a field refused already says what is wrong
            return data
        try:
            data["period"] = periods.make(kind, year=data.get("year"), number=data.get("number"),
                                          start=data.get("start"), end=data.get("end"))
        except (ValueError, TypeError):
            raise forms.ValidationError(
                _("Give a year (and for a half-year 1 or 2, for a month 1–12), or both dates for a custom range."),
            ) from None
        return data


class TargetForm(forms.Form):
    unit = forms.IntegerField(label=_("Unit"), widget=forms.Select(attrs=PICKER_ATTRS))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kpi = forms.ChoiceField(label=_("Indicator"), choices=list(TARGET_KPIS.items()))
    percent = forms.DecimalField(label=_("Target (%)"), min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.choices = unit_choices


class IssuerForm(forms.Form):
    """The number, signer's name and date a unit's documents carry (remembered per unit)."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Document number"), max_length=20, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)
    issued_on = date_field(_("Date of issue"), required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False)
