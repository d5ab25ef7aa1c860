"""Input records → the Arrow table of normalised features the linking model compares.

Vectorised over Arrow arrays: a text column is split into words (names) or comma parts
(addresses) by Arrow's kernels, the Python normalisers of `normalise` run once per *distinct*
word, date, sex code, unit part or hometown — a few tens of thousands at a million records —
and their results are put back in place by index. Nothing loops over records in Python, and a
batch is independent of the others, so the same function serves a whole file, a stream of
Arrow record batches, or Spark's `mapInArrow`.

Any column of the input contract may be missing or empty: its features are null, and the
linking model leaves the comparisons on them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from congan import idnumbers

from . import normalise
from ._internal import addresses
from .inputs import INPUT_COLUMNS

SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("source", pa.string()),
        ("name_marked", pa.bool_()),
        ("surname_key", pa.string()),
        ("middle_key", pa.string()),
        ("given_key", pa.string()),
        ("given_acc", pa.string()),
        ("dob", pa.string()),
        ("dob_year", pa.int32()),
        ("dob_month", pa.int32()),
        ("dob_day", pa.int32()),
        ("sex", pa.string()),
        ("cccd", pa.string()),
        ("cmnd", pa.string()),
        ("other_id", pa.string()),
        ("ward_codes", pa.list_(pa.string())),
        ("ward_block", pa.string()),
        ("address_detail", pa.string()),
        ("father_key", pa.string()),
        ("mother_key", pa.string()),
        ("hometown_code", pa.string()),
        ("hometown_ward", pa.string()),
    ]
)

#: Records normalised at a time: bounds the memory of the intermediate arrays.
BATCH_ROWS = 250_000


def features_table(
    records: pa.Table | Iterable[Mapping[str, object]],
    *,
    provinces: tuple[str, ...] = (),
    progress=None,
) -> pa.Table:
    """Normalise every record (an Arrow table, or rows as mappings of the input contract).

    `provinces` (legacy GSO codes): the area the records come from, assumed for an address
    that names no province (`normalise.parse_address`). `progress` (tqdm-like) is advanced
    batch by batch.
    """
    # One chunk per column first: a CSV read arrives in chunks of a few thousand rows, and
    # each batch pays for mapping its distinct values again.
    table = as_input_table(records).combine_chunks()
    out = []
    for batch in table.to_batches(max_chunksize=BATCH_ROWS):
        out.append(normalise_batch(batch, provinces=provinces))
        if progress is not None:
            progress.update(batch.num_rows)
    if not out:
        return SCHEMA.empty_table()
    return pa.Table.from_batches(out, schema=SCHEMA)


def as_input_table(records) -> pa.Table:
    """Rows or a table → a table of the contract's columns as strings (missing ones null)."""
    if isinstance(records, pa.RecordBatch):
        records = pa.Table.from_batches([records])
    if not isinstance(records, pa.Table):
        rows = records if isinstance(records, list) else list(records)
        records = pa.table(
            {c: pa.array([_text(r.get(c)) for r in rows], pa.string()) for c in INPUT_COLUMNS}
        )
    columns = {}
    for c in INPUT_COLUMNS:
        if c in records.column_names:
            col = records[c]
            columns[c] = col if col.type == pa.string() else pc.cast(col, pa.string())
        else:
            columns[c] = pa.nulls(records.num_rows, pa.string())
    return pa.table(columns)


def _text(value) -> str | None:
    return None if value is None else str(value)


def normalise_batch(batch: pa.RecordBatch, *, provinces: tuple[str, ...] = ()) -> pa.RecordBatch:
    """One Arrow batch of input columns → its features (`SCHEMA`)."""
    col = {c: _clean_column(batch.column(c)) for c in INPUT_COLUMNS}
    n = batch.num_rows
    name = _names(col["full_name"], n)
    dob = _dates(col["date_of_birth"])
    sex = _map_distinct(col["sex"], normalise.normalise_sex, pa.string())
    ids = _id_numbers(col["id_number"])
    dob, sex = _fill_from_cccd(dob, sex, ids["cccd"])
    place = _addresses(col["address"], n, provinces)
    home = _hometowns(col["hometown"], n, provinces)
    record_id = pc.utf8_trim_whitespace(batch.column("record_id").cast(pa.string()))
    arrays = {
        "record_id": record_id,
        "source": col["source"],
        **name,
        **dob,
        "sex": sex,
        **ids,
        **place,
        "father_key": _name_keys(col["father_name"], n),
        "mother_key": _name_keys(col["mother_name"], n),
        **home,
    }
    return pa.RecordBatch.from_arrays([arrays[f.name] for f in SCHEMA], schema=SCHEMA)


