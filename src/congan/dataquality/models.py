"""Cleansing runs over the registry: who belongs to which person, findings, the review queue.

A run is a snapshot: its memberships, findings and review pairs stay as they were so that a
merge can be explained later from the model stored in the run. The rows a later run
replaces keep their run but lose `current`; figures read the current rows only.
Human decisions (`Decision`) outlive runs: each run feeds them to the engine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan.org.crypto import EncryptedBinaryField, EncryptedTextField
from congan.rates import fraction
from congan.registry.models import Person


class RunKind(models.TextChoices):
    FULL = "full", _("Full run")
    INCREMENTAL = "incremental", _("New records")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class CleansingRun(models.Model):
    """One run of the engine, with the trained model and its settings, so it can be replayed."""

    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices, default=RunKind.FULL)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("started by"))
    engine = models.CharField(_("engine"), max_length=10, default="duckdb")
    scope_label = models.CharField(_("scope"), max_length=200, blank=True)
    #: AdminUnit ids the run covered; null for the whole registry.
    scope_units = models.JSONField(null=True, blank=True)
    lower = models.FloatField(_("review from"))
    upper = models.FloatField(_("match from"))
    records = models.PositiveIntegerField(_("records"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    scored_pairs = models.PositiveIntegerField(_("scored pairs"), default=0)
    review_pairs = models.PositiveIntegerField(_("pairs for review"), default=0)
    findings = models.PositiveIntegerField(_("findings"), default=0)
    settled = models.PositiveIntegerField(_("settled records"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    #: The trained Splink model (settings, comparisons, m, u, λ) exactly as the engine used it.
    model = models.JSONField(_("model"), null=True, blank=True)
    #: The run's records as the engine normalised them (Parquet), so that new-record batches
    #: reuse them instead of normalising the whole registry again.
    #: Sealed (org/crypto.py): it holds every name, date and number of the run, normalised.
    features = EncryptedBinaryField(null=True, blank=True, editable=False)
    #: How the run was made: thresholds, decisions fed in, the run whose model was replayed.
    settings = models.JSONField(_("settings"), default=dict)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("cleansing run")
        verbose_name_plural = _("cleansing runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def cleansing_rate(self) -> float | None:
        return fraction(self.settled, self.records)


class Membership(models.Model):
    """A record's place in a person: `match_probability` is the weakest link holding it there."""

    run = models.ForeignKey(CleansingRun, on_delete=models.CASCADE, related_name="memberships")
    record = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("record"))
    person_id = models.CharField(_("person"), max_length=80, db_index=True)
    match_probability = models.FloatField(_("match probability"))
    current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        constraints = [models.UniqueConstraint(fields=["run", "record"], name="membership_run_record")]
        indexes = [models.Index(fields=["record", "current"], name="membership_record_current")]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.person_id} ({self.match_probability:.3f})"


class Finding(models.Model):
    """A validation finding on a record. A blocking one keeps the record from counting as settled."""

    run = models.ForeignKey(CleansingRun, on_delete=models.CASCADE, related_name="finding_rows")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("record"))
    field = models.CharField(_("field"), max_length=40)
    code = models.CharField(_("finding"), max_length=40)
    message = EncryptedTextField(_("detail"), max_length=255, blank=True)  # may quote an address: sealed
    blocking = models.BooleanField(_("blocking"), default=False)
    current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["person", "current"], name="finding_person_current")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.field}: {self.code}"


class PairStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    MERGED = "merged", _("Merged")
    KEPT_APART = "kept_apart", _("Kept apart")
    UNMERGED = "unmerged", _("Merge undone: different persons")
    SUPERSEDED = "superseded", _("Superseded by a later run")


class ReviewPair(models.Model):
    """Two records the model is unsure about; `left` has the smaller id."""

    run = models.ForeignKey(CleansingRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    veto = models.BooleanField(_("model veto"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=PairStatus.choices, default=PairStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("pair for review")
        verbose_name_plural = _("pairs for review")
        ordering = ["-probability", "id"]
        indexes = [
            models.Index(fields=["status", "left"], name="reviewpair_status_left"),
            models.Index(fields=["status", "right"], name="reviewpair_status_right"),
        ]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id} ({self.probability:.3f})"


class Decision(models.Model):
    """An officer's word on two records: the same person or not. Every later run obeys it."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    merge = models.BooleanField(_("same person"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("decided by"))
    at = models.DateTimeField(_("decided at"), auto_now=True)
    reason = models.TextField(_("reason"), blank=True)
    pair = models.ForeignKey(ReviewPair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    #: What a merge moved, so that it can be undone exactly: {"person": the person the right
    #: record's group left, "records": [ids moved]}.
    moved = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="decision_pair"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="decision_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.left_id} {'=' if self.merge else '≠'} {self.right_id}"
