"""Administrative units, police units, users and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import units as unitdata
from congan.org.crypto import EncryptedJSONField
from congan.org.roles import Role


class Era(models.TextChoices):
    LEGACY = unitdata.LEGACY, _("Before 1 July 2025 (three levels)")
    Y2025 = unitdata.Y2025, _("Since 1 July 2025 (two levels)")


class Level(models.TextChoices):
    PROVINCE = unitdata.PROVINCE, _("Province/city")
    DISTRICT = unitdata.DISTRICT, _("District")
    WARD = unitdata.WARD, _("Ward/commune")


class AdminUnit(models.Model):
    """An administrative unit of one era: the pair (code, era) identifies it, never the code alone."""

    code = models.CharField(_("code"), max_length=8)
    era = models.CharField(_("era"), max_length=8, choices=Era.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=80)
    type = models.CharField(_("type"), max_length=20)
    province_code = models.CharField(_("province code"), max_length=4, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, through="UnitSuccession", related_name="predecessors"
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "era"], name="unit_level_code_era")
        ]
        ordering = ["era", "level", "code"]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(models.Model):
    """Old ward → 2025 ward. One old ward has several rows where it was split."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    is_default = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="succession_old_new")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class PoliceUnit(models.Model):
    """City police, district police (until 30 June 2025) or ward police, mirroring a unit."""

    admin_unit = models.OneToOneField(AdminUnit, on_delete=models.PROTECT, related_name="police")
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        ordering = ["admin_unit__era", "admin_unit__level", "admin_unit__code"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.admin_unit.level


class User(AbstractUser):
    """Every user belongs to a police unit; the unit and the role decide what they see."""

    unit = models.ForeignKey(
        PoliceUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WARD_OFFICER)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()


class ImportBatch(models.Model):
    """An import being published in short transactions (congan.importing, on SQLite): its rows
    go into their tables chunk by chunk, marked with this batch, and stay invisible to every
    reader (`Publishable`) until `published` is set in the import's last, small transaction.
    A batch left unpublished by a killed process is deleted with its rows by the next import."""

    register = models.CharField(max_length=40)
    pid = models.PositiveIntegerField()
    host = models.CharField(max_length=255)
    started_at = models.DateTimeField(auto_now_add=True)
    published = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"#{self.pk} {self.register} ({'published' if self.published else 'pending'})"


class PublishedManager(models.Manager):
    """Rows of imports not yet published are left out: the one place readers are kept from them."""

    def get_queryset(self):
        pending = ImportBatch.objects.filter(published=False).values("pk")
        return super().get_queryset().exclude(import_batch__in=pending)


class Publishable(models.Model):
    """A model an import may publish in short transactions (see `ImportBatch`). Its default
    manager hides unpublished rows; `_base_manager` (saves, deletes, foreign keys) sees all."""

    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, editable=False, related_name="+",
                                     on_delete=models.DO_NOTHING, db_constraint=False, db_index=False)

    objects = PublishedManager()

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One append-only line of the audit trail, sealed with a keyed hash over the one before."""

    at = models.DateTimeField(_("time"), db_index=True)
    # PROTECT: a user with audited actions is deactivated, never deleted (the entry must not change).
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("user"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    action = models.CharField(_("action"), max_length=20, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")
    FAILED = "failed", _("failed")


class JobKind(models.TextChoices):
    IMPORT = "import", _("import of a file")
    CLEANSE = "cleanse", _("cleansing run")


class Job(models.Model):
    """Work started from the web and run by `congan worker` (Django's tasks framework): what was
    asked, by whom, how far it got (congan.org.jobs keeps the live progress) and how it ended."""

    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("started by"))
    #: What the job works on, in words: the register and the file's name, or the run's area.
    label = models.CharField(_("what"), max_length=300)
    #: The task's arguments that are not personal data (the register, the stored file's name).
    params = models.JSONField(default=dict)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    stored = models.PositiveIntegerField(_("records stored"), default=0)
    #: The rejects of an import (row, field, value, reason), the first ones; `reject_count` all.
    #: Sealed: a rejected value is personal data (a name, an ID number, an address).
    rejects = EncryptedJSONField(default=list)
    reject_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    #: What the job produced that has its own page: ("dataquality:runs", run id) and the like.
    result = models.JSONField(default=dict)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}: {self.label}"

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.FINISHED, JobStatus.FAILED)
