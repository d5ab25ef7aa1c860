"""The leak matrix: every route × every named user × a record inside and outside their area.

Routes are read from the code (the URL resolver and the API's OpenAPI schema, tests/support/routes.py)
and compared with `ROUTES`, the declared table of how each is exercised: which record kind fills its
parameters, whether it is read (GET) and what a write (POST) sends. A route without a row fails.

The world (built once for the module): the same set of records in four wards, each carrying its
ward's markers (a full name "Zzmarker <ward>", ID numbers, a date of birth and record ids of its
own) — An Hòa (A, 31120), Ô Môn's Châu Văn Liêm (B, 31153), Xuân Khánh (C, 31144) and a ward of
Hà Nội (X, outside the city) — and in An Hòa records linked across units: a household whose head and
members are registered in B, C and X, a case whose suspects are residents of B, C and X, wanted
persons linked to residents of B and X, review pairs across wards, a chuyên án with cases in every ward.

For each request: no server error; no marker of a ward outside the user's area in the body; a record
outside the area (or behind a link outside it, for a change through the link) answers 404 or 403,
leaves a `denied` audit entry and, for a write, changes nothing (a snapshot of the record tables).
A record inside the area answers anything but 404 (a 403 by role is audited too), and one write per
route by an officer of the area does change the tables, so the data sent is plausible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.support.routes import all_routes

# --- who sees which ward -------------------------------------------------------------------------

WARDS = {"A": ("31120", "Anhoa"), "B": ("31153", "Omon"), "C": ("31144", "Xuankhanh"), "X": ("00001", "Hanoi")}
#: Declared, not computed by the code under test: the wards inside each named user's area.
INSIDE = {
    "anhoa": {"A"}, "nhaplieu": {"A"}, "xuankhanh": {"C"}, "ninhkieu": {"A", "C"},
    "ninhkieu2025": {"C"},  # Phường Ninh Kiều (2025) took over Tân An, Thới Bình and Xuân Khánh
    "chauvanliem": {"B"}, "lanhdao": {"A", "B", "C"}, "thongke": {"A", "B", "C"}, "quantri": {"A", "B", "C"},
    "kiemtra": set(),  # the auditor sees no records
}
USERS = tuple(INSIDE)
#: One user of each kind of area: ward, district, another district's ward, 2025 ward, city, auditor.
REPORT_USERS = ("anhoa", "ninhkieu", "chauvanliem", "ninhkieu2025", "lanhdao", "kiemtra")
INTEGRITY_USERS = (*REPORT_USERS, "thongke")
#: A report's period: one police month (the world's records fall in it) builds faster than a year.
A_MONTH = {"kind": "police_month", "year": 2024, "number": 3}
#: The report's figures (no records): the auditor sees those of the city.
AGGREGATES = {**INSIDE, "kiemtra": {"A", "B", "C"}}
ALL = frozenset(WARDS)


def birth(ward: str) -> date:
    return date(1961, 2, 10 + "ABCX".index(ward))


def id_prefix(ward: str) -> str:
    return f"0920617{'ABCX'.index(ward) + 1}"  # a valid CCCD of a man born in 1961, then the ward


def markers(ward: str) -> list[str]:
    label = WARDS[ward][1]
    day = birth(ward)
    return [f"zzmarker {label}".lower(), id_prefix(ward), f"zzrec{label}".lower(),
            day.isoformat(), day.strftime("%d/%m/%Y")]


def forbidden(username: str) -> list[str]:
    return [m for ward in sorted(ALL - INSIDE[username]) for m in markers(ward)]


# --- the world --------------------------------------------------------------------------------------

@dataclass
class Ward:
    key: str
    code: str
    unit: object
    person: object = None      # head of `household`, with a place and a document
    member: object = None      # a member of `household`
    spare: object = None       # a resident of no household (to move in)
    place: object = None
    document: object = None
    household: object = None
    case: object = None
    suspect: object = None
    operation: object = None
    accident: object = None
    receipt: object = None
    wanted: object = None
    pair: object = None


@dataclass
class World:
    wards: dict[str, Ward]
    links: dict[str, object] = field(default_factory=dict)
    shared: dict[str, object] = field(default_factory=dict)


def _build_world() -> World:
    from congan.campaigns.models import Campaign
    from congan.cases.models import Suspect
    from congan.dataquality.models import CleansingRun, ReviewPair
    from congan.org.models import User
    from congan.registry.models import HEAD, IdentityDocument, Place
    from congan.traffic.models import Vehicle
    from tests.campaigns.factories import ReceiptFactory, WantedFactory
    from tests.cases.factories import CaseFactory, OperationFactory, SuspectFactory
    from tests.org.factories import unit
    from tests.registry.factories import HouseholdFactory, PersonFactory
    from tests.traffic.factories import AccidentFactory

    counter = iter(range(1, 10_000))

    def resident(ward: str, role: str, **fields):
        n = next(counter)
        label = WARDS[ward][1]
        return PersonFactory(unit_code=WARDS[ward][0], full_name=f"Zzmarker {label} {role}",
                             date_of_birth=birth(ward), id_number=f"{id_prefix(ward)}{n:04d}",
                             record_id=f"ZZREC{label}{n}", address=f"Zzmarker {label} street", **fields)

    run = CleansingRun.objects.create(lower=0.5, upper=0.95, status="done", model={"matrix": True})
    campaign = Campaign.objects.create(name="Chiến dịch ma trận", unit=unit("31120"),
                                       starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    wards = {}
    for key, (code, label) in WARDS.items():
        w = Ward(key, code, unit(code))
        w.household = HouseholdFactory(unit_code=code, code=f"HZZ{label}", address=f"Zzmarker {label} household")
        w.person = resident(key, "head", household=w.household, relation_to_head=HEAD)
        w.member = resident(key, "member", household=w.household, relation_to_head="Con")
        w.spare = resident(key, "spare")
        w.place = Place.objects.create(person=w.person, kind="temporary", address=f"Zzmarker {label} place",
                                       unit=w.unit, since=date(2020, 1, 1))
        w.document = IdentityDocument.objects.create(person=w.person, kind="cccd", number=w.person.id_number,
                                                     issued_on=date(2021, 1, 1), issued_by="C06")
        w.case = CaseFactory(unit_code=code, summary=f"Zzmarker {label} case")
        w.suspect = SuspectFactory(case=w.case, full_name=f"Zzmarker {label} suspect", year_of_birth=1961)
        w.operation = OperationFactory(unit_code=code, cases=[w.case])
        w.accident = AccidentFactory(unit_code=code, place=f"Zzmarker {label} road")
        Vehicle.objects.create(accident=w.accident, type="car", plate="65A-00001")
        w.receipt = ReceiptFactory(unit_code=code, handed_in_by=f"Zzmarker {label} giver", campaign=campaign)
        w.wanted = WantedFactory(unit_code=code, full_name=f"Zzmarker {label} wanted", year_of_birth=1961)
        twin = resident(key, "twin")
        w.pair = ReviewPair.objects.create(run=run, left=w.spare, right=twin, probability=0.8)
        wards[key] = w

    a = wards["A"]
    links: dict[str, object] = {}
    # A household of An Hòa: its head registered in B, members in A, C and X.
    links["household"] = HouseholdFactory(unit_code="31120", code="HZZLINK", address="Số 1, Phường An Hòa")
    links["head_B"] = resident("B", "linked head", household=links["household"], relation_to_head=HEAD)
    for ward in "ACX":
        links[f"member_{ward}"] = resident(ward, "linked member", household=links["household"],
                                           relation_to_head="Con")
    # A case of An Hòa whose suspects are residents of B, C and X (names as written on the case).
    links["case"] = CaseFactory(unit_code="31120")
    for ward in "BCX":
        links[f"suspect_{ward}"] = Suspect.objects.create(case=links["case"], full_name=f"Bị can liên kết {ward}",
                                                          year_of_birth=1961, person=wards[ward].person)
    # Wanted persons listed by An Hòa, linked to residents of B and X.
    for ward in "BX":
        links[f"wanted_{ward}"] = WantedFactory(unit_code="31120", full_name=f"Đối tượng liên kết {ward}",
                                                person=wards[ward].member)
    # Review pairs across wards, and a chuyên án of An Hòa with cases in every ward.
    for ward in "BCX":
        links[f"pair_{ward}"] = ReviewPair.objects.create(run=run, left=a.member, right=wards[ward].spare,
                                                          probability=0.7)
    links["operation"] = OperationFactory(unit_code="31120", cases=[w.case for w in wards.values()])
    from congan.reports import filing, periods

    statistician = User.objects.get(username="thongke")
    links["filed_A"], links["filed_B"] = (
        filing.file_report(unit=wards[k].unit, period=periods.police_year(2024), actor=statistician) for k in "AB")
    from congan.org.models import Job

    # A clerk's import that was refused, its rejects quoting An Hòa's markers: only she and the
    # administrator may read it.
    job = Job.objects.create(kind="import", requested_by=User.objects.get(username="anhoa"), label="Cư dân: a.csv",
                             status="finished", reject_count=1,
                             rejects=[{"row": 2, "field": "họ và tên", "value": markers("A")[0], "reason": "bắt buộc"}])
    shared = {"run": run, "campaign": campaign, "account": User.objects.get(username="xuankhanh"), "job": job}
    return World(wards, links, shared)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each test's own
    transaction (pytest-django) nests inside it, so writes made by a test are undone after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    from congan.org.models import User

    with django_db_blocker.unblock():
        out = {}
        for user in User.objects.filter(username__in=USERS).select_related("unit__admin_unit"):
            client = Client(raise_request_exception=False)  # a server error is a finding, not a crash
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            out[user.username] = (user, client)
        return out


# --- how each route is exercised ---------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """One way to fill a route: its URL kwargs and query, the data of a write, and what must lie
    inside the user's area (`needs`, wards) or which users may (`users`) for it to be allowed."""

    name: str
    kwargs: dict
    needs: frozenset = frozenset()
    users: frozenset | None = None
    query: dict = field(default_factory=dict)
    data: dict | None = None
    get: bool = True
    #: What a refusal may answer: a unit code typed in a form outside the area is refused on the
    #: form (200, the field's error, audited); a code unknown to the city is a plain form error.
    refusals: tuple[int, ...] = (403, 404)
    audited: bool = True
    #: Figures, not records: the auditor sees those of the city (reports.views.visible_unit_ids).
    aggregate: bool = False
    #: What the user typed and the page may echo back (a search for an ID number).
    echo: str = ""

    def allowed(self, username: str) -> bool:
        if self.users is not None and username not in self.users:
            return False
        return self.needs <= (AGGREGATES if self.aggregate else INSIDE)[username]


