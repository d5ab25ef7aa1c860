"""The prior model shipped in the package fits the model's current shape."""

from congan.cleansing import prior
from congan.cleansing._internal import model_spec

REBUILD = "rebuild it: uv run python bench/build_prior.py"


def test_the_shipped_prior_has_every_comparison_level_by_level():
    shipped = prior.load()
    assert shipped is not None, REBUILD
    assert shipped.provenance["prior_version"] == prior.PRIOR_VERSION, REBUILD
    spec = model_spec.settings().get_settings("duckdb").as_dict()["comparisons"]
    theirs = {c["output_column_name"]: c for c in shipped.settings["comparisons"]}
    for comparison in spec:
        name = comparison["output_column_name"]
        assert name in theirs, f"the prior lacks {name}: {REBUILD}"
        labels = [lv.get("label_for_charts") for lv in comparison["comparison_levels"]]
        assert labels == [lv.get("label_for_charts") for lv in theirs[name]["comparison_levels"]], REBUILD
        trained = [lv for lv in theirs[name]["comparison_levels"] if not lv.get("is_null_level")]
        assert all(lv.get("m_probability") for lv in trained), f"{name} untrained in the prior"


def test_it_is_described_by_what_it_was_built_from():
    assert prior.describe(prior.load()).startswith(f"prior v{prior.PRIOR_VERSION} (")
