from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congan.cases.forms import (
    CaseForm,
    ClearForm,
    NoCrimeForm,
    OperationForm,
    ReasonForm,
    SuspectForm,
)
from congan.cases.history import record_changes, snapshot
from congan.cases.models import Case, Operation, Suspect
from congan.cases.services import find_person
from congan.org import audit, jurisdiction
from congan.org.editing import record_form_views, render_form
from congan.org.listing import Column, RecordList
from congan.registry.search import match_names


def _find_cases(cases, text: str):
    """Cases by number, or by a suspect's name with or without diacritics."""
    named = match_names(Suspect.objects.filter(case__in=cases), text, "full_name").values("case_id")
    return cases.filter(Q(case_number__icontains=text.strip()) | Q(pk__in=named))


CASES = RecordList(
    Case, date_field="detected_on", template="cases/case_list.html", related=("unit", "clearing_unit"),
    columns=(Column(gettext_lazy("Case number"), "case_number", sort="case_number"),
             Column(gettext_lazy("Detected on"), "detected_on", sort="detected_on"),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name"),
             Column(gettext_lazy("Article"), "articles"),
             Column(gettext_lazy("Severity"), "severity", sort="severity"),
             Column(gettext_lazy("Category"), "category", sort="category"),
             Column(gettext_lazy("Status"), "status", sort="status"),
             Column(gettext_lazy("Cleared on"), "cleared_on", sort="cleared_on")),
    choices=("severity", "category", "crime_group", "status"),
    search=_find_cases, search_label=gettext_lazy("case number, or a suspect's name (with or without diacritics)"))
OPERATIONS = RecordList(
    Operation, date_field="opened_on", unit_field="lead_unit", related=("lead_unit",),
    template="cases/operation_list.html",
    columns=(Column(gettext_lazy("Operation number"), "number", sort="number"),
             Column(gettext_lazy("Code name"), "name", sort="name"),
             Column(gettext_lazy("Lead unit"), "lead_unit", sort="lead_unit__name"),
             Column(gettext_lazy("Opened on"), "opened_on", sort="opened_on"),
             Column(gettext_lazy("Broken up on"), "broken_on", sort="broken_on"),
             Column(gettext_lazy("Closed on"), "closed_on", sort="closed_on"),
             Column(gettext_lazy("Status"), "status")),
    search=lambda ops, text: ops.filter(Q(number__icontains=text.strip()) | Q(name__icontains=text.strip())),
    search_label=gettext_lazy("operation number or code name"))


def _to_case(case: Case) -> HttpResponse:
    return redirect("cases:detail", pk=case.pk)


def _title(case: Case) -> str:
    return f"{_('Case')} {case.case_number}"


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    return CASES.render(request)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = CASES.view(request, pk)
    can_edit = jurisdiction.can_edit(request.user)
    suspects = list(case.suspects.select_related("person"))
    for suspect in suspects:  # the resident record behind a suspect only when it lies in the user's area
        suspect.resident = jurisdiction.linked(request.user, suspect.person)
    return render(request, "cases/case_detail.html", {
        "case": case, "suspects": suspects, "can_edit": can_edit,
        "suspect_form": SuspectForm(case=case) if can_edit else None,
        "operations": case.operations.order_by("-opened_on"),
        "clear_form": ClearForm(user=request.user, case=case)
        if can_edit and not case.cleared_on and not case.no_crime_on else None,
        "no_crime_form": NoCrimeForm(case=case) if can_edit and not case.cleared_on and not case.no_crime_on else None,
        "reopen_form": ReasonForm() if can_edit and (case.cleared_on or case.no_crime_on) else None,
        "history": case.changes.select_related("actor"),
    })


def _save_case(form: CaseForm) -> Case:
    """Save the case and the history of what moved (the form has checked the reason)."""
    case = form.save()
    record_changes(case=case, before=form.before, actor=form.user, reason=form.cleaned_data.get("reason", ""))
    return case


case_create, case_edit = record_form_views(CASES, CaseForm, new_title=gettext_lazy("Record a case"), title=_title,
                                           message=gettext_lazy("Case saved."), done=_to_case, save=_save_case)


