"""Near-duplicate documents: the same wire story republished on several sites.

Each document is fingerprinted once. Its text is lower-cased and every run of
non-letters becomes one space; a *shingle* is the 24 characters from the start of each
word, hashed; the shingles whose hash is even are kept (the same half in every text, so
two texts keep the same shingles of any passage they share), and the 32 smallest form
the document's *sketch* (stored in ``document_copies`` with the number of shingles kept).

Two documents published at most ``copy_window_days`` apart are *candidates* when their
sketches share two of their 8 smallest hashes (not counting boilerplate: hashes shared
by more than 24 documents published around either), and *copies* when the sketches confirm
it: estimated Jaccard similarity of their shingles at least ``copy_similarity``, or 80%
of the shorter text's shingles found in the other (a shortened republication). Copies
form clusters (transitively); the earliest published document (then the smallest content
hash) represents its cluster, and the claims of all its documents count as one source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from truce.correlate.bulk import IN_CHUNK, Bulk, chunks
from truce.correlate.graph import components, sorted_unique
from truce.store import driver

CONTAINMENT = 0.8
MIN_SHINGLES = 8
SHINGLE = 24
SKETCH = 32
BANDS = 8  # smallest hashes compared to find candidates
BOILERPLATE = 24  # a hash shared by more documents around one is not evidence of copying
_P = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_Q = pow(_P, -1, 2**64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BLOCK = 4_000_000  # characters fingerprinted at once (fewer than 2**16 texts)


def _folding_table() -> bytes:
    """ASCII letters and digits kept (lower case), every other ASCII byte a space;
    bytes of UTF-8 sequences (non-ASCII letters) kept as they are."""
    table = bytearray(range(256))
    for b in range(128):
        c = chr(b)
        table[b] = ord(c.lower()) if c.isalnum() else 32
    return bytes(table)


_FOLD = _folding_table()


@dataclass(slots=True)
class Print:
    """A text's fingerprint: the sketch (sorted) and the number of shingles kept."""

    sketch: np.ndarray
    size: int

    def blob(self) -> bytes:
        return self.sketch.astype("<u8").tobytes()

    @classmethod
    def from_blob(cls, blob: bytes | None, size: int) -> Print:
        sketch = np.frombuffer(blob or b"", dtype="<u8").astype(np.uint64)
        return cls(sketch, int(size))


EMPTY = Print(np.zeros(0, np.uint64), 0)


@lru_cache(maxsize=2)
def _powers(n: int, base: int) -> np.ndarray:
    out = np.empty(max(n, 1), np.uint64)
    out[0] = 1
    if n > 1:
        out[1:] = base
        np.cumprod(out, out=out)  # wraps modulo 2**64
    return out


def fingerprints(texts: Sequence[str]) -> list[Print]:
    """Fingerprints of texts, computed in numpy a few million characters at a time."""
    out: list[Print] = []
    block: list[bytes] = []
    size = 0
    for text in texts:
        blob = text.lower().encode("utf-8").translate(_FOLD)
        block.append(blob)
        size += len(blob) + 1
        if size >= _BLOCK:
            out.extend(_fingerprint_block(block))
            block, size = [], 0
    if block:
        out.extend(_fingerprint_block(block))
    return out


