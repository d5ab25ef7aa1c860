"""The linking model's shape: blocking rules and comparisons on normalised features.

Parameters (m, u, λ) are never written here: `training.train` estimates them from the data
(or takes them from the prior model where the data cannot). A comparison or blocking rule
whose feature columns a file leaves empty, or fills with one value only, is left out: the
model is the part of this shape that the records can support.
"""

from __future__ import annotations

import splink.blocking_rule_library as brl
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# Comparisons whose bottom level means "certainly two people": a given name that is not a
# spelling variant, or two well-formed ID numbers of the same kind that differ beyond a typo.
# Conditional independence breaks for siblings and twins (shared surname, parents, address
# and, for twins, birth date), so the summed evidence can outweigh a different given name;
# these levels are then treated as a veto when clustering.
VETO_COMPARISONS = ("given", "cccd", "cmnd", "other_id")


def _both_null_either(col: str) -> str:
    return f"({col}_l IS NULL OR {col}_r IS NULL)"


def _given() -> cl.CustomComparison:
    both_marked = "name_marked_l AND name_marked_r"
    return cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given_key"),
            cll.CustomLevel(
                f"given_acc_l = given_acc_r AND {both_marked}", "exact with diacritics"
            ),
            cll.CustomLevel(
                f"given_key_l = given_key_r AND NOT ({both_marked})",
                "same without diacritics (one side lacks them)",
            ),
            cll.ExactMatchLevel("given_key").configure(
                label_for_charts="same letters, different diacritics"
            ),
            cll.CustomLevel(
                "given_key_l = middle_key_r AND middle_key_l = given_key_r",
                "given and middle name in the other order",
            ),
            cll.CustomLevel(
                "given_key_l = surname_key_r AND surname_key_l = given_key_r",
                "given name and surname in the other order",
            ),
            cll.DamerauLevenshteinLevel("given_key", 1),
            cll.JaroWinklerLevel("given_key", 0.88),
            cll.ElseLevel(),
        ],
    )


def _dob() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob_year"),
            cll.CustomLevel("dob_l = dob_r", "exact date"),
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r",
                "day and month swapped",
            ),
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND dob_month_l = dob_month_r "
                "AND (dob_day_l IS NULL OR dob_day_r IS NULL)",
                "same month, day missing",
            ),
            cll.CustomLevel(
                f"dob_year_l = dob_year_r AND {_both_null_either('dob_month')}",
                "same year, month missing",
            ),
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND dob_month_l = dob_month_r",
                "same month, different day",
            ),
            cll.CustomLevel("dob_year_l = dob_year_r", "same year only"),
            # An age misreported in one source; a parent and a child named alike are decades
            # apart, which the level below then weighs as the difference it is.
            cll.CustomLevel("ABS(dob_year_l - dob_year_r) <= 2", "birth years one or two apart"),
            cll.ElseLevel(),
        ],
    )


def _id(col: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            cll.DamerauLevenshteinLevel(col, 1),
            cll.ElseLevel(),
        ],
    )


def _family() -> cl.CustomComparison:
    father = "father_key_l = father_key_r"
    mother = "mother_key_l = mother_key_r"
    return cl.CustomComparison(
        output_column_name="family",
        comparison_levels=[
            cll.CustomLevel(
                f"{_both_null_either('father_key')} AND {_both_null_either('mother_key')}"
            ).configure(is_null_level=True),
            cll.CustomLevel(f"{father} AND {mother}", "both parents"),
            cll.CustomLevel(
                f"({father} AND {_both_null_either('mother_key')}) OR "
                f"({mother} AND {_both_null_either('father_key')})",
                "one parent, other unknown",
            ),
            cll.Or(
                cll.JaroWinklerLevel("father_key", 0.9), cll.JaroWinklerLevel("mother_key", 0.9)
            ).configure(label_for_charts="a parent similar"),
            cll.ElseLevel(),
        ],
    )


def _address() -> cl.CustomComparison:
    """Wards where the address names them; the detail text alone where it names none (an
    address outside Vietnam, or no unit recognised)."""
    no_ward = _both_null_either("ward_block")
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.CustomLevel(f"{no_ward} AND {_both_null_either('address_detail')}").configure(
                is_null_level=True
            ),
            cll.And(
                cll.ArrayIntersectLevel("ward_codes", 1), cll.ExactMatchLevel("address_detail")
            ),
            cll.ArrayIntersectLevel("ward_codes", 1),
            cll.CustomLevel(
                f"{no_ward} AND address_detail_l = address_detail_r", "same text, no ward"
            ),
            cll.And(
                cll.CustomLevel(no_ward), cll.JaroWinklerLevel("address_detail", 0.9)
            ).configure(label_for_charts="similar text, no ward"),
            cll.ElseLevel(),
        ],
    )


