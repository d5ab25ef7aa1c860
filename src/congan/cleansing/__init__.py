"""Population data cleansing: normalise, validate, link, cluster, measure.

Pure Python with Splink on DuckDB (or Spark); never imports Django. The registry app and the
`congan cleanse` command call the functions re-exported here; everything under `_internal`
is private machinery.
"""

from .cluster import Clusters, DecisionConflict, cluster
from .idnumbers import CccdInfo, IdCheck, check_id, consistency_findings, decode_cccd
from .incremental import Assignments, link_incremental
from .inputs import CleansingInputError, read_records
from .link import MATCH_THRESHOLD, REVIEW_THRESHOLD, Model, predict, train, uncertain_pairs
from .measure import PairwiseScores, cleansing_rate, pairwise_scores
from .pipeline import Summary, cleanse_file, cleanse_records
from .validate import Finding, validate_record, validate_records

__all__ = [
    "MATCH_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Assignments",
    "CccdInfo",
    "CleansingInputError",
    "Clusters",
    "DecisionConflict",
    "Finding",
    "IdCheck",
    "Model",
    "PairwiseScores",
    "Summary",
    "check_id",
    "cleanse_file",
    "cleanse_records",
    "cleansing_rate",
    "cluster",
    "consistency_findings",
    "decode_cccd",
    "link_incremental",
    "pairwise_scores",
    "predict",
    "read_records",
    "train",
    "uncertain_pairs",
    "validate_record",
    "validate_records",
]
