"""Writing a grouping result: members, incidents, figures, status history, audit entries.

Only what changed is written. Every change is in the run's transaction together with
its audit entries: one ``incident.group`` entry per batch of changed incidents (each
listed with its id, key, status and change; the key is a hash of the members' content,
so the entry commits to the membership) and a ``correlate.run`` entry with the totals.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from truce.correlate.bulk import Bulk
from truce.correlate.describe import IncidentState
from truce.correlate.items import TIERS, Interner, Items, cells
from truce.correlate.status import MERGED
from truce.correlate.vocab import FAMILIES
from truce.store.audit import AuditWriter

AUDIT_BATCH = 500
MEMBER_STATE = ("incident_id", "role", "pinned", "unit", "anchor", "cluster")
MEMBER_FEATURES = (
    "item_key", "document_id", "family", "tier", "t0", "t1", "lat", "lon", "radius_km",
    "cell", "place_id", "district_id", "area_level", "fig_kind", "fig_value",
)  # fmt: skip
INCIDENT_COLUMNS = (
    "key", "family", "type", "status", "status_locked", "place_id", "place_name", "lat",
    "lon", "geo_precision", "date_start", "date_end", "claim_count", "source_count",
    "summary", "extra", "area", "sides", "date_precision", "aggregate", "merged_into",
)  # fmt: skip


@dataclass(slots=True)
class OldIncident:
    id: int
    key: str | None
    status: str
    sig: str | None
    merged_into: int | None


@dataclass(slots=True)
class Changes:
    """What a run changed, for its summary and audit entries."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    status_changes: int = 0


@dataclass(slots=True)
class Tally:
    """What a run changed, in counts and ids: the entries themselves are in the audit
    log (a first run creates hundreds of thousands of incidents)."""

    created: int = 0
    updated: int = 0
    merged: int = 0
    status_changes: int = 0
    ids: set[int] = field(default_factory=set)  # created or updated

    def add(self, changes: Changes) -> None:
        self.created += len(changes.created)
        self.updated += len(changes.updated)
        self.merged += len(changes.merged)
        self.status_changes += changes.status_changes
        self.ids.update(e["id"] for e in changes.created + changes.updated)


def signature(columns: dict[str, Any], status: str, locked: bool, figures: list[Any]) -> str:
    """A digest of everything written for an incident: unchanged digest, nothing to write.

    ``describe`` builds every value in a fixed order, so ``repr`` is deterministic."""
    rows = [
        (f.kind, f.source, f.side, f.polarity, f.low, f.best, f.high, f.claims) for f in figures
    ]
    text = repr((tuple(columns.values()), status, locked, rows))
    return hashlib.sha1(text.encode()).hexdigest()[:20]


def read_old_incidents(bulk: Bulk, ids: Sequence[int] | None) -> dict[int, OldIncident]:
    sql = "SELECT id, key, status, extra, merged_into FROM incidents"
    rows = bulk.fetch(sql) if ids is None else bulk.fetch_in(sql + " WHERE id IN ({})", ids)
    out = {}
    for id_, key, status, extra, merged in rows:
        if isinstance(extra, str):
            extra = json.loads(extra)
        out[int(id_)] = OldIncident(int(id_), key, status, (extra or {}).get("sig"), merged)
    return out


def write_incidents(
    bulk: Bulk,
    audit: AuditWriter,
    actor: str,
    now: datetime,
    states: dict[int, tuple[IncidentState, bool]],
    old: dict[int, OldIncident],
    tombstones: dict[int, int | None],
) -> Changes:
    """Insert or update incidents whose derived state changed; mark merged ones."""
    changes = Changes()
    stamp = bulk.constant(now)
    inserts, updates, figures, history = [], [], [], []
    touched: list[int] = []
    for incident_id, (state, locked) in sorted(states.items()):
        status = state.verdict.status
        columns = state.columns()
        sig = signature(columns, status, locked, state.figures)
        prev = old.get(incident_id)
        if (
            prev is not None
            and prev.sig == sig
            and prev.status == status
            and prev.merged_into is None
        ):
            continue
        extra = {**state.extra, "sig": sig, "status_reason": state.verdict.reason}
        values = {
            **columns,
            "extra": extra,
            "status": status,
            "status_locked": locked,
            "merged_into": None,
        }
        entry = {"id": incident_id, "key": state.key, "status": status, "claims": state.claim_count}
        if prev is None:
            inserts.append((incident_id, *[values[c] for c in INCIDENT_COLUMNS], stamp, stamp))
            changes.created.append({**entry, "change": "created"})
        else:
            updates.append((*[values[c] for c in INCIDENT_COLUMNS], stamp, incident_id))
            if prev.status != status:
                entry["previous"] = prev.status
            changes.updated.append({**entry, "change": "updated"})
        if prev is None or prev.status != status:
            history.append(
                [
                    incident_id,
                    status,
                    prev.status if prev else None,
                    state.verdict.reason,
                    actor,
                    stamp,
                ]
            )
        touched.append(incident_id)
        figures.extend(
            (
                incident_id,
                f.kind,
                f.source[:200],
                f.side,
                f.polarity,
                f.low,
                f.best,
                f.high,
                f.claims,
            )
            for f in state.figures
        )
    for incident_id, target in sorted(tombstones.items()):
        prev = old.get(incident_id)
        if prev is None or (prev.status == MERGED and prev.merged_into == target):
            continue
        reason = f"merged into incident {target}" if target else "no members left"
        bulk.update(
            "incidents",
            "id",
            ["status", "status_locked", "merged_into", "claim_count", "source_count", "updated_at"],
            [(MERGED, False, target, 0, 0, now, incident_id)],
        )
        history.append([incident_id, MERGED, prev.status, reason, actor, stamp])
        touched.append(incident_id)
        changes.merged.append(
            {
                "id": incident_id,
                "key": prev.key,
                "status": MERGED,
                "into": target,
                "change": "merged",
            }
        )
    if touched:
        bulk.delete_in("incident_figures", "incident_id", touched)
    bulk.insert("incidents", ["id", *INCIDENT_COLUMNS, "created_at", "updated_at"], inserts)
    bulk.update("incidents", "id", [*INCIDENT_COLUMNS, "updated_at"], updates)
    bulk.sync_sequence("incidents")
    bulk.insert(
        "incident_figures",
        ["incident_id", "kind", "source", "side", "polarity", "low", "best", "high", "claims"],
        figures,
    )
    bulk.insert(
        "incident_status_history",
        ["incident_id", "status", "previous", "reason", "actor", "at"],
        history,
    )
    changes.status_changes = len(history)
    entries = changes.created + changes.updated + changes.merged
    for start in range(0, len(entries), AUDIT_BATCH):
        batch = entries[start : start + AUDIT_BATCH]
        entity_id = batch[0]["id"] if len(batch) == 1 else None
        audit.append("incident.group", "incident", entity_id, {"incidents": batch})
    return changes


