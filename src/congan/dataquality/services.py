"""Cleansing the registry: runs, officers' decisions, incremental batches and the cleansing rate.

The engine (`congan.cleansing`) does the matching; this module feeds it registry records and
the decisions officers made, and stores what it returns. Views, the API, the
`cleanse-registry` command and the demo all call these functions.
"""

from __future__ import annotations

import io
import time
from collections import defaultdict
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congan.cleansing import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    DecisionConflict,
    Model,
    cleanse_records,
    cluster,
    features_table,
    link_incremental,
    settled_count,
    uncertain_pairs,
    validate_record,
)
from congan.dataquality.models import (
    CleansingRun,
    Decision,
    Finding,
    Membership,
    PairStatus,
    ReviewPair,
    RunKind,
    RunStatus,
)
from congan.org import audit
from congan.rates import fraction
from congan.registry.models import Person
from congan.units import legacy_provinces_of

#: Findings that need an officer to correct the record before it counts as settled. The others
#: (a leading zero restored, day and month read swapped, an old ward split in 2025) are
#: repairs or notes the engine already allowed for.
BLOCKING_FINDINGS = frozenset({
    "unreadable_date", "impossible_date", "implausible_year", "unknown_sex_code", "malformed_id",
    "cccd_sex_mismatch", "cccd_year_mismatch", "cccd_impossible_year", "unknown_unit",
})
_CHUNK = 5000
_ROW_FIELDS = ("id", "source", "full_name", "date_of_birth", "birth_year", "birth_month", "sex",
               "id_number", "hometown", "address", "father_name", "mother_name")


# --- registry records as engine rows --------------------------------------------------------

def _birth_text(full, year, month) -> str:
    if full:
        return full.isoformat()
    if year and month:
        return f"{month:02d}/{year}"
    return str(year or "")


def engine_rows(people: QuerySet) -> list[dict[str, str]]:
    """Registry records in the cleansing input contract; `record_id` is the Person's id."""
    rows = []
    for pk, source, name, full, year, month, sex, number, hometown, address, father, mother in (
        people.order_by().values_list(*_ROW_FIELDS).iterator(chunk_size=_CHUNK)
    ):
        rows.append({
            "record_id": str(pk), "source": source, "full_name": name,
            "date_of_birth": _birth_text(full, year, month), "sex": sex, "id_number": number,
            "hometown": hometown, "address": address, "father_name": father, "mother_name": mother,
        })
    return rows


def city_provinces() -> tuple[str, ...]:
    """The old provinces of the city this installation serves: assumed for an address that
    names no province."""
    return legacy_provinces_of(settings.CONGAN_CITY_CODE)


