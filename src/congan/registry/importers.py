"""`congan import residents FILE`: residents with their households and identity documents.

Columns (DESIGN.md): the cleansing input columns plus household_id, relation_to_head,
ethnicity, religion. The file has no unit column: the ward of residence is read from the
`address` text (old or 2025 structure) with the cleansing engine's offline address parser.
A malformed ID number is a reject; a well-formed one that disagrees with the sex or year of
birth is stored with a finding (see `Person.id_finding`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from congan import idnumbers
from congan import units as unitdata
from congan.cleansing.normalise import normalise_sex, parse_address, parse_date
from congan.importing import Importer, RowError, parse_choice, parse_iso_date
from congan.org import crypto, jurisdiction
from congan.org.models import AdminUnit
from congan.org.unitcodes import UnitResolver
from congan.org.validity import check_row
from congan.registry import kept
from congan.registry.bulk import insert_rows, refresh_statistics, reserve_ids
from congan.registry.models import (
    HEAD,
    NEXT_STEPS,
    CardStep,
    Household,
    HouseholdAddressIndex,
    IdCardApplication,
    IdCardStep,
    IdentityDocument,
    Person,
    PersonNameIndex,
    address_indexes,
    derived_fields,
    name_indexes,
)
from congan.units import legacy_provinces_of

RESIDENT_COLUMNS = (
    "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
    "address", "father_name", "mother_name", "household_id", "relation_to_head", "ethnicity",
    "religion",
)
_YEAR_ONLY = re.compile(r"^\s*\d{4}\s*$")
_SPOUSES = {"Vợ", "Chồng"}


@lru_cache(maxsize=50_000)
def _parse_units(text: str):
    # Addresses that name no province are read as the city's (its old provinces included).
    return parse_address(text, legacy_provinces_of(settings.CONGAN_CITY_CODE))


def parse_units(text: str):
    """The parser reads units from the last three comma parts only (province, district, ward),
    so parsing just those gives the same units and lets a million addresses share a small cache."""
    parts = text.split(",")
    return _parse_units(",".join(parts[-3:]).strip() if len(parts) > 3 else text)


def parse_birth(text: str, today: date) -> tuple[date | None, int | None, int | None]:
    """(full date or None, year, month) from the formats sources use; RowError if impossible."""
    if not text:
        return None, None, None
    parsed = parse_date(text)
    if parsed is None:
        raise RowError("date_of_birth", gettext_noop("not a date (dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy)"), text)
    if parsed.finding or (parsed.month is None and not _YEAR_ONLY.match(text)):
        raise RowError("date_of_birth", gettext_noop("impossible date"), text)
    full = date(parsed.year, parsed.month, parsed.day) if parsed.day else None
    return full, parsed.year, parsed.month  # its range is the rulebook's (`Person.clean`)


class ResidentImporter(Importer):
    register = "residents"
    columns = RESIDENT_COLUMNS
    key_column = "record_id"
    publishable = (Household, HouseholdAddressIndex, Person, IdentityDocument, PersonNameIndex)

    def __init__(self, *, actor=None, today: date | None = None):
        super().__init__(actor=actor)
        self.today = today or date.today()
        self.city_ids = jurisdiction.city_unit_ids()
        self.area = jurisdiction.import_area(actor)
        self.wards = {(code, era): pk for pk, code, era in
                      AdminUnit.objects.filter(level=unitdata.WARD).values_list("id", "code", "era")}
        self.provinces = {(code, era): pk for pk, code, era in
                          AdminUnit.objects.filter(level=unitdata.PROVINCE).values_list("id", "code", "era")}
        self.households: dict[str, int] = {}
        self.stored_ids: list[int] = []

    # --- one row ---------------------------------------------------------------------------

    def _residence(self, text: str) -> int:
        if not text:
            raise RowError("address", gettext_noop("required"), text)
        parsed = parse_units(text)
        unit_id = self.wards.get((parsed.ward_code, parsed.era)) if parsed.ward_code else None
        if unit_id is None:
            raise RowError("address", gettext_noop("no ward or commune recognised in the address"), text)
        if unit_id not in self.city_ids:
            raise RowError("address", gettext_noop("the ward is outside the city"), text)
        if unit_id not in self.area:
            raise RowError("address", gettext_noop("the ward is outside your area"), text)
        return unit_id

    def _hometown(self, text: str) -> int | None:
        if not text:
            return None
        parsed = parse_units(text)
        era = parsed.era or unitdata.LEGACY
        if parsed.ward_code:
            return self.wards.get((parsed.ward_code, era))
        return self.provinces.get((parsed.province_code, era)) if parsed.province_code else None

    def clean_row(self, row: dict[str, str]) -> dict:
        """The row as Person column values (read_rows has already made every value NFC)."""
        name = row["full_name"]
        if not name:
            raise RowError("full_name", gettext_noop("required"), name)
        full, year, month = parse_birth(row["date_of_birth"], self.today)
        sex = ""
        if row["sex"]:
            sex = normalise_sex(row["sex"])
            if sex is None:
                raise RowError("sex", gettext_noop("unknown sex; expected Nam or Nữ (M/F)"), row["sex"])
        number = ""
        if row["id_number"]:
            check = idnumbers.check_id(row["id_number"])
            if not check.valid:
                raise RowError("id_number", f"malformed ID number: {check.reason}", row["id_number"])
            number = check.number
        derived = derived_fields(full_name=name, date_of_birth=full, birth_year=year, birth_month=month,
                                 sex=sex, id_number=number)
        latest = derived["birth_latest"]
        values = {
            **{column: row[column] for column in _TEXT_COLUMNS}, "full_name": name,
            "id_number_bidx": derived["id_number_bidx"], "date_of_birth": full, "birth_year": derived["birth_year"],
            "birth_month": derived["birth_month"], "birth_latest": latest, "sex": sex, "id_number": number,
            "id_finding": derived["id_finding"][:255],  # derived text, not entered: shortened, not refused
            "nationality": "Việt Nam", "hometown_unit_id": self._hometown(row["hometown"]),
            "unit_id": self._residence(row["address"]), "spouse_name": "", "version": 1,
        }
        # the register's rulebook on what will be stored: a value too long is refused, never cut
        # (positional construction: twice as fast as keywords, and an import asks once a row)
        check_row(Person(*(values.get(c) for c in _PERSON_COLUMNS)), columns=_PERSON_FILE_COLUMNS)
        check_row(Household(code=row["household_id"]), columns={"code": "household_id"})
        values["date_of_birth"] = full.isoformat() if full else None
        values["birth_latest"] = latest.isoformat() if latest else None
        values["household_code"] = row["household_id"]
        return values

    # --- a batch ---------------------------------------------------------------------------

    def existing_keys(self, keys: list[str]) -> set[str]:
        if connection.vendor == "postgresql":  # one array parameter plans faster than 5,000
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT record_id FROM {Person._meta.db_table} WHERE record_id = ANY(%s)",  # noqa: S608
                               [keys])
                return {r[0] for r in cursor.fetchall()}
        return set(Person.objects.filter(record_id__in=keys).values_list("record_id", flat=True))

    def prepare(self, people: list[dict]) -> None:
        """Before publishing, outside the lock: spouses' names, the name's blind indexes, the
        identity document, and every personal value sealed (it leaves here sealed only)."""
        heads: dict[str, dict] = {}
        for p in people:
            if p["relation_to_head"] == HEAD:
                heads[p["household_code"]] = p
        for p in people:  # the head's husband or wife: each gets the other's name
            head = heads.get(p["household_code"])
            if head is not None and p["relation_to_head"] in _SPOUSES:
                p["spouse_name"] = p["spouse_name"] or head["full_name"]
                head["spouse_name"] = head["spouse_name"] or p["full_name"]
        opened: set[str] = set()
        for p in people:
            p["name_keys"] = name_indexes(p["full_name"])
            p["household_address"] = None
            if p["household_code"] and p["household_code"] not in opened:  # the household it may open
                opened.add(p["household_code"])
                p["household_address"] = _household_address(p["address"])
            p["document"] = None
            if p["id_number"]:
                kind = idnumbers.CCCD if len(p["id_number"]) == 12 else idnumbers.CMND
                p["document"] = (kind, crypto.seal(p["id_number"], _NUMBER_CONTEXT), p["id_number_bidx"])
            for column, context in _SEALED_COLUMNS:
                p[column] = crypto.seal(p[column], context)

    def _link_households(self, people: list[dict]) -> None:
        codes = {p["household_code"] for p in people if p["household_code"]} - self.households.keys()
        if codes:
            self.households.update(Household.objects.filter(code__in=codes).values_list("code", "id"))
            new = {}
            for p in people:
                code = p["household_code"]
                if code in codes and code not in self.households and code not in new:
                    # the address sealed and indexed by `prepare` (the person's own is sealed by now)
                    new[code] = (code, p["unit_id"], p["household_address"]
                                 or _household_address(crypto.unseal(p["address"], _PERSON_ADDRESS)))
            ids = reserve_ids(Household, len(new))
            insert_rows(Household, ["id", "code", "unit_id", "address", "import_batch_id"],
                        [(pk, code, unit_id, sealed, self.import_batch)
                         for pk, (code, unit_id, (sealed, _)) in zip(ids, new.values(), strict=True)])
            insert_rows(HouseholdAddressIndex, ["household_id", "key", "import_batch_id"],
                        [(pk, key, self.import_batch) for pk, (_, _, (_, keys)) in zip(ids, new.values(), strict=True)
                         for key in keys])
            self.households.update(zip(new, ids, strict=True))
        for p in people:
            p["household_id"] = self.households.get(p["household_code"])

    def store(self, cleaned: list[dict]) -> int:
        """Inserts only: `prepare` has sealed the values (`self.households` caches the households
        this import found or created, so a store rolled back must not be retried)."""
        self._link_households(cleaned)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        ids = reserve_ids(Person, len(cleaned))
        rows, docs, names = [], [], []
        batch = self.import_batch
        for pk, p in zip(ids, cleaned, strict=True):
            p["id"] = pk
            p["created_at"] = p["updated_at"] = now
            p["import_batch_id"] = batch
            names.extend((pk, key, batch) for key in p["name_keys"])
            if p["document"]:
                docs.append((pk, *p["document"], "", True, batch))
            rows.append(tuple(p[c] for c in _PERSON_COLUMNS))
        insert_rows(Person, _PERSON_COLUMNS, rows)
        self.stored_ids.extend(ids)
        insert_rows(PersonNameIndex, ["person_id", "key", "import_batch_id"], names)
        doc_ids = reserve_ids(IdentityDocument, len(docs))
        insert_rows(IdentityDocument, ["id", "person_id", "kind", "number", "number_bidx", "issued_by", "valid",
                                       "import_batch_id"],
                    [(pk, *d) for pk, d in zip(doc_ids, docs, strict=True)])
        return len(cleaned)

    def finish(self) -> None:
        refresh_statistics(*self.publishable)
        # new residents: no application yet, so each only adds +1 eligible on the day they turn 14
        kept.add_new(self.stored_ids)


_PERSON_COLUMNS = [f.attname for f in Person._meta.concrete_fields]
_SEALED_COLUMNS = [(f.attname, f.context()) for f in crypto.encrypted_fields(Person)]
_HOUSEHOLD_ADDRESS = Household._meta.get_field("address").context()
_PERSON_ADDRESS = Person._meta.get_field("address").context()


def _household_address(address: str) -> tuple[str, list[str]]:
    """A household's address as stored: sealed, and its blind indexes."""
    return crypto.seal(address, _HOUSEHOLD_ADDRESS), address_indexes(address)
