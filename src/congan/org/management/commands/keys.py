import sys

from django.core.management.base import BaseCommand

from congan.org import crypto, sealing


class Command(BaseCommand):
    help = ("Personal data keys (CONGAN_DATA_KEY, docs/operations.md). `check` counts, per sealed column, "
            "the values that are plain, empty and sealed under each key id, opening every sealed value "
            "(exit 1 if any is plain or under a key other than the current one); `migrate` seals the "
            "plain values of a database from before the encryption, in place; `rotate` re-seals every "
            "value of an older key under the current one (the first of the ring). Both work in batches, "
            "recompute the blind indexes of what they rewrite, and can be stopped and run again.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "migrate", "rotate"])
        parser.add_argument("--batch", type=int, default=sealing.BATCH, help="rows per transaction")

    def handle(self, *args, action, batch, **options):
        sealing.BATCH = max(1, batch)
        current = crypto.keyring().current_id
        if action != "check":
            def progress(label, rows):
                self.stdout.write(f"  {label}: {rows} rows looked at")

            done = sealing.reseal(plain=True, older=action == "rotate", progress=progress)
            for column, n in sorted(done.items()):
                self.stdout.write(f"{column}: {n} values sealed under key {current}")
            self.stdout.write(f"{action}: {sum(done.values())} values rewritten")
        counts = sealing.check()
        behind = 0
        for column, c in counts.items():
            keys = ", ".join(f"{k}: {n}" for k, n in sorted(c.by_key.items())) or "-"
            self.stdout.write(f"{column}: sealed {c.sealed} ({keys}), plain {c.plain}, empty {c.empty}")
            behind += c.plain + sum(n for k, n in c.by_key.items() if k != current)
        if behind:
            self.stderr.write(f"{behind} values are plain or sealed under an older key: "
                              f"run `congan keys migrate` / `congan keys rotate`")
            sys.exit(1)
        self.stdout.write(f"every personal value is sealed under the current key {current}")