def _scope(unit_ids: Iterable[int] | None) -> QuerySet:
    people = Person.objects.all()
    return people if unit_ids is None else people.filter(unit_id__in=list(unit_ids))


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def decisions_for(record_ids: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(must_link, cannot_link) among the given records, as the engine takes them."""
    must, cannot = [], []
    for left, right, merge in Decision.objects.values_list("left_id", "right_id", "merge").iterator():
        pair = (str(left), str(right))
        if pair[0] in record_ids and pair[1] in record_ids:
            (must if merge else cannot).append(pair)
    return must, cannot


def _findings(run: CleansingRun, rows: list[dict]) -> tuple[list[Finding], dict[str, list]]:
    found, blocking = [], defaultdict(list)
    for row in rows:
        for f in validate_record(row, provinces=city_provinces()):
            is_blocking = f.code in BLOCKING_FINDINGS
            found.append(Finding(run=run, person_id=int(f.record_id), field=f.field[:40], code=f.code[:40],
                                 message=f.message[:255], blocking=is_blocking))
            if is_blocking:
                blocking[f.record_id].append(f)
    return found, blocking


def _retire(unit_ids: Iterable[int] | None, *, record_ids: list[int] | None = None) -> None:
    """The rows a new run replaces stop being current; open review pairs inside it lapse."""
    if record_ids is not None:
        members = Membership.objects.filter(record_id__in=record_ids)
        findings = Finding.objects.filter(person_id__in=record_ids)
        pairs = ReviewPair.objects.none()
    elif unit_ids is None:
        members, findings = Membership.objects.all(), Finding.objects.all()
        pairs = ReviewPair.objects.all()
    else:
        ids = list(unit_ids)
        members = Membership.objects.filter(record__unit_id__in=ids)
        findings = Finding.objects.filter(person__unit_id__in=ids)
        pairs = ReviewPair.objects.filter(left__unit_id__in=ids, right__unit_id__in=ids)
    members.filter(current=True).update(current=False)
    findings.filter(current=True).update(current=False)
    pairs.filter(status=PairStatus.PENDING).update(status=PairStatus.SUPERSEDED)


def _fail(run: CleansingRun, err: Exception) -> None:
    run.status = RunStatus.FAILED
    run.error = f"{type(err).__name__}: {err}"[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


# --- a full run -----------------------------------------------------------------------------

def run_cleansing(*, actor, unit_ids: Iterable[int] | None = None, engine: str = "duckdb",
                  lower: float = REVIEW_THRESHOLD, upper: float = MATCH_THRESHOLD,
                  model: Model | None = None, replay: CleansingRun | None = None,
                  scope_label: str = "", model_source: str = "", on_stage=None) -> CleansingRun:
    """Cleanse the registry records of the units (or the whole registry) and store the result.

    Clusters at `upper`; a pair scored in [lower, upper), not vetoed, whose records ended in
    different persons goes to the review queue unless an officer already decided it. Officers' decisions are fed to the engine, so they hold whatever the model
    says. The model is trained on the records unless one is given (`model`, or the stored
    model of the run `replay`).
    """
    if not 0.0 <= lower < upper <= 1.0:
        raise ValueError("thresholds must satisfy 0 ≤ lower < upper ≤ 1")
    if replay is not None:
        model = Model.from_json(replay.model)
    unit_ids = None if unit_ids is None else sorted(set(unit_ids))
    run = CleansingRun.objects.create(
        kind=RunKind.FULL, actor=actor, engine=engine, lower=lower, upper=upper,
        scope_units=unit_ids, scope_label=scope_label[:200],
    )
    started = time.perf_counter()
    trained = model is None
    stage = on_stage or (lambda name: None)
    try:
        stage("read")
        rows = engine_rows(_scope(unit_ids))
        ids = {r["record_id"] for r in rows}
        must, cannot = decisions_for(ids)
        if rows:
            clusters, pairs, features, model = cleanse_records(
                rows, engine=engine, model=model, threshold=upper, lower=lower, must_link=must,
                cannot_link=cannot, provinces=city_provinces(), on_stage=on_stage,
            )
        else:
            clusters, pairs, features = None, None, None
    except Exception as err:
        _fail(run, err)
        raise
    stage("write")
    run.features = _parquet(features)
    run.settings = {
        "engine": engine, "lower": lower, "upper": upper,
        "model_trained": trained and bool(rows),
        "model_replayed_from_run": replay.pk if replay is not None else None,
        "model_source": model_source or (
            "trained on these records" if trained else f"run {replay.pk}" if replay else "given"),
        "must_link": len(must), "cannot_link": len(cannot),
        "model": model.describe() if model is not None else None,
    }
    _store_full(run, rows, clusters, pairs, model, lower=lower, upper=upper)
    run.seconds = round(time.perf_counter() - started, 2)
    run.save(update_fields=["seconds"])
    return run


def _parquet(features: pa.Table | None) -> bytes | None:
    """The run's normalised records, so later batches need not normalise them again."""
    if features is None:
        return None
    out = io.BytesIO()
    pq.write_table(features, out, compression="zstd")
    return out.getvalue()


def _review_candidates(uncertain: pa.Table, person_of: dict[str, str]):
    """Uncertain pairs whose records ended in different persons and nobody decided yet."""
    decided = set(Decision.objects.values_list("left_id", "right_id"))
    out = []
    for row in uncertain.to_pylist():
        a, b = int(row["record_id_l"]), int(row["record_id_r"])
        if person_of[row["record_id_l"]] == person_of[row["record_id_r"]]:
            continue  # already one person through stronger links
        left, right = _ordered(a, b)
        if (left, right) in decided:
            continue
        out.append((left, right, row["match_probability"], bool(row["veto"])))
    return out


@transaction.atomic
def _store_full(run, rows, clusters, pairs, model, *, lower, upper) -> None:
    _retire(run.scope_units)
    person_of = clusters.person_id if clusters else {}
    probability = clusters.match_probability if clusters else {}
    Membership.objects.bulk_create(
        (Membership(run=run, record_id=int(rid), person_id=pid, match_probability=probability[rid])
         for rid, pid in person_of.items()),
        batch_size=_CHUNK,
    )
    findings, blocking = _findings(run, rows)
    Finding.objects.bulk_create(findings, batch_size=_CHUNK)
    review = _review_candidates(uncertain_pairs(pairs, lower=lower, upper=upper), person_of) if clusters else []
    ReviewPair.objects.bulk_create(
        (ReviewPair(run=run, left_id=a, right_id=b, probability=p, veto=v) for a, b, p, v in review),
        batch_size=_CHUNK,
    )
    in_review = {str(i) for a, b, _p, _v in review for i in (a, b)}
    run.records = len(rows)
    run.persons = len(set(person_of.values()))
    run.scored_pairs = pairs.num_rows if pairs is not None else 0
    run.review_pairs = len(review)
    run.findings = len(findings)
    run.settled = settled_count(
        {rid: p for rid, p in probability.items() if rid not in in_review}, blocking, threshold=upper,
    )
    run.model = model.to_json() if model is not None else None
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save()


# --- officers' decisions --------------------------------------------------------------------

def _check_consistent(left: int, right: int, merge: bool) -> None:
    """Refuse a decision that contradicts the others (a chain of merges joining a kept-apart pair)."""
    must, cannot = [], []
    for a, b, m in Decision.objects.exclude(left_id=left, right_id=right).values_list(
            "left_id", "right_id", "merge"):
        (must if m else cannot).append((str(a), str(b)))
    (must if merge else cannot).append((str(left), str(right)))
    nodes = sorted({r for pair in must + cannot for r in pair})
    try:
        cluster(nodes, None, must_link=must, cannot_link=cannot)
    except DecisionConflict as err:
        raise ValidationError(
            _("This decision contradicts earlier decisions on these records: %(detail)s") % {"detail": err}
        ) from err


def _join_persons(left: int, right: int) -> dict | None:
    """Apply a merge to the current result at once; the next run reaches the same by must-link.
    Returns what moved (the right record's person and its records), for an undo."""
    current = dict(Membership.objects.filter(current=True, record_id__in=(left, right))
                   .values_list("record_id", "person_id"))
    keep, gone = current.get(left), current.get(right)
    if not (keep and gone and keep != gone):
        return None
    moving = Membership.objects.filter(current=True, person_id=gone)
    records = sorted(moving.values_list("record_id", flat=True))
    moving.update(person_id=keep)
    return {"person": gone, "records": records}


def _split_persons(decision: Decision) -> None:
    """Undo what a merge moved: its records take their own person again (a new one if that
    person's id is now used by others)."""
    moved = decision.moved or {"person": f"u{decision.right_id}", "records": [decision.right_id]}
    left_person = Membership.objects.filter(current=True, record_id=decision.left_id).values_list(
        "person_id", flat=True).first()
    back = moved["person"]
    if Membership.objects.filter(current=True, person_id=back).exclude(record_id__in=moved["records"]).exists():
        back = f"{back}~{decision.pk}"
    Membership.objects.filter(current=True, record_id__in=moved["records"], person_id=left_person).update(
        person_id=back)


#: The fields that tell two persons apart: a merge over a difference in one of them needs the
#: officer to confirm they saw it, and a reason.
DECISIVE_FIELDS = ("id_number", "birth_display", "sex")


def decisive_differences(pair: ReviewPair) -> list[dict]:
    """The decisive fields whose values differ between the pair's two records (both given)."""
    found = []
    for field in DECISIVE_FIELDS:
        a, b = getattr(pair.left, field), getattr(pair.right, field)
        a, b = ("" if a is None else str(a)), ("" if b is None else str(b))
        if a and b and a != b:
            label = Person._meta.get_field("date_of_birth" if field == "birth_display" else field).verbose_name
            found.append({"field": field, "label": label, "left": a, "right": b})
    return found


@transaction.atomic
def decide(*, pair: ReviewPair, actor, merge: bool, reason: str = "", request=None,
           confirmed_differences: bool = False) -> Decision:
    """Merge two records into one person, or keep them apart, for this and every later run.

    A merge over decisive differences (ID number, date of birth, sex) is refused unless the
    officer confirms having seen them and says why."""
    pair = ReviewPair.objects.select_for_update(of=("self",)).select_related("left", "right").get(pk=pair.pk)
    if pair.status != PairStatus.PENDING:
        raise ValidationError(_("This pair has already been decided."))
    differences = decisive_differences(pair) if merge else []
    if differences and not (confirmed_differences and reason.strip()):
        raise ValidationError(
            _("The two records differ in %(fields)s: confirm that they are the same person and give a reason.")
            % {"fields": ", ".join(str(d["label"]) for d in differences)})
    _check_consistent(pair.left_id, pair.right_id, merge)
    now = timezone.now()
    moved = _join_persons(pair.left_id, pair.right_id) if merge else None
    decision, _created = Decision.objects.update_or_create(
        left_id=pair.left_id, right_id=pair.right_id,
        defaults={"merge": merge, "actor": actor, "reason": reason, "pair": pair, "moved": moved},
    )
    pair.status = PairStatus.MERGED if merge else PairStatus.KEPT_APART
    pair.decided_by, pair.decided_at, pair.reason = actor, now, reason
    pair.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        action=audit.Action.MERGE if merge else audit.Action.UPDATE, actor=actor, request=request, obj=pair,
        detail={"decision": "merge" if merge else "keep_apart", "records": [pair.left_id, pair.right_id],
                "probability": pair.probability, "run": pair.run_id, "reason": reason,
                "differences": [d["field"] for d in differences]},
    )
    return decision


