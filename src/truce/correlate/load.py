"""Reading what grouping needs: new claims and observations, stored items, evidence.

Queries are plain SQL run through :class:`~truce.correlate.bulk.Bulk` (fast on a million
rows). Window queries find the stored items that may link to a new one: same family and
tier, a stored grid cell within reach (or the same district), a start time in range;
the exact rule (``compat.check``) then decides.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from truce.correlate.bulk import Bulk, parse_utc
from truce.correlate.items import (
    FIGURE_KINDS,
    MAX_COARSE_WIDTH,
    MAX_RADIUS,
    MAX_WIDTH,
    TIERS,
    ClaimRows,
    Interner,
    Items,
    ObservationRows,
    key64_of,
)
from truce.correlate.vocab import FAMILIES

_PLACE_RANK = (
    "(CASE WHEN lat IS NULL AND place_id IS NULL THEN 10 ELSE 0 END) + "
    "(CASE kind WHEN 'feature' THEN 0 WHEN 'village' THEN 1 WHEN 'town' THEN 2 "
    "WHEN 'city' THEN 3 WHEN 'district' THEN 4 WHEN 'region' THEN 5 WHEN 'country' THEN 6 "
    "ELSE 2 END)"
)
_FIGURE_RANK = (
    "CASE kind WHEN 'killed' THEN 0 WHEN 'wounded' THEN 1 WHEN 'missing' THEN 2 "
    "WHEN 'displaced' THEN 3 WHEN 'personnel' THEN 4 ELSE 5 END"
)

CLAIM_SQL = f"""
SELECT c.id, c.document_id, c.type, c.polarity, c.date_start, c.date_end, c.date_precision,
       d.published, d.content_hash, c.span_start, c.span_end,
       p.place_id, p.kind, p.lat, p.lon, f.kind, f.value,
       c.speaker_name, c.speaker_side, p.name, d.outlet, d.side, k.copy_of
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN document_copies k ON k.document_id = c.document_id
LEFT JOIN (
    SELECT claim_id, place_id, kind, lat, lon, name,
           ROW_NUMBER() OVER (PARTITION BY claim_id
                              ORDER BY {_PLACE_RANK}, COALESCE(span_start, 0), id) AS rn
    FROM claim_places {{place_filter}}
) p ON p.claim_id = c.id AND p.rn = 1
LEFT JOIN (
    SELECT claim_id, kind, COALESCE(value, low, high) AS value,
           ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY {_FIGURE_RANK}, id) AS rn
    FROM figures {{figure_filter}}
) f ON f.claim_id = c.id AND f.rn = 1
{{where}}
ORDER BY c.id
"""

OBSERVATION_SQL = """
SELECT o.id, o.document_id, o.time_start, o.time_end, o.lat, o.lon, o.place_id, o.what,
       o.mode, o.distance_min_km, o.distance_max_km, o.bearing_deg, o.result,
       o.content_hash, o.killed, o.wounded, o.source_kind, o.reporter, o.confidence,
       o.place_name, COALESCE(d.outlet, d.title), d.side
FROM observations o JOIN documents d ON d.id = o.document_id
{where}
ORDER BY o.id
"""

#: ids, then the state and feature columns in the order persist.py writes them
MEMBER_COLUMNS = (
    "claim_id", "observation_id", "incident_id", "role", "pinned", "unit", "anchor",
    "cluster", "item_key", "document_id", "family", "tier", "t0", "t1", "lat", "lon",
    "radius_km", "cell", "place_id", "district_id", "area_level", "fig_kind", "fig_value",
)  # fmt: skip
MEMBER_SQL = f"SELECT {', '.join(MEMBER_COLUMNS)} FROM incident_members"


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    if not rows:
        return [[] for _ in range(width)]
    return [list(col) for col in zip(*rows, strict=True)]


_KIND_RANK = {
    "feature": 0,
    "village": 1,
    "town": 2,
    "city": 3,
    "district": 4,
    "region": 5,
    "country": 6,
}
_FIGURE_RANK = {"killed": 0, "wounded": 1, "missing": 2, "displaced": 3, "personnel": 4}


def _first_per_claim(claim_ids: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Index of the first row of each claim in the order of ``keys`` (most important last)."""
    order = np.lexsort((*keys, claim_ids))
    first = np.ones(len(order), bool)
    first[1:] = claim_ids[order][1:] != claim_ids[order][:-1]
    return order[first]


