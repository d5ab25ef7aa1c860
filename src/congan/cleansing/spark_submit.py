"""The file `spark-submit` runs for a cleansing run on a Spark cluster (docs/operations.md):

    spark-submit --master yarn --deploy-mode client \\
        --conf spark.sql.shuffle.partitions=2000 --executor-memory 8g --executor-cores 4 \\
        --py-files congan.zip "$(python -c 'import congan.cleansing.spark_submit as m; print(m.__file__)')" \\
        --input hdfs:///registry/records --output hdfs:///registry/persons [--model model.json]

The same run as `congan cleanse --engine spark` (`congan.cleansing.on_spark`), without Django:
the engine knows nothing of the web application.
"""

from __future__ import annotations

import argparse
import sys

from congan.cleansing.inputs import CleansingInputError
from congan.cleansing.on_spark import cleanse_on_spark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congan-spark-cleanse", description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="CSV, Parquet file or directory of Parquet")
    parser.add_argument("--output", required=True, help="a directory of Parquet, or a .csv file")
    parser.add_argument("--model", help="a stored model (.model.json) instead of training one")
    parser.add_argument("--partitions", type=int, help="Splink's repartitioning after blocking")
    parser.add_argument("--province", action="append", default=[], metavar="CODE",
                        help="pre-2025 province codes that addresses without one belong to")
    args = parser.parse_args(argv)
    try:
        summary = cleanse_on_spark(args.input, args.output, model_path=args.model,
                                   partitions=args.partitions, provinces=tuple(args.province))
    except CleansingInputError as exc:
        print(f"{'rejected' if exc.rejected_rows else 'cannot cleanse'}: {exc}", file=sys.stderr)
        return 1 if exc.rejected_rows else 2
    print(summary)
    print(summary.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
