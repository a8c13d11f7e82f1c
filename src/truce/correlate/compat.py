"""Which items may describe the same event: candidate blocking and the exact link rule.

Two items of the same family are *compatible* when their time windows overlap and

* one is placed at a district (known to the gazetteer) and the other lies in it, or
* their points are within ``distance_km`` plus both uncertainty radii (unless the
  gazetteer says the one placed at a district does not contain the other); two claims
  naming two *different* places (both resolved, finer than a district) must be within
  half of ``distance_km``: only neighbouring places may be one event; or
* neither has a point but both name the same place (countries).

Blocking never decides anything: it lists candidate pairs (same family, a shared
time bucket, nearby grid cells or the same district) and the exact rule above is then
applied to each. Because the rule alone decides, any complete blocking gives the same
links: the full regroup (numpy joins here) and the incremental update (indexed window
queries in ``load.py``) agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from truce.correlate.geo import KM_PER_DEG, haversine
from truce.correlate.graph import sorted_unique
from truce.correlate.items import Items

RULE_NONE, RULE_DISTRICT, RULE_NEAR, RULE_SAME_PLACE = 0, 1, 2, 3
RULE_TEXT = {RULE_DISTRICT: "in district", RULE_NEAR: "near", RULE_SAME_PLACE: "same place"}
_EMPTY = np.zeros(0, np.int64)
_PAIR_FIELDS = ("i", "j", "rule", "dist")
#: candidate pairs checked at a time, and probes blocked at a time
CHECK_BLOCK = 1_000_000
PROBE_BLOCK = 100_000


@dataclass(slots=True)
class Pairs:
    """Compatible pairs (rows into an Items), with the rule that linked them and the distance."""

    i: np.ndarray
    j: np.ndarray
    rule: np.ndarray
    dist: np.ndarray

    @classmethod
    def empty(cls) -> Pairs:
        return cls(_EMPTY, _EMPTY, np.zeros(0, np.int8), np.zeros(0))

    def __len__(self) -> int:
        return len(self.i)

    @staticmethod
    def concat(parts: Sequence[Pairs]) -> Pairs:
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return Pairs.empty()
        return Pairs(*(np.concatenate([getattr(p, f) for p in parts]) for f in _PAIR_FIELDS))

    def take(self, mask: np.ndarray) -> Pairs:
        return Pairs(self.i[mask], self.j[mask], self.rule[mask], self.dist[mask])


def check(items: Items, i: np.ndarray, j: np.ndarray, distance_km: float) -> Pairs:
    """Apply the exact link rule to candidate pairs; keep the compatible ones."""
    if len(i) == 0:
        return Pairs.empty()
    # cheap tests first: the same family, overlapping times, latitudes within reach
    keep = (items.family[i] == items.family[j]) & (items.t0[i] < items.t1[j])
    keep &= items.t0[j] < items.t1[i]
    far = np.abs(items.lat[i] - items.lat[j]) * KM_PER_DEG > (
        distance_km + np.nan_to_num(items.radius[i]) + np.nan_to_num(items.radius[j])
    )
    keep &= ~far | items.area[i] | items.area[j]  # districts may contain far places
    i, j = i[keep], j[keep]
    if len(i) == 0:
        return Pairs.empty()
    has_i = ~np.isnan(items.lat[i])
    has_j = ~np.isnan(items.lat[j])
    area_i, area_j = items.area[i], items.area[j]
    dist_i, dist_j = items.district[i], items.district[j]
    member_ij = area_i & (dist_j >= 0) & (dist_j == items.place[i])
    member_ji = area_j & (dist_i >= 0) & (dist_i == items.place[j])
    veto = (area_i & (dist_j >= 0) & ~member_ij) | (area_j & (dist_i >= 0) & ~member_ji)
    both = has_i & has_j
    dist = np.full(len(i), np.nan)
    dist[both] = haversine(
        items.lat[i][both], items.lon[i][both], items.lat[j][both], items.lon[j][both]
    )
    reach = distance_km + np.nan_to_num(items.radius[i]) + np.nan_to_num(items.radius[j])
    # two claims naming two different places: only neighbouring places may be one event
    named_i, named_j = named(items, i), named(items, j)
    different = named_i & named_j & (items.place[i] != items.place[j])
    reach = np.where(different, distance_km / 2, reach)
    near = both & (dist <= reach) & ~veto
    member = both & (member_ij | member_ji)
    same_place = ~both & (items.place[i] >= 0) & (items.place[i] == items.place[j])
    rule = np.full(len(i), RULE_NONE, np.int8)
    rule[same_place] = RULE_SAME_PLACE
    rule[near] = RULE_NEAR
    rule[member] = RULE_DISTRICT
    ok = rule != RULE_NONE
    return Pairs(i[ok], j[ok], rule[ok], dist[ok])


def named(items: Items, rows: np.ndarray) -> np.ndarray:
    """Claims placed at a named, resolved place finer than a district."""
    return (items.ref[rows] % 2 == 0) & (items.place[rows] >= 0) & ~items.area[rows]


def compatible_pairs(
    items: Items,
    probes: np.ndarray,
    homes: np.ndarray,
    distance_km: float,
    *,
    symmetric: bool,
    bucket_days: float = 1.0,
) -> Pairs:
    """All compatible (probe, home) pairs; with ``symmetric`` each unordered pair once (i < j)."""
    if len(probes) == 0 or len(homes) == 0:
        return Pairs.empty()
    found: list[Pairs] = []
    # probes a block at a time: in a dense region one block's candidates alone are tens
    # of millions (the blocking is complete for any block, so the pairs are the same)
    for start in range(0, len(probes), PROBE_BLOCK):
        found += _checked(
            items, probes[start : start + PROBE_BLOCK], homes, distance_km, symmetric, bucket_days
        )
    pairs = Pairs.concat(found)
    # a pair found by two blockings (or from both ends) once, in the order of (i, j)
    _, first = np.unique(pairs.i * len(items) + pairs.j, return_index=True)
    return pairs.take(first)


def _checked(
    items: Items,
    probes: np.ndarray,
    homes: np.ndarray,
    distance_km: float,
    symmetric: bool,
    bucket_days: float,
) -> list[Pairs]:
    """The compatible pairs among the candidates of every blocking, in parts."""
    # an item placed at a known district and one whose district is known are settled by
    # the gazetteer (the key join below): the spatial join skips those pairs
    area, known = items.area, items.district >= 0
    p_area, h_area = probes[area[probes]], homes[area[homes]]
    p_known = probes[~area[probes] & known[probes]]
    p_open = probes[~area[probes] & ~known[probes]]
    h_plain = homes[~area[homes]]
    h_unknown = homes[~known[homes]]
    d, b = distance_km, bucket_days
    blockings: list[Callable[[], tuple[np.ndarray, np.ndarray]]] = [
        lambda: _grid_candidates(items, p_area, h_unknown, d, b),
        lambda: _grid_candidates(items, p_known, h_plain, d, b),
        lambda: _grid_candidates(items, p_known, h_area[~known[h_area]], d, b),
        lambda: _grid_candidates(items, p_open, homes, d, b),
        lambda: _key_candidates(items, probes, homes, items.district, b, probe_mask=area),
        lambda: _key_candidates(
            items, probes, homes, items.place, b, probe_mask=np.isnan(items.lat)
        ),
    ]
    # one blocking at a time, its candidates checked in blocks: memory holds the
    # candidates of one blocking and the temporaries of one block, not all of them
    n = len(items)
    found: list[Pairs] = []
    for blocking in blockings:
        i, j = blocking()
        if symmetric:
            i, j = np.minimum(i, j), np.maximum(i, j)
            keep = i != j
            i, j = i[keep], j[keep]
        code = sorted_unique(i.astype(np.int64) * n + j)
        del i, j
        for start in range(0, len(code), CHECK_BLOCK):
            block = code[start : start + CHECK_BLOCK]
            found.append(check(items, block // n, block % n, distance_km))
    return found


def _buckets(t0: np.ndarray, t1: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    first = np.floor(t0 / size).astype(np.int64)
    last = np.floor(np.nextafter(t1, -np.inf) / size).astype(np.int64)
    return first, np.maximum(last, first)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts c_k: (owner k repeated c_k times, 0..c_k-1 for each owner)."""
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.arange(total) - starts