# --- building blocks ---------------------------------------------------------------------------


def _clean_column(values: pa.Array) -> pa.Array:
    """Trimmed text, empty strings null. Not NFC yet: the distinct words and parts are (in
    `normalise`), which costs a fraction of normalising every string."""
    values = pc.utf8_trim_whitespace(values.cast(pa.string()))
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _map_distinct(values: pa.Array, fn: Callable, type_: pa.DataType) -> pa.Array:
    """fn applied once per distinct non-null value, put back in place (null stays null)."""
    encoded = pc.dictionary_encode(values)
    mapped = pa.array([None if v is None else fn(v) for v in encoded.dictionary.to_pylist()], type_)
    return mapped.take(encoded.indices)


def _distinct_index(values: pa.Array) -> tuple[list, pa.Array]:
    encoded = pc.dictionary_encode(values)
    return encoded.dictionary.to_pylist(), encoded.indices


def _none_if_empty(values: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)


class _Tokens:
    """A text column split into tokens: the tokens, their record, their place in the record."""

    def __init__(self, lists: pa.Array, n: int, normalise_token: Callable):
        raw = pc.list_flatten(lists)
        record = pc.list_parent_indices(lists).to_numpy()
        clean = _map_distinct(raw, normalise_token, pa.string())
        keep = pc.fill_null(pc.not_equal(clean, ""), False).to_numpy(zero_copy_only=False)
        self.tokens = clean.filter(pa.array(keep))
        self.record = record[keep]
        self.count = np.bincount(self.record, minlength=n)
        self.start = np.concatenate([[0], np.cumsum(self.count)[:-1]])
        self.position = np.arange(len(self.record)) - self.start[self.record]
        self.n = n

    def at(self, index_of_record: np.ndarray, present: np.ndarray) -> pa.Array:
        """The token at a per-record index (null where `present` is false)."""
        index = pa.array(np.where(present, index_of_record, 0), mask=~present)
        return self.tokens.take(index) if len(self.tokens) else pa.nulls(self.n, pa.string())

    def join(self, tokens: pa.Array, keep: np.ndarray, sep: str = " ") -> pa.Array:
        """Per record, the kept tokens (a parallel array) joined with `sep` ('' when none)."""
        records = self.record[keep]
        offsets = np.concatenate([[0], np.cumsum(np.bincount(records, minlength=self.n))])
        lists = pa.ListArray.from_arrays(
            pa.array(offsets, pa.int32()), tokens.filter(pa.array(keep))
        )
        return pc.binary_join(lists, sep)


def _name_tokens(values: pa.Array, n: int) -> tuple[_Tokens, np.ndarray, np.ndarray]:
    """Words of names (cleaned, capitalised), and which are the filler middles ('Thị', 'Văn')."""
    # NAME_SEPARATORS ([\s.,]+) as literal replacements and a whitespace split: Arrow's
    # regex split costs several times more.
    spaced = pc.replace_substring(pc.replace_substring(values, ".", " "), ",", " ")
    words = _Tokens(pc.utf8_split_whitespace(spaced), n, normalise.clean_word)
    last = words.count[words.record] - 1
    middle = (words.position > 0) & (words.position < last)
    folded = _map_distinct(words.tokens, normalise.fold, pa.string())
    filler = pc.is_in(folded, value_set=pa.array(sorted(normalise.FILLER_MIDDLES))).to_numpy(
        zero_copy_only=False
    )
    return words, middle & filler, folded


def _names(values: pa.Array, n: int) -> dict[str, pa.Array]:
    words, filler, folded = _name_tokens(values, n)
    first = words.start
    last = words.start + words.count - 1
    one_or_more = words.count >= 1
    middle_core = (words.position > 0) & (words.position < words.count[words.record] - 1)
    middle_core &= ~filler
    marked = pc.not_equal(pc.utf8_lower(words.tokens), folded).to_numpy(zero_copy_only=False)
    core = ~filler
    marked_count = np.bincount(words.record[core & marked], minlength=n)
    given = words.at(last, one_or_more)
    return {
        "name_marked": pa.array(marked_count > 0),
        "surname_key": _fold_array(words.at(first, words.count >= 2)),
        "middle_key": _none_if_empty(words.join(folded, middle_core)),
        "given_key": _fold_array(given),
        "given_acc": pc.utf8_lower(given),
    }


def _name_keys(values: pa.Array, n: int) -> pa.Array:
    """A parent's name as one key: folded words without the filler middles."""
    words, filler, folded = _name_tokens(values, n)
    return _none_if_empty(words.join(folded, ~filler))