@dataclass(frozen=True)
class Route:
    """`variants(world)` gives the ways to fill it; `get`/`post` which methods are sent; `post_data(world,
    ward, variant)` the write's data; `canary` (user, variant name) the inside write that must change
    the tables (None: with the reason in `no_canary`); `api`: JSON in and out."""

    variants: Callable[[World], list[Variant]]
    get: bool = True
    post: Callable[[World, Variant], dict] | None = None
    canary: tuple[str, str] | None = ("anhoa", "A")
    no_canary: str = ""
    post_users: frozenset | None = None  # who sends the write (default: everyone)
    #: The users tried (default: all ten); a report's figures take a second each to build, so its
    #: routes try one user of each kind of area (ward, its clerk's twin and the 2025 ward skipped).
    users: tuple[str, ...] | None = None
    api: bool = False


REASON = "Kiểm tra ma trận"


def per_ward(kind: str, **more: str) -> Callable[[World], list[Variant]]:
    """The record `kind` of each ward: {"pk": ward.kind, more kwarg: ward.attribute}."""

    def variants(world: World) -> list[Variant]:
        return [Variant(key, {"pk": getattr(w, kind).pk, **{k: getattr(w, a).pk for k, a in more.items()}},
                        needs=frozenset(key)) for key, w in world.wards.items()]

    return variants


