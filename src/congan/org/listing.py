"""A register's list, for its page and its API: the user's records (the jurisdiction filter first),
narrowed by unit and period, one page of them, and the audit line saying which records were shown.

A register declares its list once and its views and endpoints call it:

    CASES = RecordList(Case, date_field="detected_on", template="cases/case_list.html",
                       related=("unit", "clearing_unit"))

    def case_list(request):                       # the page: filter form, page, can_edit
        return CASES.render(request)

    def list_cases(request, params: Query[ListParams]):   # the API: validated limit/offset
        return CASES.api_rows(request, params)

    def get_case(request, pk):                    # one record, read and audited (404 outside the area)
        return CASES.view(request, pk, api=True)

Every page of the site paginates through `paginate`, which keeps the query string across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congan import units as unitdata
from congan.org import audit, jurisdiction
from congan.org.forms import FilterForm
from congan.org.models import AdminUnit
from congan.org.schemas import API_LIMIT, Day, Era, UnitCode, Window
from congan.org.unitcodes import api_unit

__all__ = ["API_LIMIT", "PAGE_SIZE", "ListParams", "RecordList", "filter_records", "paginate"]

PAGE_SIZE = 50


def paginate(request: HttpRequest, records, per_page: int = PAGE_SIZE) -> Page:
    """One page of `records`; `page.query` is the rest of the query string (filters, search) for
    the page links of `pagination.html`."""
    page = Paginator(records, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode() + "&" if query else ""
    return page


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


class ListParams(Window):
    """The query of a register's list endpoint: a unit (code and era), a period, a window of rows."""

    unit_code: UnitCode = ""
    era: Era = unitdata.Y2025
    start: Day | None = None
    end: Day | None = None


def _audit_value(value) -> str:
    return f"{value.code}/{value.era}" if isinstance(value, AdminUnit) else value.isoformat()


@dataclass(frozen=True)
class RecordList:
    """One register's list (see the module docstring). `date_field` places a record in a period,
    `unit_field` is the path to its unit; newest first."""

    model: type[Model]
    date_field: str
    template: str = ""
    unit_field: str = "unit"
    related: tuple[str, ...] = ("unit",)
    prefetch: tuple[str, ...] = ()
    per_page: int = PAGE_SIZE

    @property
    def object_type(self) -> str:
        return self.model._meta.label

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.related).prefetch_related(*self.prefetch)

    def records(self, user, **filters) -> QuerySet:
        return filter_records(self.queryset(), user, date_field=self.date_field, unit_field=self.unit_field,
                              **filters).order_by(f"-{self.date_field}", "-id")

    def get(self, request: HttpRequest, pk: int) -> Model:
        """One record the user may see, or 404 (audited when it lies outside their area)."""
        return jurisdiction.get_for_user(self.queryset(), request.user, request=request, field=self.unit_field,
                                         pk=pk)

    def view(self, request: HttpRequest, pk: int, **detail) -> Model:
        """A record opened for reading (a page or the API): role checked, `get`, the read audited."""
        jurisdiction.require_records(request.user)
        record = self.get(request, pk)
        audit.record(action=audit.Action.VIEW, request=request, obj=record, detail=detail)
        return record

    def page(self, request: HttpRequest, narrow: dict | None = None) -> tuple[FilterForm, Page, dict]:
        """Bind the filter to the query string, apply it and paginate: (form, page, filters as audited).
        A unit outside the area is refused by `jurisdiction.refuse_unit`; any other filter refused (a
        date out of range) lists nothing. `narrow`: field lookups the page adds (a status)."""
        form = FilterForm(request.GET or None, user=request.user)
        if request.GET.get("unit") and form.is_bound and "unit" in form.errors:
            raise jurisdiction.refuse_unit(request, request.GET["unit"], list=self.object_type)
        filters = {}
        records = self.records(request.user)
        if form.is_bound:
            filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
            records = self.records(request.user, **filters) if form.is_valid() else records.none()
        if narrow:
            records = records.filter(**narrow)
        page = paginate(request, records, self.per_page)
        return form, page, {**{k: _audit_value(v) for k, v in filters.items()}, **(narrow or {})}

    def render(self, request: HttpRequest, extra: Callable[[Page], dict] | None = None,
               narrow: dict | None = None) -> HttpResponse:
        """The list page: `form`, `page` and `can_edit` for the template (plus `extra(page)`), audited;
        a refused filter is said on the page with a 400, and nothing is listed or audited."""
        jurisdiction.require_records(request.user)
        form, page, filters = self.page(request, narrow)
        refused = form.is_bound and bool(form.errors)
        if not refused:
            audit.record(action=audit.Action.LIST, request=request, object_type=self.object_type,
                         detail={"page": page.number, "filters": filters, "ids": [r.pk for r in page]})
        context = {"form": form, "page": page, "can_edit": jurisdiction.can_edit(request.user)}
        if extra is not None:
            context.update(extra(page))
        return render(request, self.template, context, status=400 if refused else 200)

    def api_rows(self, request, params: ListParams, **narrow) -> list:
        """The API list: rows of the unit's area and period, `narrow` applied, newest first, audited."""
        jurisdiction.require_records(request.user)
        unit = api_unit(request.user, params.unit_code, params.era, request=request) if params.unit_code else None
        records = self.records(request.user, unit=unit, start=params.start, end=params.end)
        rows = list(records.filter(**narrow)[params.offset:params.offset + params.limit])
        audit.record(action=audit.Action.LIST, request=request, object_type=self.object_type,
                     detail={"api": True, "unit": params.unit_code, "start": params.start, "end": params.end,
                             "ids": [r.pk for r in rows]})
        return rows
