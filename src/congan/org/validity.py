"""The checks every register's rulebook is made of, and the bridge that lets an import use it.

Each register says what a valid record is in one place, its model's `clean()` (see
`cases.models.Case.clean`, `traffic.models.Accident.clean`, …), built from the checks here:
text within its column and free of NUL, dates neither after today nor before a plausible floor,
a date not before the one it follows, a count within a plausible range. The form calls it (a
ModelForm runs the model's `clean`), the import calls it through `check_row`, the API through
the form. So the database never sees a value it would refuse, and no value is cut to fit.

Messages are lazy and carry their values as params: a form shows them in Vietnamese, the
import's reject report in English like the rest of the command line (`check_row`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from congan import importing
from congan.importing import RowError

#: The earliest plausible date of an event in a register (a case, an accident, a receipt, a
#: listing): older paper records are not entered as events.
EARLIEST_EVENT = date(1975, 1, 1)
#: The earliest plausible birth (the oldest people on record were born in the 1880s–1900s).
EARLIEST_BIRTH = date(1880, 1, 1)

Errors = dict[str, ValidationError]


def today() -> date:
    return timezone.localdate()


def _verbose(obj: models.Model, name: str) -> str:
    return obj._meta.get_field(name).verbose_name


@functools.cache
def _text_fields(model: type[models.Model]) -> tuple[tuple[str, str, int | None], ...]:
    """(name, attname, max_length) of a model's text columns; cached: an import asks per row."""
    return tuple((f.name, f.attname, f.max_length) for f in model._meta.concrete_fields
                 if isinstance(f, (models.CharField, models.TextField)))


def text_errors(obj: models.Model, names: Iterable[str] | None = None) -> Errors:
    """Every text field (or those named) within its column and free of NUL characters."""
    errors: Errors = {}
    for name, attname, limit in _text_fields(type(obj)):
        value = getattr(obj, attname)
        if not isinstance(value, str) or (names is not None and name not in names):
            continue
        if "\x00" in value:
            errors[name] = ValidationError(_("must not contain a NUL character"), code="nul")
        elif limit and len(value) > limit:
            errors[name] = ValidationError(
                _("is %(length)d characters long; at most %(limit)d are allowed"), code="too_long",
                params={"length": len(value), "limit": limit})
    return errors


def day_text(day: date) -> str:
    """A date inside a message, as people write it: 01/04/2024."""
    return day.strftime("%d/%m/%Y")


def date_errors(obj: models.Model, *names: str, floor: date = EARLIEST_EVENT) -> Errors:
    """Each named date neither after today nor before `floor`."""
    errors: Errors = {}
    now = today()
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, date):
            continue
        if value > now:
            errors[name] = ValidationError(_("cannot be in the future (today is %(today)s)"), code="future",
                                           params={"today": day_text(now)})
        elif value < floor:
            errors[name] = ValidationError(_("cannot be before %(floor)s"), code="too_early",
                                           params={"floor": day_text(floor)})
    return errors


def order_errors(obj: models.Model, *pairs: tuple[str, str]) -> Errors:
    """For each (later, earlier) pair of date fields: the later one not before the earlier one."""
    errors: Errors = {}
    for later, earlier in pairs:
        after, before = getattr(obj, later), getattr(obj, earlier)
        if isinstance(after, date) and isinstance(before, date) and after < before:
            errors[later] = ValidationError(_("cannot be before %(other)s (%(date)s)"), code="order",
                                            params={"other": _verbose(obj, earlier), "date": day_text(before)})
    return errors


def range_error(value, low, high) -> ValidationError | None:
    """A count or quantity outside [low, high], with the bounds in the message."""
    if value is None or low <= value <= high:
        return None
    return ValidationError(_("must be between %(low)s and %(high)s"), code="range",
                           params={"low": _number(low), "high": _number(high)})


def _number(value) -> str:
    return f"{value:,}" if abs(value) >= 10_000 else str(value)  # years stay 1880, not 1,880


def range_errors(obj: models.Model, bounds: dict[str, tuple]) -> Errors:
    errors: Errors = {}
    for name, (low, high) in bounds.items():
        error = range_error(getattr(obj, name), low, high)
        if error is not None:
            errors[name] = error
    return errors


def raise_errors(*groups: Errors) -> None:
    """Raise one ValidationError of every field's first error (the earlier group wins a field)."""
    merged: Errors = {}
    for group in groups:
        for name, error in group.items():
            merged.setdefault(name, error)
    if merged:
        raise ValidationError(merged)


def rejects_in(language: str):
    """Give the rulebook's reasons of the imports inside the block in `language` (the import
    framework keeps the import's language: `importing.messages_in`)."""
    return importing.messages_in(language)


def reject_language() -> str:
    return importing.message_language()


def message_in(error: ValidationError, language: str | None = None) -> str:
    with translation.override(language or reject_language()):
        return "; ".join(str(m) for m in error.messages)


def check_row(obj: models.Model, *, columns: dict[str, str] | None = None) -> None:
    """Run the register's rulebook (`obj.clean()`) on a record an import built: the first
    failure becomes a `RowError` naming the file's column, the value and the reason in English."""
    try:
        obj.clean()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise RowError("", message_in(exc)) from None
        name, errors = next(iter(exc.error_dict.items()))
        fields = {f.name: f for f in obj._meta.concrete_fields}
        value = getattr(obj, fields[name].attname) if name in fields else ""
        if isinstance(value, date):
            value = value.isoformat()
        raise RowError((columns or {}).get(name, name), message_in(ValidationError(errors)), value) from None


class RulebookForm:
    """Mixin for a register's ModelForm: a rule about a field the form does not show (a date the
    form derives, a column filled elsewhere) is shown on the field it comes from (`rule_fields`:
    {model field: form field}) or above the form, prefixed with the field's name, instead of the
    ValueError Django raises for an error on a field the form lacks."""

    rule_fields: dict[str, str] = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            moved: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    moved.setdefault(name, []).extend(messages)
                elif name in self.rule_fields:
                    moved.setdefault(self.rule_fields[name], []).extend(messages)
                else:
                    label = _verbose(self.instance, name)
                    moved.setdefault(NON_FIELD_ERRORS, []).extend(
                        ValidationError("%(field)s: %(message)s", params={"field": label, "message": m})
                        for m in ValidationError(messages).messages)
            errors = ValidationError(moved)
        super()._update_errors(errors)
