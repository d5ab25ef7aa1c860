from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congan import units as unitdata
from congan import vntext
from congan.dataquality import services
from congan.dataquality.forms import DecisionForm, RatesForm, RunForm
from congan.dataquality.models import CleansingRun, PairStatus, ReviewPair
from congan.dataquality.rates import rate_rows
from congan.dataquality.tasks import cleanse_area
from congan.org import audit, jobs, jurisdiction
from congan.org.listing import Column, RecordList, paginate
from congan.org.models import JobKind, Role
from congan.registry.models import Person
from congan.registry.search import match_people

#: Who may start a run over their whole jurisdiction: it rewrites everyone's figures.
RUN_ROLES = {Role.STATISTICS, Role.ADMIN}
PAIRS_PER_PAGE = 10
COMPARED = (
    ("record_id", Person._meta.get_field("record_id").verbose_name),
    ("source", Person._meta.get_field("source").verbose_name),
    ("full_name", Person._meta.get_field("full_name").verbose_name),
    ("birth_display", Person._meta.get_field("date_of_birth").verbose_name),
    ("sex", Person._meta.get_field("sex").verbose_name),
    ("id_number", Person._meta.get_field("id_number").verbose_name),
    ("hometown", Person._meta.get_field("hometown").verbose_name),
    ("address", Person._meta.get_field("address").verbose_name),
    ("father_name", Person._meta.get_field("father_name").verbose_name),
    ("mother_name", Person._meta.get_field("mother_name").verbose_name),
    ("unit", Person._meta.get_field("unit").verbose_name),
)


def visible_pairs(user):
    """Review pairs whose two records both lie in the user's jurisdiction."""
    pairs = ReviewPair.objects.select_related("left__unit", "right__unit")
    return jurisdiction.scope(jurisdiction.scope(pairs, user, field="left__unit"), user, field="right__unit")


def pair_for(request: HttpRequest, pk: int) -> ReviewPair:
    """One pair the user may see (both records), or 404 — audited when outside the jurisdiction."""
    pairs = ReviewPair.objects.select_related("left__unit", "right__unit", "run", "decided_by")
    jurisdiction.get_for_user(pairs, request.user, request=request, field="left__unit", pk=pk)
    return jurisdiction.get_for_user(pairs, request.user, request=request, field="right__unit", pk=pk)


def comparison(pair: ReviewPair) -> list[dict]:
    """Field by field: 'same', 'spelling' (same letters, other diacritics or case) or 'differs'."""
    rows = []
    for field, label in COMPARED:
        a, b = getattr(pair.left, field), getattr(pair.right, field)
        a, b = ("" if a is None else str(a)), ("" if b is None else str(b))
        if a == b:
            state = "same"
        elif vntext.fold(a) == vntext.fold(b):
            state = "spelling"
        else:
            state = "differs"
        rows.append({"label": label, "left": a, "right": b, "state": state})
    return rows


def _find_pairs(pairs, text: str):
    """Pairs one of whose records an ID number or a name (with or without diacritics) names."""
    people = match_people(Person.objects.all(), text).values("pk")
    return pairs.filter(Q(left__in=people) | Q(right__in=people))


PAIRS = RecordList(
    ReviewPair, date_field="", unit_field="left__unit", also_scoped=("right__unit",),
    related=("left__unit", "right__unit", "decided_by"), template="dataquality/queue.html",
    per_page=PAIRS_PER_PAGE, default_order=("-probability", "id"),
    columns=(Column(gettext_lazy("Pair"), "pk", sort="id"),
             Column(gettext_lazy("First record"), "left.record_id"),
             Column(gettext_lazy("Full name"), "left.full_name", personal=True),
             Column(gettext_lazy("Second record"), "right.record_id"),
             Column(gettext_lazy("Full name"), "right.full_name", personal=True),
             Column(gettext_lazy("Match probability"), "probability", sort="probability"),
             Column(gettext_lazy("Model veto"), value=lambda p: _("yes") if p.veto else ""),
             Column(gettext_lazy("Status"), "status", sort="status"),
             Column(gettext_lazy("Decided by"), "decided_by.username"),
             Column(gettext_lazy("Decided at"), "decided_at", sort="decided_at")),
    choices=("status", "veto"), search=_find_pairs,
    search_label=gettext_lazy("ID number, or the name of either record (with or without diacritics)"))


def _audited_records(pairs) -> list[int]:
    return sorted({i for p in pairs for i in (p.left_id, p.right_id)})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The review pairs of the user's area: pending ones unless another status is asked for."""
    if "status" not in request.GET:
        request.GET = request.GET.copy()
        request.GET["status"] = PairStatus.PENDING

    def compared(page) -> dict:
        return {"items": [{"pair": p, "rows": comparison(p)} for p in page]}

    return PAIRS.render(request, extra=compared,
                        detail=lambda page: {"pairs": [p.pk for p in page], "records": _audited_records(page)})


