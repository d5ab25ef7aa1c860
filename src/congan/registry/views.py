from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congan.org import audit, identity, jurisdiction
from congan.org.editing import render_form
from congan.org.listing import Column, RecordList, paginate
from congan.org.models import AdminUnit
from congan.org.versioning import StaleRecord
from congan.registry import idtext, services
from congan.registry.forms import (
    AddMemberForm,
    CardStepForm,
    ChangeHeadForm,
    DocumentForm,
    EndPlaceForm,
    HouseholdAddressForm,
    NewHouseholdForm,
    PlaceForm,
    ProgressForm,
    ReasonForm,
    ResidentForm,
    SearchForm,
    SplitHouseholdForm,
    wards_for,
)
from congan.registry.models import HEAD, Household, Person
from congan.registry.search import address_matches, match_people, search_people

RESIDENTS = RecordList(
    Person, date_field="", template="registry/person_list.html", default_order=("id",),  # names are sealed: record order
    columns=(Column(gettext_lazy("Full name"), "full_name", personal=True),
             Column(gettext_lazy("Year of birth"), "birth_year", sort="birth_year"),
             Column(gettext_lazy("Sex"), "sex", sort="sex"),
             Column(gettext_lazy("ID number"), "id_number", personal=True),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name"),
             Column(gettext_lazy("Finding"), "id_finding")),
    choices=("sex",), search=match_people,
    search_label=gettext_lazy("ID number, or name with or without diacritics"),
    flags=(("findings", gettext_lazy("Only records with an ID-number finding"), services.id_findings),))


def _find_households(households, text: str):
    """Households by number or address (sealed: through its blind index, with or without
    diacritics), or by the name or ID number of their head."""
    text = text.strip()
    heads = match_people(Person.objects.filter(relation_to_head=HEAD), text).values("household_id")
    at_address = address_matches(households, text)
    return households.filter(Q(code__icontains=text) | Q(pk__in=at_address) | Q(pk__in=heads))


def _heads(user):
    """The heads of household a user may see (a head outside the area is not shown), the first
    recorded first (`Household.head`)."""
    return jurisdiction.scope(Person.objects.filter(relation_to_head=HEAD), user).order_by("id")


def _with_heads(households, user):
    """The export's households with their heads read alongside (`heads`): one query per chunk of
    rows, the sealed name opened in Python."""
    return households.prefetch_related(Prefetch("members", queryset=_heads(user), to_attr="heads"))


def _head_name(household) -> str | None:
    heads = getattr(household, "heads", None)
    return heads[0].full_name if heads else None


