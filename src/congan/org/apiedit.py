"""Creating and editing a register's record through the JSON API: through the record's form.

The API fills the same form a clerk fills — the record's current values, overlaid by the fields
the call sends — so the register's rulebook (the model's `clean`), the unit-code lookup inside the
user's area and the version check are the same for both; a valid call is saved and audited in one
transaction, as `editing.edit_record` does for a page.

    @router.patch("/cases/{pk}", response={200: CaseOut, 409: StaleOut, 422: InvalidOut})
    def update_case(request, pk: int, payload: CaseIn):
        return save_from_api(request, CASES, CaseForm, payload, pk=pk)

Answers: 201/200 and the record; 422 {"detail", "errors": {field: [message, …]}}; 409 when the
record changed after the version the call names {"detail", "version", "changed": [field, …]}.
An update must name the version it read (`version`); nothing is written unless all is valid.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Schema, Status

from congan.org import audit, jurisdiction
from congan.org.schemas import InvalidInputs, errors
from congan.org.versioning import HIDDEN, StaleRecord, changed_since


class InvalidOut(Schema):
    detail: str
    errors: dict[str, list[str]]


#: A write's 422: its form's rules (`InvalidOut`) or the schema's own check of the body (`InvalidInputs`).
WriteInvalid = InvalidOut | InvalidInputs


def write_errors(*codes: int) -> dict:
    """The error answers of a write operation (`errors` with the 422 a write can also give)."""
    return {**errors(*codes), 422: WriteInvalid}


class StaleOut(Schema):
    detail: str
    version: int
    changed: list[str]


def stale(instance, seen_version: int) -> Status:
    fresh = type(instance)._base_manager.get(pk=instance.pk)
    changed = changed_since(fresh, seen_version)
    return Status(409, {"detail": _("The record changed after version %(seen)s (now %(now)s): %(fields)s. Nothing was "
                             "saved: read it again and send your change with the new version.")
                 % {"seen": seen_version, "now": fresh.version, "fields": ", ".join(changed) or "—"},
                 "version": fresh.version, "changed": changed})


def _plain(value):
    return "" if value is None else value


def bound_form(form_class: type[forms.ModelForm], instance, values: dict, **kwargs) -> forms.ModelForm:
    """The form as a clerk would submit it: the record's current values, overlaid by `values`."""
    shown = form_class(instance=instance, **kwargs)
    data = {name: _plain(shown.get_initial_for_field(field, name))
            for name, field in shown.fields.items() if name not in HIDDEN}
    data.update({name: _plain(value) for name, value in values.items()})
    return form_class(data, instance=instance, **kwargs)


def refusal(form: forms.ModelForm, instance, values: dict) -> Status:
    """The answer to an invalid form: 409 when it is stale, else 422 with every field's messages."""
    if form.has_error(forms.forms.NON_FIELD_ERRORS, "stale"):
        return stale(instance, values["version"])
    return Status(422, {"detail": _("The record is not valid; nothing was saved."),
                        "errors": {field: [e["message"] for e in errors]
                                   for field, errors in form.errors.get_json_data().items()}})


def missing_version() -> Status:
    return Status(422, {"detail": _("Give the version of the record you read."),
                        "errors": {"version": [_("This field is required.")]}})


def save_from_api(request, records, form_class: type[forms.ModelForm], payload: Schema, *, pk: int | None = None,
                  save: Callable | None = None) -> Status:
    """Create (no `pk`) or update a record of `records` (a `RecordList`) from an API call, through
    its form: edit roles only, the record fetched inside the user's area (404 outside)."""
    jurisdiction.require_edit(request.user)
    instance = records.get(request, pk) if pk is not None else records.model()
    values = payload.dict(exclude_unset=True)
    if pk is not None and values.get("version") is None:
        return missing_version()
    form = bound_form(form_class, instance, values, user=request.user)
    if not form.is_valid():
        return refusal(form, instance, values)
    try:
        with transaction.atomic():
            record = save(form) if save is not None else form.save()
            audit.record_saved(request=request, obj=record, form=form, created=pk is None)
    except StaleRecord:
        return stale(instance, values["version"])
    return Status(201 if pk is None else 200, record)