@transaction.atomic
def undo(*, pair: ReviewPair, actor, reason: str, request=None) -> None:
    """Take back a decision on a pair. A merge undone splits the records again and keeps them
    apart in every later run; a keep-apart undone puts the pair back in the queue."""
    pair = ReviewPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status not in (PairStatus.MERGED, PairStatus.KEPT_APART):
        raise ValidationError(_("Only a merged or kept-apart pair can be undone."))
    if not reason.strip():
        raise ValidationError(_("Say why the decision is undone."))
    decision = Decision.objects.select_for_update().filter(left_id=pair.left_id, right_id=pair.right_id).first()
    undone = pair.status
    if undone == PairStatus.MERGED:
        _check_consistent(pair.left_id, pair.right_id, False)
        if decision is not None:
            _split_persons(decision)
        Decision.objects.update_or_create(
            left_id=pair.left_id, right_id=pair.right_id,
            defaults={"merge": False, "actor": actor, "reason": reason, "pair": pair, "moved": None})
        pair.status = PairStatus.UNMERGED
    else:
        Decision.objects.filter(left_id=pair.left_id, right_id=pair.right_id).delete()
        pair.status = PairStatus.PENDING
    pair.decided_by, pair.decided_at, pair.reason = actor, timezone.now(), reason
    pair.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=pair,
                 detail={"undo": "merge" if undone == PairStatus.MERGED else "keep_apart",
                         "records": [pair.left_id, pair.right_id], "reason": reason})


