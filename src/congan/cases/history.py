"""The history of the changes that move a case's figures: who, when, old → new, why.

A downgrade of severity, a change of category or of crime group, a "no crime" closure, a
clearing (or a change of its date) and a re-opening each change what a report counts. Each needs
a reason, kept here, in the case's history, and in the audit trail (the reason as a keyed hash,
as the trail keeps all typed text). `figure_moves` is the one rule saying which changes these are;
`record_changes` the one place that checks the reason and writes the history. Forms, views and
the restatement of filed reports (reports/filing.py) read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The fields of a case whose change moves a report's figures.
WATCHED = ("severity", "category", "crime_group", "cleared_on", "no_crime_on")

#: Penal Code Art. 9 order, least serious first (a move down this list is a downgrade).
SEVERITY_RANK = {"it_nghiem_trong": 0, "nghiem_trong": 1, "rat_nghiem_trong": 2, "dac_biet_nghiem_trong": 3}


class ChangeKind(models.TextChoices):
    DOWNGRADE = "downgrade", _("Severity downgraded")
    UPGRADE = "upgrade", _("Severity raised")
    CATEGORY = "category", _("Category changed")
    CRIME_GROUP = "crime_group", _("Crime group changed")
    NO_CRIME = "no_crime", _("Closed as no crime")
    CLEARING = "clearing", _("Cleared")
    CLEARING_DATE = "clearing_date", _("Clearing date changed")
    REOPENING = "reopening", _("Re-opened")


#: Every change that moves a figure needs a reason, except raising the severity.
REASON_REQUIRED = frozenset(ChangeKind.values) - {ChangeKind.UPGRADE}


class CaseChange(models.Model):
    """One change of a watched field of a case, with who made it, when and why. Never edited."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="changes",
                             verbose_name=_("case"))
    kind = models.CharField(_("change"), max_length=16, choices=ChangeKind.choices)
    field = models.CharField(_("field"), max_length=20)
    old = models.CharField(_("old value"), max_length=40, blank=True)
    new = models.CharField(_("new value"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("changed at"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("changed by"))
    actor_name = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        app_label = "cases"
        verbose_name = _("case change")
        verbose_name_plural = _("case changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="casechange_kind_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}: {self.old} → {self.new}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a case's history is never edited")
        super().save(*args, **kwargs)

    def _label(self, value: str) -> str:
        from congan.cases.models import Case

        field = Case._meta.get_field(self.field)
        if field.choices:
            return str(dict(field.choices).get(value, value))
        if value and isinstance(field, models.DateField):
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        return value

    @property
    def old_label(self) -> str:
        return self._label(self.old)

    @property
    def new_label(self) -> str:
        return self._label(self.new)


@dataclass(frozen=True)
class Move:
    kind: str
    field: str
    old: str
    new: str

    @property
    def needs_reason(self) -> bool:
        return self.kind in REASON_REQUIRED


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def snapshot(case) -> dict | None:
    """The watched fields of the case as stored (None for a case not yet saved)."""
    if case.pk is None:
        return None
    return type(case).objects.filter(pk=case.pk).values(*WATCHED).first()


def figure_moves(before: dict | None, case) -> list[Move]:
    """The changes between the stored case (`before`) and `case` that move figures.

    A new case moves nothing: recording it is not a change of a recorded figure."""
    if before is None:
        return []
    moves = []
    old_sev, new_sev = before["severity"], case.severity
    if old_sev != new_sev:
        down = SEVERITY_RANK.get(new_sev, 0) < SEVERITY_RANK.get(old_sev, 0)
        moves.append(Move(ChangeKind.DOWNGRADE if down else ChangeKind.UPGRADE, "severity", old_sev, new_sev))
    for name, kind in (("category", ChangeKind.CATEGORY), ("crime_group", ChangeKind.CRIME_GROUP)):
        if before[name] != getattr(case, name):
            moves.append(Move(kind, name, before[name], getattr(case, name)))
    reopened = False
    for name, set_kind, date_kind in (("no_crime_on", ChangeKind.NO_CRIME, ChangeKind.NO_CRIME),
                                      ("cleared_on", ChangeKind.CLEARING, ChangeKind.CLEARING_DATE)):
        old, new = before[name], getattr(case, name)
        if old == new:
            continue
        if old is None:
            moves.append(Move(set_kind, name, "", _text(new)))
        elif new is None:
            if not reopened:
                moves.append(Move(ChangeKind.REOPENING, name, _text(old), ""))
                reopened = True
        else:
            moves.append(Move(date_kind, name, _text(old), _text(new)))
    return moves


def reason_error(moves: list[Move], reason: str) -> ValidationError | None:
    """The refusal of a change that moves figures without a reason (None when it may be saved)."""
    needing = [m for m in moves if m.needs_reason]
    if needing and not (reason or "").strip():
        labels = ", ".join(str(ChangeKind(m.kind).label).lower() for m in needing)
        return ValidationError({"reason": _("Give the reason for this change (%(changes)s).") % {"changes": labels}})
    return None


def record_changes(*, case, before: dict | None, actor, reason: str = "", request=None) -> list[CaseChange]:
    """Write the history (and the audit lines) of what moved between `before` and the saved `case`.

    Refuses (ValidationError on "reason") a change that needs a reason and has none; call it in
    the transaction that saves the case, so a refused change leaves nothing."""
    from congan.org import audit

    moves = figure_moves(before, case)
    error = reason_error(moves, reason)
    if error is not None:
        raise error
    reason = (reason or "").strip()
    rows = []
    with transaction.atomic():
        for move in moves:
            rows.append(CaseChange.objects.create(
                case=case, kind=move.kind, field=move.field, old=move.old, new=move.new, reason=reason,
                actor=actor, actor_name=getattr(actor, "username", "") or ""))
            audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=case,
                         detail={"change": move.kind, "field": move.field, "old": move.old, "new": move.new,
                                 "reason": reason, "history_id": rows[-1].pk})
    return rows


def last_recorded(case_ids, kinds) -> dict[int, timezone.datetime]:
    """Case id → when the latest change of these kinds was recorded."""
    out = {}
    for case_id, at in CaseChange.objects.filter(case_id__in=list(case_ids), kind__in=list(kinds)).values_list(
            "case_id", "at").order_by("at", "id"):
        out[case_id] = at
    return out