def _fold_array(values: pa.Array) -> pa.Array:
    return _map_distinct(values, normalise.fold, pa.string())


def _dates(values: pa.Array) -> dict[str, pa.Array]:
    """`normalise.parse_date`, with its two common forms read by Arrow: dd/mm/yyyy and
    yyyy-mm-dd, when they are real dates. The rest is parsed once per distinct string."""
    year, month, day = _fixed_dates(values)
    rest = pc.if_else(pc.is_null(year), values, pa.scalar(None, pa.string()))
    distinct, index = _distinct_index(rest)
    parsed = [None if v is None else normalise.parse_date(v) for v in distinct]

    def merged(fast: pa.Array, field: str) -> pa.Array:
        slow = pa.array([getattr(p, field) if p else None for p in parsed], pa.int32())
        return pc.coalesce(fast, slow.take(index))

    year, month, day = merged(year, "year"), merged(month, "month"), merged(day, "day")
    full = pc.and_(pc.is_valid(month), pc.is_valid(day))
    iso = pc.binary_join_element_wise(
        pc.utf8_lpad(pc.cast(year, pa.string()), 4, "0"),
        pc.utf8_lpad(pc.cast(month, pa.string()), 2, "0"),
        pc.utf8_lpad(pc.cast(day, pa.string()), 2, "0"),
        "-",
    )
    return {
        "dob": pc.if_else(full, iso, pa.scalar(None, pa.string())),
        "dob_year": year,
        "dob_month": month,
        "dob_day": day,
    }


# (strptime format, where the month's and the day's two digits start)
_FIXED_DATES = (("%d/%m/%Y", 3, 0), ("%Y-%m-%d", 5, 8))


