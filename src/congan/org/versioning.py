"""No lost update: a record carries a version; a save from a stale form or API call is refused.

`Versioned` gives a register's model its `version` column and a save that claims the version it
was read at (`UPDATE … WHERE version = N`): two clerks who opened version 3 cannot both write
version 4, even when their saves race. `VersionedForm` carries the version the clerk saw, and a
signed copy of the values shown, as hidden fields; a stale form is refused naming the fields
changed meanwhile, with their value then and now, and nothing is written.
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from congan.org.models import AuditEntry
from congan.org.validity import RulebookForm

_SALT = "congan.org.versioning"
HIDDEN = ("version", "seen")


class StaleRecord(Exception):
    """The record changed after it was read; nothing was written."""

    def __init__(self, obj: models.Model):
        super().__init__(f"{obj._meta.label} {obj.pk} changed after it was read (version {obj.version})")
        self.obj = obj


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (type(self)._base_manager.filter(pk=self.pk, version=self.version)
                       .update(version=models.F("version") + 1))
            if not claimed:
                raise StaleRecord(self)
            self.version += 1
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1  # the transaction gives the claim back; so does the instance
                raise


def stale_message(seen_version: int, current_version: int, changed: list[tuple[str, str, str]]):
    """The refusal a clerk reads: who cannot be known here, but what changed meanwhile can."""
    fields = "; ".join(f"{label}: “{then}” → “{now}”" for label, then, now in changed) or "—"
    return forms.ValidationError(
        _("Someone else saved this record after you opened it (version %(seen)s, now %(now)s). "
          "Changed meanwhile: %(fields)s. Nothing was saved: reopen the record and enter your change again."),
        code="stale", params={"seen": seen_version, "now": current_version, "fields": fields})


def _display(field: forms.Field, value: str) -> str:
    """A value as the clerk saw it: a unit by its name, a choice by its label."""
    if not value:
        return value
    if isinstance(field, forms.ModelChoiceField):
        obj = field.queryset.model._base_manager.filter(pk=value).first()
        return field.label_from_instance(obj) if obj is not None else value
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return value


class VersionedForm(RulebookForm):
    """Mixin for a ModelForm of a `Versioned` model (put it first among the bases)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        self.fields["seen"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.current_values = self._shown_values()
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
            self.fields["seen"].initial = signing.dumps(self.current_values, salt=_SALT, compress=True)

    def _shown_values(self) -> dict[str, str]:
        values = {}
        for name, field in self.fields.items():
            if name in HIDDEN or name == "reason":
                continue
            value = self.get_initial_for_field(field, name)
            values[name] = "" if value is None else str(value)
        return values

    def changed_meanwhile(self, seen_token: str) -> list[tuple[str, str, str]]:
        try:
            seen = signing.loads(seen_token, salt=_SALT) if seen_token else {}
        except signing.BadSignature:
            seen = {}
        return [(str(self.fields[name].label or name), _display(self.fields[name], then),
                 _display(self.fields[name], self.current_values.get(name, "")))
                for name, then in seen.items()
                if name in self.fields and self.current_values.get(name, "") != then]

    def clean(self):
        data = super().clean()
        seen_version = data.get("version")
        if self.instance.pk is not None and seen_version is not None:
            if seen_version != self.instance.version:
                raise stale_message(seen_version, self.instance.version,
                                    self.changed_meanwhile(data.get("seen", "")))
            self.instance.version = seen_version
        return data

    def refuse_stale(self) -> None:
        """After a save lost a race (`StaleRecord`): the same refusal, on the form."""
        fresh = type(self.instance)._base_manager.get(pk=self.instance.pk)
        seen_version = self.cleaned_data.get("version") or self.instance.version
        self.add_error(None, stale_message(seen_version, fresh.version, []))


def changed_since(obj: models.Model, version: int) -> list[str]:
    """The fields changed on `obj` after `version`, from the audit trail (each update through a
    form or the API records the version it made)."""
    fields: set[str] = set()
    entries = AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action="update",
                                        detail__version__gt=version)
    for detail in entries.values_list("detail", flat=True):
        fields.update(detail.get("fields", []))
    return sorted(fields)
