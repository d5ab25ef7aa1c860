from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congan.org import audit, jurisdiction
from congan.registry.forms import SearchForm
from congan.registry.models import Person
from congan.registry.search import search_people


def _require_records(user) -> None:
    if user.role not in jurisdiction.RECORD_ROLES:
        raise PermissionDenied


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    _require_records(request.user)
    people = jurisdiction.scope(Person.objects.select_related("unit"), request.user).order_by("name_key", "id")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    audit.record(action=audit.Action.LIST, request=request, object_type="registry.Person",
                 detail={"page": page.number, "ids": [p.pk for p in page]})
    return render(request, "registry/person_list.html", {"page": page})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    _require_records(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = list(search_people(request.user, query=form.cleaned_data["q"],
                                     birth_year=form.cleaned_data.get("year")))
        audit.record(action=audit.Action.SEARCH, request=request, object_type="registry.Person",
                     detail={"query": form.cleaned_data["q"], "year": form.cleaned_data.get("year"),
                             "ids": [p.pk for p in results]})
    return render(request, "registry/search.html", {"form": form, "results": results})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_records(request.user)
    person = jurisdiction.get_for_user(
        Person.objects.select_related("unit", "household"), request.user, request=request, pk=pk
    )
    audit.record(action=audit.Action.VIEW, request=request, obj=person)
    return render(request, "registry/person_detail.html", {"person": person})