def _fixed_dates(values: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(year, month, day) of dd/mm/yyyy and yyyy-mm-dd strings that are real dates, else null.

    Arrow's strptime rolls 31/02 over into March, so a date is only taken when the day and
    month it reads are the digits written.
    """
    candidates = pc.if_else(pc.fill_null(pc.equal(pc.utf8_length(values), 10), False), values, None)
    year = month = day = pa.nulls(len(values), pa.int32())
    for fmt, month_at, day_at in _FIXED_DATES:
        stamp = pc.strptime(candidates, format=fmt, unit="s", error_is_null=True)
        m, d = _two_digits(values, month_at), _two_digits(values, day_at)
        read_m, read_d = pc.cast(pc.month(stamp), pa.int32()), pc.cast(pc.day(stamp), pa.int32())
        exact = pc.fill_null(pc.and_(pc.equal(read_m, m), pc.equal(read_d, d)), False)
        year = pc.coalesce(year, pc.if_else(exact, pc.cast(pc.year(stamp), pa.int32()), None))
        month = pc.coalesce(month, pc.if_else(exact, m, None))
        day = pc.coalesce(day, pc.if_else(exact, d, None))
    return year, month, day


def _two_digits(values: pa.Array, at: int) -> pa.Array:
    part = pc.utf8_slice_codeunits(values, at, at + 2)
    return pc.cast(
        pc.if_else(pc.fill_null(pc.ascii_is_decimal(part), False), part, None), pa.int32()
    )


def _id_numbers(values: pa.Array) -> dict[str, pa.Array]:
    """CCCD and CMND by their length, after `idnumbers.repair`'s rules; any other identifier
    (a passport, a foreign social-security number) as `other_id`, upper-cased."""
    plain = pc.utf8_upper(pc.replace_substring_regex(values, idnumbers.SEPARATORS, ""))
    plain = _none_if_empty(plain)
    digits = pc.fill_null(pc.ascii_is_decimal(plain), False)
    length = pc.utf8_length(plain)
    lost_zero = pc.and_(digits, pc.is_in(length, value_set=pa.array(idnumbers.LOST_ZERO_LENGTHS)))
    number = pc.if_else(lost_zero, pc.binary_join_element_wise("0", plain, ""), plain)
    length = pc.utf8_length(number)
    is_cccd = pc.and_(digits, pc.equal(length, idnumbers.CCCD_DIGITS))
    is_cmnd = pc.and_(digits, pc.equal(length, idnumbers.CMND_DIGITS))
    null = pa.scalar(None, pa.string())
    return {
        "cccd": pc.if_else(is_cccd, number, null),
        "cmnd": pc.if_else(is_cmnd, number, null),
        "other_id": pc.if_else(pc.or_(is_cccd, is_cmnd), null, plain),
    }


def _fill_from_cccd(dob: dict, sex: pa.Array, cccd: pa.Array) -> tuple[dict, pa.Array]:
    """A valid CCCD states the birth year and sex: used where the record left them out."""
    wanting = pc.and_(pc.is_valid(cccd), pc.or_(pc.is_null(dob["dob_year"]), pc.is_null(sex)))
    rows = np.flatnonzero(pc.fill_null(wanting, False).to_numpy(zero_copy_only=False))
    if not len(rows):
        return dob, sex
    years = dob["dob_year"].to_pylist()
    sexes = sex.to_pylist()
    for i, number in zip(rows, cccd.take(pa.array(rows)).to_pylist(), strict=True):
        check = idnumbers.check_id(number)
        if check.valid and check.cccd:
            years[i] = years[i] or check.cccd.birth_year
            sexes[i] = sexes[i] or check.cccd.sex
    return {**dob, "dob_year": pa.array(years, pa.int32())}, pa.array(sexes, pa.string())


class _Units:
    """Per record, the units its address (or hometown) names and the parts left as detail.

    The parts that can name units are the last `addresses.UNIT_PARTS`; read once per distinct
    tail, a few thousand at a million records. A one-part address may hold its units without
    commas ('... P. An Hoa Q. Ninh Kieu'): those are read whole by `parse_address`, which
    splits them on the unit keywords.
    """

    def __init__(self, values: pa.Array, n: int, provinces: tuple[str, ...]):
        # PART_SEPARATORS ([,;]|\s-\s) as literal replacements and a split on commas: Arrow's
        # regex split costs several times more.
        commas = pc.replace_substring(pc.replace_substring(values, ";", ","), " - ", ",")
        parts = self.parts = _Tokens(pc.split_pattern(commas, ","), n, addresses.normalise_part)
        in_tail = parts.position >= parts.count[parts.record] - addresses.UNIT_PARTS
        distinct, index = _distinct_index(parts.join(parts.tokens, in_tail, sep=_TAIL_SEP))
        self.read = [
            addresses.read_units(tuple(key.split(_TAIL_SEP)), provinces) if key else None
            for key in distinct
        ]
        lone_part = parts.at(parts.start, parts.count == 1)
        keyworded = pc.fill_null(pc.match_substring_regex(lone_part, addresses.UNIT_KEYWORD), False)
        rows = np.flatnonzero(keyworded.to_numpy(zero_copy_only=False))
        self.lone = [
            addresses.parse_address(t, provinces) for t in values.take(pa.array(rows)).to_pylist()
        ]
        if len(rows):  # the lone rows point past the distinct tails, to their own reading
            extra = np.full(n, -1)
            extra[rows] = len(self.read) + np.arange(len(rows))
            index = pa.array(
                np.where(extra >= 0, extra, pc.fill_null(index, 0).to_numpy(zero_copy_only=False)),
                mask=~((extra >= 0) | pc.is_valid(index).to_numpy(zero_copy_only=False)),
            )
        self.index = index

    def column(self, field: str, type_: pa.DataType, pick=lambda v: v) -> pa.Array:
        values = [None if u is None else pick(getattr(u, field)) for u in self.read + self.lone]
        return pa.array(values, type_).take(self.index)

    def detail(self) -> pa.Array:
        parts = self.parts
        used = pa.array([u.used if u else 0 for u in self.read] + [0] * len(self.lone), pa.int64())
        used = pc.fill_null(used.take(self.index), 0).to_numpy(zero_copy_only=False)
        keep = parts.position < (parts.count - used)[parts.record]
        detail = _none_if_empty(addresses.detail_array(parts.join(parts.tokens, keep)))
        if not self.lone:
            return detail
        lone_detail = pa.array([p.detail or None for p in self.lone], pa.string())
        from_lone = pc.greater_equal(self.index, len(self.read))
        picked = lone_detail.take(
            pc.subtract(pc.if_else(from_lone, self.index, len(self.read)), len(self.read))
        )
        return pc.if_else(pc.fill_null(from_lone, False), picked, detail)


_TAIL_SEP = "\x1f"


def _addresses(values: pa.Array, n: int, provinces: tuple[str, ...]) -> dict[str, pa.Array]:
    units = _Units(values, n, provinces)
    wards = units.column("ward_codes_2025", pa.list_(pa.string()), lambda w: list(w) or None)
    return {
        "ward_codes": wards,
        "ward_block": pc.list_element(wards, 0),
        "address_detail": units.detail(),
    }


def _hometowns(values: pa.Array, n: int, provinces: tuple[str, ...]) -> dict[str, pa.Array]:
    units = _Units(values, n, provinces)
    return {
        "hometown_code": units.column("province_code", pa.string()),
        "hometown_ward": units.column(
            "ward_codes_2025", pa.string(), lambda w: w[0] if w else None
        ),
    }