def _fingerprint_block(blobs: list[bytes]) -> list[Print]:
    joined = np.frombuffer(b" ".join(blobs) + b" ", dtype=np.uint8)
    # collapse runs of spaces; each text is followed by exactly one space
    keep = np.ones(len(joined), bool)
    keep[1:] = (joined[1:] != 32) | (joined[:-1] != 32)
    keep[0] = joined[0] != 32
    text_of_byte = np.repeat(np.arange(len(blobs)), [len(b) + 1 for b in blobs])
    raw, owner_byte = joined[keep], text_of_byte[keep]
    total = len(raw)
    if total <= SHINGLE:
        return [EMPTY for _ in blobs]
    ends = np.searchsorted(owner_byte, np.arange(len(blobs)), side="right")
    starts = np.empty(total, bool)  # a word starts here
    starts[0] = raw[0] != 32
    starts[1:] = (raw[:-1] == 32) & (raw[1:] != 32)
    i = np.nonzero(starts)[0]
    i = i[i + SHINGLE <= ends[owner_byte[i]]]  # the whole shingle within its own text
    if len(i) == 0:
        return [EMPTY for _ in blobs]
    data = raw.astype(np.uint64) + np.uint64(1)
    with np.errstate(over="ignore"):
        # prefix[k] = sum(data[j] * Q**j, j < k); a window's polynomial hash is then
        # (prefix[i + n] - prefix[i]) * P**(i + n - 1), the same wherever it occurs
        prefix = np.zeros(total + 1, np.uint64)
        np.cumsum(data * _powers(_BLOCK * 2, _Q)[:total], out=prefix[1:])
        h = (prefix[i + SHINGLE] - prefix[i]) * _powers(_BLOCK * 2, _P)[i + SHINGLE - 1]
        h ^= h >> np.uint64(29)
        h *= _MIX
        h ^= h >> np.uint64(32)
    sampled = (h & np.uint64(1)) == 0
    # one sort of (text, 48-bit hash) keys gives every text's distinct hashes in order
    key = sorted_unique(
        (owner_byte[i[sampled]].astype(np.uint64) << np.uint64(48)) | (h[sampled] >> np.uint64(16))
    )
    owner = (key >> np.uint64(48)).astype(np.int64)
    h = key & np.uint64((1 << 48) - 1)
    counts = np.bincount(owner, minlength=len(blobs))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(len(h)) - first[owner]
    small = rank < SKETCH
    sk_h, sk_owner = h[small], owner[small]
    bounds = np.searchsorted(sk_owner, np.arange(len(blobs) + 1))
    return [Print(sk_h[bounds[d] : bounds[d + 1]], int(counts[d])) for d in range(len(blobs))]


_SENTINEL = np.iinfo(np.uint64).max
NO_DAY = np.iinfo(np.int64).min // 4  # undated: never a candidate


@dataclass(slots=True)
class PrintSet:
    """The fingerprints of many documents as flat arrays, one row per document."""

    ids: np.ndarray  # document ids
    days: np.ndarray  # publication day numbers (NO_DAY when undated)
    ties: np.ndarray  # a prefix of the content hash: the earlier of two same-day copies
    sizes: np.ndarray  # shingles kept
    flat: np.ndarray  # every sketch, one after the other
    offs: np.ndarray
    lens: np.ndarray
    reps: np.ndarray  # the stored representative of each document's cluster

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        ids: Sequence[int],
        days: Sequence[int | None],
        hashes: Sequence[str],
        sketches: Sequence[np.ndarray],
        sizes: Sequence[int],
        reps: Sequence[int] | None = None,
    ) -> PrintSet:
        lens = np.array([len(x) for x in sketches], dtype=np.int64)
        return cls(
            ids=np.asarray(ids, dtype=np.int64),
            days=np.array([NO_DAY if d is None else d for d in days], dtype=np.int64),
            ties=np.array([int(h[:15], 16) for h in hashes], dtype=np.int64),
            sizes=np.asarray(sizes, dtype=np.int64),
            flat=np.concatenate(sketches) if len(sketches) else np.zeros(0, np.uint64),
            offs=np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
            if len(lens)
            else lens,
            lens=lens,
            reps=np.asarray(reps if reps is not None else ids, dtype=np.int64),
        )

    @staticmethod
    def concat(parts: Sequence[PrintSet]) -> PrintSet:
        parts = [x for x in parts if len(x)]
        if not parts:
            return PrintSet.build([], [], [], [], [])
        lens = np.concatenate([x.lens for x in parts])
        return PrintSet(
            ids=np.concatenate([x.ids for x in parts]),
            days=np.concatenate([x.days for x in parts]),
            ties=np.concatenate([x.ties for x in parts]),
            sizes=np.concatenate([x.sizes for x in parts]),
            flat=np.concatenate([x.flat for x in parts]),
            offs=np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64),
            lens=lens,
            reps=np.concatenate([x.reps for x in parts]),
        )

    def unique(self) -> PrintSet:
        """Without repeated documents (the first row of each kept, in order)."""
        _, first = np.unique(self.ids, return_index=True)
        if len(first) == len(self):
            return self
        rows = np.sort(first)
        pieces = [
            self.flat[o : o + n] for o, n in zip(self.offs[rows], self.lens[rows], strict=True)
        ]
        lens = self.lens[rows]
        return PrintSet(
            ids=self.ids[rows],
            days=self.days[rows],
            ties=self.ties[rows],
            sizes=self.sizes[rows],
            flat=np.concatenate(pieces) if pieces else np.zeros(0, np.uint64),
            offs=np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64),
            lens=lens,
            reps=self.reps[rows],
        )

    def padded(self, rows: np.ndarray) -> np.ndarray:
        """The sketches of these rows in an (n, SKETCH) array, padded with a sentinel."""
        width = np.arange(SKETCH)
        lens = np.minimum(self.lens[rows], SKETCH)
        index = self.offs[rows][:, None] + width[None, :]
        valid = width[None, :] < lens[:, None]
        out = np.full((len(rows), SKETCH), _SENTINEL, np.uint64)
        out[valid] = self.flat[index[valid]]
        return out


