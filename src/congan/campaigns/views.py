from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congan.campaigns import services
from congan.campaigns.forms import (
    CampaignForm,
    ReceiptForm,
    ReceiptItemForm,
    StatusForm,
    WantedForm,
)
from congan.campaigns.models import (
    Campaign,
    ItemType,
    Receipt,
    ReceiptItem,
    WantedPerson,
    WantedStatus,
)
from congan.org import audit, jurisdiction
from congan.org.editing import edit_record, record_form_views, render_form
from congan.org.listing import Column, RecordList
from congan.registry.search import match_names

ITEM_TYPES = ItemType.choices


def _find(number_field: str, name_field: str):
    """A register's search: its number (part of it), or a name with or without diacritics."""
    def find(records, text: str):
        named = match_names(records, text, name_field).values("pk")
        return records.filter(Q(**{f"{number_field}__icontains": text.strip()}) | Q(pk__in=named))
    return find


RECEIPTS = RecordList(
    Receipt, date_field="received_on", template="campaigns/weapons.html", related=("unit", "campaign"),
    columns=(Column(gettext_lazy("Receipt number"), "receipt_number", sort="receipt_number"),
             Column(gettext_lazy("Received on"), "received_on", sort="received_on"),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name"),
             Column(gettext_lazy("Handed in by"), "handed_in_by", personal=True),
             Column(gettext_lazy("Campaign"), "campaign.name", sort="campaign__name")),
    search=_find("receipt_number", "handed_in_by"),
    search_label=gettext_lazy("receipt number, or who handed in (with or without diacritics)"))
WANTED = RecordList(
    WantedPerson, date_field="listed_on", template="campaigns/wanted_list.html", related=("unit", "person"),
    columns=(Column(gettext_lazy("Wanted number"), "wanted_number", sort="wanted_number"),
             Column(gettext_lazy("Full name"), "full_name", personal=True),
             Column(gettext_lazy("Listed on"), "listed_on", sort="listed_on"),
             Column(gettext_lazy("Unit"), "unit", sort="unit__name"),
             Column(gettext_lazy("Wanted type"), "wanted_type", sort="wanted_type"),
             Column(gettext_lazy("Status"), "status", sort="status")),
    choices=("wanted_type", "status", "dangerous"),
    search=_find("wanted_number", "full_name"),
    search_label=gettext_lazy("wanted number, or name (with or without diacritics)"))


# --- weapons surrender --------------------------------------------------------------------

@login_required
def weapons(request: HttpRequest) -> HttpResponse:
    """Receipts in the user's area, filtered by unit and period, with the inventory of the selection."""

    def inventory(page) -> dict:
        totals = services.totals(ReceiptItem.objects.filter(receipt__in=page.paginator.object_list))
        return {"totals": [(label, totals[value]) for value, label in ITEM_TYPES],
                "campaigns": Campaign.objects.select_related("unit")}

    return RECEIPTS.render(request, extra=inventory)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's running inventory per receiving unit, within the user's area."""
    jurisdiction.require_records(request.user)
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    items = jurisdiction.scope(ReceiptItem.objects.filter(receipt__campaign=campaign), request.user,
                               field="receipt__unit")
    rows = services.inventory(items, by=("receipt__unit__name", "receipt__unit__code", "receipt__unit__era"))
    total = services.totals(items)
    audit.record(action=audit.Action.VIEW, request=request, obj=campaign, detail={"inventory_units": len(rows)})
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign, "item_types": ITEM_TYPES,
        "rows": [(r, [r["totals"][v] for v, _label in ITEM_TYPES]) for r in rows],
        "total": [total[v] for v, _label in ITEM_TYPES],
    })


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    return edit_record(request, form, title=_("New campaign"),
                       done=lambda campaign: redirect("campaigns:campaign", pk=campaign.pk))


@login_required
def receipt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = RECEIPTS.view(request, pk)
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "campaigns/receipt_detail.html", {
        "receipt": receipt, "items": receipt.items.all(), "can_edit": can_edit,
        "item_form": ReceiptItemForm(receipt=receipt) if can_edit else None,
    })


def save_receipt(form) -> Receipt:
    receipt = form.save(commit=False)
    if receipt.campaign is None:
        receipt.campaign = services.campaign_for(unit=receipt.unit, on=receipt.received_on)
    receipt.save()
    return receipt


receipt_create, receipt_edit = record_form_views(
    RECEIPTS, ReceiptForm, new_title=gettext_lazy("New receipt"), title=lambda receipt: receipt.receipt_number,
    message=gettext_lazy("Receipt saved."), save=save_receipt,
    done=lambda receipt: redirect("campaigns:receipt", pk=receipt.pk))


@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    receipt = RECEIPTS.get(request, pk)
    form = ReceiptItemForm(request.POST or None, receipt=receipt)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                item = form.save()
        except IntegrityError:
            form.add_error("item_type", _("This receipt already has a line of this type."))
        else:
            audit.record(action=audit.Action.CREATE, request=request, obj=item,
                         detail={"receipt": receipt.pk, "item_type": item.item_type, "quantity": item.quantity})
            return redirect("campaigns:receipt", pk=receipt.pk)
    return render_form(request, {"form": form, "title": receipt.receipt_number}, record=receipt)


# --- wanted persons -----------------------------------------------------------------------

@login_required
def wanted(request: HttpRequest) -> HttpResponse:
    """The wanted list; `?status=listed` (the status filter) those still at large: the home page's
    count links here."""
    return WANTED.render(request)


@login_required
def wanted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = WANTED.view(request, pk)
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "campaigns/wanted_detail.html", {
        "wanted": person, "resident": jurisdiction.linked(request.user, person.person),
        "changes": person.changes.select_related("unit"), "can_edit": can_edit,
        "status_form": StatusForm(user=request.user) if can_edit and person.status == WantedStatus.LISTED else None,
    })


def save_wanted(form) -> WantedPerson:
    creating = form.instance.pk is None
    person = form.save()
    if creating:
        person.changes.create(status=WantedStatus.LISTED, on=person.listed_on, unit=person.unit)
    else:  # the listing step of the history follows a corrected listing date
        person.changes.filter(status=WantedStatus.LISTED).update(on=person.listed_on)
    return person


wanted_create, wanted_edit = record_form_views(
    WANTED, WantedForm, new_title=gettext_lazy("New wanted person"), title=lambda person: person.wanted_number,
    save=save_wanted, done=lambda person: redirect("campaigns:wanted_detail", pk=person.pk))


@login_required
def wanted_status(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_edit(request.user)
    person = WANTED.get(request, pk)
    form = StatusForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                change = person.change_status(status=form.cleaned_data["status"], on=form.cleaned_data["on"],
                                              unit=form.unit)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("on" if field == "status_on" else field, errors)
        else:
            audit.record(action=audit.Action.UPDATE, request=request, obj=person,
                         detail={"status": change.status, "on": change.on})
            return redirect("campaigns:wanted_detail", pk=person.pk)
    return render_form(request, {"form": form, "title": person.wanted_number}, record=person)