@login_required
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction.require_records(request.user)
    pair = pair_for(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=pair,
                 detail={"records": [pair.left_id, pair.right_id]})
    can_edit = jurisdiction.can_edit(request.user)
    return render(request, "dataquality/pair.html", {
        "pair": pair, "rows": comparison(pair), "form": DecisionForm(),
        "can_edit": can_edit and pair.status == PairStatus.PENDING,
        "can_undo": can_edit and pair.status in (PairStatus.MERGED, PairStatus.KEPT_APART),
    })


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep apart at once; merge after a confirmation page that shows the two records side by side
    and warns of every decisive difference (which then needs a reason and a tick)."""
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    pair = pair_for(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose merge or keep apart."))
        return redirect("dataquality:pair", pk=pair.pk)
    if form.merge and not form.cleaned_data["confirmed"]:
        return _confirm_merge(request, pair, form)
    try:
        services.decide(pair=pair, actor=request.user, merge=form.merge, reason=form.cleaned_data["reason"],
                        request=request, confirmed_differences=form.cleaned_data["confirmed_differences"])
    except ValidationError as err:
        if form.merge and pair.status == PairStatus.PENDING:
            return _confirm_merge(request, pair, form, errors=err.messages)
        messages.error(request, " ".join(err.messages))
        return redirect("dataquality:pair", pk=pair.pk)
    if form.merge:
        messages.success(request, _("Records %(a)s and %(b)s merged into one person.")
                         % {"a": pair.left.record_id, "b": pair.right.record_id})
    else:
        messages.success(request, _("Records %(a)s and %(b)s kept apart.")
                         % {"a": pair.left.record_id, "b": pair.right.record_id})
    return redirect("dataquality:queue")


def _confirm_merge(request: HttpRequest, pair: ReviewPair, form: DecisionForm, errors=()) -> HttpResponse:
    audit.record(action=audit.Action.VIEW, request=request, obj=pair,
                 detail={"records": [pair.left_id, pair.right_id], "confirm": "merge"})
    return render(request, "dataquality/confirm_merge.html", {
        "pair": pair, "rows": comparison(pair), "differences": services.decisive_differences(pair),
        "reason": form.cleaned_data.get("reason", ""), "errors": errors,
    }, status=400 if errors else 200)


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a merge (the records split again and stay apart) or a keep-apart (back to the queue)."""
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    pair = pair_for(request, pk)
    try:
        services.undo(pair=pair, actor=request.user, reason=request.POST.get("reason", "")[:500], request=request)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("The decision on records %(a)s and %(b)s was undone.")
                         % {"a": pair.left.record_id, "b": pair.right.record_id})
    return redirect("dataquality:pair", pk=pair.pk)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    can_run = request.user.role in RUN_ROLES
    form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if form.is_valid():  # the run is done by `congan worker`; its page shows the progress
            job = jobs.enqueue(cleanse_area, kind=JobKind.CLEANSE, user=request.user,
                               label=_("Cleansing run over %(area)s") % {"area": request.user.unit},
                               train=bool(form.cleaned_data["train"]))
            return redirect("org:job", pk=job.pk)
    page = paginate(request, CleansingRun.objects.select_related("actor").defer("model"), 25)
    return render(request, "dataquality/runs.html", {"page": page, "form": form, "can_run": can_run})


@login_required
def run_model(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored model and settings of a run: what explains and replays its merges."""
    jurisdiction.require_records(request.user)
    run = CleansingRun.objects.filter(pk=pk).first()
    if run is None or run.model is None:
        raise Http404
    audit.record(action=audit.Action.EXPORT, request=request, obj=run, detail={"model": True})
    response = JsonResponse({"run": run.pk, "kind": run.kind, "settings": run.settings, "model": run.model},
                            json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="cleansing-run-{run.pk}-model.json"'
    return response


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    jurisdiction.require_records(request.user)
    form = RatesForm(request.GET or None)
    refused = form.is_bound and not form.is_valid()
    era = (form.cleaned_data.get("era") if form.is_bound and not refused else None) or unitdata.LEGACY
    rows = []
    if not refused:  # an unknown structure is said on the page, with a 400, and nothing is listed
        rows = rate_rows(request.user, era=era)
        audit.record(action=audit.Action.LIST, request=request, object_type="dataquality.CleansingRate",
                     detail={"era": era, "units": [r.unit.pk for r in rows]})
    return render(request, "dataquality/rates.html", {"form": form, "rows": rows, "era": era},
                  status=400 if refused else 200)
