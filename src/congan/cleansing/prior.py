"""The prior model: m probabilities for what a file's own records cannot train.

Trained on labelled-free synthetic records of `congan.synth.noisy` (each person seen by one
to three sources with the errors real registries hold) and shipped inside the package as
Splink model JSON (`prior_model.json`), versioned. Training takes an m from here only where
EM could not estimate it (`training.train`); u and λ always come from the records at hand.

Rebuild it after changing the model's comparisons (a test fails until you do), from the
repository: the engine never imports the generator, so the builder lives in bench/:

    uv run python bench/build_prior.py [--records 60000] [--seed 2026]
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

#: Bumped whenever the prior is rebuilt for a changed model shape.
PRIOR_VERSION = 3
PATH = Path(__file__).with_name("prior_model.json")


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
