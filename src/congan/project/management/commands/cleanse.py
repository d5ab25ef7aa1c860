"""`congan cleanse --input FILE --output FILE [--engine duckdb|spark]` (DESIGN.md cleansing contract).

A thin front: the engine is `congan.cleansing`, which knows nothing of Django.
"""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "De-duplicate resident records from a CSV or Parquet file into persons."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="records: CSV (UTF-8) or Parquet")
        parser.add_argument("--output", required=True, help="record_id, person_id, match_probability")
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--model", help="reuse a trained model (the .model.json of an earlier run)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, input, output, engine, model, no_progress, **options):
        from django.conf import settings

        from congan.cleansing import CleansingInputError, TrainingFailed, cleanse_file
        from congan.units import legacy_provinces_of

        provinces = legacy_provinces_of(settings.CONGAN_CITY_CODE)
        try:
            if engine == "spark":  # every stage on Spark (congan.cleansing.on_spark)
                from congan.cleansing.on_spark import cleanse_on_spark

                summary = cleanse_on_spark(input, output, progress=not no_progress, model_path=model,
                                           provinces=provinces)
            else:
                summary = cleanse_file(input, output, engine=engine, progress=not no_progress,
                                       model_path=model, provinces=provinces)
        except CleansingInputError as exc:  # DESIGN.md: rows rejected → 1, file unusable → 2
            self.stderr.write(f"{'rejected' if exc.rejected_rows else 'cannot cleanse'}: {exc}")
            sys.exit(1 if exc.rejected_rows else 2)
        except TrainingFailed as exc:
            self.stderr.write(f"cannot cleanse: no model can be built from {input}: {exc}")
            sys.exit(2)
        except (OSError, ValueError, RuntimeError) as exc:  # an unwritable output, a stored model
            # that is not one, Spark unavailable
            self.stderr.write(f"cannot cleanse: {exc}")
            sys.exit(2)
        self.stdout.write(str(summary))
        self.stdout.write(summary.model)