def with_links(base: Callable[[World], list[Variant]], *links: Callable[[World], Variant]):
    return lambda world: base(world) + [make(world) for make in links]


def _each(many: Callable[[World], list[Variant]]) -> list[Callable[[World], Variant]]:
    """`typed` variants as `with_links` takes them: one maker per ward other than An Hòa."""
    return [lambda world, i=i: many(world)[i] for i in range(len(WARDS) - 1)]


def link(name: str, needs: str = "A", **kwargs: str) -> Callable[[World], Variant]:
    """A variant through a link: kwargs name entries of world.links."""
    return lambda world: Variant(name, {k: world.links[v].pk for k, v in kwargs.items()}, needs=frozenset(needs))


def typed(name: str, pk: Callable[[World], object], data: Callable[[World, Ward], dict]):
    """A write on a record of An Hòa naming, by a typed reference, a resident of each other ward:
    refused on the form (200) or with 404 unless the resident lies inside the area too, audited."""
    return lambda world: [Variant(f"{name} {key}", {"pk": pk(world).pk} if pk else {}, needs=frozenset("A" + key),
                                  data=data(world, w), refusals=(200, 403, 404), get=False)
                          for key, w in world.wards.items() if key != "A"]


def no_params(world: World) -> list[Variant]:
    return [Variant("list", {})]


def unit_filter(param: str = "unit", **extra) -> Callable[[World], list[Variant]]:
    """A list without a filter, then filtered on each ward (the AdminUnit id, as the pages send it)."""

    def variants(world: World) -> list[Variant]:
        return [Variant("list", {}), *[Variant(f"unit {key}", {}, needs=frozenset(key),
                                               query={param: w.unit.pk, **extra}) for key, w in world.wards.items()]]

    return variants


def api_unit_filter(**extra) -> Callable[[World], list[Variant]]:
    """An API list without a unit, then with each ward's code and era."""

    def variants(world: World) -> list[Variant]:
        return [Variant("list", {}, query=dict(extra.get("base", {}))),
                *[Variant(f"unit {key}", {}, needs=frozenset(key),
                          query={"unit_code": w.code, "era": "legacy", **extra.get("base", {})})
                  for key, w in world.wards.items()]]

    return variants


def api_unit_required(param: str = "unit", **base) -> Callable[[World], list[Variant]]:
    return lambda world: [Variant(f"unit {key}", {}, needs=frozenset(key),
                                  query={param: w.code, "era": "legacy", **base}) for key, w in world.wards.items()]


def creating(world: World) -> list[Variant]:
    """The empty form, then a new record typed with each ward's code: saved inside the area only; a
    code outside the area is refused on the form (audited), a code outside the city is unknown."""
    return [Variant("form", {}), *[
        Variant(f"ward {key}", {}, needs=frozenset(key), get=False, refusals=(200, 403, 404), audited=key != "X")
        for key in world.wards]]


def _as_json(data):
    """A form's data as the API takes it: an empty field is absent (null), not an empty string."""
    return lambda world, v: {k: (None if value == "" else value) for k, value in data(world, v).items()}


def _api_creating(world: World) -> list[Variant]:
    """A new record sent to the API with each ward's code: saved inside the area only; a code
    outside the area is refused with a 422 naming it (audited), a code outside the city is unknown."""
    return [Variant(f"ward {key}", {}, needs=frozenset(key), get=False, refusals=(403, 404, 422), audited=key != "X")
            for key in world.wards]


def users_only(*usernames: str, kind: str = "") -> Callable[[World], list[Variant]]:
    """A route of certain roles (by user): `kind` fills pk from world.shared."""

    def variants(world: World) -> list[Variant]:
        kwargs = {"pk": world.shared[kind].pk} if kind else {}
        return [Variant("role", kwargs, users=frozenset(usernames))]

    return variants


def _ward_of(world: World, v: Variant) -> Ward:
    key = v.name[-1]
    return world.wards[key] if key in world.wards and (len(v.name) == 1 or " " in v.name) else world.wards["A"]


# POST data --------------------------------------------------------------------------------------

def case_data(world, v):
    w = _ward_of(world, v)
    return {"case_number": f"VA-MATRIX-{w.key}", "detected_on": "2024-04-01", "articles": "173",
            "severity": "nghiem_trong", "category": "theft", "unit_code": w.code, "summary": "Ma trận"}


def operation_data(world, v):
    w = _ward_of(world, v)
    return {"number": f"CA-MATRIX-{w.key}", "name": "Chuyên án ma trận", "opened_on": "2024-04-01",
            "lead_unit_code": w.code, "case_numbers": w.case.case_number, "summary": "Ma trận"}


def accident_data(world, v):
    w = _ward_of(world, v)
    return {"accident_number": f"TN-MATRIX-{w.key}", "occurred_on": "2024-04-01", "place": "Đường 3/2",
            "road": "", "cause": "speeding", "deaths": 0, "injuries": 0, "unit_code": w.code, "description": ""}


def receipt_data(world, v):
    w = _ward_of(world, v)
    return {"receipt_number": f"BN-MATRIX-{w.key}", "received_on": "2024-04-01", "handed_in_by": "Người giao",
            "campaign": "", "note": "", "unit_code": w.code}


def wanted_data(world, v):
    w = _ward_of(world, v)
    return {"wanted_number": f"TNA-MATRIX-{w.key}", "listed_on": "2024-04-01", "decision_number": "QĐ-1",
            "full_name": "Đối tượng mới", "year_of_birth": 1980, "offence": "Trộm cắp", "wanted_type": "normal",
            "unit_code": w.code}