def _documents_of(ids: set[int], bulk: Bulk) -> dict[int, tuple[Any, ...]]:
    """(published, content hash, outlet, side, copy cluster) of these documents: read by
    id range when they are dense (a document's text makes its row long: joining it to
    every claim would read all texts), else by id."""
    if not ids:
        return {}
    lo, hi = min(ids), max(ids)
    if hi - lo + 1 <= 4 * len(ids):
        rows = bulk.fetch(
            "SELECT d.id, d.published, d.content_hash, d.outlet, d.side FROM documents d "
            "WHERE d.id >= ? AND d.id <= ?",
            [lo, hi],
        )
        copies = dict(
            bulk.fetch(
                "SELECT document_id, copy_of FROM document_copies "
                "WHERE document_id >= ? AND document_id <= ?",
                [lo, hi],
            )
        )
    else:
        wanted = sorted(ids)
        rows = bulk.fetch_in(
            "SELECT d.id, d.published, d.content_hash, d.outlet, d.side FROM documents d "
            "WHERE d.id IN ({})",
            wanted,
        )
        copies = dict(
            bulk.fetch_in(
                "SELECT document_id, copy_of FROM document_copies WHERE document_id IN ({})",
                wanted,
            )
        )
    return {r[0]: (r[1], r[2], r[3], r[4], copies.get(r[0])) for r in rows}