# --- new records against the settled registry -----------------------------------------------

def latest_model_run() -> CleansingRun | None:
    return (CleansingRun.objects.filter(status=RunStatus.FINISHED, model__isnull=False)
            .order_by("-finished_at", "-id").first())


def _settled_features(new_ids: list[int]) -> pa.Table:
    """Features of every currently placed record (but the batch), with its person_id.

    Taken from the Parquet each run stored of its records; only records changed since the run
    that placed them (or placed by a run that stored none) are normalised again.
    """
    current = (Membership.objects.filter(current=True).exclude(record_id__in=new_ids)
               .values_list("record_id", "person_id", "run_id", "run__finished_at", "record__updated_at"))
    person_of, by_run, stale = {}, defaultdict(set), []
    for rid, pid, run_id, finished, updated in current.iterator(chunk_size=_CHUNK):
        person_of[str(rid)] = pid
        if finished is None or updated > finished:
            stale.append(rid)
        else:
            by_run[run_id].add(str(rid))
    tables = []
    for run_id, blob in CleansingRun.objects.filter(pk__in=list(by_run), features__isnull=False).values_list(
            "pk", "features"):
        stored = pq.read_table(io.BytesIO(bytes(blob)))
        tables.append(stored.filter(pc.is_in(stored["record_id"], value_set=pa.array(sorted(by_run.pop(run_id))))))
    stale += [int(r) for ids in by_run.values() for r in ids]  # runs without stored features
    if stale:
        tables.append(features_table(engine_rows(Person.objects.filter(pk__in=stale)),
                                     provinces=city_provinces()))
    if not tables:
        return features_table([], provinces=city_provinces()).append_column("person_id", pa.array([], pa.string()))
    settled = pa.concat_tables(tables)
    return settled.append_column(
        "person_id", pa.array([person_of[r] for r in settled["record_id"].to_pylist()], pa.string()))


