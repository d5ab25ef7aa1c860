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
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Literal

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field
from pydantic import create_model

from congan import units as unitdata
from congan.org import audit, jurisdiction
from congan.org.forms import FilterForm
from congan.org.models import AdminUnit
from congan.org.roles import PERSONAL_EXPORT_ROLES
from congan.org.schemas import API_LIMIT, Day, Era, UnitCode, Window
from congan.org.unitcodes import api_unit

__all__ = ["API_LIMIT", "MAX_EXPORT_ROWS", "PAGE_SIZE", "Column", "ListParams", "RecordList", "filter_records",
           "paginate"]

PAGE_SIZE = 50
#: An export larger than this is refused with a request to narrow the filter (never cut silently).
MAX_EXPORT_ROWS = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_export_personal(user) -> bool:
    """Whether an export of the user's may hold personal data (names, ID numbers, addresses): the
    officers who work with residents of their area (`roles.PERSONAL_EXPORT_ROLES`); others get the
    same rows without the personal columns."""
    return user.role in PERSONAL_EXPORT_ROLES


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
    if isinstance(value, AdminUnit):
        return f"{value.code}/{value.era}"
    return value.isoformat() if hasattr(value, "isoformat") else value


def _path(record, path: str):
    for part in path.split("."):
        if record is None:
            return None
        display = getattr(record, f"get_{part}_display", None)
        record = display() if display is not None else getattr(record, part, None)
    return record