def resident_data(world, v):
    w = _ward_of(world, v)
    return {"full_name": "Nguyễn Văn Mới", "date_of_birth": "1990-05-05", "sex": "Nam", "id_number": "",
            "ethnicity": "Kinh", "religion": "", "nationality": "Việt Nam", "hometown": "", "address": "Số 2",
            "unit": w.unit.pk, "father_name": "", "mother_name": "", "spouse_name": "", "relation_to_head": "",
            "reason": REASON}


def campaign_data(world, v):
    w = _ward_of(world, v)
    return {"name": f"Chiến dịch {w.key}", "starts_on": "2024-04-01", "ends_on": "2024-06-01", "unit_code": w.code}


def place_data(world, v):
    return {"kind": "temporary", "address": "Số 9", "ward": _ward_of(world, v).code, "since": "2023-01-01",
            "until": "", "reason": REASON}


def account_data(world, v):
    return {"username": "matrixnew", "last_name": "Nguyễn", "first_name": "Mới", "unit": "",
            "role": "auditor", "is_active": "on", "password": "Matrix-password-2026!"}


def head_data(world, v):
    new_head = world.links["member_A"] if v.name == "link" else _ward_of(world, v).member
    return {"new_head": new_head.pk, "old_head_relation": "Cha", "reason": REASON}


def member_add_data(world, v):
    return {"resident": world.wards["A"].spare.record_id if v.name == "link" else _ward_of(world, v).spare.record_id,
            "relation": "Con", "reason": REASON}


def const(data: dict) -> Callable[[World, Variant], dict]:
    return lambda world, v: dict(data)


def _per_ward_pk(kind: str) -> Callable[[World], list[Variant]]:
    """Like per_ward, named "ward X" so the write's data follows the ward."""

    def variants(world):
        return [Variant(f"ward {key}", {"pk": getattr(w, kind).pk}, needs=frozenset(key))
                for key, w in world.wards.items()]

    return variants


def filed(**kwargs):
    """The reports filed for An Hòa and Châu Văn Liêm (figures: the auditor sees the city's)."""
    return lambda world: [Variant(key, {"pk": world.links[f"filed_{key}"].pk, **kwargs}, needs=frozenset(key),
                                  aggregate=True) for key in "AB"]


def _first_flag() -> str:
    from congan.reports.integrity import BY_KEY

    return next(iter(BY_KEY))


def figures(base):
    """Variants of a report's figures (the auditor sees the city's)."""
    return lambda world: [replace(v, aggregate=True) for v in base(world)]


def _ward_named(base):
    return lambda world: [Variant(f"ward {v.name}" if len(v.name) == 1 else v.name, v.kwargs, v.needs, v.users,
                                  v.query, v.data) for v in base(world)]


RECORD_AUDITORS = frozenset({"kiemtra", "quantri"})
ADMINS = frozenset({"quantri"})
NOT_RUNNERS = frozenset(USERS) - {"thongke", "quantri"}  # a run by those two rescores the registry