def _change_case(request: HttpRequest, case: Case, change, reason: str) -> None:
    """Apply `change(case)`, save, and write its history, in one transaction (nothing on refusal)."""
    before = snapshot(case)
    with transaction.atomic():
        change(case)
        case.full_clean()
        case.save()
        record_changes(case=case, before=before, actor=request.user, reason=reason, request=request)


@login_required
def case_clear(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    case = CASES.get(request, pk)
    if case.no_crime_on:  # re-open it first (with its reason)
        return _to_case(case)
    form = ClearForm(request.POST or None, user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        before = snapshot(case)
        with transaction.atomic():
            case.clear(on=form.cleaned_data["cleared_on"], by_unit=form.clearing_unit, how=form.cleaned_data["how"])
            audit.record(action=audit.Action.UPDATE, request=request, obj=case,
                         detail={"cleared_on": case.cleared_on, "how": case.clearance_type})
            record_changes(case=case, before=before, actor=request.user, reason=form.cleaned_data["reason"],
                           request=request)
        messages.success(request, _("Case recorded as cleared."))
        return _to_case(case)
    return render_form(request, {"form": form, "title": _title(case)}, record=case)


@login_required
def case_no_crime(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the case as "no crime": it then counts in no figure; a reason is required."""
    jurisdiction.require_edit(request.user)
    case = CASES.get(request, pk)
    if case.cleared_on or case.no_crime_on:
        return _to_case(case)
    form = NoCrimeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        def close(c: Case) -> None:
            c.no_crime_on = form.cleaned_data["no_crime_on"]
        try:
            _change_case(request, case, close, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Case closed as no crime."))
            return _to_case(case)
    return render_form(request, {"form": form, "title": _title(case)}, record=case)


@login_required
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-open a cleared case or one closed as no crime; a reason is required."""
    jurisdiction.require_edit(request.user)
    case = CASES.get(request, pk)
    if not (case.cleared_on or case.no_crime_on):
        return _to_case(case)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        def reopen(c: Case) -> None:
            c.cleared_on, c.clearance_type, c.clearing_unit, c.no_crime_on = None, "", None, None
        try:
            _change_case(request, case, reopen, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Case re-opened."))
            return _to_case(case)
    return render_form(request, {"form": form, "title": _title(case)}, record=case)


@login_required
def suspect_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    case = CASES.get(request, pk)
    return _edit_suspect(request, case, Suspect(case=case))


@login_required
def suspect_edit(request: HttpRequest, pk: int, suspect_pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    case = CASES.get(request, pk)
    suspect = case.suspects.select_related("person").filter(pk=suspect_pk).first()
    if suspect is None:
        raise Http404
    return _edit_suspect(request, case, suspect)


def _edit_suspect(request: HttpRequest, case: Case, suspect: Suspect) -> HttpResponse:
    creating = suspect.pk is None
    hidden = suspect.person if suspect.person_id and not jurisdiction.linked(request.user, suspect.person) else None
    form = SuspectForm(request.POST or None, instance=suspect, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        suspect = form.save(commit=False)
        reference = form.cleaned_data["person_record"]
        # A link to a resident outside the user's area is neither shown nor dropped by an edit.
        suspect.person = hidden if hidden and not reference else find_person(user=request.user, reference=reference)
        if reference and suspect.person is None:
            form.add_error("person_record", _("No resident with this record id or ID number in your area."))
        else:
            suspect.save()
            audit.record_saved(request=request, obj=suspect, form=form, created=creating)
            return _to_case(case)
    return render_form(request, {"form": form, "title": _title(case)}, record=case if creating else suspect)


# --- the register of major investigation plans (chuyên án) ---------------------------------------

@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    return OPERATIONS.render(request)


@login_required
def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    operation = OPERATIONS.view(request, pk)
    cases = jurisdiction.scope(operation.cases.select_related("unit"), request.user).order_by("detected_on", "id")
    return render(request, "cases/operation_detail.html", {
        "operation": operation, "cases": cases, "can_edit": jurisdiction.can_edit(request.user),
    })


operation_create, operation_edit = record_form_views(
    OPERATIONS, OperationForm, new_title=gettext_lazy("Open a plan"),
    title=lambda operation: f"{_('Major investigation plan')} {operation.number}",
    message=gettext_lazy("Plan saved."), done=lambda operation: redirect("cases:operation", pk=operation.pk))
