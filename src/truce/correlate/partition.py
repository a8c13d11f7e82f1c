"""From items to automatic clusters, level by level (docs/incidents.md, "Grouping").

1. Precise items (tier A) are linked by the exact rule; each connected component is a
   *unit*, split into stars when it is not a clique; each star is a *cluster*.
2. Vague items (B) join the cluster of their best compatible A item, their *anchor*.
3. Vague items with no anchor form units and clusters among themselves, as in 1.
4. Coarse items (C) form units and clusters among themselves.
5. Negative observations (N) join the cluster of their best compatible A item; passive
   ones (P: a patrol saw no activity) only one whose whole time window they cover.
6. Unplaced or undated items (U) join a compatible item of the same document, or stand
   alone.

Every step is a function of the set of items only (components, and a total order on
candidates that ends with the content key), never of the order they arrived in. The
functions take explicit rows so the incremental update can run them on a closed
neighbourhood and get exactly what a full regroup would.
"""

from __future__ import annotations

import numpy as np

from truce.correlate.compat import Pairs, check, compatible_pairs
from truce.correlate.graph import components, positions, split_components
from truce.correlate.items import A, B, C, Items, N, P, U, X

COARSE_BUCKET_DAYS = 30.0


def link_units(
    items: Items, rows: np.ndarray, distance_km: float, *, bucket_days: float = 1.0
) -> tuple[np.ndarray, np.ndarray, Pairs]:
    """Unit and cluster (as refs) of each row, for rows that form complete units."""
    pairs = compatible_pairs(
        items, rows, rows, distance_km, symmetric=True, bucket_days=bucket_days
    )
    labels = components(len(items), pairs.i, pairs.j)
    split = split_components(labels, pairs.i, pairs.j, items.key64)
    return items.ref[labels[rows]], items.ref[split[rows]], pairs


def anchor_order(items: Items, pairs: Pairs, wire: np.ndarray) -> np.ndarray:
    """Indices of ``pairs`` sorted per attacher, best candidate first.

    Best: from the same document or wire story; then stating the same figure; then the
    closest in time; then the closest in space; then the smallest content key.
    """
    i, j = pairs.i, pairs.j
    same = wire[i] == wire[j]
    figure = (
        (items.fig_kind[i] >= 0)
        & (items.fig_kind[i] == items.fig_kind[j])
        & (items.fig_value[i] == items.fig_value[j])
    )
    centre_i = (items.t0[i] + items.t1[i]) / 2
    centre_j = (items.t0[j] + items.t1[j]) / 2
    tdiff = np.abs(centre_i - centre_j)
    dist = np.nan_to_num(pairs.dist, nan=0.0)
    return np.lexsort((items.key64[j], dist, tdiff, ~figure, ~same, i))


def choose_anchors(
    items: Items,
    attachers: np.ndarray,
    candidates: np.ndarray,
    distance_km: float,
    wire: np.ndarray,
) -> np.ndarray:
    """The anchor (a ref, or -1) of each attacher: its best compatible candidate (a
    passive attacher only among candidates whose whole window it covers)."""
    out = np.full(len(attachers), -1, np.int64)
    if len(attachers) == 0 or len(candidates) == 0:
        return out
    pairs = compatible_pairs(items, attachers, candidates, distance_km, symmetric=False)
    passive = items.tier[pairs.i] == P
    covers = (items.t0[pairs.i] <= items.t0[pairs.j]) & (items.t1[pairs.i] >= items.t1[pairs.j])
    pairs = pairs.take(~passive | covers)
    if len(pairs) == 0:
        return out
    order = anchor_order(items, pairs, wire)
    i_sorted, j_sorted = pairs.i[order], pairs.j[order]
    first = np.ones(len(order), bool)
    first[1:] = i_sorted[1:] != i_sorted[:-1]
    position = {int(r): k for k, r in enumerate(attachers)}
    for a, b in zip(i_sorted[first].tolist(), j_sorted[first].tolist(), strict=True):
        out[position[a]] = items.ref[b]
    return out