ROUTES: dict[str, Route] = {
    # the site's pages -----------------------------------------------------------------------
    "home": Route(no_params),
    "org:audit": Route(users_only(*RECORD_AUDITORS)),
    "org:audit_verify": Route(users_only(*RECORD_AUDITORS), get=False, post=const({}), canary=None,
                              no_canary="verifying changes nothing"),
    "org:users": Route(users_only(*ADMINS)),
    "org:jobs": Route(no_params),
    "org:job": Route(users_only("anhoa", *ADMINS, kind="job")),
    "org:job_progress": Route(users_only("anhoa", *ADMINS, kind="job")),
    "project:import": Route(no_params, post=const({"register": "cases"}), canary=None,
                            no_canary="an import needs a file, and a queued import writes nothing until the "
                                      "worker runs it (tests/project/test_jobs.py)"),
    "org:user_create": Route(users_only(*ADMINS), post=account_data, canary=("quantri", "role")),
    "org:user_edit": Route(users_only(*ADMINS, kind="account"), canary=("quantri", "role"),
                           post=const({"last_name": "Huỳnh", "first_name": "Đổi", "unit": "", "role": "auditor",
                                       "is_active": "on"})),
    "org:user_password": Route(users_only(*ADMINS, kind="account"), canary=("quantri", "role"),
                               post=const({"new_password1": "Matrix-password-2026!",
                                           "new_password2": "Matrix-password-2026!"})),
    "org:user_unlock": Route(users_only(*ADMINS, kind="account"), get=False, post=const({}), canary=None,
                             no_canary="unlocking an account that is not locked changes nothing"),
    "registry:search": Route(lambda world: [Variant("list", {}, query={"q": "Zzmarker"}),
                                            *[Variant(f"id {k}", {}, query={"q": w.person.id_number}, echo=w.person.id_number)
                                              for k, w in world.wards.items()]]),
    "registry:list": Route(no_params),
    "registry:person_add": Route(creating, post=resident_data, canary=("anhoa", "ward A")),
    "registry:person": Route(with_links(per_ward("person"), link("link", pk="member_A"))),
    "registry:person_edit": Route(_per_ward_pk("person"), canary=("anhoa", "ward A"),
                                  post=lambda world, v: {**resident_data(world, v), "full_name": "Tên Đã Sửa"}),
    "registry:card_step": Route(per_ward("person"), get=False,
                                post=const({"kind": "collected", "on": "2024-05-01", "note": ""})),
    "registry:place_add": Route(_per_ward_pk("person"), post=place_data, canary=("anhoa", "ward A")),
    "registry:place_end": Route(per_ward("person", place_pk="place"),
                                post=const({"until": "2024-06-01", "reason": REASON})),
    "registry:document_add": Route(per_ward("person"),
                                   post=const({"number": "092061999999", "issued_on": "2022-01-01", "issuing_unit": "",
                                               "issued_by": "Cục C06", "current": "", "reason": REASON})),
    "registry:document_invalidate": Route(per_ward("person", doc_pk="document"), post=const({"reason": REASON})),
    "registry:household": Route(with_links(per_ward("household"), link("link", pk="household"))),
    "registry:household_edit": Route(per_ward("household"),
                                     post=const({"address": "Số 10", "ward": "", "on": "", "reason": REASON})),
    "registry:household_member_add": Route(with_links(
        _ward_named(per_ward("household")), link("link", pk="household"),
        *_each(typed("typed resident", lambda world: world.wards["A"].household,
                     lambda world, w: {"resident": w.spare.record_id, "relation": "Con", "reason": REASON}))),
        post=member_add_data,
                                           canary=("anhoa", "ward A")),
    "registry:household_member_remove": Route(
        with_links(per_ward("household", person_pk="member"),
                   *[link(f"link {w}", needs="A" + w, pk="household", person_pk=f"member_{w}") for w in "CX"],
                   link("link head B", needs="AB", pk="household", person_pk="head_B")),
        post=const({"reason": REASON})),
    "registry:household_head": Route(with_links(_ward_named(per_ward("household")),
                                                link("link", needs="AB", pk="household")),
                                     post=head_data, canary=("anhoa", "ward A")),
    "registry:id_cards": Route(no_params),
    "registry:id_cards_overdue": Route(no_params),
    "registry:households": Route(lambda world: [Variant("list", {}), Variant("search", {}, query={"q": "HZZ"})]),
    "registry:household_create": Route(with_links(creating, *_each(typed("typed head", None, lambda world, w: {
        "code": "HNEWTYPED", "head": w.spare.record_id, "address": "Số 3", "ward": "31120", "on": "2024-04-01",
        "reason": REASON}))), canary=("anhoa", "ward A"), post=lambda world, v: {
        "code": f"HNEW{_ward_of(world, v).key}", "head": _ward_of(world, v).spare.record_id, "address": "Số 3",
        "ward": _ward_of(world, v).code, "on": "2024-04-01", "reason": REASON}),
    "registry:household_split": Route(with_links(
        _ward_named(per_ward("household")), link("link", pk="household"),
        *[lambda world, w=w: Variant(f"link founder {w}", {"pk": world.links["household"].pk}, needs=frozenset("A" + w),
                                     get=False, data={"founder": world.links[f"member_{w}"].pk, "code": "HSPLITL",
                                                      "address": "Số 4", "reason": REASON}) for w in "CX"],
        lambda world: Variant("link goes along B", {"pk": world.links["household"].pk}, needs=frozenset("AB"),
                              get=False, data={"founder": world.links["member_A"].pk, "code": "HSPLITL",
                                               "address": "Số 4", f"move_{world.links['head_B'].pk}": "on",
                                               f"relation_{world.links['head_B'].pk}": "Cha", "reason": REASON})),
                                      canary=("anhoa", "ward A"), post=lambda world, v: {
        "founder": (world.links["member_A"] if v.name == "link" else _ward_of(world, v).member).pk,
        "code": f"HSPLIT{_ward_of(world, v).key}", "address": "Số 4", "reason": REASON}),
    "dataquality:queue": Route(no_params),
    "dataquality:pair": Route(with_links(per_ward("pair"),
                                         *[link(f"link {w}", needs="A" + w, pk=f"pair_{w}") for w in "BCX"])),
    "dataquality:decide": Route(with_links(per_ward("pair"),
                                           *[link(f"link {w}", needs="A" + w, pk=f"pair_{w}") for w in "BCX"]),
                                get=False, post=const({"decision": "keep_apart", "reason": REASON})),
    "dataquality:undo": Route(per_ward("pair"), get=False, post=const({"reason": REASON}), canary=None,
                              no_canary="the world's pairs are pending: an undo has nothing to take back"),
    "dataquality:runs": Route(no_params, post=const({"train": "on"}), post_users=NOT_RUNNERS, canary=None,
                              no_canary="a run trains the model over the registry (tests/dataquality covers it)"),
    "dataquality:run_model": Route(lambda world: [Variant("run", {"pk": world.shared["run"].pk})]),
    "dataquality:rates": Route(no_params),
    "cases:list": Route(unit_filter()),
    "cases:create": Route(creating, post=case_data, canary=("anhoa", "ward A")),
    "cases:detail": Route(with_links(per_ward("case"), link("link", pk="case"))),
    "cases:edit": Route(_per_ward_pk("case"), post=lambda world, v: {
        **case_data(world, v), "case_number": _ward_of(world, v).case.case_number}, canary=("anhoa", "ward A")),
    "cases:clear": Route(per_ward("case"),
                         post=const({"cleared_on": "2024-04-01", "how": "offender_identified",
                                     "clearing_unit_code": "", "reason": REASON})),
    "cases:no_crime": Route(per_ward("case"), post=const({"no_crime_on": "2024-04-01", "reason": REASON})),
    "cases:reopen": Route(per_ward("case"), post=const({"reason": REASON}), canary=None,
                          no_canary="the world's cases are open: re-opening one changes nothing (tests/cases)"),
    "cases:add_suspect": Route(with_links(per_ward("case"), link("link", pk="case"),
                                          *_each(typed("typed resident", lambda world: world.wards["A"].case,
                                                       lambda world, w: {"full_name": "Bị can", "year_of_birth": 1961,
                                                                         "person_record": w.person.record_id,
                                                                         "note": ""}))),
                               post=const({"full_name": "Bị can mới", "year_of_birth": 1990, "person_record": "",
                                           "note": ""})),
    "cases:edit_suspect": Route(with_links(per_ward("case", suspect_pk="suspect"),
                                           *[link(f"link {w}", pk="case", suspect_pk=f"suspect_{w}") for w in "BCX"]),
                                post=const({"full_name": "Bị can đã sửa", "year_of_birth": 1961, "person_record": "",
                                            "note": ""})),
    "cases:operations": Route(unit_filter()),
    "cases:create_operation": Route(creating, post=operation_data, canary=("anhoa", "ward A")),
    "cases:operation": Route(with_links(per_ward("operation"), link("link", pk="operation"))),
    "cases:edit_operation": Route(_per_ward_pk("operation"), canary=("anhoa", "ward A"), post=lambda world, v: {
        **operation_data(world, v), "number": _ward_of(world, v).operation.number, "name": "Tên mới"}),
    "traffic:list": Route(unit_filter()),
    "traffic:create": Route(creating, post=accident_data, canary=("anhoa", "ward A")),
    "traffic:detail": Route(per_ward("accident")),
    "traffic:edit": Route(_per_ward_pk("accident"), canary=("anhoa", "ward A"), post=lambda world, v: {
        **accident_data(world, v), "accident_number": _ward_of(world, v).accident.accident_number,
        "place": "Nơi mới"}),
    "traffic:add_vehicle": Route(per_ward("accident"), post=const({"type": "truck", "plate": "65C-99999"})),
    "traffic:add_casualty": Route(per_ward("accident"),
                                  post=const({"vehicle": "", "outcome": "injured", "injury": "", "died_on": ""})),
    "campaigns:weapons": Route(unit_filter()),
    "campaigns:campaign_create": Route(creating, post=campaign_data, canary=("anhoa", "ward A")),
    "campaigns:campaign": Route(lambda world: [Variant("campaign", {"pk": world.shared["campaign"].pk})]),
    "campaigns:receipt_create": Route(creating, post=receipt_data, canary=("anhoa", "ward A")),
    "campaigns:receipt": Route(per_ward("receipt")),
    "campaigns:receipt_edit": Route(_per_ward_pk("receipt"), canary=("anhoa", "ward A"), post=lambda world, v: {
        **receipt_data(world, v), "receipt_number": _ward_of(world, v).receipt.receipt_number,
        "handed_in_by": "Người khác"}),
    "campaigns:add_item": Route(per_ward("receipt"), post=const({"item_type": "support_tool", "quantity": "2"})),
    "campaigns:wanted": Route(unit_filter()),
    "campaigns:wanted_create": Route(creating, post=wanted_data, canary=("anhoa", "ward A")),
    "campaigns:wanted_detail": Route(with_links(per_ward("wanted"),
                                                *[link(f"link {w}", pk=f"wanted_{w}") for w in "BX"])),
    "campaigns:wanted_edit": Route(_per_ward_pk("wanted"), canary=("anhoa", "ward A"), post=lambda world, v: {
        **wanted_data(world, v), "wanted_number": _ward_of(world, v).wanted.wanted_number, "offence": "Cướp"}),
    "campaigns:wanted_status": Route(_per_ward_pk("wanted"), canary=("anhoa", "ward A"), post=lambda world, v: {
        "status": "arrested", "on": "2024-05-01", "unit_code": _ward_of(world, v).code}),
    "reports:index": Route(figures(unit_filter(**A_MONTH)), users=REPORT_USERS),
    "reports:download": Route(lambda world: [
        Variant(f"{fmt} unit {key}", {"fmt": fmt}, needs=frozenset(key), aggregate=True,
                query={"unit": w.unit.pk, **A_MONTH})
        for fmt in ("json", "html") for key, w in world.wards.items() if fmt == "json" or key == "B"],
        users=REPORT_USERS),
    "reports:records": Route(lambda world: [
        Variant(f"unit {key}", {}, needs=frozenset(key),
                query={"kpi": "crime.detected", "unit": w.unit.pk, "start": "2023-12-15", "end": "2024-12-14"})
        for key, w in world.wards.items()]),
    "reports:targets": Route(lambda world: [Variant("form", {}), *[
        Variant(f"ward {key}", {}, needs=frozenset(key), get=False) for key in world.wards]],
        post=lambda world, v: {"unit": _ward_of(world, v).unit.pk, "year": 2024, "kpi": "crime.clearance_rate",
                               "percent": "80"}, canary=("thongke", "ward A")),
    "reports:issuer": Route(lambda world: [Variant(f"ward {key}", {}, needs=frozenset(key), get=False)
                                           for key in world.wards],
                            post=lambda world, v: {"unit": _ward_of(world, v).unit.pk, "number": "12",
                                                   "signer_name": "Nguyễn Văn Ký", "issued_on": "2024-12-20",
                                                   "next": ""}, canary=("anhoa", "ward A")),
    "reports:integrity": Route(unit_filter(**A_MONTH), users=INTEGRITY_USERS),
    "reports:integrity_cases": Route(lambda world: [
        Variant(f"unit {key}", {}, needs=frozenset(key),
                query={"flag": _first_flag(), "unit": w.unit.pk, "start": "2023-12-15", "end": "2024-12-14"})
        for key, w in world.wards.items()], users=INTEGRITY_USERS),
    "reports:filed": Route(no_params, users=REPORT_USERS),
    "reports:file": Route(lambda world: [Variant(f"ward {key}", {}, needs=frozenset(key), get=False)
                                         for key in "ABX"], users=INTEGRITY_USERS,
                          post=lambda world, v: {"unit": _ward_of(world, v).unit.pk, "kind": "police_year",
                                                 "year": 2023, "note": ""}, canary=("thongke", "ward A")),
    "reports:filed_detail": Route(filed(), users=REPORT_USERS),
    "reports:filed_download": Route(filed(fmt="json"), users=REPORT_USERS),
    "reports:restate": Route(filed(), get=False, users=INTEGRITY_USERS,
                             post=const({"note": "Số liệu đã sửa"}), canary=("thongke", "A")),
    "api:openapi-json": Route(no_params),
    "api:openapi-view": Route(no_params),
    # the API --------------------------------------------------------------------------------------
    "GET /api/registry/people": Route(lambda world: [Variant("list", {}), *[
        Variant(f"q {k}", {}, query={"q": w.person.id_number}, echo=w.person.id_number)
        for k, w in world.wards.items()]], api=True),
    "GET /api/registry/people/{pk}": Route(with_links(per_ward("person"), link("link", pk="member_A")), api=True),
    "GET /api/registry/people/{pk}/history": Route(per_ward("person"), api=True),
    "GET /api/registry/households/{pk}": Route(with_links(per_ward("household"), link("link", pk="household")),
                                               api=True),
    "GET /api/registry/id-cards/collection": Route(api_unit_required(end="2024-12-31"), api=True),
    "GET /api/registry/id-cards/wards": Route(no_params, api=True),
    "GET /api/dataquality/queue": Route(no_params, api=True),
    "GET /api/dataquality/pairs/{pk}": Route(with_links(per_ward("pair"), *[
        link(f"link {w}", needs="A" + w, pk=f"pair_{w}") for w in "BCX"]), api=True),
    "POST /api/dataquality/pairs/{pk}/decision": Route(with_links(per_ward("pair"), *[
        link(f"link {w}", needs="A" + w, pk=f"pair_{w}") for w in "BCX"]), get=False, api=True,
        post=const({"merge": False, "reason": REASON})),
    "GET /api/dataquality/stats": Route(api_unit_required(), api=True),
    "GET /api/dataquality/rates": Route(no_params, api=True),
    # writes through the API run the record's own form: an outside unit code is a 422 (audited)
    "POST /api/cases/cases": Route(_api_creating, api=True, post=_as_json(case_data), canary=("anhoa", "ward A")),
    "PATCH /api/cases/cases/{pk}": Route(_per_ward_pk("case"), get=False, api=True, canary=("anhoa", "ward A"),
                                         post=lambda world, v: {"version": _ward_of(world, v).case.version,
                                                                "summary": "Sửa qua API"}),
    "POST /api/traffic/accidents": Route(_api_creating, api=True, post=_as_json(accident_data), canary=("anhoa", "ward A")),
    "PATCH /api/traffic/accidents/{pk}": Route(_per_ward_pk("accident"), get=False, api=True,
                                               canary=("anhoa", "ward A"), post=lambda world, v: {
                                                   "version": _ward_of(world, v).accident.version,
                                                   "place": "Nơi sửa qua API"}),
    "POST /api/campaigns/receipts": Route(_api_creating, api=True, post=_as_json(receipt_data), canary=("anhoa", "ward A")),
    "PATCH /api/campaigns/receipts/{pk}": Route(_per_ward_pk("receipt"), get=False, api=True,
                                                canary=("anhoa", "ward A"), post=lambda world, v: {
                                                    "version": _ward_of(world, v).receipt.version,
                                                    "handed_in_by": "Người khác qua API"}),
    "POST /api/campaigns/wanted": Route(_api_creating, api=True, post=_as_json(wanted_data), canary=("anhoa", "ward A")),
    "PATCH /api/campaigns/wanted/{pk}": Route(_per_ward_pk("wanted"), get=False, api=True,
                                              canary=("anhoa", "ward A"), post=lambda world, v: {
                                                  "version": _ward_of(world, v).wanted.version,
                                                  "offence": "Cướp tài sản"}),
    "PATCH /api/registry/people/{pk}": Route(_per_ward_pk("person"), get=False, api=True,
                                             canary=("anhoa", "ward A"), post=lambda world, v: {
                                                 "version": _ward_of(world, v).person.version,
                                                 "full_name": "Tên Sửa Qua API", "reason": REASON}),
    "GET /api/cases/cases": Route(api_unit_filter(), api=True),
    "GET /api/cases/cases/{pk}": Route(with_links(per_ward("case"), link("link", pk="case")), api=True),
    "GET /api/traffic/accidents": Route(api_unit_filter(), api=True),
    "GET /api/traffic/accidents/{pk}": Route(per_ward("accident"), api=True),
    "GET /api/campaigns/campaigns": Route(no_params, api=True),
    "GET /api/campaigns/receipts": Route(api_unit_filter(), api=True),
    "GET /api/campaigns/receipts/{pk}": Route(per_ward("receipt"), api=True),
    "GET /api/campaigns/inventory": Route(no_params, api=True),
    "GET /api/campaigns/wanted": Route(api_unit_filter(), api=True),
    "GET /api/campaigns/wanted/{pk}": Route(with_links(per_ward("wanted"), *[
        link(f"link {w}", pk=f"wanted_{w}") for w in "BX"]), api=True),
    "GET /api/reports/report": Route(figures(api_unit_required(year=2024)), api=True, users=REPORT_USERS),
    "GET /api/reports/dashboard": Route(no_params, api=True),
}

