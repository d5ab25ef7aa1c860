"""Sealing and blind-index cost per value: the code of a reference commit against this tree, same run.

uv run python bench/seal_bench.py [--ref main] [--values 20000] [--rounds 5]

The reference's `org/crypto.py` is taken with `git show REF:…` and loaded beside the current one
(both under the same data key); the reference's name-index terms are `registry.models` of REF
too (its `name_index_terms`, read from the same `git show`). Each figure is the best of
`--rounds` rounds in CPU time, old and new alternating, on distinct synthetic values (so no cache helps
either side more than an import's own repetition would): per value in microseconds, and per
resident (the residents import seals 9 values and keys an ID number and a name's terms).
The machine is shared: read the ratio, and the load average printed with it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _module_from_ref(ref: str, path: str, name: str):
    source = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout
    tmp = Path(tempfile.mkdtemp(prefix="seal_bench_")) / f"{name}.py"
    tmp.write_text(source)
    spec = importlib.util.spec_from_file_location(name, tmp)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, source


def _function_from_source(source: str, func: str, namespace: dict):
    """One top-level function of a module's source, compiled in `namespace`."""
    import ast

    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == func)
    exec(compile(ast.Module(body=[node], type_ignores=[]), func, "exec"), namespace)  # noqa: S102
    return namespace[func]


def _best(fn, values, rounds_results, label):
    start = time.process_time()  # CPU time: a shared machine's waits are not the code's
    for v in values:
        fn(v)
    per = (time.process_time() - start) / len(values) * 1e6
    rounds_results[label] = min(rounds_results.get(label, per), per)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--values", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    os.environ.setdefault("CONGAN_DATA_KEY", "bench:" + "b" * 48)
    import django

    django.setup()
    from congan.org import crypto as new
    from congan.registry import models as registry
    from congan.registry.models import NAME_BUCKET, NAME_INDEX_SIZE, name_key

    old, _ = _module_from_ref(args.ref, "src/congan/org/crypto.py", "congan_crypto_ref")
    models_source = subprocess.run(["git", "show", f"{args.ref}:src/congan/registry/models.py"],
                                   cwd=ROOT, check=True, capture_output=True, text=True).stdout
    old_terms = _function_from_source(models_source, "name_index_terms",
                                      {"name_key": name_key, "NAME_BUCKET": NAME_BUCKET})

    def old_name_indexes(name):
        return old.blind_index_set("name", old_terms(name), size=NAME_INDEX_SIZE)

    def new_name_indexes(name):
        return registry.name_indexes(name)

    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Minh", "Ngọc", "Hoàng", "Thanh"]
    n = args.values
    names = [f"{families[i % 10]} {middles[i % 6]} Tên{i}" for i in range(n)]
    numbers = [f"0921900{i:05d}" for i in range(n)]
    texts = [f"Số {i}, đường Mậu Thân, Phường An Hòa, Quận Ninh Kiều" for i in range(n)]
    context = "registry_person.address"

    # the same output, old and new (the stored blind indexes stay valid)
    assert old.blind_index("id-number", numbers[0]) == new.blind_index("id-number", numbers[0])
    assert set(new_name_indexes(names[0])) <= set(old_name_indexes(names[0]))
    assert new.unseal(old.seal(texts[0], context), context) == texts[0]
    assert old.unseal(new.seal(texts[0], context), context) == texts[0]

    sealed_old = [old.seal(t, context) for t in texts]
    sealed_new = [new.seal(t, context) for t in texts]
    results: dict[str, float] = {}
    for r in range(args.rounds):
        sides = (("old", old), ("new", new)) if r % 2 == 0 else (("new", new), ("old", old))
        for side, mod in sides:
            _best(lambda t, m=mod: m.seal(t, context), texts, results, f"seal one value/{side}")
            sealed = sealed_old if side == "old" else sealed_new
            _best(lambda s, m=mod: m.unseal(s, context), sealed, results, f"open one value/{side}")
            round_numbers = [f"{r}{side[0]}{x}" for x in numbers]  # distinct each round, as names
            _best(lambda x, m=mod: m.blind_index("id-number", x), round_numbers, results,
                  f"ID number's blind index/{side}")
            # distinct names each round: no cache of a previous round helps
            round_names = [f"{nm} R{r}{side}" for nm in names]
            _best(old_name_indexes if side == "old" else new_name_indexes, round_names, results,
                  f"a name's blind indexes/{side}")
    rows_old = sum(len(old_name_indexes(nm)) for nm in names[:2000]) / 2000
    rows_new = sum(len(new_name_indexes(nm)) for nm in names[:2000]) / 2000

    load = os.getloadavg()
    print(f"# seal_bench: {n} values, best of {args.rounds} rounds; reference {args.ref}; "
          f"python {sys.version.split()[0]}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'step':32} {'before µs':>10} {'after µs':>10} {'ratio':>7}")
    for label in dict.fromkeys(k.split("/")[0] for k in results):
        b, a = results[f"{label}/old"], results[f"{label}/new"]
        print(f"{label:32} {b:10.2f} {a:10.2f} {b / a:6.2f}x")
    per_old = 9 * results["seal one value/old"] + results["ID number's blind index/old"] + \
        results["a name's blind indexes/old"]
    per_new = 9 * results["seal one value/new"] + results["ID number's blind index/new"] + \
        results["a name's blind indexes/new"]
    print(f"{'a resident (9 seals + 2 indexes)':32} {per_old:10.2f} {per_new:10.2f} {per_old / per_new:6.2f}x")
    print(f"name index rows a resident (3-word names): before {rows_old:.2f}, after {rows_new:.2f}")


if __name__ == "__main__":
    main()