def same_document_pairs(
    items: Items, attachers: np.ndarray, candidates: np.ndarray, distance_km: float
) -> Pairs:
    """(attacher, candidate) pairs of the same document and family that do not conflict:
    overlapping times where both are dated, nearby points where both are placed."""
    if len(attachers) == 0 or len(candidates) == 0:
        return Pairs.empty()
    order = np.argsort(items.doc[candidates], kind="stable")
    cand = candidates[order]
    docs = items.doc[cand]
    lo = np.searchsorted(docs, items.doc[attachers], "left")
    hi = np.searchsorted(docs, items.doc[attachers], "right")
    counts = hi - lo
    owner = np.repeat(np.arange(len(attachers)), counts)
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    i = attachers[owner]
    j = cand[lo[owner] + offset]
    keep = (items.family[i] == items.family[j]) & (i != j)
    i, j = i[keep], j[keep]
    dated = ~np.isnan(items.t0[i]) & ~np.isnan(items.t0[j])
    time_ok = ~dated | ((items.t0[i] < items.t1[j]) & (items.t0[j] < items.t1[i]))
    placed = ~np.isnan(items.lat[i]) & ~np.isnan(items.lat[j])
    near = check(items, i, j, distance_km)
    near_ok = np.zeros(len(i), bool)
    if len(near):
        code = near.i * len(items) + near.j
        near_ok = np.isin(i * len(items) + j, code)
    ok = time_ok & (~placed | near_ok | ~dated)
    dist = np.full(int(ok.sum()), np.nan)
    return Pairs(i[ok], j[ok], np.zeros(int(ok.sum()), np.int8), dist)


def choose_same_document_anchors(
    items: Items,
    attachers: np.ndarray,
    candidates: np.ndarray,
    distance_km: float,
    wire: np.ndarray,
) -> np.ndarray:
    out = np.full(len(attachers), -1, np.int64)
    pairs = same_document_pairs(items, attachers, candidates, distance_km)
    if len(pairs) == 0:
        return out
    # prefer precise candidates, then the usual order
    rank = items.tier[pairs.j].astype(np.int64)
    base = anchor_order(items, pairs, wire)
    order = base[np.argsort(rank[base], kind="stable")]
    order = order[np.argsort(pairs.i[order], kind="stable")]
    i_sorted = pairs.i[order]
    first = np.ones(len(order), bool)
    first[1:] = i_sorted[1:] != i_sorted[:-1]
    position = {int(r): k for k, r in enumerate(attachers)}
    for a, b in zip(i_sorted[first].tolist(), pairs.j[order][first].tolist(), strict=True):
        out[position[a]] = items.ref[b]
    return out


def rows_of(items: Items, refs: np.ndarray) -> np.ndarray:
    """Row of each ref in ``items`` (-1 where absent)."""
    return positions(items.ref, refs)


def resolve_clusters(items: Items, rows: np.ndarray | None = None) -> None:
    """Attachers take the cluster of their anchor (following at most two anchors)."""
    rows = np.nonzero(items.anchor >= 0)[0] if rows is None else rows[items.anchor[rows] >= 0]
    for _ in range(3):
        if len(rows) == 0:
            return
        anchor_rows = rows_of(items, items.anchor[rows])
        ok = anchor_rows >= 0
        items.cluster[rows[ok]] = items.cluster[anchor_rows[ok]]


def partition_all(items: Items, distance_km: float, wire: np.ndarray) -> dict[str, Pairs]:
    """Assign unit, anchor and cluster to every item (the full regroup)."""
    tier = items.tier
    a_rows = np.nonzero(tier == A)[0]
    items.anchor[:] = -1
    items.unit[:] = -1
    items.cluster[:] = -1
    unit, cluster, a_pairs = link_units(items, a_rows, distance_km)
    items.unit[a_rows], items.cluster[a_rows] = unit, cluster

    b_rows = np.nonzero(tier == B)[0]
    items.anchor[b_rows] = choose_anchors(items, b_rows, a_rows, distance_km, wire)
    loose = b_rows[items.anchor[b_rows] < 0]
    unit, cluster, b_pairs = link_units(items, loose, distance_km)
    items.unit[loose], items.cluster[loose] = unit, cluster

    c_rows = np.nonzero(tier == C)[0]
    unit, cluster, c_pairs = link_units(items, c_rows, distance_km, bucket_days=COARSE_BUCKET_DAYS)
    items.unit[c_rows], items.cluster[c_rows] = unit, cluster

    n_rows = np.nonzero((tier == N) | (tier == P))[0]
    items.anchor[n_rows] = choose_anchors(items, n_rows, a_rows, distance_km, wire)

    formers = np.nonzero((tier == A) | (tier == B) | (tier == C))[0]
    u_rows = np.nonzero(tier == U)[0]
    items.anchor[u_rows] = choose_same_document_anchors(items, u_rows, formers, distance_km, wire)
    alone = u_rows[items.anchor[u_rows] < 0]
    items.unit[alone] = items.cluster[alone] = items.ref[alone]
    x_claims = np.nonzero((tier == X) & (items.ref % 2 == 0))[0]
    items.unit[x_claims] = items.cluster[x_claims] = items.ref[x_claims]
    resolve_clusters(items)
    return {"A": a_pairs, "B": b_pairs, "C": c_pairs}
