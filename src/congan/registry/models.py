"""Residents and households: the city's share of the national population database."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import idnumbers, vntext
from congan.org import crypto, validity
from congan.org.crypto import EncryptedDateField, EncryptedTextField
from congan.org.models import AdminUnit, PoliceUnit, Publishable
from congan.org.versioning import Versioned

HEAD = "Chủ hộ"


class Sex(models.TextChoices):
    MALE = "Nam", _("Male")
    FEMALE = "Nữ", _("Female")


def latest_birth_date(year: int | None, month: int | None = None, day: date | None = None) -> date | None:
    """The latest birth date consistent with what is known: 1990 → 31/12/1990, 05/1990 → 31/05/1990.

    Eligibility by age uses it, so nobody is counted as 14 who might still be 13.
    """
    if day:
        return day
    if not year:
        return None
    if month:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 12, 31)


def birth_parts(date_of_birth: date | None, year: int | None, month: int | None) -> tuple[int | None, int | None]:
    """(year, month) of birth: a full date gives both; no year, no month."""
    if date_of_birth:
        return date_of_birth.year, date_of_birth.month
    return year, month if year else None


@lru_cache(maxsize=200_000)
def name_key(full_name: str) -> str:
    """The folded form of a name (no marks, lower case); cached: an import repeats names a lot.
    Never stored: the blind indexes below are made from it."""
    return vntext.fold(full_name)


#: How many letters of a word a name's blind index keeps: a search for 'hoa' must find 'Hoàng',
#: so a word's index covers every word sharing its first letters, and the matches are then
#: checked on the decrypted names (registry/search.py).
NAME_BUCKET = 2
NAME_INDEX_SIZE = 16  # hex digits: a bucket, not an identity


def id_number_index(number: str, *, key_id: str | None = None) -> str:
    """The blind index of an ID number (CCCD or CMND digits): a keyed HMAC, never the number."""
    return crypto.blind_index("id-number", number, key_id=key_id)


def name_index_terms(full_name: str) -> set[str]:
    """What a name is findable by, before keying: each word's first letters ('w:'), and each
    run of whole leading words followed by the next word's first letters ('p:'). A query whose last
    word is shorter than the bucket looks up every 'p:' term it can start (registry/search.py), so
    no term for the bare leading words is kept: 5 terms for a three-word name, not 7."""
    words = name_key(full_name).split()
    terms = {f"w:{word[:NAME_BUCKET]}" for word in words}
    for j in range(1, len(words)):
        terms.add(f"p:{' '.join(words[:j])} {words[j][:NAME_BUCKET]}")
    return terms


def name_indexes(full_name: str, *, key_id: str | None = None) -> list[str]:
    """The blind indexes of a name (`PersonNameIndex` rows)."""
    return crypto.blind_index_set("name", name_index_terms(full_name), key_id=key_id, size=NAME_INDEX_SIZE)


def derived_fields(*, full_name: str, date_of_birth: date | None, birth_year: int | None,
                   birth_month: int | None, sex: str, id_number: str) -> dict:
    """What follows from a resident's own fields: the ID number's blind index, the known parts of
    the birth date, the latest birth date they allow and the ID-number finding.
    `Person.fill_derived` and the residents import (which writes rows, not instances) both use it."""
    year, month = birth_parts(date_of_birth, birth_year, birth_month)
    return {"id_number_bidx": id_number_index(id_number), "birth_year": year, "birth_month": month,
            "birth_latest": latest_birth_date(year, month, date_of_birth),
            "id_finding": id_number_findings(id_number, sex, year)}


def id_number_findings(number: str, sex: str, birth_year: int | None) -> str:
    """Where the ID number disagrees with the record's sex or year (the rules live in cleansing)."""
    if not number:
        return ""
    return "; ".join(idnumbers.consistency_findings(number, sex or None, birth_year))


#: How many letters of an address word its blind index keeps (a search for 'mau than' finds
#: 'Mậu Thân' and 'Mậu Thanh'; the candidates are then matched on the decrypted address).
ADDRESS_BUCKET = 3
_ADDRESS_WORD = re.compile(r"[a-z0-9]+")


