"""API schema parts shared by every register: a record's unit, as (code, era, name); the bounded
parameters (ids, days, years, unit codes, a window of rows) and the error answers."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from congan import datebounds
from congan import units as unitdata

#: The most rows one API call lists; no register holds a billion rows, so an offset past that is
#: a typing error, refused (the database's own limit is 2**63 - 1).
API_LIMIT = 1000
MAX_OFFSET = 10**9


class UnitFields(Schema):
    """For records with a `unit` FK: a unit is (code, era) — codes were reused across the reform."""

    unit_code: str
    unit_era: str
    unit_name: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_era(obj):
        return obj.unit.era

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


# --- parameters every endpoint shares, bounded so that a bad one is a 422 with a message ----------

#: The largest row id either database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1

#: yyyy-mm-dd inside `congan.datebounds` (the pattern says the years, the bounds the rest).
_DAY_PATTERN = r"^(19\d\d|20\d\d|2100)-\d\d-\d\d$"


def _written_as_a_day(value):
    """Only yyyy-mm-dd is a day: pydantic alone would also read 0 as 1 January 1970."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("a date is written yyyy-mm-dd")


RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="a record's id")]
Day = Annotated[date, BeforeValidator(_written_as_a_day),
                Field(ge=datebounds.EARLIEST, le=datebounds.LATEST, json_schema_extra={"pattern": _DAY_PATTERN},
                      description=f"yyyy-mm-dd, from {datebounds.EARLIEST} to {datebounds.LATEST}")]
Era = Literal[unitdata.LEGACY, unitdata.Y2025]
#: An era, or "" for "the one unit of that code, if only one era has it".
AnyEra = Literal["", unitdata.LEGACY, unitdata.Y2025]
Year = Annotated[int, Field(ge=datebounds.MIN_YEAR, le=datebounds.MAX_YEAR)]
UnitCode = Annotated[str, Field(max_length=8, description="a GSO unit code, e.g. 92 or 31117")]
#: Text a person types into a body: anything but a NUL character, which PostgreSQL cannot store.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class Window(Schema):
    """Which rows of a list: `limit` rows after the first `offset`."""

    limit: int = Field(100, ge=1, le=API_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --- the error answers, documented on every operation (`errors(...)`) ---------------------------

class Message(Schema):
    """A refusal: what was wrong, in one line."""

    detail: str


class InvalidInput(Schema):
    type: str
    loc: list[str | int]
    msg: str


class InvalidInputs(Schema):
    """A parameter or body the schema refuses: each problem with where it is and why."""

    detail: list[InvalidInput]


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error answers of an operation, for `response={200: X, **errors(404)}`: every operation
    may answer 400 (a query holding a NUL character, `org.middleware.QueryGuardMiddleware`), 401
    (not signed in), 403 (the role may not) and 422 (a parameter refused); `codes` adds the others
    it gives (404 a record or unit outside the area, 409)."""
    return {400: Message, 401: Message, 403: Message, 422: InvalidInputs, **dict.fromkeys(codes, Message)}