def similarities(ps: PrintSet, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard, containment of the smaller in the larger) of each pair of rows, estimated
    from their sketches: among the SKETCH smallest hashes of the union of both sketches,
    the share found in both."""
    if len(a) == 0:
        return np.zeros(0), np.zeros(0)
    merged = np.sort(np.concatenate([ps.padded(a), ps.padded(b)], axis=1), axis=1)
    real = merged != _SENTINEL
    first = np.ones_like(real)
    first[:, 1:] = merged[:, 1:] != merged[:, :-1]
    twice = np.zeros_like(real)
    twice[:, :-1] = merged[:, :-1] == merged[:, 1:]
    unique = first & real
    counted = unique & (np.cumsum(unique, axis=1) <= SKETCH)
    union = counted.sum(axis=1)
    both = (counted & twice).sum(axis=1)
    jaccard = np.where(union > 0, both / np.maximum(union, 1), 0.0)
    sa, sb = ps.sizes[a].astype(float), ps.sizes[b].astype(float)
    smaller = np.minimum(sa, sb)
    common = jaccard * (sa + sb) / (1 + jaccard)
    containment = np.where(smaller > 0, np.minimum(1.0, common / np.maximum(smaller, 1)), 0.0)
    return jaccard, containment


def copies(
    ps: PrintSet, a: np.ndarray, b: np.ndarray, jaccard: float
) -> tuple[np.ndarray, np.ndarray]:
    """Which pairs of rows are copies, and their Jaccard similarity (in bounded chunks)."""
    ok = np.zeros(len(a), bool)
    sims = np.zeros(len(a))
    step = 50000
    for start in range(0, len(a), step):
        pa, pb = a[start : start + step], b[start : start + step]
        j, c = similarities(ps, pa, pb)
        smaller = np.minimum(ps.sizes[pa], ps.sizes[pb])
        ok[start : start + step] = (j >= jaccard) | ((c >= CONTAINMENT) & (smaller >= MIN_SHINGLES))
        sims[start : start + step] = j
    return ok, sims


def candidate_pairs(ps: PrintSet, window_days: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows (a, b) of dated documents published at most ``window_days`` apart whose
    sketches share at least two of their BANDS smallest hashes, not counting boilerplate:
    a hash shared by more than BOILERPLATE documents published within the window of
    either document."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    dated = np.nonzero((ps.days != NO_DAY) & (ps.sizes > 0))[0]
    if len(dated) < 2:
        return empty
    heads = np.minimum(ps.lens[dated], BANDS)
    owner = np.repeat(dated, heads)
    pos = np.repeat(ps.offs[dated], heads) + (
        np.arange(int(heads.sum())) - np.repeat(np.cumsum(heads) - heads, heads)
    )
    # one sort of (hash, day) packed in 64 bits: hashes are 48-bit, days need 15
    base = int(ps.days[dated].min()) - window_days
    if int(ps.days[dated].max()) - base + window_days >= 1 << 15:
        raise ValueError("documents published more than 80 years apart")
    day = ps.days[owner] - base
    key = (ps.flat[pos].astype(np.int64) << 15) | day
    order = np.argsort(key, kind="stable")
    key, owner = key[order], owner[order]
    lo = np.searchsorted(key, key - window_days, "left")
    hi = np.searchsorted(key, key + window_days, "right")
    usable = (hi - lo - 1) <= BOILERPLATE
    later = np.where(usable, hi - np.arange(len(key)) - 1, 0)
    total = int(later.sum())
    if total == 0:
        return empty
    left = np.repeat(np.arange(len(key)), later)
    right = left + 1 + np.arange(total) - np.repeat(np.cumsum(later) - later, later)
    keep = usable[right]
    a, b = owner[left[keep]], owner[right[keep]]
    keep = a != b
    a, b = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    code = np.sort(a * len(ps) + b)
    twice = code[1:][code[1:] == code[:-1]]  # the pair shares two hashes or more
    code = sorted_unique(twice)
    return code // len(ps), code % len(ps)


def representatives(ps: PrintSet, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The representative (document id) of each row: over the copy pairs (a, b) and the
    stored clusters, the earliest published document of each cluster (then the smallest
    content hash); rows without copies represent themselves."""
    n = len(ps)
    row_of = {int(d): k for k, d in enumerate(ps.ids.tolist())}
    stored = np.array(
        [row_of.get(int(r), k) for k, r in enumerate(ps.reps.tolist())], dtype=np.int64
    )
    i = np.concatenate([a, np.arange(n)])
    j = np.concatenate([b, stored])
    labels = components(n, i, j)
    order = np.lexsort((ps.ties, ps.days, labels))
    first = np.ones(n, bool)
    first[1:] = labels[order][1:] != labels[order][:-1]
    rep_of_label = np.empty(n, np.int64)
    rep_of_label[labels[order][first]] = ps.ids[order][first]
    return rep_of_label[labels]


