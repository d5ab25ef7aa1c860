from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congan.org import audit, jurisdiction
from congan.org.listing import filtered_page
from congan.traffic.forms import AccidentForm, CasualtyForm, VehicleForm
from congan.traffic.models import Accident


def _accident_for(request: HttpRequest, pk: int) -> Accident:
    return jurisdiction.get_for_user(Accident.objects.select_related("unit"), request.user, request=request, pk=pk)


@login_required
def accident_list(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    form, page, filters = filtered_page(request, Accident.objects.select_related("unit"), date_field="occurred_on")
    audit.record(action=audit.Action.LIST, request=request, object_type="traffic.Accident",
                 detail={"page": page.number, "filters": filters, "ids": [a.pk for a in page]})
    return render(request, "traffic/accident_list.html", {
        "form": form, "page": page, "can_edit": request.user.role in jurisdiction.EDIT_ROLES,
    })


@login_required
def accident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    accident = _accident_for(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=accident)
    can_edit = request.user.role in jurisdiction.EDIT_ROLES
    return render(request, "traffic/accident_detail.html", {
        "accident": accident, "vehicles": accident.vehicles.all(),
        "casualties": accident.casualties.select_related("vehicle"), "can_edit": can_edit,
        "vehicle_form": VehicleForm() if can_edit else None,
        "casualty_form": CasualtyForm(accident=accident) if can_edit else None,
    })


@login_required
def accident_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Accident())


@login_required
def accident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    return _edit(request, _accident_for(request, pk))


def _edit(request: HttpRequest, accident: Accident) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    creating = accident.pk is None
    form = AccidentForm(request.POST or None, instance=accident, user=request.user)
    if request.method == "POST" and form.is_valid():
        accident = form.save()
        audit.record_saved(request=request, obj=accident, form=form, created=creating)
        messages.success(request, _("Accident saved."))
        return redirect("traffic:detail", pk=accident.pk)
    return render(request, "traffic/accident_form.html", {"form": form, "accident": accident, "creating": creating})


@login_required
def vehicle_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    accident = _accident_for(request, pk)
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vehicle = form.save(commit=False)
        vehicle.accident = accident
        vehicle.save()
        audit.record(action=audit.Action.CREATE, request=request, obj=vehicle, detail={"accident": accident.pk})
        return redirect("traffic:detail", pk=accident.pk)
    return render(request, "traffic/accident_form.html", {"form": form, "accident": accident, "creating": False})


@login_required
def casualty_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    accident = _accident_for(request, pk)
    form = CasualtyForm(request.POST or None, accident=accident)
    if request.method == "POST" and form.is_valid():
        casualty = form.save()
        accident.recount()
        audit.record(action=audit.Action.CREATE, request=request, obj=casualty,
                     detail={"accident": accident.pk, "outcome": casualty.outcome})
        return redirect("traffic:detail", pk=accident.pk)
    return render(request, "traffic/accident_form.html", {"form": form, "accident": accident, "creating": False})
