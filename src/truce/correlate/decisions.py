"""Analysts' merges, splits and statuses, applied on top of automatic grouping.

A decision names the claims and observations it concerns (their refs), not incident
numbers, so it survives re-grouping: after every grouping run the decisions are applied
again, in the order they were made, to the automatic clusters.

* **merge**: the clusters holding any of the named items become one incident;
* **split**: the named items leave the incident holding the rest; items that arrived
  later go with the side holding the item nearest to them in time and space;
* **status**: the incident holding most of the named items gets that status until an
  analyst releases it (``status ... auto``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from truce.correlate.geo import haversine
from truce.correlate.items import Items


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    kind: str  # merge | split | status
    refs: tuple[int, ...]  # merge: all items; split: the items that leave; status: members
    rest: tuple[int, ...]  # split: the items that stay
    status: str | None
    reason: str
    actor: str

    @classmethod
    def from_row(
        cls, id_: int, kind: str, payload: dict[str, Any], reason: str, actor: str
    ) -> Decision:
        return cls(
            id=id_,
            kind=kind,
            refs=tuple(int(r) for r in payload.get("refs", [])),
            rest=tuple(int(r) for r in payload.get("rest", [])),
            status=payload.get("status"),
            reason=reason,
            actor=actor,
        )

    def all_refs(self) -> set[int]:
        return set(self.refs) | set(self.rest)


def apply_decisions(
    items: Items, rows: np.ndarray, decisions: Iterable[Decision]
) -> tuple[dict[int, int], dict[int, tuple[str, str, int]]]:
    """Groups changed by decisions, and manual statuses.

    Returns (row -> group label) for the rows whose group differs from their automatic
    cluster, and (group label -> (status, reason, decision id)) for groups with a manual
    status. A group is labelled by the cluster label it came from (merges keep the
    smallest); a group split off is labelled ``-1 - smallest ref`` of the items leaving.
    """
    decisions = list(decisions)
    row_of = {int(items.ref[r]): int(r) for r in rows}
    wanted = {r for d in decisions for r in d.all_refs()}
    touched = {int(items.cluster[row_of[r]]) for r in wanted if r in row_of} - {-1}
    group: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    if touched:
        sel = rows[np.isin(items.cluster[rows], np.fromiter(touched, np.int64))]
        for r in sel.tolist():
            lab = int(items.cluster[r])
            group[r] = lab
            members.setdefault(lab, set()).add(r)
    manual: list[Decision] = []
    for d in decisions:
        if d.kind == "merge":
            labels = {group[row_of[r]] for r in d.refs if r in row_of and row_of[r] in group}
            if len(labels) > 1:
                target = min(labels)
                for lab in labels - {target}:
                    for r in members.pop(lab):
                        group[r] = target
                        members[target].add(r)
        elif d.kind == "split":
            _split(items, group, members, row_of, d)
        elif d.kind == "status":
            manual.append(d)
    statuses: dict[int, tuple[str, str, int]] = {}
    for d in manual:
        votes: dict[int, int] = {}
        for r in d.refs:
            row = row_of.get(r)
            if row is not None and row in group:
                votes[group[row]] = votes.get(group[row], 0) + 1
        if votes and d.status:
            winner = min(votes, key=lambda lab: (-votes[lab], lab))
            statuses[winner] = (d.status, d.reason, d.id)
    changed = {r: g for r, g in group.items() if g != int(items.cluster[r])}
    return changed, statuses


def _split(
    items: Items,
    group: dict[int, int],
    members: dict[int, set[int]],
    row_of: dict[int, int],
    d: Decision,
) -> None:
    apart = [row_of[r] for r in d.refs if r in row_of and row_of[r] in group]
    rest = [row_of[r] for r in d.rest if r in row_of and row_of[r] in group]
    if not apart or not rest:
        return
    new_label = -1 - min(int(items.ref[r]) for r in apart)
    apart_set, rest_set = set(apart), set(rest)
    moved: list[int] = []
    for lab in {group[r] for r in rest}:
        for r in sorted(members[lab]):
            if r in apart_set or (r not in rest_set and _closer_to(items, r, apart, rest)):
                moved.append(r)
    for r in moved:
        members[group[r]].discard(r)
        group[r] = new_label
        members.setdefault(new_label, set()).add(r)


def _closer_to(items: Items, row: int, apart: list[int], rest: list[int]) -> bool:
    """True if the nearest (time, then space) of the split-off items is nearer than the
    nearest of the remaining ones; ties stay with the remaining ones."""

    def nearest(rows: list[int]) -> tuple[float, float]:
        if not rows:
            return (np.inf, np.inf)
        idx = np.array(rows)
        centre = (items.t0[row] + items.t1[row]) / 2
        tdiff = np.abs((items.t0[idx] + items.t1[idx]) / 2 - centre)
        dist = haversine(
            np.full(len(idx), items.lat[row]),
            np.full(len(idx), items.lon[row]),
            items.lat[idx],
            items.lon[idx],
        )
        score = list(
            zip(
                np.nan_to_num(tdiff, nan=np.inf).tolist(),
                np.nan_to_num(dist, nan=np.inf).tolist(),
                strict=True,
            )
        )
        return min(score)

    return nearest(apart) < nearest(rest)