#: Routes not in the matrix, each with its reason.
EXCLUDED_PREFIXES = {
    "admin:": "Django's admin site: staff only (is_staff), no officer account has it; not a page of the app",
}
EXCLUDED = {
    "login": "the sign-in page: no record, no area",
    "logout": "signing out: no record, no area",
    "set_language": "Django's i18n view: sets the language cookie, no record",
    "api:api-root": "django-ninja's root of the API: answers 404 to everyone, serves nothing",
}

# --- the checks -------------------------------------------------------------------------------------


def _excluded(route: str) -> str | None:
    return EXCLUDED.get(route) or next((why for p, why in EXCLUDED_PREFIXES.items() if route.startswith(p)), None)


def test_every_route_has_a_row():
    """A route added without a row in ROUTES (or an explicit exclusion) fails, naming it; a row
    whose route is gone fails too."""
    served = set(all_routes())
    missing = sorted(r for r in served if r not in ROUTES and not _excluded(r))
    assert not missing, f"routes with no row in the leak matrix (tests/test_leak_matrix.py ROUTES): {missing}"
    stale = sorted(set(ROUTES) - served)
    assert not stale, f"rows of the leak matrix for routes no longer served: {stale}"
    assert not set(ROUTES) & set(EXCLUDED)


SNAPSHOT_APPS = ("registry", "cases", "traffic", "campaigns", "dataquality", "reports")


