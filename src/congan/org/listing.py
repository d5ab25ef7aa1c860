"""What the register pages and APIs share: the unit-and-period filter, the record-role check,
the unit-code form field. The rows always come through `jurisdiction.scope` first; the filter
narrows within them.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congan import units as unitdata
from congan.org import jurisdiction
from congan.org.models import AdminUnit
from congan.org.unitcodes import UnknownUnit, era_label, resolve_unit, unit_label

PAGE_SIZE = 50


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)


class FilterForm(forms.Form):
    """Unit (with everything inside its area, in both eras) and a date range."""

    unit = UnitChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none(), required=False,
                           empty_label=_("All units I may see"))
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

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


def filter_records(queryset: QuerySet, user, *, date_field: str, unit_field: str = "unit",
                   unit: AdminUnit | None = None, start: date | None = None, end: date | None = None) -> QuerySet:
    """The user's records (jurisdiction first), narrowed to a unit's area and a period."""
    records = jurisdiction.scope(queryset, user, field=unit_field)
    if unit is not None:
        records = records.filter(**{f"{unit_field}__in": jurisdiction.unit_ids(unit.id)})
    if start:
        records = records.filter(**{f"{date_field}__gte": start})
    if end:
        records = records.filter(**{f"{date_field}__lte": end})
    return records


def filtered_page(request, queryset: QuerySet, *, date_field: str, unit_field: str = "unit"
                  ) -> tuple[FilterForm, Page, dict]:
    """Bind the filter to the query string, apply it and paginate; returns (form, page, filters)."""
    form = FilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    records = filter_records(queryset, request.user, date_field=date_field, unit_field=unit_field, **filters)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode() + "&" if query else ""  # the filter, kept across pages
    audit_filters = {k: (v.code + "/" + v.era if isinstance(v, AdminUnit) else v.isoformat())
                     for k, v in filters.items()}
    return form, page, audit_filters


class UnitCodeMixin:
    """A ModelForm part: `unit_code` typed as a GSO code, resolved in the era of the record's date.

    The code of the wrong era is an error, not a guess; a unit outside the user's area is refused.
    """

    date_field = ""
    unit_code_field = "unit_code"

    def resolve_unit_code(self, user, code_field: str, on: date | None) -> AdminUnit | None:
        code = self.cleaned_data.get(code_field)
        if not code or on is None:
            return None
        try:
            unit = resolve_unit(code, on)
        except UnknownUnit:
            self.add_error(code_field, _("No unit has this code in the structure valid on %(day)s (%(era)s).")
                           % {"day": on.strftime("%d/%m/%Y"), "era": era_label(unitdata.era_on(on))})
            return None
        if not jurisdiction.can_see_unit(user, unit.id):
            self.add_error(code_field, _("This unit is outside your area."))
            return None
        return unit


def unit_code_field(label=None, required=True) -> forms.CharField:
    return forms.CharField(
        label=label or _("Unit code"), max_length=8, required=required,
        help_text=_("GSO code valid on the record's date (old codes before 1 July 2025)."),
    )