def _join(
    probe_keys: np.ndarray, probe_rows: np.ndarray, home_keys: np.ndarray, home_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Equi-join of two key arrays: every (probe row, home row) with equal keys."""
    if len(probe_keys) == 0 or len(home_keys) == 0:
        return _EMPTY, _EMPTY
    order = np.argsort(home_keys, kind="stable")
    hk, hr = home_keys[order], home_rows[order]
    lo = np.searchsorted(hk, probe_keys, "left")
    hi = np.searchsorted(hk, probe_keys, "right")
    counts = hi - lo
    owner, offset = _expand(counts)
    return probe_rows[owner], hr[lo[owner] + offset]


def _bucket_join(
    p_rows: np.ndarray,
    p_space: np.ndarray,
    p_first: np.ndarray,
    p_last: np.ndarray,
    h_rows: np.ndarray,
    h_space: np.ndarray,
    h_first: np.ndarray,
    h_last: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs sharing a space key whose bucket ranges overlap.

    Two overlapping ranges always contain the other's first bucket, so one side is
    replicated over its buckets and matched against the other's first bucket, and then
    the other way round: no pair is missed and neither side is replicated twice.
    """
    base = int(min(p_first.min(), h_first.min()))
    span = int(max(p_last.max(), h_last.max())) - base + 1

    def keys(space: np.ndarray, bucket: np.ndarray) -> np.ndarray:
        return space * span + (bucket - base)

    out_i, out_j = [], []
    # probes' first bucket against homes replicated over their buckets
    owner, off = _expand(h_last - h_first + 1)
    i, j = _join(
        keys(p_space, p_first), p_rows, keys(h_space[owner], h_first[owner] + off), h_rows[owner]
    )
    out_i.append(i)
    out_j.append(j)
    # probes replicated over their buckets against homes' first bucket
    owner, off = _expand(p_last - p_first + 1)
    i, j = _join(
        keys(p_space[owner], p_first[owner] + off), p_rows[owner], keys(h_space, h_first), h_rows
    )
    out_i.append(i)
    out_j.append(j)
    return np.concatenate(out_i), np.concatenate(out_j)


def _grid_candidates(
    items: Items, probes: np.ndarray, homes: np.ndarray, distance_km: float, bucket_days: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose points may be within reach: probes look in every cell their reach touches."""
    probes = probes[~np.isnan(items.lat[probes]) & ~np.isnan(items.t0[probes])]
    homes = homes[~np.isnan(items.lat[homes]) & ~np.isnan(items.t0[homes])]
    if len(probes) == 0 or len(homes) == 0:
        return _EMPTY, _EMPTY
    home_r = np.nan_to_num(items.radius[homes])
    reach = distance_km + np.nan_to_num(items.radius[probes]) + float(home_r.max())
    # cells twice the usual reach: a probe looks in four cells, not nine (fewer searches,
    # a few more candidates for the exact rule to drop)
    cell_km = max(2.0 * float(np.median(reach)), 1.0)
    max_lat = float(np.abs(np.concatenate([items.lat[probes], items.lat[homes]])).max())
    cos_ref = max(math.cos(math.radians(min(max_lat + reach.max() / KM_PER_DEG, 89.0))), 0.01)
    cell_lat = cell_km / KM_PER_DEG
    cell_lon = cell_km / (KM_PER_DEG * cos_ref)

    plat, plon = items.lat[probes], items.lon[probes]
    dlat = reach / KM_PER_DEG
    cos_p = np.maximum(np.cos(np.radians(np.minimum(np.abs(plat) + dlat, 89.0))), 0.01)
    dlon = reach / (KM_PER_DEG * cos_p)
    r0 = np.floor((plat - dlat) / cell_lat).astype(np.int64)
    r1 = np.floor((plat + dlat) / cell_lat).astype(np.int64)
    c0 = np.floor((plon - dlon) / cell_lon).astype(np.int64)
    c1 = np.floor((plon + dlon) / cell_lon).astype(np.int64)
    hr = np.floor(items.lat[homes] / cell_lat).astype(np.int64)
    hc = np.floor(items.lon[homes] / cell_lon).astype(np.int64)

    nr, nc = r1 - r0 + 1, c1 - c0 + 1
    owner, k = _expand(nr * nc)
    rows = r0[owner] + k // nc[owner]
    colz = c0[owner] + k % nc[owner]
    row_base, col_base = min(int(rows.min()), int(hr.min())), min(int(colz.min()), int(hc.min()))
    width = max(int(colz.max()), int(hc.max())) - col_base + 1
    height = max(int(rows.max()), int(hr.max())) - row_base + 1
    fam_p = items.family[probes][owner].astype(np.int64)
    fam_h = items.family[homes].astype(np.int64)
    p_space = (fam_p * height + (rows - row_base)) * width + (colz - col_base)
    h_space = (fam_h * height + (hr - row_base)) * width + (hc - col_base)
    pf, pl = _buckets(items.t0[probes], items.t1[probes], bucket_days)
    hf, hl = _buckets(items.t0[homes], items.t1[homes], bucket_days)
    return _bucket_join(probes[owner], p_space, pf[owner], pl[owner], homes, h_space, hf, hl)


def _key_candidates(
    items: Items,
    probes: np.ndarray,
    homes: np.ndarray,
    key: np.ndarray,
    bucket_days: float,
    *,
    probe_mask: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs sharing a place key (district or place id) and a time bucket."""
    probes = probes[probe_mask[probes] & (key[probes] >= 0) & ~np.isnan(items.t0[probes])]
    homes = homes[(key[homes] >= 0) & ~np.isnan(items.t0[homes])]
    if len(probes) == 0 or len(homes) == 0:
        return _EMPTY, _EMPTY
    n_keys = int(max(key[probes].max(), key[homes].max())) + 1
    p_space = items.family[probes].astype(np.int64) * n_keys + key[probes]
    h_space = items.family[homes].astype(np.int64) * n_keys + key[homes]
    pf, pl = _buckets(items.t0[probes], items.t1[probes], bucket_days)
    hf, hl = _buckets(items.t0[homes], items.t1[homes], bucket_days)
    return _bucket_join(probes, p_space, pf, pl, homes, h_space, hf, hl)