def _days(values: Sequence[object]) -> list[int | None]:
    """Dates (strings or date objects) as day numbers, parsed by numpy all at once."""
    if not values:
        return []
    arr = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    days = arr.astype(np.int64).tolist()
    return [None if v is None else d for v, d in zip(values, days, strict=True)]


def head_rows(
    ids: Sequence[int], published: Sequence[object], sketches: Sequence[bytes | np.ndarray | None]
) -> list[dict[str, int]]:
    """``document_heads`` rows: the BANDS smallest hashes of each dated document's sketch
    (the hashes ``candidate_pairs`` compares), with its publication day."""
    out: list[dict[str, int]] = []
    for doc_id, day, sketch in zip(ids, _days(list(published)), sketches, strict=True):
        if day is None or sketch is None:
            continue
        values = np.frombuffer(sketch, dtype="<u8") if isinstance(sketch, bytes) else sketch
        for value in values[:BANDS].tolist():
            out.append({"hash": int(value), "document_id": int(doc_id), "day": int(day)})
    return out


_HEADS_SQL = (
    "INSERT INTO document_heads (hash, document_id, day) VALUES (:hash, :document_id, :day)"
)
_EPOCH = date(1970, 1, 1)
DOC_SQL = (
    "SELECT d.id, d.published, d.content_hash, k.sketch, k.size, k.copy_of FROM documents d "
    "JOIN document_copies k ON k.document_id = d.id"
)


def _print_set(rows: list[tuple]) -> PrintSet:
    sketches = [np.frombuffer(r[3] or b"", dtype="<u8") for r in rows]
    return PrintSet.build(
        [r[0] for r in rows],
        _days([r[1] for r in rows]),
        [r[2] for r in rows],
        sketches,
        [r[4] for r in rows],
        [r[5] for r in rows],
    )


def fingerprint_documents(bulk: Bulk, doc_ids: Iterable[int]) -> PrintSet:
    """Fingerprint the documents that have no fingerprint yet; store and return them."""
    ids = sorted(set(doc_ids))
    parts: list[PrintSet] = []
    for start in range(0, len(ids), 20000):
        rows = bulk.fetch_in(
            "SELECT d.id, d.published, d.content_hash, d.text FROM documents d "
            "WHERE d.id IN ({}) AND NOT EXISTS "
            "(SELECT 1 FROM document_copies k WHERE k.document_id = d.id)",
            ids[start : start + 20000],
        )
        if not rows:
            continue
        prints = fingerprints([r[3] or "" for r in rows])
        bulk.insert(
            "document_copies",
            ["document_id", "copy_of", "similarity", "size", "sketch"],
            [(r[0], r[0], 1.0, f.size, f.blob()) for r, f in zip(rows, prints, strict=True)],
        )
        heads = head_rows([r[0] for r in rows], [r[1] for r in rows], [f.sketch for f in prints])
        bulk.insert(
            "document_heads",
            ["hash", "document_id", "day"],
            [(h["hash"], h["document_id"], h["day"]) for h in heads],
        )
        parts.append(
            PrintSet.build(
                [r[0] for r in rows],
                _days([r[1] for r in rows]),
                [r[2] for r in rows],
                [f.sketch for f in prints],
                [f.size for f in prints],
            )
        )
    return PrintSet.concat(parts)


def stored_prints(bulk: Bulk, doc_ids: Iterable[int]) -> PrintSet:
    """The stored fingerprints of these documents."""
    return _print_set(bulk.fetch_in(f"{DOC_SQL} WHERE d.id IN ({{}})", sorted(set(doc_ids))))


