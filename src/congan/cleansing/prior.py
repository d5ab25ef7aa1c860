"""The prior model: m probabilities for what a file's own records cannot train.

Trained on labelled-free synthetic records of `congan.synth.noisy` (each person seen by one
to three sources with the errors real registries hold) and shipped inside the package as
Splink model JSON (`prior_model.json`), versioned. Training takes an m from here only where
EM could not estimate it (`training.train`); u and λ always come from the records at hand.

Rebuild it after changing the model's comparisons (a test fails until you do):

    python -m congan.cleansing.prior [--records 100000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from functools import cache
from pathlib import Path

#: Bumped whenever the prior is rebuilt for a changed model shape.
PRIOR_VERSION = 2
PATH = Path(__file__).with_name("prior_model.json")
_AREA = ("92", "93", "94")


@cache
def _stored() -> dict | None:
    if not PATH.is_file():
        return None
    return json.loads(PATH.read_text("utf-8"))


def load():
    """The shipped prior as a `link.Model`, or None when the package has none."""
    from .link import Model

    stored = _stored()
    return None if stored is None else Model.from_json(copy.deepcopy(stored))


def describe(model) -> str | None:
    if model is None:
        return None
    built = model.provenance.get("built_from", {})
    return f"prior v{model.provenance.get('prior_version', '?')} ({built.get('records', '?')} synthetic records)"


def build(records: int = 100_000, seed: int = 2026):
    """Train the prior on synthetic records; every comparison must train."""
    from congan.synth.noisy import generate_noisy_records

    from .features import features_table
    from .training import train

    rows = generate_noisy_records(records, seed=seed, province_codes=_AREA)
    model = train(features_table(rows, provinces=_AREA), seed=seed, prior=False)
    if model.provenance["left_out"]:
        left = [c for c in model.provenance["left_out"] if c != "other_id"]
        if left:
            raise SystemExit(f"the prior could not train {', '.join(left)}")
    _identifier_from_cccd(model.settings)
    model.provenance = {
        "prior_version": PRIOR_VERSION,
        "built_from": {"generator": "congan.synth.noisy", "records": records, "seed": seed},
        "built_on": time.strftime("%Y-%m-%d"),
    }
    return model


def _identifier_from_cccd(settings: dict) -> None:
    """Synthetic Vietnamese records carry no foreign identifiers: the prior's `other_id`
    takes the CCCD's m (same levels: exact, one edit, else), as an identifier is one."""
    from ._internal import model_spec

    by_name = {c["output_column_name"]: c for c in settings["comparisons"]}
    if "other_id" in by_name:
        return
    spec = model_spec.settings(model_spec.COLUMNS).get_settings("duckdb").as_dict()
    other = next(c for c in spec["comparisons"] if c["output_column_name"] == "other_id")
    for level, cccd in zip(
        other["comparison_levels"], by_name["cccd"]["comparison_levels"], strict=True
    ):
        if "m_probability" in cccd:
            level["m_probability"] = cccd["m_probability"]
            level["u_probability"] = cccd.get("u_probability")
    settings["comparisons"].append(other)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m congan.cleansing.prior", description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = build(args.records, args.seed)
    model.save(args.output)
    print(f"prior v{PRIOR_VERSION} written to {args.output} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