def snapshot() -> dict:
    """Every row of the record tables, and the accounts."""
    from congan.org.models import User

    models = [m for label in SNAPSHOT_APPS for m in apps.get_app_config(label).get_models()] + [User]
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in models}


def denials(user) -> int:
    from congan.org.models import AuditEntry

    return AuditEntry.objects.filter(actor=user, action="denied").count()


@dataclass
class Tally:
    requests: int = 0
    cells: set = field(default_factory=set)


TALLY = Tally()


def _url(route: str, variant: Variant) -> str:
    if route.startswith(("GET ", "POST ", "PATCH ")):
        path = route.split(" ", 1)[1]
        return path.format(**variant.kwargs)
    return reverse(route, kwargs=variant.kwargs)


def _exercise(route_name: str, route: Route, world: World, clients) -> list[str]:
    problems: list[str] = []
    tables = snapshot()  # reads change no record table, refused writes must not: one baseline
    for variant in route.variants(world):
        url = _url(route_name, variant)
        for username in route.users or USERS:
            user, client = clients[username]
            allowed = variant.allowed(username)
            banned = [m for m in forbidden(username) if not (variant.echo and m in variant.echo.lower())]
            methods = (["GET"] if route.get and variant.get else []) + (
                ["POST"] if route.post and not allowed and (route.post_users is None or username in route.post_users)
                else [])
            for method in methods:
                where = f"{method} {url} {variant.name!r} as {username}"
                before_denied = denials(user)
                if method == "GET":
                    response = client.get(url, variant.query)
                else:
                    data = variant.data if variant.data is not None else route.post(world, variant)
                    typed = " ".join(str(v) for v in data.values()).lower()  # what the user typed may come back
                    banned = [m for m in banned if m not in typed]
                    response = (_api_write(client, route_name, url, data) if route.api
                                else client.post(url + _query(variant), data))
                TALLY.requests += 1
                TALLY.cells.add((route_name, username, variant.name, method))
                status = response.status_code
                if status >= 500:
                    problems.append(f"{where}: server error {status}")
                    continue
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode("utf-8", errors="replace").lower()
                leaks = [m for m in banned if m in text]
                if leaks:
                    problems.append(f"{where}: answer holds data of a resident outside the area {leaks}")
                if not allowed and status not in variant.refusals:
                    problems.append(f"{where}: outside the area answered {status}, not {variant.refusals}")
                if allowed and status == 404:
                    problems.append(f"{where}: inside the area answered 404")
                audited = denials(user) > before_denied
                if not audited and ((not allowed and variant.audited) or status in (403, 404)):
                    problems.append(f"{where}: refused ({status}) with no 'denied' audit entry")
                if method == "POST" and (after := snapshot()) != tables:
                    problems.append(f"{where}: a refused write changed the tables")
                    tables = after
    return problems