def _hometown() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="hometown",
        comparison_levels=[
            cll.NullLevel("hometown_code"),
            cll.ExactMatchLevel("hometown_ward"),
            cll.ExactMatchLevel("hometown_code"),
            cll.ElseLevel(),
        ],
    )


def _simple(col: str, fuzzy: bool = True) -> cl.CustomComparison:
    levels = [cll.NullLevel(col), cll.ExactMatchLevel(col)]
    if fuzzy:
        levels.append(cll.DamerauLevenshteinLevel(col, 1))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name=col, comparison_levels=levels)


#: The feature columns a comparison needs: all of them, or for family and address any one.
_NEEDS = {
    "given": ("given_key",),
    "surname_key": ("surname_key",),
    "middle_key": ("middle_key",),
    "dob": ("dob_year",),
    "sex": ("sex",),
    "cccd": ("cccd",),
    "cmnd": ("cmnd",),
    "other_id": ("other_id",),
}
_NEEDS_ANY = {
    "family": ("father_key", "mother_key"),
    "address": ("ward_block", "address_detail"),
    "hometown": ("hometown_code",),
}
_COMPARISONS = {
    "given": _given,
    "surname_key": lambda: _simple("surname_key"),
    "middle_key": lambda: _simple("middle_key"),
    "dob": _dob,
    "sex": lambda: _simple("sex", fuzzy=False),
    "cccd": lambda: _id("cccd"),
    "cmnd": lambda: _id("cmnd"),
    "other_id": lambda: _id("other_id"),
    "family": _family,
    "address": _address,
    "hometown": _hometown,
}
COMPARISONS = tuple(_COMPARISONS)
#: Every feature column a comparison or rule reads.
COLUMNS = frozenset(c for cols in (*_NEEDS.values(), *_NEEDS_ANY.values()) for c in cols) | {
    "dob",
    "ward_block",
    "given_acc",
    "name_marked",
    "dob_month",
    "dob_day",
    "ward_codes",
}

# Blocking rules as the columns they block on, so that a file can keep the ones it fills (and
# a later, frequency-aware blocking can split the rules on common values).
_BLOCKING = (
    ("cccd",),
    ("cmnd",),
    ("other_id",),
    ("given_key", "dob"),
    ("surname_key", "dob"),
    # Partial, swapped or mistyped dates: same name and year.
    ("given_key", "surname_key", "dob_year"),
    # A wrong birth year in one source: same name, day and month.
    ("given_key", "surname_key", "dob_month", "dob_day"),
    # No usable date at all: same name in the same ward.
    ("given_key", "surname_key", "ward_block"),
    # A typo in the surname or given name together with a partial date.
    ("given_key", "dob_year", "ward_block"),
    ("surname_key", "dob_year", "ward_block"),
    # An address outside the unit lists: same name at the same address text.
    ("given_key", "address_detail"),
)
# What a rule on a common key adds beyond the rules above it, as a filter on its candidate
# pairs: Vietnamese names are concentrated (about a third of residents are Nguyễn, a few
# dozen given names cover most of the rest), so a rule on a name with a birth year or an
# address text alone grows with the square of the registry (at 300,000 records these two made
# half of all candidate pairs; docs/BENCHMARKS.md). The filter keeps the pairs the rule exists
# for and drops the namesakes no other rule would have scored either: the join still runs,
# the comparisons (the expensive part of prediction) do not.
_MISSING_MONTH_OR_DAY = (
    "l.dob_month IS NULL OR r.dob_month IS NULL OR l.dob_day IS NULL OR r.dob_day IS NULL"
)
# A partial, swapped or mistyped date within a year: the month or the day still agrees, the
# two are swapped, or one is missing. Same year with both different: two namesakes.
_DAY_OR_MONTH_AGREES = (
    f"{_MISSING_MONTH_OR_DAY} OR l.dob_month = r.dob_month OR l.dob_day = r.dob_day "
    "OR (l.dob_month = r.dob_day AND l.dob_day = r.dob_month)"
)
_BLOCKING_FILTERS = {
    ("given_key", "surname_key", "dob_year"): _DAY_OR_MONTH_AGREES,
    ("surname_key", "dob_year", "ward_block"): _DAY_OR_MONTH_AGREES,
    # Same name in the same ward: no usable date on one side, or dates one person could
    # hold (years at most two apart, as `dob`'s levels allow, or day or month agreeing). A
    # parent and a child named alike, decades apart, are not scored at all.
    ("given_key", "surname_key", "ward_block"): (
        "l.dob_year IS NULL OR r.dob_year IS NULL OR ABS(l.dob_year - r.dob_year) <= 2 "
        f"OR {_DAY_OR_MONTH_AGREES}"
    ),
    # The address text stands in for the ward where one side names none (any dates then);
    # where both do, it still finds a wrong year or a nickname with a name typo, so dates
    # one person could hold, as for name with ward.
    ("given_key", "address_detail"): (
        "l.ward_block IS NULL OR r.ward_block IS NULL OR l.dob_year IS NULL "
        "OR r.dob_year IS NULL OR ABS(l.dob_year - r.dob_year) <= 2 "
        f"OR {_DAY_OR_MONTH_AGREES}"
    ),
}

