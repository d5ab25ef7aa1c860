"""Creating and editing a register's record through its form: one way, for every register.

    case_create, case_edit = record_form_views(
        CASES, CaseForm, new_title=_("Record a case"), title=lambda case: ...,
        message=_("Case saved."), done=lambda case: redirect("cases:detail", pk=case.pk))

or, for a view that needs more than that, `edit_record(request, form, ...)` itself.

Only edit roles get here (`require_edit`); a valid form is saved and its audit line written in
one transaction, so a refused save leaves neither. The view has fetched the record through
`jurisdiction.get_for_user` first: outside the user's area it is a 404, audited.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congan.org import audit, jurisdiction

TEMPLATE = "record_form.html"


def _save(form: forms.ModelForm):
    return form.save()


def edit_record(request: HttpRequest, form: forms.ModelForm, *, title: str,
                done: Callable[[object], HttpResponse], message: str = "",
                save: Callable[[forms.ModelForm], object] = _save, template: str = TEMPLATE,
                context: dict | None = None) -> HttpResponse:
    """GET shows the form; a valid POST saves it (`save(form)`, default `form.save()`), audits the
    fields it changed, says `message` and answers `done(record)`; an invalid one shows the errors.
    Showing an existing record's form is audited (`render_form`)."""
    jurisdiction.require_edit(request.user)
    creating = form.instance.pk is None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = save(form)
            audit.record_saved(request=request, obj=record, form=form, created=creating)
        if message:
            messages.success(request, message)
        return done(record)
    return render_form(request, {"form": form, "title": title, "creating": creating, **(context or {})},
                       record=form.instance, template=template)


def render_form(request: HttpRequest, context: dict, *, record, template: str = TEMPLATE) -> HttpResponse:
    """A form page: every response that shows a stored record is audited as a read of it, whatever
    the view (the GET of an edit, status or item form; an invalid POST that re-renders it)."""
    if record is not None and record.pk is not None:
        audit.record(action=audit.Action.VIEW, request=request, obj=record,
                     detail={"form": True, "method": request.method})
    return render(request, template, context)


def record_form_views(records, form_class, *, new_title: str, title: Callable[[object], str],
                      done: Callable[[object], HttpResponse], message: str = "",
                      save: Callable[[forms.ModelForm], object] = _save):
    """The create view and the edit view (`pk`) of a register's record form; `records` is the
    register's `RecordList` (the edit view fetches through it: 404 outside the user's area).
    The form takes `user=` (`UnitCodeMixin`)."""

    def _page(request: HttpRequest, instance) -> HttpResponse:
        form = form_class(request.POST or None, instance=instance, user=request.user)
        return edit_record(request, form, title=new_title if instance.pk is None else title(instance),
                           message=message, done=done, save=save)

    @login_required
    def create(request: HttpRequest) -> HttpResponse:
        return _page(request, records.model())

    @login_required
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        jurisdiction.require_edit(request.user)  # before the fetch: a reader gets 403, not a 404
        return _page(request, records.get(request, pk))

    return create, edit