def _api_write(client, route_name: str, url: str, data: dict):
    """A write on the API with the operation's own method (POST creates, PATCH changes)."""
    send = client.patch if route_name.startswith("PATCH ") else client.post
    return send(url, json.dumps(data), content_type="application/json")


def _query(variant: Variant) -> str:
    from urllib.parse import urlencode

    return f"?{urlencode(variant.query)}" if variant.query else ""


def _canary(route_name: str, route: Route, world: World, clients) -> list[str]:
    """The write an officer of the area makes: accepted, and it changes the tables."""
    if route.post is None:
        return []
    if route.canary is None:
        assert route.no_canary, f"{route_name}: a write with no canary needs its reason"
        return []
    username, name = route.canary
    variant = next(v for v in route.variants(world) if v.name == name)
    assert variant.allowed(username)
    user, client = clients[username]
    url = _url(route_name, variant)
    before = snapshot()
    if route.api:
        response = _api_write(client, route_name, url, route.post(world, variant))
        accepted = response.status_code in (200, 201)
    else:
        response = client.post(url + _query(variant), route.post(world, variant))
        accepted = response.status_code == 302
    TALLY.requests += 1
    if not accepted:
        form = response.context and response.context.get("form")
        errors = dict(form.errors) if form is not None else re.findall(
            r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
        return [f"POST {url} as {username} (inside): answered {response.status_code}, "
                f"the matrix's data is not plausible: {errors or response.content[:300]!r}"]
    if snapshot() == before:
        return [f"POST {url} as {username} (inside): accepted but changed nothing"]
    return []


def _routes_to_test() -> list[str]:
    return sorted(r for r in set(all_routes()) | set(ROUTES) if not _excluded(r))


@pytest.fixture(scope="module")
def routes_served(django_db_setup):
    return set(all_routes())


@pytest.mark.parametrize("route_name", _routes_to_test())
def test_route(route_name, world, clients, routes_served, db):
    assert route_name in ROUTES, f"route {route_name} has no row in the leak matrix (ROUTES)"
    assert route_name in routes_served, f"row {route_name} of the leak matrix is no longer served"
    route = ROUTES[route_name]
    problems = _exercise(route_name, route, world, clients)
    problems += _canary(route_name, route, world, clients)
    assert not problems, "\n".join(problems)


def test_matrix_size():
    """Run last in the module (pytest keeps file order): what the matrix tried, printed with -s."""
    print(f"\nleak matrix: {len({c[0] for c in TALLY.cells})} routes, {len(TALLY.cells)} route×user×case×method "
          f"cells, {TALLY.requests} requests")