def address_words(address: str) -> list[str]:
    """An address as folded words, punctuation dropped: 'Số 2, P. Xuân Khánh' → so 2 p xuan khanh."""
    return _ADDRESS_WORD.findall(vntext.fold(address or ""))


#: The words that say what kind of place follows (số, đường, hẻm, phường, quận, ấp, tổ …): in
#: nearly every address, so an index of them would narrow nothing. Not indexed, not looked up.
ADDRESS_STOP_WORDS = frozenset({"so", "duong", "hem", "ngo", "ngach", "kiet", "phuong", "p", "quan", "q",
                                "huyen", "xa", "tp", "tinh", "ap", "khu", "vuc", "kv", "to"})


def address_terms(words: list[str]) -> list[str]:
    """The index terms of folded address words, stop words left out, in order."""
    return [f"a:{w[:ADDRESS_BUCKET]}" for w in words if w not in ADDRESS_STOP_WORDS]


def address_indexes(address: str, *, key_id: str | None = None) -> list[str]:
    """The blind indexes of an address (`HouseholdAddressIndex` rows): each word's first letters."""
    return crypto.blind_index_set("address", address_terms(address_words(address)), key_id=key_id,
                                  size=NAME_INDEX_SIZE)


def replace_indexes(model, owner: str, owner_id: int, keys: list[str]) -> None:
    """Make one record's blind-index rows (`model`, pointing at it by `owner`) exactly `keys`:
    stale rows deleted, missing ones added, the rest left as they are."""
    rows = model._base_manager.filter(**{owner: owner_id})
    rows.exclude(key__in=keys).delete()
    have = set(rows.values_list("key", flat=True))
    model.objects.bulk_create([model(**{owner: owner_id, "key": k}) for k in keys if k not in have])