@dataclass(frozen=True)
class Column:
    """A column of a register's list: its heading, the record's value for the export (`path`, dotted,
    a choice shown in words; or `value(record)`), the field it sorts by (`sort`, whitelisted: only
    these are accepted from the query string; "" = not sortable) and whether it is personal data
    (left out of the export of a user not allowed it)."""

    label: str
    path: str = ""
    sort: str = ""
    personal: bool = False
    value: Callable | None = None
    #: False for a column only the page shows (one read per row, or a link checked per viewer).
    export: bool = True

    def of(self, record):
        value = self.value(record) if self.value is not None else _path(record, self.path)
        if isinstance(value, AdminUnit):
            return value.name
        if isinstance(value, datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if value is None or isinstance(value, (int, float, date)):
            return value
        return str(value)


@dataclass(frozen=True)
class RecordList:
    """One register's list (see the module docstring). `date_field` places a record in a period,
    `unit_field` is the path to its unit; newest first unless sorted by a column.

    `columns` are the list's headings (sortable where they say so) and the export's columns;
    `choices` names the model's choice fields the filter offers (the dimensions reports cut by);
    `search(records, text)` narrows by a typed number or name (the register says how: numbers by
    prefix, names through `congan.registry.search`), `search_label` says what may be typed.
    """

    model: type[Model]
    date_field: str
    template: str = ""
    unit_field: str = "unit"
    related: tuple[str, ...] = ("unit",)
    prefetch: tuple[str, ...] = ()
    per_page: int = PAGE_SIZE
    columns: tuple[Column, ...] = ()
    choices: tuple[str, ...] = ()
    search: Callable[[QuerySet, str], QuerySet] | None = None
    search_label: str = ""
    default_order: tuple[str, ...] = field(default=())
    #: Further unit paths that must lie in the user's area too (a review pair: both its records).
    also_scoped: tuple[str, ...] = ()
    #: Yes/no narrowings offered as a checkbox: (name, label, narrow(records)).
    flags: tuple[tuple[str, str, Callable[[QuerySet], QuerySet]], ...] = ()
    #: What the export reads beside the records, for the viewer: `for_export(records, user)` (a
    #: household's head, read inside the viewer's area), so a column's `value` reads no row by row.
    for_export: Callable[[QuerySet, object], QuerySet] | None = None

    @property
    def object_type(self) -> str:
        return self.model._meta.label

    @property
    def sorts(self) -> dict[str, str]:
        return {c.sort: c.sort for c in self.columns if c.sort}

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.related).prefetch_related(*self.prefetch)

    def order(self) -> tuple[str, ...]:
        return self.default_order or (f"-{self.date_field}", "-id")

    def records(self, user, *, q: str = "", sort: str = "", unit: AdminUnit | None = None,
                start: date | None = None, end: date | None = None, **choices) -> QuerySet:
        """The user's records (jurisdiction first) narrowed by unit, period, choice fields and the
        search, in the order asked (a whitelisted column, else the register's own)."""
        records = filter_records(self.queryset(), user, date_field=self.date_field, unit_field=self.unit_field,
                                 unit=unit, start=start, end=end)
        for path in self.also_scoped:
            records = jurisdiction.scope(records, user, field=path)
        records = records.filter(**{name: value for name, value in choices.items() if name in self.choices})
        for name, _label, narrow in self.flags:
            if choices.get(name):
                records = narrow(records)
        if q and self.search is not None:
            records = self.search(records, q)
        if sort.lstrip("-") in self.sorts:
            return records.order_by(sort, "-id" if sort.startswith("-") else "id")
        return records.order_by(*self.order())

    def filter_form(self, data, user) -> FilterForm:
        """The list's filter: unit and period (FilterForm), the choice fields, the search box."""
        fields = {}
        if self.search is not None:
            fields["q"] = forms.CharField(label=_("Search"), required=False, max_length=120,
                                          help_text=self.search_label)
        for name in self.choices:
            model_field = self.model._meta.get_field(name)
            label = model_field.verbose_name.capitalize()
            if model_field.choices:
                fields[name] = forms.ChoiceField(label=label, required=False,
                                                 choices=[("", _("all")), *model_field.choices])
            else:  # a yes/no field
                fields[name] = forms.TypedChoiceField(
                    label=label, required=False, coerce=lambda v: v == "1", empty_value=None,
                    choices=[("", _("all")), ("1", _("yes")), ("0", _("no"))])
        for name, label, _narrow in self.flags:
            fields[name] = forms.BooleanField(label=label, required=False)
        form_class = type(f"{self.model.__name__}Filter", (FilterForm,), fields)
        form = form_class(data, user=user)
        if not self.date_field:  # a register without a period (residents, households)
            del form.fields["start"], form.fields["end"]
        form.order_fields(["q", "unit", *self.choices, "start", "end", *(f[0] for f in self.flags)])
        return form

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

    def selection(self, request: HttpRequest) -> tuple[FilterForm, QuerySet, dict]:
        """Bind the filter to the query string and apply it: (form, records, filters as audited). A
        unit outside the area is refused by `jurisdiction.refuse_unit`; any other filter refused (a
        date out of range) selects nothing."""
        data = request.GET.copy()
        for ignored in ("page", "sort", "format"):
            data.pop(ignored, None)
        form = self.filter_form(data or None, request.user)
        if request.GET.get("unit") and form.is_bound and "unit" in form.errors:
            raise jurisdiction.refuse_unit(request, request.GET["unit"], list=self.object_type)
        filters = {}
        sort = request.GET.get("sort", "")
        sort = sort if sort.lstrip("-") in self.sorts else ""
        if form.is_bound and not form.is_valid():
            return form, self.records(request.user).none(), {}
        if form.is_bound:
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        records = self.records(request.user, sort=sort, **filters)
        described = {("query" if k == "q" else k): _audit_value(v) for k, v in filters.items()}
        if sort:
            described["sort"] = sort
        return form, records, described

    def page(self, request: HttpRequest) -> tuple[FilterForm, Page, dict]:
        """The filter applied (`selection`) and one page of it."""
        form, records, filters = self.selection(request)
        return form, paginate(request, records, self.per_page), filters

    def headings(self, request: HttpRequest) -> list[dict]:
        """The list's column headings: label, the link sorting by it (the filter kept) and the
        current direction (`aria-sort`)."""
        current = request.GET.get("sort", "")
        query = request.GET.copy()
        for dropped in ("page", "sort", "format"):
            query.pop(dropped, None)
        base = query.urlencode() + "&" if query else ""
        heads = []
        for column in self.columns:
            head = {"label": column.label, "url": "", "state": ""}
            if column.sort:
                if current == column.sort:
                    head["state"], target = "ascending", f"-{column.sort}"
                elif current == f"-{column.sort}":
                    head["state"], target = "descending", column.sort
                else:
                    target = column.sort
                head["url"] = f"?{base}sort={target}"
            heads.append(head)
        return heads

    def render(self, request: HttpRequest, extra: Callable[[Page], dict] | None = None,
               detail: Callable[[Page], dict] | None = None) -> HttpResponse:
        """The list page: `form`, `page`, `total`, `headings`, `export_query` and `can_edit` for the
        template (plus `extra(page)`), audited (plus `detail(page)`); `?format=xlsx` exports the whole selection instead.
        A refused filter is said on the page with a 400, and nothing is listed or audited."""
        jurisdiction.require_records(request.user)
        form, page, filters = self.page(request)
        refused = form.is_bound and bool(form.errors)
        refusal = ""
        if request.GET.get("format") == "xlsx" and not refused:
            response = self.export(request, page.paginator.object_list, filters)
            if response is not None:
                return response
            refused = True
            refusal = gettext(
                "The filter selects %(total)s records; an export holds at most %(max)s. Narrow the filter.") % {
                "total": _number(page.paginator.count), "max": _number(MAX_EXPORT_ROWS)}
        elif not refused:
            audit.record(action=audit.Action.LIST, request=request, object_type=self.object_type,
                         detail={"page": page.number, **_described(filters), "ids": [r.pk for r in page],
                                 **(detail(page) if detail is not None else {})})
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context = {"form": form, "page": page, "total": page.paginator.count, "headings": self.headings(request),
                   "refusal": refusal,
                   "export_query": query.urlencode() + "&" if query else "",
                   "can_edit": jurisdiction.can_edit(request.user)}
        if extra is not None:
            context.update(extra(page))
        return render(request, self.template, context, status=400 if refused else 200)

    def export(self, request: HttpRequest, records: QuerySet, filters: dict) -> HttpResponse | None:
        """The selection as an .xlsx workbook: exactly the filtered rows in the list's order, real
        dates and numbers, the header row frozen; personal columns only for users allowed them
        (`can_export_personal`); audited as an export. None when the selection is larger than
        MAX_EXPORT_ROWS (the page says so; nothing is cut)."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        total = records.count()
        if total > MAX_EXPORT_ROWS:
            return None
        personal = can_export_personal(request.user)
        columns = [c for c in self.columns if c.export and (personal or not c.personal)]
        if self.for_export is not None:
            records = self.for_export(records, request.user)
        book = Workbook(write_only=True)
        sheet = book.create_sheet(str(self.model._meta.verbose_name_plural)[:31])
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column.label))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for record in records.iterator(chunk_size=2000):
            row = []
            for column in columns:
                value = column.of(record)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = "#,##0"
                row.append(cell)
            sheet.append(row)
        audit.record(action=audit.Action.EXPORT, request=request, object_type=self.object_type,
                     detail={**_described(filters), "rows": total, "personal": personal,
                             "columns": [str(c.label) for c in columns]})
        response = HttpResponse(content_type=XLSX)
        name = self.model._meta.model_name
        response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
        book.save(response)
        return response

    @cached_property
    def api_params(self) -> type[ListParams]:
        """The query of the register's list endpoint: `ListParams` and the page's own search (`q`),
        filters (the choice fields and flags) and sorts, from this one definition; a value outside
        the choices or the sortable columns is refused (422) with the values allowed."""
        fields: dict = {}
        if self.search is not None:
            with translation.override("en"):  # the schema is for programmers, in English
                described = str(self.search_label) or "a number or a name"
            fields["q"] = (str, Field("", max_length=120, description=described))
        if self.sorts:
            allowed = sorted([*self.sorts, *(f"-{s}" for s in self.sorts)])
            fields["sort"] = (Literal[("", *allowed)], Field("", description="a column, `-` first for descending"))
        for name in self.choices:
            model_field = self.model._meta.get_field(name)
            if model_field.choices:
                fields[name] = (Literal[tuple(str(value) for value, _label in model_field.flatchoices)] | None, None)
            else:
                fields[name] = (bool | None, None)
        for name, _label, _narrow in self.flags:
            fields[name] = (bool, False)
        return create_model(f"{self.model.__name__}ListParams", __base__=ListParams, **fields)

    def api_rows(self, request, params: ListParams, **narrow) -> list:
        """The API list: rows of the unit's area and period, searched, filtered and sorted as the
        page does (`api_params`), `narrow` applied, newest first unless sorted, audited."""
        jurisdiction.require_records(request.user)
        unit = api_unit(request.user, params.unit_code, params.era, request=request) if params.unit_code else None
        asked = {name: getattr(params, name, None) for name in self.choices}
        asked = {k: v for k, v in asked.items() if v is not None}
        asked.update({name: True for name, _label, _narrow in self.flags if getattr(params, name, False)})
        q, sort = getattr(params, "q", ""), getattr(params, "sort", "")
        records = self.records(request.user, q=q, sort=sort, unit=unit, start=params.start, end=params.end, **asked)
        rows = list(records.filter(**narrow)[params.offset:params.offset + params.limit])
        filters = {**asked, **({"sort": sort} if sort else {}), **({"query": q} if q else {})}
        audit.record(action=audit.Action.LIST, request=request, object_type=self.object_type,
                     detail={"api": True, "unit": params.unit_code, "start": params.start, "end": params.end,
                             **_described(filters), "ids": [r.pk for r in rows]})
        return rows


def _described(filters: dict) -> dict:
    """A list's filters as its audit entry holds them: the typed search at the top level, where the
    trail keeps it as a keyed hash (`audit.PSEUDONYMISED`), never in clear."""
    rest = {k: v for k, v in filters.items() if k != "query"}
    return {"filters": rest, "query": filters["query"]} if "query" in filters else {"filters": rest}


def _number(n: int) -> str:
    """A count as the pages write it (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")
