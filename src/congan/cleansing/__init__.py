"""Population data cleansing: normalise, validate, link, cluster, measure.

Pure Python with Splink on DuckDB (or Spark); never imports Django. The registry app and the
`congan cleanse` command call the functions re-exported here; everything under `_internal`
is private machinery.
"""

from .cluster import Clusters, DecisionConflict, Evidence, cluster, conflict, record_evidence
from .features import features_table
from .idnumbers import CccdInfo, IdCheck, check_id, consistency_findings, decode_cccd
from .incremental import Assignments, link_incremental
from .inputs import CleansingInputError, read_records
from .link import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    Model,
    TrainingFailed,
    check_model,
    predict,
    train,
    uncertain_pairs,
)
from .measure import PairwiseScores, cleansing_rate, pairwise_scores, settled_count
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
    "Evidence",
    "Finding",
    "IdCheck",
    "Model",
    "PairwiseScores",
    "Summary",
    "TrainingFailed",
    "check_id",
    "check_model",
    "cleanse_file",
    "cleanse_records",
    "cleansing_rate",
    "cluster",
    "conflict",
    "consistency_findings",
    "decode_cccd",
    "features_table",
    "link_incremental",
    "pairwise_scores",
    "predict",
    "read_records",
    "record_evidence",
    "settled_count",
    "train",
    "uncertain_pairs",
    "validate_record",
    "validate_records",
]
