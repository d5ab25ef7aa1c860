"""The linking model's shape: blocking rules and comparisons on normalised features.

Parameters (m, u, λ) are never written here: `link.train` estimates them from the data.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# Comparisons whose bottom level means "certainly two people": a given name that is not a
# spelling variant, or two well-formed ID numbers of the same kind that differ beyond a typo.
# Conditional independence breaks for siblings and twins (shared surname, parents, address
# and, for twins, birth date), so the summed evidence can outweigh a different given name;
# these levels are then treated as a veto when clustering.
VETO_COMPARISONS = ("given", "cccd", "cmnd")


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
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("ward_block"),
            cll.And(
                cll.ArrayIntersectLevel("ward_codes", 1), cll.ExactMatchLevel("address_detail")
            ),
            cll.ArrayIntersectLevel("ward_codes", 1),
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


def blocking_rules() -> list:
    """Candidate pairs. Deliberately built on normalised keys: raw spellings block poorly."""
    return [
        block_on("cccd"),
        block_on("cmnd"),
        block_on("given_key", "dob"),
        block_on("surname_key", "dob"),
        # Partial, swapped or mistyped dates: same name and year.
        block_on("given_key", "surname_key", "dob_year"),
        # No usable date at all: same name in the same ward.
        block_on("given_key", "surname_key", "ward_block"),
        # A typo in the surname or given name together with a partial date.
        block_on("given_key", "dob_year", "ward_block"),
        block_on("surname_key", "dob_year", "ward_block"),
    ]


def training_rules() -> list:
    """EM passes; each trains every comparison not in its own rule.

    The first three blocks are dense in matches whatever the duplicate rate (same CCCD, same
    CMND, same name and birth date): they train m on a registry of mostly single records,
    where a mixed block is nearly all namesakes and EM finds no matches. The last three mix
    matches with namesakes and twins, refining the levels only non-matches reach (a different
    birth date, a different given name) where duplicates are common; a pass that fails is
    skipped (`link.train`).
    """
    return [
        block_on("cccd"),
        block_on("cmnd"),
        block_on("given_key", "surname_key", "dob"),
        block_on("given_key", "surname_key", "ward_block"),
        block_on("given_key", "surname_key", "dob_year"),
        block_on("dob", "ward_block"),
    ]


def deterministic_rules() -> list:
    """Near-certain matches, for estimating the prior λ."""
    return [block_on("cccd"), block_on("cmnd"), block_on("given_key", "surname_key", "dob")]


def settings(**overrides) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=[
            _given(),
            _simple("surname_key"),
            _simple("middle_key"),
            _dob(),
            _simple("sex", fuzzy=False),
            _id("cccd"),
            _id("cmnd"),
            _family(),
            _address(),
            _hometown(),
        ],
        retain_matching_columns=False,
        # gamma_* columns feed the clustering veto.
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
        **overrides,
    )
