"""Blocking on concentrated names: candidate pairs do not grow with the square of a common
name's count (Nguyễn Văn Hùng is shared by thousands in one province), and a duplicate with a
wrong birth year is still a candidate."""

import copy
import random

import pyarrow.compute as pc

from congan.cleansing import features_table, link
from congan.cleansing._internal import model_spec

ADDRESS = "Số 93, Đường Mậu Thân, Phường Mỹ Xuyên, Thành phố Cần Thơ"


def _namesakes(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        born = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append({"record_id": f"N{i:04d}", "full_name": "Nguyễn Văn Hùng", "sex": "NAM",
                     "date_of_birth": born, "address": ADDRESS})  # fmt: skip
    year, month, day = rows[0]["date_of_birth"].split("-")
    # The first namesake again, a birth year misreported by one in this source.
    rows.append({**rows[0], "record_id": "DUP", "date_of_birth": f"{int(year) + 1}-{month}-{day}"})
    return rows


def _city_scale(model: link.Model) -> link.Model:
    """The model as a city's registry gets it: no loose rule (a name alone, a date alone)."""
    settings = copy.deepcopy(model.settings)
    usable = frozenset(model.provenance["usable_columns"])
    settings["blocking_rules_to_generate_predictions"] = [
        rule.get_blocking_rule("duckdb").as_dict() for rule in model_spec.blocking_rules(usable)
    ]
    return link.Model(settings, {**model.provenance, "loose_blocking": []})


def test_namesakes_in_one_ward_are_not_all_compared_and_a_wrong_year_still_is(model):
    n = 300
    rows = _namesakes(n)
    features = features_table(rows)
    scored = link.predict(features, _city_scale(model), threshold=0.0)
    all_pairs = (n + 1) * n // 2
    # Same name, same ward: every pair was a candidate before the filters. Now only dates
    # one person could hold (day or month agreeing, years at most two apart) are.
    assert scored.num_rows < all_pairs // 4, (scored.num_rows, all_pairs)
    ids = {frozenset(p) for p in zip(scored["record_id_l"].to_pylist(),
                                     scored["record_id_r"].to_pylist(), strict=True)}  # fmt: skip
    assert frozenset({"N0000", "DUP"}) in ids
    assert (
        pc.sum(pc.equal(scored["record_id_l"], "DUP")).as_py()
        + pc.sum(pc.equal(scored["record_id_r"], "DUP")).as_py()
        < n // 4
    )
