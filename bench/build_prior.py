"""Rebuild the prior model shipped in the package (`congan.cleansing.prior`).

    uv run python bench/build_prior.py [--records 60000] [--seed 2026]

Trains the model on labelled-free synthetic records of `congan.synth.noisy` (every comparison
must train) and writes it, versioned, to `src/congan/cleansing/prior_model.json`. Run it after
changing the model's comparisons; bump `PRIOR_VERSION` when the shape changed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from congan.cleansing import features_table, prior, train
from congan.cleansing._internal import model_spec
from congan.synth.noisy import generate_noisy_records

AREA = ("92", "93", "94")


def build(records: int = 60_000, seed: int = 2026):
    """Train the prior on synthetic records; every comparison must train."""
    rows = generate_noisy_records(records, seed=seed, province_codes=AREA)
    model = train(features_table(rows, provinces=AREA), seed=seed, prior=False)
    if model.provenance["left_out"]:
        left = [c for c in model.provenance["left_out"] if c != "other_id"]
        if left:
            raise SystemExit(f"the prior could not train {', '.join(left)}")
    _identifier_from_cccd(model.settings)
    model.provenance = {
        "prior_version": prior.PRIOR_VERSION,
        "built_from": {"generator": "congan.synth.noisy", "records": records, "seed": seed},
        "built_on": time.strftime("%Y-%m-%d"),
    }
    return model


def _identifier_from_cccd(settings: dict) -> None:
    """Synthetic Vietnamese records carry no foreign identifiers: the prior's `other_id`
    takes the CCCD's m (same levels: exact, one edit, else), as an identifier is one."""
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=prior.PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = build(args.records, args.seed)
    model.save(args.output)
    print(
        f"prior v{prior.PRIOR_VERSION} written to {args.output} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