class Household(Publishable):
    """A household book (sổ hộ khẩu): the head and the members with their relation to the head.
    The address is sealed (org/crypto.py) and found through `HouseholdAddressIndex` rows."""

    code = models.CharField(_("household number"), max_length=40, unique=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    address = EncryptedTextField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.index_address()

    def clean(self):
        validity.raise_errors(validity.text_errors(self))

    @property
    def head(self) -> Person | None:
        return self.members.filter(relation_to_head=HEAD).order_by("id").first()

    def index_address(self) -> None:
        """Replace the address's blind indexes (a save, a change of address, a rotation)."""
        replace_indexes(HouseholdAddressIndex, "household_id", self.pk, address_indexes(self.address))

    @classmethod
    def reindex_sealed(cls, ids: list[int]) -> None:
        """Recompute the address indexes of these households under the current key (`congan keys`)."""
        households = cls.objects.filter(pk__in=ids).only("id", "address")
        HouseholdAddressIndex.objects.filter(household_id__in=ids).delete()
        HouseholdAddressIndex.objects.bulk_create(
            [HouseholdAddressIndex(household_id=h.pk, key=k) for h in households for k in address_indexes(h.address)],
            batch_size=5000)


class HouseholdAddressIndex(Publishable):
    """One blind index of a household's address (`address_indexes`): what an address search looks up."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=NAME_INDEX_SIZE)

    class Meta:
        indexes = [models.Index(fields=["key", "household"], name="householdaddr_key_household")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.key}"


#: The sources a record comes from, in words (an import may name others: shown as written).
SOURCE_LABELS = {
    "household_book": _("household book"),
    "cmnd": _("9-digit ID card (CMND)"),
    "cccd_application": _("chip-based ID card application"),
    "form": _("entered in a form"),
}


class Person(Publishable, Versioned):
    """A resident. `unit` is the ward of permanent residence valid on the record's date (either era).

    The date of birth may be partial: `date_of_birth` holds a full date only; otherwise
    `birth_year` (and `birth_month`) keep what is known.

    Personal fields are sealed in the database (org/crypto.py); the ID number is found through
    `id_number_bidx`, the name through `PersonNameIndex` rows (registry/search.py). The year
    and month of birth, sex and `birth_latest` stay plain: the reports count by age.
    """

    record_id = models.CharField(_("record id"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    full_name = EncryptedTextField(_("full name"), max_length=120)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_latest = models.DateField(null=True, blank=True, editable=False)  # indexed with unit
    sex = models.CharField(_("sex"), max_length=4, choices=Sex.choices, blank=True)
    id_number = EncryptedTextField(_("ID number"), max_length=12, blank=True)
    id_number_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False, default="")
    id_finding = models.CharField(_("ID number finding"), max_length=255, blank=True, editable=False)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    religion = models.CharField(_("religion"), max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=40, blank=True, default="Việt Nam")
    hometown = EncryptedTextField(_("hometown"), max_length=255, blank=True)
    hometown_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("hometown unit"), db_index=False,  # never searched by; spares the import an index
    )
    address = EncryptedTextField(_("permanent residence"), max_length=255, blank=True)
    father_name = EncryptedTextField(_("father"), max_length=120, blank=True)
    mother_name = EncryptedTextField(_("mother"), max_length=120, blank=True)
    spouse_name = EncryptedTextField(_("spouse"), max_length=120, blank=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        verbose_name=_("household"),
    )
    relation_to_head = models.CharField(_("relation to head"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: Fields a correction may change, in the order of the resident information form.
    EDITABLE = (
        "full_name", "date_of_birth", "birth_year", "birth_month", "sex", "id_number", "ethnicity",
        "religion", "nationality", "hometown", "address", "unit", "father_name", "mother_name",
        "spouse_name", "relation_to_head",
    )
    _TEXT = ("full_name", "hometown", "address", "father_name", "mother_name", "spouse_name",
             "ethnicity", "religion", "nationality", "relation_to_head")

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(fields=["unit", "birth_latest"], name="person_unit_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
        self.index_name()

    @classmethod
    def reindex_sealed(cls, ids: list[int]) -> None:
        """Recompute the blind indexes of these residents under the current key (`congan keys`)."""
        people = list(cls.objects.filter(pk__in=ids).only("id", "full_name", "id_number"))
        for person in people:
            person.id_number_bidx = id_number_index(person.id_number)
        cls.objects.bulk_update(people, ["id_number_bidx"], batch_size=1000)
        PersonNameIndex.objects.filter(person_id__in=ids).delete()
        PersonNameIndex.objects.bulk_create(
            [PersonNameIndex(person_id=p.pk, key=k) for p in people for k in name_indexes(p.full_name)],
            batch_size=5000)

    def index_name(self) -> None:
        """Replace the name's blind indexes (a save, a correction, a rotation)."""
        replace_indexes(PersonNameIndex, "person_id", self.pk, name_indexes(self.full_name))

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    def fill_derived(self) -> None:
        """NFC text, the ID number's blind index, the known parts of the birth date and the ID-number finding."""
        for field in self._TEXT:
            setattr(self, field, vntext.nfc(getattr(self, field)))
        derived = derived_fields(full_name=self.full_name, date_of_birth=self.date_of_birth,
                                 birth_year=self.birth_year, birth_month=self.birth_month, sex=self.sex,
                                 id_number=self.id_number)
        for field, value in derived.items():
            setattr(self, field, value)

    def clean(self):
        """The resident register's rulebook: the form, the import and the API call it."""
        errors = {}
        if self.birth_month and not self.birth_year and not self.date_of_birth:
            errors["birth_year"] = ValidationError(_("A month of birth needs the year."))
        validity.raise_errors(
            validity.text_errors(self),
            validity.date_errors(self, "date_of_birth", floor=validity.EARLIEST_BIRTH),
            validity.range_errors(self, {"birth_year": (validity.EARLIEST_BIRTH.year, validity.today().year),
                                         "birth_month": (1, 12)}),
            errors,
        )

    @property
    def birth_display(self) -> str:
        if self.date_of_birth:
            return self.date_of_birth.strftime("%d/%m/%Y")
        if self.birth_year and self.birth_month:
            return f"{self.birth_month:02d}/{self.birth_year}"
        return str(self.birth_year or "")

    @property
    def is_head(self) -> bool:
        return self.relation_to_head == HEAD


class PersonNameIndex(Publishable):
    """One blind index of a resident's name (`name_indexes`): what a name search looks up."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.CharField(max_length=NAME_INDEX_SIZE)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="personname_key_person")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"


class DocumentKind(models.TextChoices):
    CCCD = idnumbers.CCCD, _("Citizen identity card (CCCD, 12 digits)")
    CMND = idnumbers.CMND, _("Identity card (CMND, 9 digits)")


class IdentityDocument(Publishable):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=4, choices=DocumentKind.choices)
    number = EncryptedTextField(_("number"), max_length=12)
    number_bidx = models.CharField(max_length=64, db_index=True, editable=False, default="")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        PoliceUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issuing unit"),
    )
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    valid = models.BooleanField(_("valid"), default=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["-valid", "-issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.number_bidx = id_number_index(self.number)
        super().save(*args, **kwargs)

    @classmethod
    def reindex_sealed(cls, ids: list[int]) -> None:
        docs = list(cls.objects.filter(pk__in=ids).only("id", "number"))
        for doc in docs:
            doc.number_bidx = id_number_index(doc.number)
        cls.objects.bulk_update(docs, ["number_bidx"], batch_size=1000)

    def clean(self):
        """A document is not issued in the future, nor before its holder was born."""
        errors = {}
        born = self.person.date_of_birth or (date(self.person.birth_year, 1, 1) if self.person.birth_year else None) \
            if self.person_id else None
        if self.issued_on and born and self.issued_on < born:
            errors["issued_on"] = ValidationError(_("A document cannot be issued before the date of birth."))
        validity.raise_errors(validity.text_errors(self),
                              validity.date_errors(self, "issued_on", floor=validity.EARLIEST_BIRTH), errors)


class PlaceKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary residence")
    CURRENT = "current", _("Current residence")


class Place(models.Model):
    """A temporary or current residence, with the unit valid on the day it began.

    The hometown and the permanent residence live on the person (`hometown_unit`, `unit`).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    address = EncryptedTextField(_("address"), max_length=255)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("place of residence")
        verbose_name_plural = _("places of residence")
        ordering = ["kind", "-since"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"


class PersonChange(models.Model):
    """One correction of a resident: who, when, why, and every field's old → new value."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    changes = crypto.EncryptedJSONField(_("changes"), default=dict)  # {field: [old, new]}, sealed
    #: The person's version this change made (None for changes logged before versions existed).
    version = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.at:%Y-%m-%d %H:%M}: {', '.join(self.changes)}"


class CardStep(models.TextChoices):
    COLLECTED = "collected", _("Application collected")
    SENT = "sent_for_production", _("Sent for production")
    PRODUCED = "produced", _("Card produced")
    HANDED_OVER = "handed_over", _("Handed over")
    REJECTED = "rejected", _("Rejected")
    RECOLLECTED = "recollected", _("Re-collected")


#: Which step may follow the last one.
NEXT_STEPS = {
    None: {CardStep.COLLECTED},
    CardStep.COLLECTED: {CardStep.SENT, CardStep.REJECTED},
    CardStep.RECOLLECTED: {CardStep.SENT, CardStep.REJECTED},
    CardStep.SENT: {CardStep.PRODUCED, CardStep.REJECTED},
    CardStep.PRODUCED: {CardStep.HANDED_OVER, CardStep.REJECTED},
    CardStep.REJECTED: {CardStep.RECOLLECTED},
    CardStep.HANDED_OVER: set(),
}
COLLECTING_STEPS = (CardStep.COLLECTED, CardStep.RECOLLECTED)


class IdCardApplication(models.Model):
    """An application for a chip-based citizen identity card; its steps are `IdCardStep` rows."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="card_applications")
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("collecting unit"),
    )
    #: The application's number in the file it was imported from (`application_id`); empty for
    #: an application recorded on the person's page.
    code = models.CharField(_("application number"), max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CardStep.choices)
    collected_on = models.DateField(_("collected on"), db_index=True)
    #: The date of the latest step, kept with `status` by whoever adds a step: overdue work is
    #: then an indexed filter, not a look at every open application's steps.
    last_step_on = models.DateField(_("latest step on"), null=True, editable=False)

    class Meta:
        verbose_name = _("ID-card application")
        verbose_name_plural = _("ID-card applications")
        ordering = ["-collected_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""),
                                               name="idcardapplication_code")]
        indexes = [models.Index(fields=["status", "last_step_on", "unit"], name="cardapp_status_last_unit")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_status_display()} ({self.collected_on})"

    def add_step(self, kind: str, on: date, *, unit: AdminUnit, actor=None, note: str = "") -> IdCardStep:
        """Record the next step; the order of steps and their dates are checked here."""
        last = self.steps.order_by("-on", "-id").first()
        allowed = NEXT_STEPS[CardStep(last.kind) if last else None]
        if kind not in allowed:
            raise ValidationError(_("A step “%(step)s” cannot follow “%(last)s”.") % {
                "step": CardStep(kind).label, "last": last.get_kind_display() if last else "—"})
        if last and on < last.on:
            raise ValidationError(_("A step cannot be dated before the previous step."))
        step = IdCardStep.objects.create(application=self, kind=kind, on=on, unit=unit, actor=actor, note=note)
        self.status, self.last_step_on = kind, on
        self.save(update_fields=["status", "last_step_on"])
        return step

    @classmethod
    def collect(cls, person: Person, on: date, *, unit: AdminUnit, actor=None, note: str = "") -> IdCardApplication:
        app = cls.objects.create(person=person, unit=unit, status=CardStep.COLLECTED, collected_on=on,
                                 last_step_on=on)
        IdCardStep.objects.create(application=app, kind=CardStep.COLLECTED, on=on, unit=unit, actor=actor, note=note)
        return app