def _all_prints(bulk: Bulk) -> PrintSet:
    parts, last = [], 0
    while True:  # in pieces: a few hundred bytes a document, a million documents
        rows = bulk.fetch(f"{DOC_SQL} WHERE d.id > ? ORDER BY d.id LIMIT 50000", [last])
        if not rows:
            return PrintSet.concat(parts)
        parts.append(_print_set(rows))
        last = rows[-1][0]


def _candidates_by_heads(bulk: Bulk, new: PrintSet, window_days: int) -> list[tuple[int, int]]:
    """The candidate pairs (document ids) of ``candidate_pairs`` that involve a new
    document, found in ``document_heads`` without reading any sketch.

    A pair involving a new document can only share that document's BANDS smallest
    hashes. Counts per hash and day tell whether a hash is boilerplate around a document
    (held by more than BOILERPLATE documents within the window, itself not counted);
    the pairs sharing at least two hashes that are not, published within the window of
    each other, are the candidates: the same rule as ``candidate_pairs``."""
    heads: list[tuple[int, int, list[int]]] = []  # (document, day, its BANDS hashes)
    for row in np.nonzero(new.days != NO_DAY)[0].tolist():
        start = int(new.offs[row])
        hashes = new.flat[start : start + min(int(new.lens[row]), BANDS)].tolist()
        if hashes:
            heads.append((int(new.ids[row]), int(new.days[row]), hashes))
    if not heads:
        return []
    # (hash, day) -> its holders within the window, counted up to one past boilerplate
    counts: dict[tuple[int, int], int] = {}

    def count(pairs: Iterable[tuple[int, int]]) -> None:
        wanted = sorted(set(pairs) - counts.keys())
        for h, day, n in _in_windows(bulk, _HOLDERS_COUNTED, wanted, window_days):
            counts[(int(h), int(day))] = int(n)

    def usable_at(h: int, day: int) -> bool:
        return counts[(h, day)] - 1 <= BOILERPLATE  # itself not counted, as in candidate_pairs

    count((h, day) for _, day, hashes in heads for h in hashes)
    # the holders of each usable hash within the window of the new document's day (a
    # hash rare around one day may be common on others: only the window is read)
    windows = sorted({(h, day) for _, day, hashes in heads for h in hashes if usable_at(h, day)})
    holders: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (hash, day) -> (doc, day)
    for h, day, doc, other_day in _in_windows(bulk, _HOLDERS, windows, window_days):
        holders.setdefault((int(h), int(day)), []).append((int(doc), int(other_day)))
    count((h, other_day) for (h, _), found in holders.items() for _, other_day in found)
    shared: dict[tuple[int, int], int] = {}
    for doc_id, day, hashes in heads:
        for h in set(hashes):
            for other, other_day in holders.get((h, day), ()):
                if other != doc_id and usable_at(h, other_day):
                    pair = (min(doc_id, other), max(doc_id, other))
                    shared[pair] = shared.get(pair, 0) + 1
    # a pair of two new documents is counted from both sides
    fresh = {doc_id for doc_id, _, _ in heads}
    return [
        pair
        for pair, n in shared.items()
        if n >= (4 if pair[0] in fresh and pair[1] in fresh else 2)
    ]


# the document heads holding q.hash within q's window of days
_IN_WINDOW = "k.hash = q.hash AND k.day >= q.lo AND k.day <= q.hi"
_HOLDERS = f"k.document_id, k.day FROM q JOIN document_heads k ON {_IN_WINDOW}"
_HOLDERS_COUNTED = (  # counting stops one past the boilerplate limit
    "(SELECT COUNT(*) FROM (SELECT 1 FROM document_heads k "
    f"WHERE {_IN_WINDOW} LIMIT {BOILERPLATE + 2}) AS c) FROM q"
)


