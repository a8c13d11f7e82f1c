"""Grouping runs: ``update`` puts new claims and observations into incidents, ``regroup``
recomputes everything; both honour analysts' decisions and give the same incidents.

An update runs in one transaction: a crash leaves the store as it was and running it
again completes the job (items without a member row are the new ones). Small updates
recompute only the neighbourhood of the new items, closed under every dependency of
the grouping levels (see partition.py), so they give exactly what a full regroup would;
large ones (more than a fifth of the store) run the full computation.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from truce.correlate.bulk import Bulk
from truce.correlate.compat import compatible_pairs
from truce.correlate.config import CorrelateConfig, load_config, save_config
from truce.correlate.decisions import Decision, apply_decisions
from truce.correlate.derive import DENY, NONE_FOUND, derive
from truce.correlate.describe import IncidentState
from truce.correlate.evidence import Encoder, Evidence, member_table
from truce.correlate.geo import cells_around
from truce.correlate.graph import sorted_unique
from truce.correlate.hierarchy import Hierarchy, PlaceLookup
from truce.correlate.items import (
    TIERS,
    A,
    B,
    C,
    Interner,
    Items,
    N,
    P,
    U,
    X,
    claim_items,
    observation_items,
)
from truce.correlate.load import (
    claim_id_ranges,
    count_rows,
    member_ref,
    new_ids,
    old_state,
    reach_km,
    read_claim_range,
    read_claims,
    read_members,
    read_members_in,
    read_observations,
    stored_items,
    window_members,
)
from truce.correlate.partition import (
    COARSE_BUCKET_DAYS,
    choose_anchors,
    choose_same_document_anchors,
    link_units,
    partition_all,
    resolve_clusters,
    rows_of,
)
from truce.correlate.persist import (
    Tally,
    member_role,
    read_old_incidents,
    write_incidents,
    write_members,
)
from truce.correlate.status import MERGED
from truce.correlate.vocab import FAMILIES, vocab
from truce.correlate.wire import (
    PrintSet,
    detect_copies,
    fingerprint_documents,
    stored_prints,
)
from truce.correlate.workers import Worker, computed, start_worker
from truce.store import Store, WriteTxn
from truce.store.types import utcnow

#: above this share of new items (and at least this many), an update runs in full
FULL_SHARE = 0.2
FULL_MIN = 5000
#: incidents described and written at a time in a large run
FINISH_CHUNK = 20_000

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class RunSummary:
    """What a grouping run did."""

    mode: str = "incremental"
    claims: int = 0
    observations: int = 0
    fingerprinted: int = 0
    copies: int = 0
    created: int = 0
    updated: int = 0
    merged: int = 0
    status_changes: int = 0
    pending: int = 0
    seconds: float = 0.0
    incident_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        if not (self.claims or self.observations or self.created or self.updated or self.merged):
            return "incidents: nothing new to group"
        parts = [f"{self.created} new", f"{self.updated} updated"]
        if self.merged:
            parts.append(f"{self.merged} merged away")
        text = (
            f"incidents: {', '.join(parts)} from {self.claims} claims and "
            f"{self.observations} observations"
        )
        if self.copies:
            copies = "a copy" if self.copies == 1 else "copies"
            text += f"; {_count(self.copies, 'document')} found to be {copies} of another"
        if self.pending:
            text += f"; {_count(self.pending, 'negative observation')} match no claim yet"
        return text

    def payload(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "claims": self.claims,
            "observations": self.observations,
            "fingerprinted": self.fingerprinted,
            "copies": self.copies,
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "status_changes": self.status_changes,
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def update(
    store: Store,
    *,
    actor: str,
    progress: Progress | None = None,
    hierarchy: PlaceLookup | None = None,
) -> RunSummary:
    """Group every claim and observation that is not in an incident yet."""
    started = time.perf_counter()
    with store.write(actor) as txn:
        run = Run(txn, None, hierarchy, progress)
        try:
            summary = _update(run)
        finally:
            run.close()
    summary.seconds = time.perf_counter() - started
    return summary


def regroup(
    store: Store,
    *,
    actor: str,
    config: CorrelateConfig | None = None,
    progress: Progress | None = None,
    hierarchy: PlaceLookup | None = None,
) -> RunSummary:
    """Recompute every incident (with new settings, if given), honouring decisions."""
    started = time.perf_counter()
    with store.write(actor) as txn:
        run = Run(txn, config, hierarchy, progress)
        if config is not None:
            save_config(txn.session, config)
        run.bulk.lock()
        try:
            summary = run.full(mode="regroup")
        finally:
            run.close()
    summary.seconds = time.perf_counter() - started
    return summary


def recompute_incidents(
    txn: WriteTxn, incident_ids: Iterable[int], refs: Iterable[int] = ()
) -> RunSummary:
    """Re-derive these incidents (and whatever decisions tie to them) after a decision."""
    run = Run(txn, None, None, None)
    run.bulk.lock()
    try:
        return run.refresh(set(incident_ids), set(refs))
    finally:
        run.close()


def _update(run: Run) -> RunSummary:
    bulk = run.bulk
    bulk.lock()
    claims = new_ids(bulk, "claims", "claim_id")
    observations = new_ids(bulk, "observations", "observation_id")
    fresh = len(claims) + len(observations)
    if fresh == 0:
        return run.summary
    total = count_rows(bulk, "incident_members") + fresh
    if fresh >= FULL_MIN and fresh > FULL_SHARE * total:
        del claims, observations  # a full run reads every item
        return run.full(mode="full update", expected=total)
    return run.incremental(claims, observations)


class Working:
    """The items a run works on: new ones, and stored ones loaded as needed."""

    def __init__(self, interner: Interner) -> None:
        self.interner = interner
        self.items = Items.empty()
        self.index: dict[int, int] = {}
        self.old: dict[int, tuple[Any, ...]] = {}
        self.old_cluster: dict[int, int] = {}

    def add(self, items: Items) -> np.ndarray:
        """Append the items not present yet; return the rows of all given refs."""
        first: dict[int, int] = {}
        for k, r in enumerate(items.ref.tolist()):
            if r not in self.index:
                first.setdefault(r, k)  # a ref may come twice (two window queries)
        fresh = list(first.values())
        if fresh:
            base = len(self.items)
            self.items = Items.concat([self.items, items.take(np.array(fresh))])
            for k, r in enumerate(items.ref[fresh].tolist()):
                self.index[r] = base + k
        return np.array([self.index[r] for r in items.ref.tolist()], dtype=np.int64)

    def add_rows(self, rows: list[tuple[Any, ...]]) -> np.ndarray:
        rows = [r for r in rows]
        if not rows:
            return np.zeros(0, np.int64)
        for r in rows:
            ref = member_ref(r)
            if ref not in self.old:
                self.old[ref] = old_state(r)
                self.old_cluster[ref] = -1 if r[7] is None else int(r[7])
        return self.add(stored_items(rows, self.interner))

    def refs(self, rows: Iterable[int]) -> list[int]:
        return [int(self.items.ref[r]) for r in rows]


class Run:
    """One grouping run inside one write transaction."""

    def __init__(
        self,
        txn: WriteTxn,
        config: CorrelateConfig | None,
        lookup: PlaceLookup | None,
        progress: Progress | None,
    ) -> None:
        self.txn = txn
        self.bulk = Bulk(txn.session.connection())
        self.config = config or load_config(txn.session)
        self.vocab = vocab()
        self.hierarchy = Hierarchy(lookup)
        self.interner = Interner()
        self.encoder = Encoder(self.config, self.vocab)
        self.evidence: list[Evidence] = []
        self.progress = progress or (lambda stage, done, total: None)
        self.summary = RunSummary()
        self.now = utcnow()
        self.copy_of: dict[int, int] = {}
        self.worker: Worker | None = None  # derives incidents on a second core

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    # -- reading -----------------------------------------------------------------------------------

    def _new_items(self, claim_ids: list[int] | None, obs_ids: list[int] | None) -> Items:
        """Items of these claims and observations (all of them when None), read in ranges
        of claim ids so that memory holds the items, not the rows they came from."""
        batches = (
            (read_claim_range(self.bulk, lo, hi) for lo, hi in claim_id_ranges(self.bulk))
            if claim_ids is None
            else iter([read_claims(self.bulk, claim_ids)])
        )
        parts = []
        for claims in batches:
            self.hierarchy.preload(self.txn.session, [p for p in claims.place_id if p])
            parts.append(claim_items(claims, self.config, self.hierarchy, self.interner))
            self.evidence.append(self.encoder.claims(claims))
            self.summary.claims += len(claims.id)
        observations = read_observations(self.bulk, obs_ids)
        self.hierarchy.preload(self.txn.session, [p for p in observations.place_id if p])
        parts.append(observation_items(observations, self.config, self.hierarchy, self.interner))
        self.evidence.append(self.encoder.observations(observations))
        self.summary.observations = len(observations.id)
        return Items.concat(parts)

    def _wire(self, items: Items) -> np.ndarray:
        docs = [int(d) for d in set(items.doc.tolist()) if d >= 0 and d not in self.copy_of]
        if docs:
            found = dict(
                (int(a), int(b))
                for a, b in self.bulk.fetch_in(
                    "SELECT document_id, copy_of FROM document_copies WHERE document_id IN ({})",
                    docs,
                )
            )
            for d in docs:
                self.copy_of[d] = found.get(d, d)
        return np.array(
            [self.copy_of.get(int(d), int(d)) for d in items.doc.tolist()], dtype=np.int64
        )

    def _copies(self, doc_ids: Iterable[int] | None) -> set[int]:
        """Fingerprint documents and find copies (all documents when ``doc_ids`` is None);
        return the documents whose copy cluster changed."""
        self.progress("documents", 0, 1)
        target = (
            {int(r[0]) for r in self.bulk.fetch("SELECT id FROM documents")}
            if doc_ids is None
            else set(doc_ids)
        )
        new = fingerprint_documents(self.bulk, target)
        self.summary.fingerprinted = len(new)
        if doc_ids is not None:  # fingerprinted at ingest, or just now
            done = set(new.ids.tolist())
            new = PrintSet.concat([new, stored_prints(self.bulk, target - done)])
        changed = detect_copies(
            self.bulk,
            None if doc_ids is None else new,
            self.config.copy_similarity,
            self.config.copy_window_days,
        )
        if doc_ids is None:
            rows = self.bulk.fetch(
                "SELECT document_id, copy_of FROM document_copies WHERE copy_of <> document_id"
            )
            self.copy_of = {int(a): int(b) for a, b in rows}
            self.summary.copies = len(self.copy_of)
        else:
            for d, (_, rep) in changed.items():
                self.copy_of[d] = rep
            self.summary.copies = sum(1 for d, (_, rep) in changed.items() if rep != d)
        entries = [[d, old, rep] for d, (old, rep) in sorted(changed.items())]
        for start in range(0, len(entries), 1000):
            self.txn.audit.append(
                "document.copies",
                "document",
                None,
                {"changes": entries[start : start + 1000], "fields": ["document", "was", "now"]},
            )
        self.progress("documents", 1, 1)
        return set(changed)

    # -- the full computation ----------------------------------------------------------------------

    def full(self, *, mode: str, expected: int | None = None) -> RunSummary:
        """Group every item (``expected``: how many there are, when known)."""
        self.summary.mode = mode
        if expected is None:
            expected = count_rows(self.bulk, "claims") + count_rows(self.bulk, "observations")
        # now, while this process is small (chunks of incidents: at most this many)
        self.worker = start_worker(derive_chunk, expected // FINISH_CHUNK)
        self._copies(None)  # first: what is read next carries the copy clusters
        self.progress("reading", 0, 1)
        items = self._new_items(None, None)
        rows_stored = read_members(self.bulk)
        old = {member_ref(r): old_state(r) for r in rows_stored}
        del rows_stored
        if old:  # mark the stored items
            at = rows_of(items, np.fromiter(old, np.int64, len(old)))
            incident = np.array([-1 if s[0] is None else int(s[0]) for s in old.values()])
            items.stored[at[at >= 0]] = True
            items.incident[at[at >= 0]] = incident[at >= 0]
        self.progress("reading", 1, 1)
        wire = self._wire(items)
        self.progress("grouping", 0, 1)
        partition_all(items, self.config.distance_km, wire)
        self.progress("grouping", 1, 1)
        work = Working(self.interner)
        work.items = items  # a full run loads no more rows: no index of refs needed
        work.old = old
        active = [
            i
            for (i,) in self.bulk.fetch(
                "SELECT id FROM incidents WHERE merged_into IS NULL AND status <> ?", [MERGED]
            )
        ]
        self._finish(
            work, np.arange(len(items)), extra_old_incidents=set(active), refresh_features=True
        )
        return self.summary

    # -- the incremental computation ---------------------------------------------------------------

    def incremental(self, claim_ids: list[int], obs_ids: list[int]) -> RunSummary:
        self.progress("reading", 0, 1)
        docs = {
            int(r[0])
            for r in [
                *self.bulk.fetch_in("SELECT document_id FROM claims WHERE id IN ({})", claim_ids),
                *self.bulk.fetch_in(
                    "SELECT document_id FROM observations WHERE id IN ({})", obs_ids
                ),
            ]
        }
        changed_docs = self._copies(docs)  # first: what is read next carries the clusters
        new = self._new_items(claim_ids, obs_ids)
        work = Working(self.interner)
        new_rows = work.add(new)
        self.progress("reading", 1, 1)
        self.progress("grouping", 0, 1)
        self._levels(work, new_rows)
        touched = set(new_rows.tolist())
        it = work.items
        for r in range(len(it)):
            before = work.old.get(int(it.ref[r]))
            if before is not None and before[3:6] != (
                _opt(it.unit[r]),
                _opt(it.anchor[r]),
                _opt(it.cluster[r]),
            ):
                touched.add(r)
        if changed_docs:
            touched |= set(self._rows_of_documents(work, changed_docs).tolist())
        self.progress("grouping", 1, 1)
        self._finish(
            work,
            np.array(sorted(touched), dtype=np.int64),
            extra_old_incidents=set(),
            refresh_features=False,
        )
        return self.summary

    def refresh(self, incident_ids: set[int], refs: set[int]) -> RunSummary:
        """Re-derive incidents after an analyst's decision (no new items)."""
        work = Working(self.interner)
        rows = set(
            work.add_rows(read_members_in(self.bulk, "incident_id", sorted(incident_ids))).tolist()
        )
        rows |= set(self._load_refs(work, refs).tolist())
        self._finish(
            work,
            np.array(sorted(rows), dtype=np.int64),
            extra_old_incidents=incident_ids,
            refresh_features=False,
        )
        return self.summary

    def _rows_of_documents(self, work: Working, docs: set[int]) -> np.ndarray:
        claim_ids = [
            int(r[0])
            for r in self.bulk.fetch_in("SELECT id FROM claims WHERE document_id IN ({})", docs)
        ]
        return work.add_rows(read_members_in(self.bulk, "claim_id", claim_ids))

    def _load_refs(self, work: Working, refs: Iterable[int]) -> np.ndarray:
        refs = [r for r in refs if r not in work.index]
        claims = [r // 2 for r in refs if r % 2 == 0]
        obs = [r // 2 for r in refs if r % 2 == 1]
        rows = [
            *read_members_in(self.bulk, "claim_id", claims),
            *read_members_in(self.bulk, "observation_id", obs),
        ]
        work.add_rows(rows)
        return np.array([work.index[r] for r in refs if r in work.index], dtype=np.int64)

    def _window(self, work: Working, rows: Iterable[int], tier: int) -> np.ndarray:
        """Load the stored items of ``tier`` that may link to each of these rows."""
        it = work.items
        found: list[tuple[Any, ...]] = []
        name = TIERS[tier]
        for r in rows:
            if np.isnan(it.t0[r]):
                continue
            district = self.interner.value(int(it.district[r]))
            if tier == C:
                cell_list: list[int] = []
            elif np.isnan(it.lat[r]):
                continue
            else:
                reach = reach_km(self.config.distance_km, float(it.radius[r]), name)
                cell_list = cells_around(float(it.lat[r]), float(it.lon[r]), reach)
            found += window_members(
                self.bulk,
                FAMILIES[int(it.family[r])],
                name,
                cell_list,
                float(it.t0[r]),
                float(it.t1[r]),
                district,
            )
        return work.add_rows(found)

    def _compatible_stored(
        self, work: Working, probes: np.ndarray, candidates: np.ndarray, bucket_days: float = 1.0
    ) -> np.ndarray:
        """Candidates (stored rows) compatible with any probe. The spatial join finds a
        pair from the side of the item placed at a district: both sides are asked."""
        if len(probes) == 0 or len(candidates) == 0:
            return np.zeros(0, np.int64)
        it, d = work.items, self.config.distance_km
        forward = compatible_pairs(
            it, probes, candidates, d, symmetric=False, bucket_days=bucket_days
        )
        backward = compatible_pairs(
            it, candidates, probes, d, symmetric=False, bucket_days=bucket_days
        )
        return sorted_unique(np.concatenate([forward.j, backward.i]))

    def _units(self, work: Working, units: set[int]) -> np.ndarray:
        units.discard(-1)
        if not units:
            return np.zeros(0, np.int64)
        return work.add_rows(read_members_in(self.bulk, "unit", sorted(units)))

    def _levels(self, work: Working, new_rows: np.ndarray) -> None:
        """Recompute every level that the new items can change (partition.py)."""
        d = self.config.distance_km
        it = lambda: work.items  # noqa: E731 - the working set grows as rows are loaded
        tier_of = lambda rows, t: rows[it().tier[rows] == t]  # noqa: E731
        new_a, new_b, new_c = tier_of(new_rows, A), tier_of(new_rows, B), tier_of(new_rows, C)
        new_n = np.union1d(tier_of(new_rows, N), tier_of(new_rows, P))
        new_u = tier_of(new_rows, U)

        # 1. precise items: complete the units the new ones link to, recompute them
        near_a = self._window(work, new_a, A)
        linked = self._compatible_stored(work, new_a, near_a)
        unit_rows = self._units(work, {int(u) for u in it().unit[linked]})
        ra = np.union1d(unit_rows[it().tier[unit_rows] == A], new_a)
        if len(ra):
            unit, cluster, _ = link_units(it(), ra, d)
            it().unit[ra], it().cluster[ra] = unit, cluster

        wire = self._wire(it())
        # 2. vague items: new ones, and stored ones a new precise item may anchor better
        near_b = self._window(work, new_a, B)
        b_re = np.union1d(new_b, self._compatible_stored(work, new_a, near_b))
        self._window(work, b_re, A)  # one load for all: the same rows, in the same order
        b_loose_before = {int(r) for r in b_re if it().stored[r] and it().anchor[r] < 0}
        if len(b_re):
            a_all = np.nonzero(it().tier == A)[0]
            wire = self._wire(it())
            it().anchor[b_re] = choose_anchors(it(), b_re, a_all, d, wire)

        # 3. vague items without an anchor: units among themselves
        affected = {int(it().unit[r]) for r in b_loose_before if it().anchor[r] >= 0}
        loose_new = new_b[it().anchor[new_b] < 0]
        near_loose = self._window(work, loose_new, B)
        near_loose = near_loose[it().anchor[near_loose] < 0]
        affected |= {
            int(u) for u in it().unit[self._compatible_stored(work, loose_new, near_loose)]
        }
        unit_rows = self._units(work, affected)
        became = np.array(sorted(r for r in b_loose_before if it().anchor[r] >= 0), dtype=np.int64)
        it().unit[became] = -1
        rb = np.union1d(
            unit_rows[(it().tier[unit_rows] == B) & (it().anchor[unit_rows] < 0)], loose_new
        )
        if len(rb):
            unit, cluster, _ = link_units(it(), rb, d)
            it().unit[rb], it().cluster[rb] = unit, cluster

        # 4. coarse items
        near_c = self._window(work, new_c, C)
        linked = self._compatible_stored(work, new_c, near_c, COARSE_BUCKET_DAYS)
        unit_rows = self._units(work, {int(u) for u in it().unit[linked]})
        rc = np.union1d(unit_rows[it().tier[unit_rows] == C], new_c)
        if len(rc):
            unit, cluster, _ = link_units(it(), rc, d, bucket_days=COARSE_BUCKET_DAYS)
            it().unit[rc], it().cluster[rc] = unit, cluster

        # 5. negative observations: new ones, and stored ones a new precise item may suit
        near_n = np.union1d(self._window(work, new_a, N), self._window(work, new_a, P))
        n_re = np.union1d(new_n, self._compatible_stored(work, new_a, near_n))
        self._window(work, n_re, A)
        if len(n_re):
            a_all = np.nonzero(it().tier == A)[0]
            it().anchor[n_re] = choose_anchors(it(), n_re, a_all, d, self._wire(it()))

        # 6. unplaced items: anchors in their own document
        docs = {int(x) for x in it().doc[new_rows].tolist()}
        same_doc = self._document_rows(work, docs)
        u_re = np.union1d(new_u, same_doc[it().tier[same_doc] == U])
        if len(u_re):
            formers = np.nonzero(np.isin(it().tier, (A, B, C)) & np.isin(it().doc, list(docs)))[0]
            it().anchor[u_re] = choose_same_document_anchors(
                it(), u_re, formers, d, self._wire(it())
            )
            alone = u_re[it().anchor[u_re] < 0]
            it().unit[alone] = it().cluster[alone] = it().ref[alone]
        x_claims = new_rows[(it().tier[new_rows] == X) & (it().ref[new_rows] % 2 == 0)]
        it().unit[x_claims] = it().cluster[x_claims] = it().ref[x_claims]
        attachers = np.nonzero(it().anchor >= 0)[0]
        it().unit[attachers] = -1

        # 7. followers: attached items move with their anchor
        for _ in range(3):
            resolve_clusters(it())
            moved = [
                int(it().ref[r])
                for r in range(len(it()))
                if work.old_cluster.get(int(it().ref[r]), -2) != int(it().cluster[r])
            ]
            before = len(it())
            work.add_rows(read_members_in(self.bulk, "anchor", moved))
            if len(it()) == before:
                break
        resolve_clusters(it())
        it().cluster[((it().tier == N) | (it().tier == P)) & (it().anchor < 0)] = -1

    def _document_rows(self, work: Working, docs: set[int]) -> np.ndarray:
        claim_ids = [
            int(r[0])
            for r in self.bulk.fetch_in("SELECT id FROM claims WHERE document_id IN ({})", docs)
        ]
        obs_ids = [
            int(r[0])
            for r in self.bulk.fetch_in(
                "SELECT id FROM observations WHERE document_id IN ({})", docs
            )
        ]
        refs = [2 * c for c in claim_ids] + [2 * o + 1 for o in obs_ids]
        self._load_refs(work, refs)
        return np.array([work.index[r] for r in refs if r in work.index], dtype=np.int64)

    # -- from clusters to incidents ----------------------------------------------------------------

    def _decisions(self) -> list[Decision]:
        import json

        rows = self.bulk.fetch(
            "SELECT id, kind, payload, reason, actor FROM incident_decisions "
            "WHERE active = ? ORDER BY id",
            [True],
        )
        out = []
        for id_, kind, payload, reason, actor in rows:
            if isinstance(payload, str):
                payload = json.loads(payload)
            out.append(Decision.from_row(int(id_), kind, payload or {}, reason, actor))
        return out

    def _close(self, work: Working, target: set[int], decisions: list[Decision]) -> set[int]:
        """Grow the target rows until every incident, cluster and decision they touch is whole."""
        seen_incidents: set[int] = set()
        while True:
            it = work.items
            rows = np.array(sorted(target), dtype=np.int64)
            clusters = {int(c) for c in it.cluster[rows]} | {
                work.old_cluster.get(int(it.ref[r]), -1) for r in rows
            }
            clusters.discard(-1)
            if clusters:
                cl = np.fromiter(clusters, np.int64)
                old_cl = np.array(
                    [work.old_cluster.get(int(r), -1) for r in it.ref], dtype=np.int64
                )
                target |= set(np.nonzero(np.isin(it.cluster, cl) | np.isin(old_cl, cl))[0].tolist())
            incidents = {int(it.incident[r]) for r in target} - {-1} - seen_incidents
            seen_incidents |= incidents
            before = len(target)
            if incidents:
                target |= set(
                    work.add_rows(
                        read_members_in(self.bulk, "incident_id", sorted(incidents))
                    ).tolist()
                )
            refs = {int(work.items.ref[r]) for r in target}
            wanted = {x for d in decisions if d.all_refs() & refs for x in d.all_refs()}
            if wanted - refs:
                target |= set(self._load_refs(work, wanted - refs).tolist())
                target |= {work.index[r] for r in wanted if r in work.index}
            if len(target) == before and not incidents:
                return target

    def _finish(
        self,
        work: Working,
        rows: np.ndarray,
        *,
        extra_old_incidents: set[int],
        refresh_features: bool,
    ) -> None:
        decisions = self._decisions()
        if not refresh_features:
            rows = np.array(
                sorted(self._close(work, set(rows.tolist()), decisions)), dtype=np.int64
            )
        it = work.items
        changed, manual = apply_decisions(it, rows, decisions)
        groups: dict[int, list[int]] = {}
        for r in rows.tolist():
            label = changed.get(r, int(it.cluster[r]))
            if label == -1:
                continue
            groups.setdefault(label, []).append(r)
        old_ids = {int(x) for x in it.incident[rows]} - {-1}
        old_ids |= extra_old_incidents
        assign, tombstones = self._assign_ids(it, groups, old_ids)
        self.progress("describing", 0, len(groups))
        evidence = self._evidence_for(it.ref[rows])
        old = read_old_incidents(self.bulk, sorted(old_ids | set(assign.values())))
        deny = set(
            evidence.refs[(evidence.polarity == DENY) | (evidence.polarity == NONE_FOUND)].tolist()
        )
        pinned = {x for d in decisions for x in d.all_refs()}
        ordered = sorted(groups.items(), key=lambda kv: assign[kv[0]])
        fresh_incidents = sum(1 for v in assign.values() if v not in old)
        tally = Tally()
        pending = 0
        grouped = np.zeros(len(it), bool)
        bulk = self.bulk
        # large runs: indexes built once at the end; incidents described and written in
        # chunks, so that memory stays flat however many there are
        with (
            bulk.indexes_dropped("incidents", fresh_incidents),
            bulk.indexes_dropped("incident_members", int((~it.stored[rows]).sum())),
        ):
            names = self._all_place_names(evidence)
            chunks = [ordered[s : s + FINISH_CHUNK] for s in range(0, len(ordered), FINISH_CHUNK)]
            labels_of: deque[list[int]] = deque()

            def inputs() -> Iterator[tuple[Any, ...]]:
                for chunk in chunks:
                    table, labels, families = member_table(
                        it, evidence, chunk, self.encoder, self.interner
                    )
                    labels_of.append(labels)
                    locks = {k: manual[lab][:2] for k, lab in enumerate(labels) if lab in manual}
                    yield table, len(labels), locks, names, families

            if self.worker is None:
                self.worker = start_worker(derive_chunk, len(chunks))
            done = 0
            for chunk, derived in zip(
                chunks, computed(inputs(), derive_chunk, self.worker), strict=True
            ):
                states = {
                    assign[lab]: (state, lab in manual)
                    for lab, state in zip(labels_of.popleft(), derived, strict=True)
                }
                tally.add(
                    write_incidents(
                        bulk, self.txn.audit, self.txn.audit.actor, self.now, states, old, {}
                    )
                )
                chunk_rows = np.array(sorted(r for _, rs in chunk for r in rs), dtype=np.int64)
                grouped[chunk_rows] = True
                incident_of_row = {
                    r: assign[lab] for lab, rs in chunk for r in rs if assign[lab] in states
                }
                pending += self._write_members(
                    work, chunk_rows, incident_of_row, deny, pinned, refresh_features
                )
                done += len(chunk)
                self.progress("describing", done, len(ordered))
            tally.add(
                write_incidents(
                    bulk, self.txn.audit, self.txn.audit.actor, self.now, {}, old, tombstones
                )
            )
            rest = rows[~grouped[rows]]
            pending += self._write_members(work, rest, {}, deny, pinned, refresh_features)
        s = self.summary
        s.created, s.updated, s.merged = tally.created, tally.updated, tally.merged
        s.status_changes = tally.status_changes
        s.pending = pending
        s.incident_ids = sorted(tally.ids)
        self.txn.audit.append(
            "correlate.run", "incident", None, {**s.payload(), "config": self.config.to_json()}
        )

    def _write_members(
        self,
        work: Working,
        rows: np.ndarray,
        incident_of_row: dict[int, int],
        deny: set[int],
        pinned: set[int],
        refresh_features: bool,
    ) -> int:
        """Write these member rows; return how many negative observations are pending."""
        roles = [member_role(work.items, r, deny) for r in rows.tolist()]
        write_members(
            self.bulk, work.items, rows, incident_of_row, roles, pinned, self.interner,
            self.now, work.old, refresh_features,
        )  # fmt: skip
        return sum(1 for role in roles if role == "pending")

    def _all_place_names(self, evidence: Evidence) -> dict[str, str | None]:
        """Display names (the gazetteer's) of every place and district the incidents may
        show, looked up before any worker starts (workers do not read the store)."""
        strings = self.encoder.strings
        values = {strings.values[c] for c in np.unique(evidence.place).tolist() if c >= 0}
        values |= set(self.interner.values)
        self.hierarchy.preload(self.txn.session, values)
        out: dict[str, str | None] = {}
        for value in values:
            info = self.hierarchy.info(value)
            out[value] = info.name if info is not None else None
        return out

    def _evidence_for(self, refs: np.ndarray) -> Evidence:
        """The evidence of these items: read with them, or read now (stored items)."""
        have = Evidence.concat(self.evidence)
        self.evidence = [have]
        missing = refs[have.rows_of(refs) < 0].tolist()
        claims = [r // 2 for r in missing if r % 2 == 0]
        observations = [r // 2 for r in missing if r % 2 == 1]
        if claims:
            self.evidence.append(self.encoder.claims(read_claims(self.bulk, claims)))
        if observations:
            self.evidence.append(
                self.encoder.observations(read_observations(self.bulk, observations))
            )
        return Evidence.concat(self.evidence)

    def _assign_ids(
        self, it: Items, groups: dict[int, list[int]], old_ids: set[int]
    ) -> tuple[dict[int, int], dict[int, int | None]]:
        """Keep incident ids stable: each group takes the old incident it shares most
        members with (ties: the older incident), new groups get new ids; old incidents
        left without a group are marked merged into the group that took their members."""
        overlap: list[tuple[int, int, bool, str, int]] = []
        order_key = {label: min(str(it.item_key[r]) for r in rs) for label, rs in groups.items()}
        for label, rs in groups.items():
            counts = Counter(int(it.incident[r]) for r in rs if it.incident[r] >= 0)
            for old_id, n in counts.items():
                # ties: the group that was not split off by an analyst keeps the id
                overlap.append((-n, old_id, label < 0, order_key[label], label))
        overlap.sort()
        assign: dict[int, int] = {}
        used: set[int] = set()
        for _, old_id, _, _, label in overlap:
            if label not in assign and old_id not in used:
                assign[label] = old_id
                used.add(old_id)
        next_id = self.bulk.next_id("incidents")
        for label in sorted(groups, key=lambda g: order_key[g]):
            if label not in assign:
                assign[label] = next_id
                next_id += 1
        gone = old_ids - used
        receivers: dict[int, Counter[int]] = {}
        if gone:
            for label, rs in groups.items():
                for r in rs:
                    old_id = int(it.incident[r])
                    if old_id in gone:
                        receivers.setdefault(old_id, Counter())[assign[label]] += 1
        tombstones: dict[int, int | None] = {}
        for old_id in sorted(gone):
            got = receivers.get(old_id)
            tombstones[old_id] = min(got, key=lambda x: (-got[x], x)) if got else None
        return assign, tombstones


def derive_chunk(inputs: tuple[Any, ...]) -> list[IncidentState]:
    """The incident states of one chunk from its member table (pure computation: it
    runs in the worker process when there is one)."""
    table, n_groups, locks, names, families = inputs
    return derive(table, n_groups, locks, names, families)


def _opt(value: Any) -> int | None:
    return None if value < 0 else int(value)