class IdCardStep(models.Model):
    application = models.ForeignKey(IdCardApplication, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=CardStep.choices)
    on = models.DateField(_("date"))
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ID-card step")
        verbose_name_plural = _("ID-card steps")
        ordering = ["on", "id"]
        indexes = [
            models.Index(fields=["kind", "on"], name="cardstep_kind_on"),
            # Per-application lookups (collected by a date, the last step by a date) must not
            # fall back to scanning every step of a kind: that made the ward dashboard quadratic.
            models.Index(fields=["application", "kind", "on"], name="cardstep_app_kind_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class KeptCardCount(models.Model):
    """Kept counts behind the ID-card collection rate (registry/kept.py): per ward of residence
    and day, how many residents became eligible (turned 14), started or stopped counting as
    collected, reached "produced" and "handed over" that day (+1/-1). A figure on a day is the
    sum of the rows up to it; rows are kept per day, month and year (`grain`) so that sum reads
    a few hundred rows, not one per day of a century."""

    DAY, MONTH, YEAR = 0, 1, 2

    grain = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()  # the first day of the month or year for those grains
    eligible = models.IntegerField(default=0)
    collected = models.IntegerField(default=0)
    produced = models.IntegerField(default=0)
    handed_over = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["grain", "unit", "day"], name="keptcardcount_key")]
        indexes = [models.Index(fields=["grain", "day", "unit"], name="keptcardcount_grain_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} ({self.grain})"


class KeptCardPerson(models.Model):
    """What one resident adds to `KeptCardCount` as it stands: the rows to take back when the
    resident's ward, date of birth, existence or applications change. Not a foreign key: a
    deleted resident's contribution must outlive them until it is taken back."""

    person_id = models.BigIntegerField(primary_key=True)
    unit_id = models.BigIntegerField()
    #: [[iso day, eligible, collected, produced, handed_over], …] changes on those days
    events = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.person_id}: {len(self.events)} changes"
