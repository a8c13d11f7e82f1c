"""Connected components, and the star split that keeps chains from becoming incidents.

Components of the link graph do not depend on the order in which links are found, so
grouping gives the same result whatever order claims arrived in. A component in which
every pair is linked is one incident. Otherwise (A near B near C, but A far from C) it
is split into *stars*: the item with the most links (ties: the smallest content key)
takes its linked items, and the rest is split again. Every member of a star is linked
to its centre, so an incident never stretches further than two links.
"""

from __future__ import annotations

import numpy as np


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique without its slower hashing path)."""
    if len(values) == 0:
        return values
    out = np.sort(values)
    keep = np.ones(len(out), bool)
    keep[1:] = out[1:] != out[:-1]
    return out[keep]


def positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted value in ``keys`` (unique values), -1 where absent."""
    wanted = np.asarray(wanted, dtype=np.int64)
    if len(keys) == 0:
        return np.full(len(wanted), -1, np.int64)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    at = np.clip(np.searchsorted(ordered, wanted), 0, len(ordered) - 1)
    return np.where(ordered[at] == wanted, order[at], -1)


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Component label of each of ``n`` nodes: the smallest node index in its component."""
    parent = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return parent
    i = i.astype(np.int64)
    j = j.astype(np.int64)
    while True:
        pi, pj = parent[i], parent[j]
        differ = pi != pj
        if not differ.any():
            break
        lo = np.minimum(pi[differ], pj[differ])
        np.minimum.at(parent, pi[differ], lo)
        np.minimum.at(parent, pj[differ], lo)
        while True:  # pointer jumping: every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def split_components(
    labels: np.ndarray, i: np.ndarray, j: np.ndarray, key64: np.ndarray
) -> np.ndarray:
    """Cluster label of each node: components that are cliques stay whole, the others are
    split into stars. Labels are node indices (the smallest index of each cluster)."""
    n = len(labels)
    out = labels.copy()
    if len(i) == 0:
        return out
    sizes = np.bincount(labels, minlength=n)
    edges = np.bincount(labels[i], minlength=n)
    full = sizes * (sizes - 1) // 2
    broken = np.nonzero((sizes > 2) & (edges < full))[0]
    if len(broken) == 0:
        return out
    mask = np.isin(labels[i], broken)
    ei, ej = i[mask], j[mask]
    order = np.argsort(labels[ei], kind="stable")
    ei, ej = ei[order], ej[order]
    comp_of_edge = labels[ei]
    starts = np.searchsorted(comp_of_edge, broken, "left")
    ends = np.searchsorted(comp_of_edge, broken, "right")
    members_by_comp = _members(labels, broken)
    for comp, s, e in zip(broken.tolist(), starts.tolist(), ends.tolist(), strict=True):
        nodes = members_by_comp[comp]
        for star in star_split(nodes, ei[s:e], ej[s:e], key64):
            out[star] = min(star)
    return out


def _members(labels: np.ndarray, wanted: np.ndarray) -> dict[int, list[int]]:
    mask = np.isin(labels, wanted)
    idx = np.nonzero(mask)[0]
    order = np.argsort(labels[idx], kind="stable")
    idx = idx[order]
    groups: dict[int, list[int]] = {}
    labs = labels[idx]
    bounds = np.flatnonzero(np.diff(labs)) + 1
    for chunk in np.split(idx, bounds):
        if len(chunk):
            groups[int(labels[chunk[0]])] = chunk.tolist()
    return groups


def star_split(
    nodes: list[int], i: np.ndarray, j: np.ndarray, key64: np.ndarray
) -> list[list[int]]:
    """Split one component into stars around its best-connected items."""
    neighbours: dict[int, set[int]] = {v: set() for v in nodes}
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        neighbours[a].add(b)
        neighbours[b].add(a)
    remaining = set(nodes)
    stars: list[list[int]] = []
    while remaining:
        centre = max(remaining, key=lambda v: (len(neighbours[v] & remaining), -int(key64[v])))
        star = [centre, *sorted(neighbours[centre] & remaining)]
        stars.append(star)
        remaining.difference_update(star)
    return stars
