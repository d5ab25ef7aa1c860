from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congan.org import audit, jurisdiction
from congan.org.listing import paginate
from congan.org.models import AdminUnit
from congan.registry import services
from congan.registry.forms import (
    AddMemberForm,
    CardStepForm,
    ChangeHeadForm,
    DocumentForm,
    EndPlaceForm,
    HouseholdAddressForm,
    PlaceForm,
    ProgressForm,
    ReasonForm,
    ResidentForm,
    SearchForm,
    wards_for,
)
from congan.registry.models import Household, Person, id_number_findings
from congan.registry.search import search_people


def _person_for(request: HttpRequest, pk: int) -> Person:
    return jurisdiction.get_for_user(
        Person.objects.select_related("unit", "household", "hometown_unit"), request.user,
        request=request, pk=pk,
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    people = jurisdiction.scope(Person.objects.select_related("unit"), request.user)
    findings_only = request.GET.get("findings") == "1"
    if findings_only:
        people = services.id_findings(people)
    page = paginate(request, people.order_by("name_key", "id"))
    audit.record(action=audit.Action.LIST, request=request, object_type="registry.Person",
                 detail={"page": page.number, "findings": findings_only, "ids": [p.pk for p in page]})
    return render(request, "registry/person_list.html", {"page": page, "findings_only": findings_only})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = list(search_people(request.user, query=form.cleaned_data["q"],
                                     birth_year=form.cleaned_data.get("year")))
        audit.record(action=audit.Action.SEARCH, request=request, object_type="registry.Person",
                     detail={"query": form.cleaned_data["q"], "year": form.cleaned_data.get("year"),
                             "ids": [p.pk for p in results]})
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "registry/search.html", {"form": form, "results": results, "can_edit": can_edit},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    person = _person_for(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=person)
    applications = person.card_applications.select_related("unit").prefetch_related("steps__unit")
    members = []
    if person.household_id:
        members = list(person.household.members.select_related("unit").order_by("id"))
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "registry/person_detail.html", {
        "person": person,
        "documents": [(d, id_number_findings(d.number, person.sex, person.birth_year))
                      for d in person.documents.select_related("issuing_unit")],
        "places": person.places.select_related("unit"),
        "members": members,
        "applications": applications,
        "changes": person.changes.select_related("actor"),
        "findings": [f for f in person.id_finding.split("; ") if f],
        "can_edit": can_edit,
        "step_form": CardStepForm(initial={"on": date.today()}) if can_edit else None,
    })