def member_role(items: Items, r: int, deny: set[int]) -> str:
    """support | deny | against (negative observation) | pending (negative, unmatched)."""
    ref = int(items.ref[r])
    if ref % 2 == 1 and ref in deny:
        return "against" if items.cluster[r] >= 0 else "pending"
    if ref in deny:
        return "deny"
    return "support" if items.cluster[r] >= 0 else "pending"


def write_members(
    bulk: Bulk,
    items: Items,
    rows: np.ndarray,
    incident_of_row: dict[int, int],
    roles: list[str],
    pinned: set[int],
    interner: Interner,
    now: datetime,
    old_state: dict[int, tuple[Any, ...]],
    refresh_features: bool,
) -> int:
    """Insert new member rows and update those whose state (or features) changed.

    Rows are built column by column (numpy to lists) and zipped: a million rows cost
    about a second of Python, not twenty.
    """
    if len(rows) == 0:
        return 0
    refs = items.ref[rows]
    state_cols = [
        [incident_of_row.get(r) for r in rows.tolist()],
        roles,
        [r in pinned for r in refs.tolist()],
        _ints(items.unit[rows]),
        _ints(items.anchor[rows]),
        _ints(items.cluster[rows]),
    ]
    feature_cols = _feature_columns(items, rows, interner)
    states = list(zip(*state_cols, strict=True))
    features = list(zip(*feature_cols, strict=True))
    stored = items.stored[rows].tolist()
    refs_list = refs.tolist()
    added = bulk.constant(now)
    inserts, updates = [], []
    for k, ref in enumerate(refs_list):
        state = states[k]
        if not stored[k]:
            claim_id, obs_id = (ref // 2, None) if ref % 2 == 0 else (None, ref // 2)
            inserts.append((claim_id, obs_id, *state, bulk.empty_json, added, *features[k]))
            continue
        before = old_state.get(ref)
        if before is None:
            continue
        if refresh_features:
            if before != (*state, *features[k]):
                updates.append([*state, *features[k], claim_or_obs(ref)])
        elif before[: len(state)] != state:
            updates.append([*state, *before[len(state) :], claim_or_obs(ref)])
    columns = ["claim_id", "observation_id", *MEMBER_STATE, "reason", "added_at", *MEMBER_FEATURES]
    bulk.insert("incident_members", columns, inserts)
    _update_members(bulk, updates)
    return len(inserts) + len(updates)


def _ints(values: np.ndarray) -> list[int | None]:
    return [None if v < 0 else v for v in values.tolist()]


def _floats(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]  # NaN is not equal to itself


def _feature_columns(items: Items, rows: np.ndarray, interner: Interner) -> list[list[Any]]:
    from truce.correlate.items import FIGURE_KINDS

    codes = interner.values
    cell = cells(items)[rows]
    fk = items.fig_kind[rows].tolist()
    return [
        [str(k) for k in items.item_key[rows].tolist()],
        _ints(items.doc[rows]),
        [FAMILIES[f] for f in items.family[rows].tolist()],
        [TIERS[t] for t in items.tier[rows].tolist()],
        _floats(items.t0[rows]),
        _floats(items.t1[rows]),
        _floats(items.lat[rows]),
        _floats(items.lon[rows]),
        _floats(items.radius[rows]),
        _ints(cell),
        [codes[c] if c >= 0 else None for c in items.place[rows].tolist()],
        [codes[c] if c >= 0 else None for c in items.district[rows].tolist()],
        items.area[rows].tolist(),
        [FIGURE_KINDS[f] if f >= 0 else None for f in fk],
        _ints(items.fig_value[rows]),
    ]


def claim_or_obs(ref: int) -> tuple[str, int]:
    return ("claim_id", ref // 2) if ref % 2 == 0 else ("observation_id", ref // 2)


def _update_members(bulk: Bulk, updates: list[list[Any]]) -> None:
    cols = [*MEMBER_STATE, *MEMBER_FEATURES]
    by_key: dict[str, list[list[Any]]] = {"claim_id": [], "observation_id": []}
    for row in updates:
        key, value = row[-1]
        by_key[key].append([*row[:-1], value])
    for key, rows in by_key.items():
        bulk.update("incident_members", key, cols, rows)