# Rules too loose for a large registry (a common name alone, a birth date alone) that still
# find the duplicates a typo in every other key hides. Kept for a file only while they make
# few candidate pairs per record and few in all (`training.train`): all of them on a file of
# thousands, none on a city's registry, where the name and date combinations above do the
# work. (Pairs per record alone let a birth date alone back in at a million records: its
# pairs grow with the square of the file.)
LOOSE_BLOCKING = (
    ("dob",),
    ("other_id",),
    ("given_key",),
    ("surname_key",),
    ("address_detail",),
)
# EM passes; each trains every comparison not in its own rule. The first blocks are dense in
# matches whatever the duplicate rate (same CCCD, CMND or other ID, same name and birth date):
# they train m on a registry of mostly single records, where a mixed block is nearly all
# namesakes and EM finds no matches. The last mix matches with namesakes and twins, refining
# the levels only non-matches reach where duplicates are common; a pass that fails is
# skipped (`training.train`).
_TRAINING = (
    ("cccd",),
    ("cmnd",),
    ("other_id",),
    ("given_key", "surname_key", "dob"),
    ("given_key", "surname_key", "ward_block"),
    ("given_key", "surname_key", "dob_year"),
    ("dob", "ward_block"),
    ("dob", "address_detail"),
)
# Near-certain matches, for estimating the prior λ.
_DETERMINISTIC = (("cccd",), ("cmnd",), ("other_id",), ("given_key", "surname_key", "dob"))


def comparisons_for(usable: frozenset[str] | set[str]) -> list[str]:
    """The comparisons the usable feature columns support, in the model's order."""
    return [
        name
        for name in COMPARISONS
        if all(c in usable for c in _NEEDS.get(name, ()))
        and (name not in _NEEDS_ANY or any(c in usable for c in _NEEDS_ANY[name]))
    ]


def _rules(rules, usable) -> list:
    return [block_on(*cols) for cols in rules if all(c in usable for c in cols)]


def blocking_rules(usable=COLUMNS, loose=()) -> list:
    """Candidate pairs. Deliberately built on normalised keys: raw spellings block poorly.
    `loose`: the `LOOSE_BLOCKING` rules this file can afford. A rule in `_BLOCKING_FILTERS`
    keeps only the pairs its filter admits."""
    rules = []
    for cols in (*_BLOCKING, *(tuple(r) for r in loose if tuple(r) not in _BLOCKING)):
        if not all(c in usable for c in cols):
            continue
        rule = block_on(*cols)
        if cols in _BLOCKING_FILTERS:
            rule = brl.And(rule, brl.CustomRule(f"({_BLOCKING_FILTERS[cols]})"))
        rules.append(rule)
    return rules


def training_rules(usable=COLUMNS) -> list:
    return _rules(_TRAINING, usable)


def training_columns(usable=COLUMNS) -> list[tuple[str, ...]]:
    """The columns of each of `training_rules(usable)`, in the same order."""
    return [cols for cols in _TRAINING if all(c in usable for c in cols)]


def deterministic_rules(usable=COLUMNS) -> list:
    return _rules(_DETERMINISTIC, usable)


def settings(usable=COLUMNS, loose=(), **overrides) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=blocking_rules(usable, loose),
        comparisons=[_COMPARISONS[name]() for name in comparisons_for(usable)],
        retain_matching_columns=False,
        # mw_* columns feed the clustering veto.
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
        **overrides,
    )