@login_required
def person_add(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    form = ResidentForm(request.POST or None, user=request.user, initial={"nationality": "Việt Nam"})
    if form.is_valid():
        person = form.save(commit=False)
        person.record_id = f"F{date.today():%Y%m%d}-{uuid.uuid4().hex[:12]}"
        person.source = "form"
        services.add_resident(person=person, actor=request.user, reason=form.cleaned_data["reason"],
                              request=request)
        messages.success(request, _("Resident added."))
        return redirect("registry:person", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    person = _person_for(request, pk)
    form = ResidentForm(request.POST or None, instance=Person.objects.get(pk=pk), user=request.user)
    if form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}
        change = services.correct_resident(person=person, new_values=values, actor=request.user,
                                           reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Correction saved.") if change else _("Nothing was changed."))
        return redirect("registry:person", pk=person.pk)
    if request.method == "GET":
        audit.record(action=audit.Action.VIEW, request=request, obj=person, detail={"form": "edit"})
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def card_step(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    person = _person_for(request, pk)
    form = CardStepForm(request.POST)
    if form.is_valid():
        unit = request.user.unit.admin_unit if request.user.unit else person.unit
        try:
            services.record_card_step(person=person, kind=form.cleaned_data["kind"], on=form.cleaned_data["on"],
                                      unit=unit, actor=request.user, note=form.cleaned_data["note"],
                                      request=request)
            messages.success(request, _("Step recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("registry:person", pk=person.pk)


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    household = jurisdiction.get_for_user(Household.objects.select_related("unit"), request.user,
                                          request=request, pk=pk)
    members = list(household.members.select_related("unit").order_by("id"))
    audit.record(action=audit.Action.VIEW, request=request, obj=household,
                 detail={"members": [m.pk for m in members]})
    return render(request, "registry/household_detail.html", {
        "household": household, "members": members, "can_edit": jurisdiction.can_edit(request.user),
    })


@login_required
def id_cards(request: HttpRequest) -> HttpResponse:
    """The ward dashboard of ID-card collection: every ward of the user's jurisdiction."""
    jurisdiction.require_records(request.user)
    form = ProgressForm(request.GET or None)
    refused = form.is_bound and not form.is_valid()
    end = (form.cleaned_data.get("end") if form.is_bound and not refused else None) or date.today()
    rows = []
    if not refused:  # a refused day is said on the page, with a 400, and nothing is counted
        rows = services.ward_progress(unit_ids=jurisdiction.user_unit_ids(request.user), end=end)
        audit.record(action=audit.Action.LIST, request=request, object_type="registry.IdCardApplication",
                     detail={"end": end.isoformat(), "wards": len(rows)})
    own = request.user.unit.admin_unit if request.user.unit else None
    return render(request, "registry/id_cards.html", {
        "form": form, "end": end, "rows": rows, "total": services.totals_of(rows),
        "unit": own if isinstance(own, AdminUnit) else None,
    }, status=400 if refused else 200)


# --- places, identity documents and households: one page per change, a reason each time ---------

def _edit_person(request: HttpRequest, pk: int) -> Person:
    """The person a change is made to: edit roles only, inside the jurisdiction."""
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    return _person_for(request, pk)


def _edit_household(request: HttpRequest, pk: int) -> Household:
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    return jurisdiction.get_for_user(Household.objects.select_related("unit"), request.user,
                                     request=request, pk=pk)


def _change_page(request: HttpRequest, form, *, obj, title: str, cancel: str, wards: bool = False,
                 intro: str = "") -> HttpResponse:
    if request.method == "GET":
        audit.record(action=audit.Action.VIEW, request=request, obj=obj, detail={"form": title})
    return render(request, "registry/change_form.html", {
        "form": form, "title": title, "cancel": cancel, "intro": intro,
        "wards": wards_for(request.user) if wards else None,
    })


@login_required
def place_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _edit_person(request, pk)
    form = PlaceForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        services.add_place(person=person, kind=data["kind"], address=data["address"], unit=data["unit"],
                           since=data["since"], until=data["until"], actor=request.user, reason=data["reason"],
                           request=request)
        messages.success(request, _("Place of residence added."))
        return redirect("registry:person", pk=person.pk)
    title = _("Add a place of residence for %(name)s") % {"name": person.full_name}
    return _change_page(request, form, obj=person, title=title, wards=True,
                        cancel=reverse("registry:person", args=[person.pk]))


@login_required
def place_end(request: HttpRequest, pk: int, place_pk: int) -> HttpResponse:
    person = _edit_person(request, pk)
    place = get_object_or_404(person.places.select_related("unit"), pk=place_pk)
    form = EndPlaceForm(request.POST or None, place=place, initial={"until": date.today()})
    if form.is_valid():
        services.end_place(place=place, until=form.cleaned_data["until"], actor=request.user,
                           reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Place of residence ended."))
        return redirect("registry:person", pk=person.pk)
    title = _("End the residence at %(address)s") % {"address": place.address}
    return _change_page(request, form, obj=person, title=title,
                        cancel=reverse("registry:person", args=[person.pk]))


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _edit_person(request, pk)
    form = DocumentForm(request.POST or None, person=person)
    if form.is_valid():
        data = form.cleaned_data
        doc = services.add_document(person=person, number=data["number"], kind=form.kind,
                                    issued_on=data["issued_on"], issuing_unit=data["issuing_unit"],
                                    issued_by=data["issued_by"], current=data["current"], actor=request.user,
                                    reason=data["reason"], request=request)
        messages.success(request, _("Identity document added."))
        finding = id_number_findings(doc.number, person.sex, person.birth_year)
        if finding:
            messages.warning(request, _("The number disagrees with the record: %(finding)s") % {"finding": finding})
        return redirect("registry:person", pk=person.pk)
    title = _("Add an identity document for %(name)s") % {"name": person.full_name}
    return _change_page(request, form, obj=person, title=title,
                        cancel=reverse("registry:person", args=[person.pk]))


@login_required
def document_invalidate(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    person = _edit_person(request, pk)
    doc = get_object_or_404(person.documents.filter(valid=True), pk=doc_pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        services.invalidate_document(document=doc, actor=request.user, reason=form.cleaned_data["reason"],
                                     request=request)
        messages.success(request, _("The document is marked invalid."))
        return redirect("registry:person", pk=person.pk)
    title = _("Mark %(document)s invalid") % {"document": doc}
    return _change_page(request, form, obj=person, title=title,
                        cancel=reverse("registry:person", args=[person.pk]))


def _to_household(household: Household) -> HttpResponse:
    return redirect("registry:household", pk=household.pk)


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _edit_household(request, pk)
    form = HouseholdAddressForm(request.POST or None, user=request.user, initial={"address": household.address})
    if form.is_valid():
        changed = services.change_household_address(
            household=household, address=form.cleaned_data["address"],
            unit=form.cleaned_data.get("unit") or household.unit, actor=request.user,
            reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Household address changed.") if changed else _("Nothing was changed."))
        return _to_household(household)
    title = _("Change the address of household %(code)s") % {"code": household.code}
    return _change_page(request, form, obj=household, title=title, wards=True,
                        cancel=reverse("registry:household", args=[household.pk]))


@login_required
def household_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _edit_household(request, pk)
    form = AddMemberForm(request.POST or None, user=request.user, household=household)
    if form.is_valid():
        services.add_member(household=household, person=form.cleaned_data["resident"],
                            relation=form.cleaned_data["relation"], actor=request.user,
                            reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Member moved in."))
        return _to_household(household)
    title = _("Move a resident into household %(code)s") % {"code": household.code}
    return _change_page(request, form, obj=household, title=title,
                        intro=_("A resident who belongs to another household leaves it."),
                        cancel=reverse("registry:household", args=[household.pk]))


@login_required
def household_member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    household = _edit_household(request, pk)
    member = get_object_or_404(household.members.all(), pk=person_pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            services.remove_member(household=household, person=member, actor=request.user,
                                   reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Member moved out."))
            return _to_household(household)
    title = _("Move %(name)s out of household %(code)s") % {"name": member.full_name, "code": household.code}
    return _change_page(request, form, obj=household, title=title,
                        cancel=reverse("registry:household", args=[household.pk]))


@login_required
def household_head(request: HttpRequest, pk: int) -> HttpResponse:
    household = _edit_household(request, pk)
    form = ChangeHeadForm(request.POST or None, household=household)
    if form.is_valid():
        services.change_head(household=household, new_head=form.cleaned_data["new_head"],
                             old_head_relation=form.cleaned_data["old_head_relation"], actor=request.user,
                             reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Head of household changed."))
        return _to_household(household)
    title = _("Change the head of household %(code)s") % {"code": household.code}
    return _change_page(request, form, obj=household, title=title,
                        cancel=reverse("registry:household", args=[household.pk]))