def claim_id_ranges(bulk: Bulk, step: int = 200_000) -> list[tuple[int, int]]:
    """Ranges of claim ids [lo, hi] of at most ``step`` claims each (read one at a time)."""
    lo, hi, count = bulk.fetch("SELECT MIN(id), MAX(id), COUNT(*) FROM claims")[0]
    if not count:
        return []
    width = max(1, (hi - lo + 1) * step // count)
    return [(a, min(a + width - 1, hi)) for a in range(lo, hi + 1, width)]


def read_claim_range(bulk: Bulk, lo: int, hi: int) -> ClaimRows:
    """The claims with ids in [lo, hi], with their first place and figure: three plain
    range scans, the choice made here (the same order as CLAIM_SQL, whose window
    functions cost more on a million claims)."""
    bare = bulk.fetch(
        "SELECT c.id, c.document_id, c.type, c.polarity, c.date_start, c.date_end, "
        "c.date_precision, c.span_start, c.span_end, c.speaker_name, c.speaker_side "
        "FROM claims c WHERE c.id >= ? AND c.id <= ? ORDER BY c.id",
        [lo, hi],
    )
    docs = _documents_of({r[1] for r in bare}, bulk)
    claims = [(*r, *docs.get(r[1], (None, "", None, None, None))) for r in bare]
    del bare
    n = len(claims)
    position = {r[0]: k for k, r in enumerate(claims)}
    place: tuple[list[Any], ...] = ([None] * n, [None] * n, [None] * n, [None] * n, [None] * n)
    rows = bulk.fetch(
        "SELECT claim_id, place_id, kind, lat, lon, name, span_start, id FROM claim_places "
        "WHERE claim_id >= ? AND claim_id <= ?",
        [lo, hi],
    )
    if rows:
        cid = np.array([r[0] for r in rows], dtype=np.int64)
        unresolved = np.array([r[3] is None and r[1] is None for r in rows], dtype=np.int64)
        rank = unresolved * 10 + np.array([_KIND_RANK.get(r[2], 2) for r in rows], dtype=np.int64)
        span = np.array([r[6] or 0 for r in rows], dtype=np.int64)
        ident = np.array([r[7] for r in rows], dtype=np.int64)
        for k in _first_per_claim(cid, ident, span, rank).tolist():
            r = rows[k]
            at = position.get(r[0])
            if at is not None:
                for column, value in zip(place, (r[1], r[2], r[3], r[4], r[5]), strict=True):
                    column[at] = value
    fig_kind: list[str | None] = [None] * n
    fig_value: list[int | None] = [None] * n
    rows = bulk.fetch(
        "SELECT claim_id, kind, value, low, high, id FROM figures "
        "WHERE claim_id >= ? AND claim_id <= ? ORDER BY claim_id, id",
        [lo, hi],
    )
    every: list[list[tuple[str, Any, Any, Any]]] = [[] for _ in range(n)]
    if rows:
        cid = np.array([r[0] for r in rows], dtype=np.int64)
        rank = np.array([_FIGURE_RANK.get(r[1], 5) for r in rows], dtype=np.int64)
        ident = np.array([r[5] for r in rows], dtype=np.int64)
        for k in _first_per_claim(cid, ident, rank).tolist():
            r = rows[k]
            at = position.get(r[0])
            if at is not None:
                fig_kind[at] = r[1]
                fig_value[at] = r[2] if r[2] is not None else (r[3] if r[3] is not None else r[4])
        for r in rows:
            at = position.get(r[0])
            if at is not None:
                every[at].append((sys.intern(r[1]), r[2], r[3], r[4]))
    cols = _columns(claims, 16)
    out = ClaimRows(
        cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[11], cols[12],
        cols[7], cols[8], place[0], place[1], place[2], place[3], fig_kind, fig_value,
        cols[9], cols[10], place[4], cols[13], cols[14], cols[15], every,
    )  # fmt: skip
    return out


def read_claims(bulk: Bulk, ids: Sequence[int]) -> ClaimRows:
    """These claims with their first place and first figure."""
    rows = []
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        marks = ", ".join("?" * len(chunk))
        sql = CLAIM_SQL.format(
            place_filter=f"WHERE claim_id IN ({marks})",
            figure_filter=f"WHERE claim_id IN ({marks})",
            where=f"WHERE c.id IN ({marks})",
        )
        rows.extend(bulk.fetch(sql, chunk * 3))
    figures = _all_figures(bulk.fetch_in(FIGURE_SQL.format(where="WHERE claim_id IN ({})"), ids))
    cols = _columns(rows, 23)
    cols.append([figures.get(c, []) for c in cols[0]])
    return ClaimRows(*cols)


def _all_figures(rows: list[tuple[Any, ...]]) -> dict[int, list[tuple[str, Any, Any, Any]]]:
    out: dict[int, list[tuple[str, Any, Any, Any]]] = {}
    for claim_id, kind, value, low, high in rows:
        out.setdefault(int(claim_id), []).append((sys.intern(kind), value, low, high))
    return out


def read_observations(bulk: Bulk, ids: Sequence[int] | None = None) -> ObservationRows:
    if ids is None:
        rows = bulk.fetch(OBSERVATION_SQL.format(where=""))
    else:
        rows = bulk.fetch_in(OBSERVATION_SQL.format(where="WHERE o.id IN ({})"), ids)
    cols = _columns(rows, 22)
    cols[2] = [parse_utc(v) for v in cols[2]]
    cols[3] = [parse_utc(v) for v in cols[3]]
    return ObservationRows(*cols)


def new_ids(bulk: Bulk, table: str, column: str) -> list[int]:
    """Ids of claims or observations that have no member row yet.

    Usually these are the ids above the highest one grouped: when as many rows lie at or
    below it as there are member rows (each member's row exists and is counted once),
    none below it lacks one, and only the rows above it are read. Otherwise every row is
    checked."""
    # the cheapest plans: MAX by index, counts over the narrowest index of each table
    top = bulk.fetch(f"SELECT MAX({column}) FROM incident_members")[0][0]
    if top is not None:
        members = f"SELECT COUNT(*) FROM incident_members WHERE {column} IS NOT NULL"
        grouped = bulk.fetch(members)[0][0]
        total = bulk.fetch(f"SELECT COUNT(*) FROM {table}")[0][0]
        newer = bulk.fetch(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", [top])
        above = [int(r[0]) for r in newer]
        if int(total) - len(above) == int(grouped):
            return above
    sql = (
        f"SELECT t.id FROM {table} t WHERE NOT EXISTS "
        f"(SELECT 1 FROM incident_members m WHERE m.{column} = t.id) ORDER BY t.id"
    )
    return [int(r[0]) for r in bulk.fetch(sql)]


def count_rows(bulk: Bulk, table: str) -> int:
    return int(bulk.fetch(f"SELECT COUNT(*) FROM {table}")[0][0])


def member_ref(row: tuple[Any, ...]) -> int:
    return 2 * row[0] if row[0] is not None else 2 * row[1] + 1


def old_state(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The stored state and features of a member row, normalised for comparison."""
    values = list(row[2:])
    values[2] = bool(values[2])  # pinned
    values[18] = bool(values[18])  # area_level
    return tuple(values)


def stored_items(rows: list[tuple[Any, ...]], interner: Interner) -> Items:
    """Items from ``incident_members`` rows selected with MEMBER_SQL."""
    cols = dict(zip(MEMBER_COLUMNS, _columns(rows, len(MEMBER_COLUMNS)), strict=True))
    n = len(rows)

    def ints(name: str) -> np.ndarray:
        return np.array([-1 if v is None else int(v) for v in cols[name]], dtype=np.int64)

    def floats(name: str) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in cols[name]], dtype=float)

    keys = [k or "0" for k in cols["item_key"]]
    items = Items.build(
        n,
        ref=np.array([member_ref(r) for r in rows], dtype=np.int64),
        family=[FAMILIES.index(f) if f in FAMILIES else 0 for f in cols["family"]],
        tier=[TIERS.index(t) if t else TIERS.index("X") for t in cols["tier"]],
        t0=floats("t0"),
        t1=floats("t1"),
        lat=floats("lat"),
        lon=floats("lon"),
        radius=floats("radius_km"),
        place=interner.codes_of(cols["place_id"]),
        district=interner.codes_of(cols["district_id"]),
        area=[bool(v) for v in cols["area_level"]],
        doc=ints("document_id"),
        key64=key64_of(keys),
        fig_kind=[FIGURE_KINDS.index(k) if k in FIGURE_KINDS else -1 for k in cols["fig_kind"]],
        fig_value=ints("fig_value"),
        unit=ints("unit"),
        anchor=ints("anchor"),
        cluster=ints("cluster"),
        incident=ints("incident_id"),
        stored=np.ones(n, bool),
    )
    items.item_key[:] = keys
    return items


def read_members(bulk: Bulk, where: str = "", params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return bulk.fetch(f"{MEMBER_SQL} {where}", params)


def read_members_in(bulk: Bulk, column: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
    return bulk.fetch_in(f"{MEMBER_SQL} WHERE {column} IN ({{}})", values)


def window_members(
    bulk: Bulk,
    family: str,
    tier: str,
    cells: Sequence[int],
    t0: float,
    t1: float,
    district: str | None,
) -> list[tuple[Any, ...]]:
    """Stored items of one family and tier that may link to an item spanning [t0, t1)."""
    code = TIERS.index(tier)
    width = MAX_WIDTH.get(code, MAX_COARSE_WIDTH)
    lo = t0 - width - 1e-9
    times = "AND t0 > ? AND t0 < ? AND t1 > ?"
    if cells:
        where = f"cell IN ({', '.join('?' * len(cells))})"
        params: list[Any] = [family, tier, *cells, lo, t1, t0]
    else:
        where, params = "cell IS NULL", [family, tier, lo, t1, t0]
    sql = f"{MEMBER_SQL} WHERE family = ? AND tier = ? AND {where} {times}"
    if district:  # one statement: half the round trips
        sql += f" UNION ALL {MEMBER_SQL} WHERE family = ? AND tier = ? AND district_id = ? {times}"
        params += [family, tier, district, lo, t1, t0]
    return bulk.fetch(sql, params)


def reach_km(distance_km: float, radius: float, tier: str) -> float:
    """How far from an item's point a stored item of ``tier`` may lie and still link."""
    return (
        distance_km + (0.0 if np.isnan(radius) else radius) + MAX_RADIUS.get(TIERS.index(tier), 0.0)
    )


FIGURE_SQL = "SELECT claim_id, kind, value, low, high FROM figures {where} ORDER BY id"
