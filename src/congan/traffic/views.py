from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congan.org import audit, jurisdiction
from congan.org.editing import record_form_views, render_form
from congan.org.listing import Column, RecordList
from congan.traffic.forms import AccidentForm, CasualtyForm, VehicleForm
from congan.traffic.models import Accident

ACCIDENTS = RecordList(
    Accident, date_field="occurred_on", template="traffic/accident_list.html",
    columns=(Column(gettext_lazy("Accident number"), "accident_number", sort="accident_number"),
             Column(gettext_lazy("Date"), "occurred_on", sort="occurred_on"),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name"),
             Column(gettext_lazy("Severity"), "severity", sort="severity"),
             Column(gettext_lazy("Cause"), "cause", sort="cause"),
             Column(gettext_lazy("Deaths"), "deaths", sort="deaths"),
             Column(gettext_lazy("Injuries"), "injuries", sort="injuries")),
    choices=("severity", "cause"),
    search=lambda accidents, text: accidents.filter(
        Q(accident_number__icontains=text.strip()) | Q(road__icontains=text.strip()) | Q(place__icontains=text.strip())),
    search_label=gettext_lazy("accident number, road or place"))


def _to_accident(accident: Accident) -> HttpResponse:
    return redirect("traffic:detail", pk=accident.pk)


def _title(accident: Accident) -> str:
    return f"{_('Accident')} {accident.accident_number}"


@login_required
def accident_list(request: HttpRequest) -> HttpResponse:
    return ACCIDENTS.render(request)


@login_required
def accident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accident = ACCIDENTS.view(request, pk)
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "traffic/accident_detail.html", {
        "accident": accident, "vehicles": accident.vehicles.all(),
        "casualties": accident.casualties.select_related("vehicle"), "can_edit": can_edit,
        "vehicle_form": VehicleForm() if can_edit else None,
        "casualty_form": CasualtyForm(accident=accident) if can_edit else None,
    })


accident_create, accident_edit = record_form_views(
    ACCIDENTS, AccidentForm, new_title=gettext_lazy("Record an accident"), title=_title,
    message=gettext_lazy("Accident saved."), done=_to_accident)


@login_required
def vehicle_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    accident = ACCIDENTS.get(request, pk)
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vehicle = form.save(commit=False)
        vehicle.accident = accident
        vehicle.save()
        audit.record(action=audit.Action.CREATE, request=request, obj=vehicle, detail={"accident": accident.pk})
        return _to_accident(accident)
    return render_form(request, {"form": form, "title": _title(accident)}, record=accident)


@login_required
def casualty_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    accident = ACCIDENTS.get(request, pk)
    form = CasualtyForm(request.POST or None, accident=accident)
    if request.method == "POST" and form.is_valid():
        casualty = form.save()
        accident.recount()
        audit.record(action=audit.Action.CREATE, request=request, obj=casualty,
                     detail={"accident": accident.pk, "outcome": casualty.outcome})
        return _to_accident(accident)
    return render_form(request, {"form": form, "title": _title(accident)}, record=accident)