_NUMBER_CONTEXT = IdentityDocument._meta.get_field("number").context()
#: Text columns of the file stored as they are (checked by `Person.clean`, never cut).
_TEXT_COLUMNS = ("record_id", "source", "ethnicity", "religion", "hometown", "address", "father_name",
                 "mother_name", "relation_to_head")
_PERSON_FILE_COLUMNS = {"unit": "address", "birth_year": "date_of_birth", "birth_month": "date_of_birth"}


# --- ID-card applications ------------------------------------------------------------------

ID_CARD_COLUMNS = ("application_id", "record_id", "step", "on", "unit_code")
#: No chip-based ID-card application predates the 12-digit citizen identity card (2016).
FIRST_CARD_DAY = date(2016, 1, 1)


@dataclass
class _Application:
    """What the import knows of one application: stored steps first, then the file's."""

    record_id: str
    person_id: int
    pk: int | None = None
    steps: list[tuple[str, date]] = field(default_factory=list)
    stored: int = 0  # how many of `steps` were in the database before this file


class IdCardImporter(Importer):
    """`congan import id_cards FILE`: one row per step of a chip-based ID-card application
    (DESIGN.md). Each application's steps are checked against the workflow (`NEXT_STEPS`, the
    rule the person page's form follows too) and must not go back in time; a step already
    stored (same step, same day) is skipped, so a cumulative file can be imported again."""

    register = "id_cards"
    columns = ID_CARD_COLUMNS
    key_column = ""  # an application spans several rows

    def __init__(self, *, actor=None, today: date | None = None):
        super().__init__(actor=actor)
        self.today = today or date.today()
        self.units = UnitResolver(actor)
        self.applications: dict[str, _Application] = {}
        self.people: dict[str, int] = {}

    def _person(self, record_id: str) -> int:
        if record_id not in self.people:
            pk = Person.objects.filter(record_id=record_id).values_list("pk", flat=True).first()
            if pk is None:
                raise RowError("record_id", gettext_noop("no resident has this record_id (import the residents first)"), record_id)
            if len(self.people) > 100_000:
                self.people.clear()
            self.people[record_id] = pk
        return self.people[record_id]

    def _application(self, code: str, record_id: str) -> _Application:
        if code not in self.applications:
            stored = IdCardApplication.objects.filter(code=code).select_related("person").first()
            if stored is None:
                self.applications[code] = _Application(record_id, self._person(record_id))
            else:
                steps = list(stored.steps.order_by("on", "id").values_list("kind", "on"))
                self.applications[code] = _Application(stored.person.record_id, stored.person_id, stored.pk,
                                                       steps, len(steps))
        return self.applications[code]

    def clean_row(self, row: dict[str, str]) -> tuple | None:
        code = row["application_id"]
        if not code:
            raise RowError("application_id", gettext_noop("required"), code)
        if len(code) > 40:
            raise RowError("application_id", "longer than 40 characters", code)
        record_id = row["record_id"]
        if not record_id:
            raise RowError("record_id", gettext_noop("required"), record_id)
        step = parse_choice(row["step"], "step", CardStep.values)
        on = parse_iso_date(row["on"], "on")
        if on > self.today:
            raise RowError("on", gettext_noop("a date after today"), row["on"])
        if on < FIRST_CARD_DAY:
            raise RowError("on", f"before {FIRST_CARD_DAY.isoformat()}, when the 12-digit citizen ID card began",
                           row["on"])
        unit = self.units.resolve_column(row, "unit_code", on)
        application = self._application(code, record_id)
        if application.record_id != record_id:
            raise RowError("record_id", f"application {code} belongs to resident {application.record_id}", record_id)
        if (step, on) in application.steps[:application.stored]:
            return None  # already stored
        last = application.steps[-1] if application.steps else None
        allowed = NEXT_STEPS[CardStep(last[0]) if last else None]
        if step not in allowed:
            expected = ", ".join(sorted(allowed)) or "none (the card was handed over)"
            raise RowError("step", f"cannot follow {last[0] if last else 'the start'}; expected {expected}", step)
        if last and on < last[1]:
            raise RowError("on", f"before the application's previous step ({last[1].isoformat()})", row["on"])
        application.steps.append((step, on))
        return code, step, on, unit.pk

    def store(self, cleaned: list[tuple | None]) -> int:
        stored, status, people = 0, {}, set()
        with kept.suspended():
            for row in cleaned:
                if row is None:
                    continue
                code, step, on, unit_id = row
                application = self.applications[code]
                if application.pk is None:
                    application.pk = IdCardApplication.objects.create(
                        person_id=application.person_id, unit_id=unit_id, status=step, collected_on=on,
                        last_step_on=on, code=code).pk
                IdCardStep.objects.create(application_id=application.pk, kind=step, on=on, unit_id=unit_id,
                                          actor=self.actor)
                status[application.pk] = (step, on)
                people.add(application.person_id)
                stored += 1
            for pk, (step, on) in status.items():
                IdCardApplication.objects.filter(pk=pk).update(status=step, last_step_on=on)
        kept.refresh(people)
        return stored


IMPORTERS = {"residents": ResidentImporter, "id_cards": IdCardImporter}