HOUSEHOLDS = RecordList(
    Household, date_field="", template="registry/household_list.html", default_order=("code", "id"),
    columns=(Column(gettext_lazy("Household number"), "code", sort="code"),
             Column(gettext_lazy("Head of household"), personal=True, value=_head_name),
             Column(gettext_lazy("Address"), "address", personal=True),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name")),
    search=_find_households, search_label=gettext_lazy("household number, address, or the head's name or ID number"),
    for_export=_with_heads)


def _person_for(request: HttpRequest, pk: int) -> Person:
    return jurisdiction.get_for_user(
        Person.objects.select_related("unit", "household", "hometown_unit"), request.user,
        request=request, pk=pk,
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    return RESIDENTS.render(request, extra=lambda page: {"findings_only": bool(request.GET.get("findings"))})


#: The search page shows at most this many records and says "first N of M" beyond it.
SEARCH_LIMIT = 50


@login_required
def search(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    form = SearchForm(request.GET or None)
    results, found = None, 0
    if form.is_valid():
        query, year = form.cleaned_data["q"], form.cleaned_data.get("year")
        results = one_row_per_person(request.user, list(search_people(request.user, query=query, birth_year=year,
                                                                      limit=SEARCH_LIMIT)))
        found = match_people(jurisdiction.scope(Person.objects.all(), request.user), query, year).count()
        audit.record(action=audit.Action.SEARCH, request=request, object_type="registry.Person",
                     detail={"query": form.cleaned_data["q"], "year": form.cleaned_data.get("year"),
                             "ids": sorted({r.pk for p in results for r in (p, *p.same_person)})})
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "registry/search.html", {"form": form, "results": results, "can_edit": can_edit,
                                                    "found": found, "capped": found > SEARCH_LIMIT,
                                                    "limit": SEARCH_LIMIT},
                  status=400 if form.is_bound and form.errors else 200)


def other_records(user, people: list[Person]) -> dict[int, tuple[list[Person], int]]:
    """For each person record linked by cleansing to others: (the other records the user may
    see, how many lie outside the user's area)."""
    same = identity.same_person([p.pk for p in people])
    others = {p.pk: p for p in Person.objects.filter(pk__in={o for ids in same.values() for o in ids})
              .select_related("unit").order_by("pk")}
    return {pk: jurisdiction.split_linked(user, [others[o] for o in ids if o in others]) for pk, ids in same.items()}


def one_row_per_person(user, results: list[Person]) -> list[Person]:
    """Search results with the records of one person (linked by cleansing) on one row: the first
    found stands for the person, `same_person` holds its other records the user may see."""
    others = other_records(user, results)
    rows, placed = [], set()
    for person in results:
        if person.pk in placed:
            continue
        person.same_person, person.same_person_elsewhere = others.get(person.pk, ([], 0))
        placed.update([person.pk, *(o.pk for o in person.same_person)])
        rows.append(person)
    return rows


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    person = _person_for(request, pk)
    same_person, same_person_elsewhere = other_records(request.user, [person]).get(person.pk, ([], 0))
    audit.record(action=audit.Action.VIEW, request=request, obj=person,
                 detail={"same_person": [o.pk for o in same_person]} if same_person else None)
    applications = person.card_applications.select_related("unit").prefetch_related("steps__unit")
    household = jurisdiction.linked(request.user, person.household)
    members, members_elsewhere = [], 0
    if household is not None:
        members, members_elsewhere = jurisdiction.split_linked(
            request.user, list(household.members.select_related("unit").order_by("id")))
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "registry/person_detail.html", {
        "person": person, "same_person": same_person, "same_person_elsewhere": same_person_elsewhere,
        "documents": [(d, idtext.findings_text(d.number, person.sex, person.birth_year))
                      for d in person.documents.select_related("issuing_unit")],
        "places": person.places.select_related("unit"),
        "household": household, "household_elsewhere": person.household_id is not None and household is None,
        "members": members, "members_elsewhere": members_elsewhere,
        "applications": applications,
        "changes": person.changes.select_related("actor"),
        "findings": idtext.findings(person.id_number, person.sex, person.birth_year) if person.id_finding else [],
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
        try:
            change = services.correct_resident(person=person, new_values=values, actor=request.user,
                                               reason=form.cleaned_data["reason"], request=request,
                                               version=form.cleaned_data.get("version"))
        except StaleRecord:
            form.refuse_stale()
        else:
            messages.success(request, _("Correction saved.") if change else _("Nothing was changed."))
            return redirect("registry:person", pk=person.pk)
    return render_form(request, {"form": form, "person": person}, record=person,
                       template="registry/person_form.html")


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
    members, elsewhere = jurisdiction.split_linked(
        request.user, list(household.members.select_related("unit").order_by("id")))
    audit.record(action=audit.Action.VIEW, request=request, obj=household,
                 detail={"members": [m.pk for m in members], "members_elsewhere": elsewhere})
    return render(request, "registry/household_detail.html", {
        "household": household, "members": members, "members_elsewhere": elsewhere,
        "member_count": len(members) + elsewhere, "can_edit": jurisdiction.can_edit(request.user),
    })


@login_required
def id_cards(request: HttpRequest) -> HttpResponse:
    """The ward dashboard of ID-card collection: every ward of the user's jurisdiction."""
    jurisdiction.require_records(request.user)
    form = ProgressForm(request.GET or None)
    refused = form.is_bound and not form.is_valid()
    end = (form.cleaned_data.get("end") if form.is_bound and not refused else None) or date.today()
    rows = []
    by = form.cleaned_data.get("by") if form.is_bound and not refused else ""
    by = by or services.BY_DISTRICT
    sort = request.GET.get("sort", "name")
    sort = sort if sort.lstrip("-") in services.PROGRESS_SORTS else "name"
    if not refused:  # a refused day is said on the page, with a 400, and nothing is counted
        rows = services.ward_progress(unit_ids=jurisdiction.user_unit_ids(request.user), end=end)
        audit.record(action=audit.Action.LIST, request=request, object_type="registry.IdCardApplication",
                     detail={"end": end.isoformat(), "wards": len(rows), "by": by})
    own = request.user.unit.admin_unit if request.user.unit else None
    query = request.GET.copy()
    query.pop("sort", None)
    base = query.urlencode() + "&" if query else ""
    headings = [(column, label, f"?{base}sort={'-' + column if sort == column else column}",
                 "ascending" if sort == column else "descending" if sort == f"-{column}" else "")
                for column, label in _progress_headings()]
    return render(request, "registry/id_cards.html", {
        "form": form, "end": end, "rows": rows, "groups": services.group_progress(rows, by=by, sort=sort),
        "by_district": by == services.BY_DISTRICT, "headings": headings,
        "total": services.totals_of(rows), "has_rows": bool(rows),
        "unit": own if isinstance(own, AdminUnit) else None,
    }, status=400 if refused else 200)


def _progress_headings() -> list[tuple[str, str]]:
    """The dashboard's columns (sort key, heading)."""
    return [("name", _("Ward/commune")), ("eligible", _("Eligible")), ("collected", _("Applications collected")),
            ("produced", _("Cards produced")), ("handed_over", _("Handed over")),
            ("collection_rate", _("Collection rate"))]


@login_required
def id_cards_overdue(request: HttpRequest) -> HttpResponse:
    """Applications collected in the user's area waiting longer than the set days for their next step."""
    jurisdiction.require_records(request.user)
    today = date.today()
    applications = services.overdue_applications(unit_ids=jurisdiction.user_unit_ids(request.user), today=today)
    page = paginate(request, applications.select_related("person__unit", "unit"))
    rows = [{"application": a, "person": jurisdiction.linked(request.user, a.person),
             "days": (today - a.last_on).days} for a in page]
    audit.record(action=audit.Action.LIST, request=request, object_type="registry.IdCardApplication",
                 detail={"overdue": True, "page": page.number, "ids": [a.pk for a in page]})
    return render(request, "registry/id_cards_overdue.html", {
        "page": page, "rows": rows, "days": services.step_days()})


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
    return render_form(request, {
        "form": form, "title": title, "cancel": cancel, "intro": intro,
        "wards": wards_for(request.user) if wards else None,
    }, record=obj, template="registry/change_form.html")


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
        finding = idtext.findings_text(doc.number, person.sex, person.birth_year)
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


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
    member = get_object_or_404(household.members.select_related("unit"), pk=person_pk)
    jurisdiction.require_in_area(request, member, household=household.pk, change="member_out")
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
    if (head := household.head) is not None:  # the former head's relation changes too
        jurisdiction.require_in_area(request, head, household=household.pk, change="head")
    if request.method == "POST" and (chosen := household.members.filter(pk=_int(request.POST.get("new_head")))
                                     .first()) is not None:
        jurisdiction.require_in_area(request, chosen, household=household.pk, change="head")
    form = ChangeHeadForm(request.POST or None, household=household, user=request.user)
    if form.is_valid():
        services.change_head(household=household, new_head=form.cleaned_data["new_head"],
                             old_head_relation=form.cleaned_data["old_head_relation"], actor=request.user,
                             reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("Head of household changed."))
        return _to_household(household)
    title = _("Change the head of household %(code)s") % {"code": household.code}
    return _change_page(request, form, obj=household, title=title,
                        cancel=reverse("registry:household", args=[household.pk]))


# --- households: find, open, split ---------------------------------------------------------

@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    """The user's households, searched by number, head's name (with or without diacritics) or address."""
    def with_heads(page) -> dict:  # a head outside the user's area is not shown (jurisdiction.link)
        heads: dict[int, Person] = {}
        for person in _heads(request.user).filter(household__in=list(page)):
            heads.setdefault(person.household_id, person)
        return {"rows": [(h, heads.get(h.pk)) for h in page]}

    return HOUSEHOLDS.render(request, extra=with_heads)


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    form = NewHouseholdForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            household = services.create_household(code=data["code"], address=data["address"], unit=data["unit"],
                                                  head=data["head"], actor=request.user, reason=data["reason"],
                                                  request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Household %(code)s opened.") % {"code": household.code})
            return _to_household(household)
    return render(request, "registry/change_form.html", {
        "form": form, "title": _("Open a household book"), "cancel": reverse("registry:households"),
        "intro": _("The head leaves the household they were in."), "wards": wards_for(request.user),
    })


@login_required
def household_split(request: HttpRequest, pk: int) -> HttpResponse:
    household = _edit_household(request, pk)
    if request.method == "POST":  # a member registered outside the area neither founds nor goes along
        chosen = {_int(request.POST.get("founder"))} | {_int(k.removeprefix("move_")) for k in request.POST
                                                         if k.startswith("move_")}
        for member in household.members.filter(pk__in=chosen - {None}).select_related("unit"):
            jurisdiction.require_in_area(request, member, household=household.pk, change="split")
    form = SplitHouseholdForm(request.POST or None, household=household, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = services.split_household(household=household, founder=data["founder"], others=data["others"],
                                           code=data["code"], address=data["address"], actor=request.user,
                                           reason=data["reason"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Household %(code)s split off.") % {"code": new.code})
            return _to_household(new)
    return render_form(request, {
        "form": form, "household": household,
        "title": _("Split household %(code)s") % {"code": household.code},
    }, record=household, template="registry/household_split.html")