def _in_windows(
    bulk: Bulk, query: str, pairs: Sequence[tuple[int, int]], window_days: int
) -> list[tuple[Any, ...]]:
    """``SELECT q.hash, q.day, {query}`` over a table ``q`` of (hash, day, lo, hi): one
    row per (hash, day) pair, lo..hi the days within ``window_days`` of day."""
    out: list[tuple[Any, ...]] = []
    for batch in chunks(pairs, IN_CHUNK // 4):
        values = ", ".join(["(?, ?, ?, ?)"] * len(batch))
        out += bulk.fetch(
            f"WITH q(hash, day, lo, hi) AS (VALUES {values}) SELECT q.hash, q.day, {query}",
            [v for h, day in batch for v in (h, day, day - window_days, day + window_days)],
        )
    return out


def detect_copies(
    bulk: Bulk, new: PrintSet | None, jaccard: float, window_days: int
) -> dict[int, tuple[int, int]]:
    """Find copies among all documents (``new`` None) or between new documents and those
    published near them; store the clusters; return {document: (old, new representative)}
    for every document whose representative changed. New documents must be stored."""
    if new is None:
        ps = _all_prints(bulk)
        a, b = candidate_pairs(ps, window_days)
    else:
        if not len(new):
            return {}
        pairs = _candidates_by_heads(bulk, new, window_days)
        others = {d for pair in pairs for d in pair} - set(new.ids.tolist())
        ps = PrintSet.concat([new, stored_prints(bulk, others)]).unique()
        row_of = {d: k for k, d in enumerate(ps.ids.tolist())}
        a = np.array([row_of[x] for x, _ in pairs], dtype=np.int64)
        b = np.array([row_of[y] for _, y in pairs], dtype=np.int64)
    ok, sims = copies(ps, a, b, jaccard)
    a, b, sims = a[ok], b[ok], sims[ok]
    if new is not None:
        # the stored clusters of the documents in a copy pair, and of every document read
        # that belongs to one, join whole: none loses its representative for want of it
        # (appended rows: the rows of a and b stay where they are)
        wanted = np.unique(np.concatenate([ps.reps[ps.reps != ps.ids], ps.reps[a], ps.reps[b]]))
        extra = _print_set(bulk.fetch_in(f"{DOC_SQL} WHERE k.copy_of IN ({{}})", wanted.tolist()))
        ps = PrintSet.concat([ps, extra]).unique()
    reps = representatives(ps, a, b)
    sim_of: dict[int, float] = {}
    for x, y, sim in zip(ps.ids[a].tolist(), ps.ids[b].tolist(), sims.tolist(), strict=True):
        sim_of[x] = max(sim_of.get(x, 0.0), round(sim, 4))
        sim_of[y] = max(sim_of.get(y, 0.0), round(sim, 4))
    changed_rows = np.nonzero(reps != ps.reps)[0]
    changed = {int(ps.ids[k]): (int(ps.reps[k]), int(reps[k])) for k in changed_rows.tolist()}
    bulk.update(
        "document_copies",
        "document_id",
        ["copy_of", "similarity"],
        [
            (
                int(reps[k]),
                1.0 if reps[k] == ps.ids[k] else sim_of.get(int(ps.ids[k]), 1.0),
                int(ps.ids[k]),
            )
            for k in changed_rows.tolist()
        ],
    )
    return changed


class Fingerprinter:
    """An ingest processor: fingerprint each new document in its ingest transaction, so
    that grouping only compares fingerprints (``document_copies`` row, audited)."""

    def __init__(self) -> None:
        self.documents = 0

    @staticmethod
    def job(text: str, published: object, meta: object) -> str:
        return text

    @staticmethod
    def prepare(text: str) -> tuple[int, bytes]:
        """The fingerprint of one text as (size, sketch bytes): picklable, for workers."""
        return Fingerprinter.prepare_many([text])[0]

    @staticmethod
    def prepare_many(texts: Sequence[str]) -> list[tuple[int, bytes]]:
        """``prepare`` for a whole batch in one numpy pass (no per-document overhead)."""
        return [(found.size, found.blob()) for found in fingerprints([t or "" for t in texts])]

    def __call__(
        self, txn: object, document: object, parsed: object = None, prepared: object = None
    ) -> None:
        size, blob = prepared if isinstance(prepared, tuple) else self.prepare(document.text)  # type: ignore[attr-defined]
        doc_id = document.id  # type: ignore[attr-defined]
        conn = txn.session.connection()  # type: ignore[attr-defined]
        driver.execute(
            conn,
            "INSERT INTO document_copies (document_id, copy_of, similarity, size, sketch)"
            " VALUES (:id, :id, 1.0, :size, :sketch)",
            {"id": doc_id, "size": size, "sketch": blob},
        )
        heads = head_rows([doc_id], [document.published], [blob])  # type: ignore[attr-defined]
        if heads:
            driver.execute(conn, _HEADS_SQL, heads)
        txn.audit.append(  # type: ignore[attr-defined]
            "document.fingerprint",
            "document",
            doc_id,
            {"shingles": size, "sketch": hashlib.sha256(blob).hexdigest()[:16]},
        )
        self.documents += 1