def link_new_records(*, actor, person_ids: Iterable[int], engine: str = "duckdb") -> CleansingRun:
    """Link a batch of new registry records against the settled registry with the stored model.

    Each new record joins an existing person or starts a new one; a record that bridges two
    persons merges them, unless an officer kept records of the two apart (the engine refuses
    the merge). Officers' decisions and the latest run's thresholds apply; uncertain pairs
    involving the new records go to the review queue.
    """
    source = latest_model_run()
    if source is None:
        raise ValueError("no stored model: run a full cleansing first")
    new_ids = sorted({int(i) for i in person_ids})
    run = CleansingRun.objects.create(
        kind=RunKind.INCREMENTAL, actor=actor, engine=engine, lower=source.lower, upper=source.upper,
        scope_label=f"{len(new_ids)} new records", model=source.model,
        settings={"engine": engine, "model_replayed_from_run": source.pk, "new_records": new_ids[:1000]},
    )
    started = time.perf_counter()
    try:
        rows = engine_rows(Person.objects.filter(pk__in=new_ids))
        new = features_table(rows, provinces=city_provinces())
        settled = _settled_features(new_ids)
        ids = set(new["record_id"].to_pylist()) | set(settled["record_id"].to_pylist())
        must, cannot = decisions_for(ids)
        assigned = link_incremental(new, settled, Model.from_json(source.model), engine=engine, threshold=source.upper,
                                    lower=source.lower, must_link=must, cannot_link=cannot)
    except Exception as err:
        _fail(run, err)
        raise
    run.features = _parquet(new)
    run.settings = {**run.settings, "must_link": len(must), "cannot_link": len(cannot)}
    _store_incremental(run, rows, assigned, new_ids)
    run.seconds = round(time.perf_counter() - started, 2)
    run.save(update_fields=["seconds"])
    return run


@transaction.atomic
def _store_incremental(run, rows, assigned, new_ids) -> None:
    _retire(None, record_ids=new_ids)
    for old, survivor in assigned.merged.items():
        Membership.objects.filter(current=True, person_id=old).update(person_id=survivor)
    Membership.objects.bulk_create(
        (Membership(run=run, record_id=int(rid), person_id=pid, match_probability=assigned.match_probability[rid])
         for rid, pid in assigned.person_id.items()),
        batch_size=_CHUNK,
    )
    person_of = dict(assigned.person_id)
    involved = {int(r) for col in ("record_id_l", "record_id_r") for r in assigned.uncertain[col].to_pylist()}
    person_of.update((str(r), p) for r, p in Membership.objects.filter(current=True, record_id__in=involved)
                     .values_list("record_id", "person_id"))
    review = _review_candidates(assigned.uncertain, person_of)
    ReviewPair.objects.bulk_create(
        (ReviewPair(run=run, left_id=a, right_id=b, probability=p, veto=v) for a, b, p, v in review),
        batch_size=_CHUNK, ignore_conflicts=True,
    )
    findings, blocking = _findings(run, rows)
    Finding.objects.bulk_create(findings, batch_size=_CHUNK)
    in_review = {str(i) for a, b, _p, _v in review for i in (a, b)}
    run.records = len(rows)
    run.persons = len(set(assigned.person_id.values()))
    run.review_pairs = len(review)
    run.findings = len(findings)
    run.settled = settled_count({r: p for r, p in assigned.match_probability.items() if r not in in_review},
                                blocking, threshold=run.upper)
    run.settings = {**run.settings, "merged": assigned.merged}
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save()


# --- the cleansing rate ---------------------------------------------------------------------

def counts_by_unit(*, unit_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{AdminUnit id: (records, settled records)} for the units given.

    A record is settled when its latest run placed it in a person (held at least at that
    run's match threshold), it is in no pending review pair and it has no current blocking
    finding: `congan.cleansing.measure.settled_count`, counted in the database.
    """
    ids = list(unit_ids)
    records = dict(Person.objects.filter(unit_id__in=ids).order_by().values("unit_id")
                   .annotate(n=Count("id")).values_list("unit_id", "n"))
    pending = ReviewPair.objects.filter(status=PairStatus.PENDING)
    blocking = Finding.objects.filter(current=True, blocking=True)
    settled = dict(
        Membership.objects.filter(current=True, record__unit_id__in=ids, match_probability__gte=F("run__upper"))
        .exclude(Q(record_id__in=pending.values("left_id")) | Q(record_id__in=pending.values("right_id")))
        .exclude(record_id__in=blocking.values("person_id"))
        .order_by().values("record__unit_id").annotate(n=Count("id")).values_list("record__unit_id", "n")
    )
    return {u: (n, settled.get(u, 0)) for u, n in records.items()}


def figures(records: int, settled: int) -> dict:
    return {"records": records, "cleaned": settled,
            "cleansing_rate": fraction(settled, records)}


def cleansing_stats(*, unit_ids: Iterable[int]) -> dict:
    """{"records", "cleaned", "cleansing_rate"} over the units (the report's population_data).

    The rate is None when the units hold no record.
    """
    counts = counts_by_unit(unit_ids=unit_ids).values()
    return figures(sum(n for n, _s in counts), sum(s for _n, s in counts))
