"""Grouping is incremental, deterministic whatever the ingest order, keeps incident ids
stable, and a failed run leaves nothing behind."""

from __future__ import annotations

import random
import sys
from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete, select

from tests.conftest import ROOT
from tests.correlate.factory import Corpus
from tests.correlate.helpers import group, incident_of, regroup_all
from truce.correlate import engine
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, Incident, IncidentMember

sys.path.insert(0, str(ROOT / "bench"))
from corpus import Generator, write

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}


def outcome(store: Store) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Each item (by content: document hash and quote, or observation hash) with the key,
    status, summary and members of its incident: independent of ids and of order."""
    with store.read() as session:
        rows = session.execute(
            select(
                IncidentMember.claim_id, IncidentMember.observation_id, IncidentMember.incident_id
            )
        ).all()
        incidents = {
            i.id: (i.key, i.status, i.summary, i.source_count)
            for i in session.scalars(select(Incident))
        }
        from truce.store.schema import Claim, Document, Observation

        claim_ident = {
            c: (h, q)
            for c, h, q in session.execute(
                select(Claim.id, Document.content_hash, Claim.quote).join(
                    Document, Document.id == Claim.document_id
                )
            )
        }
        obs_ident = dict(session.execute(select(Observation.id, Observation.content_hash)).all())
    return {
        (claim_ident[c] if c is not None else ("obs", obs_ident[o])): incidents.get(i)
        if i
        else None
        for c, o, i in rows
    }


def test_ingest_order_does_not_change_incidents(store_url: str, tmp_path: Any) -> None:
    """The same reports stored in one batch, or in 12 shuffled batches grouped after each,
    give the same incidents (members, keys, statuses, summaries) as a full regroup."""
    gen = Generator(700, seed=7).generate()
    docs = list(gen.docs)
    write(store_url, gen)
    store = Store(store_url)
    regroup_all(store, hierarchy=None)
    expected = outcome(store)
    store.close()

    other = f"sqlite:///{tmp_path / 'shuffled.db'}"
    order = docs[:]
    random.Random(3).shuffle(order)
    for k in range(12):
        gen.docs = order[k * len(order) // 12 : (k + 1) * len(order) // 12]
        write(other, gen)
        shuffled = Store(other)
        group(shuffled, hierarchy=None)
        shuffled.close()
    shuffled = Store(other)
    got = outcome(shuffled)
    assert got == expected
    with shuffled.read() as session:
        assert verify(session).ok
    shuffled.close()


def test_unrelated_claims_leave_incident_ids_alone(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:shosh"}])
    group(store)
    before = (incident_of(store, claim=a), incident_of(store, claim=b))
    with store.read() as session:
        key_a = session.get(Incident, before[0]).key
    c.document(outlet="C", claims=[{**SHELLING, "place": "v:far"}])
    _, (joins,), _ = c.document(outlet="D", claims=[SHELLING])
    group(store)
    assert (incident_of(store, claim=a), incident_of(store, claim=b)) == before
    assert incident_of(store, claim=joins) == before[0]
    with store.read() as session:
        assert session.get(Incident, before[0]).key != key_a  # the key follows the members
    regroup_all(store)
    assert (incident_of(store, claim=a), incident_of(store, claim=b)) == before


def test_merging_incidents_keeps_the_larger_id_and_records_the_other(store: Store) -> None:
    c = Corpus(store)
    _, (a, _a2), _ = c.document(outlet="A", claims=[SHELLING, {**SHELLING, "type": "CASUALTIES"}])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "date": "2020-11-17"}])
    group(store)
    big, small = incident_of(store, claim=a), incident_of(store, claim=b)
    assert big != small
    c.document(
        outlet="C", claims=[{**SHELLING, "date": ("2020-11-16", "2020-11-17")}]
    )  # bridges both
    summary = group(store)
    assert summary.merged == 1
    assert incident_of(store, claim=b) == big
    with store.read() as session:
        gone = session.get(Incident, small)
        assert gone.status == "merged" and gone.merged_into == big


def test_a_claim_below_the_newest_grouped_one_is_still_found(store: Store) -> None:
    """New claims are usually those above the highest id grouped; one below it without a
    member row (its row removed, or committed late by a concurrent writer) is found too."""
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:far"}])
    group(store)
    with store.write("tests") as txn:
        txn.session.execute(delete(IncidentMember).where(IncidentMember.claim_id == a))
    assert incident_of(store, claim=a) is None and a < b
    summary = group(store)
    assert summary.claims == 1
    assert incident_of(store, claim=a) not in (None, incident_of(store, claim=b))
    assert group(store).describe() == "incidents: nothing new to group"


def test_an_interrupted_update_leaves_nothing_and_a_rerun_completes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Corpus(store)
    for k in range(5):
        c.document(outlet=f"O{k}", claims=[{**SHELLING, "date": f"2020-11-1{k}"}])
    with store.read() as session:
        audit_before = session.scalar(
            select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)
        )

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed in the middle")

    monkeypatch.setattr(engine, "write_members", crash)
    with pytest.raises(RuntimeError):
        group(store)
    with store.read() as session:
        assert (
            session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
            == audit_before
        )
        assert session.scalars(select(Incident)).all() == []
        assert session.scalars(select(IncidentMember)).all() == []
    monkeypatch.undo()
    summary = group(store)
    assert summary.claims == 5 and summary.created == 5
    assert group(store).describe() == "incidents: nothing new to group"


def test_a_large_batch_runs_the_full_computation_with_the_same_result(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Corpus(store)
    for k in range(6):
        c.document(
            outlet=f"O{k}", claims=[{**SHELLING, "date": "2020-11-16" if k % 2 else "2020-11-18"}]
        )
    monkeypatch.setattr(engine, "FULL_MIN", 1)
    summary = group(store)
    assert summary.mode == "full update"
    assert summary.created == 2


def test_a_large_run_in_chunks_gives_the_same_incidents_and_keeps_the_schema(
    store_url: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full path of a big first run (indexes dropped and rebuilt, incidents written in
    chunks) gives what the plain path gives, and leaves the schema as the migrations made it."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from truce.correlate import bulk
    from truce.store.schema import Base

    gen = Generator(400, seed=11).generate()
    write(store_url, gen)
    plain = Store(store_url)
    group(plain, hierarchy=None)
    expected = outcome(plain)
    plain.close()

    other = f"sqlite:///{tmp_path / 'chunked.db'}"
    write(other, gen)
    monkeypatch.setattr(engine, "FULL_MIN", 1)
    monkeypatch.setattr(engine, "FINISH_CHUNK", 7)
    monkeypatch.setattr(bulk, "BULK_ROWS", 1)
    chunked = Store(other)
    summary = group(chunked, hierarchy=None)
    assert summary.mode == "full update"
    assert outcome(chunked) == expected
    with chunked.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    chunked.close()



def test_blocking_in_small_parts_finds_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probes and candidates are blocked and checked in parts to bound memory; parts of
    any size give exactly the pairs of one pass."""
    from truce.correlate import compat
    from truce.correlate.items import Items

    rng = np.random.default_rng(3)
    n = 400
    t0 = rng.integers(18500, 18520, n).astype(float)
    district = rng.integers(-1, 4, n)
    area = (district >= 0) & (rng.random(n) < 0.1)
    items = Items.build(
        n,
        ref=np.arange(n, dtype=np.int64) * 2,
        family=rng.integers(0, 2, n),
        t0=t0,
        t1=t0 + rng.integers(1, 3, n),
        lat=39.8 + rng.random(n) * 0.3,
        lon=46.7 + rng.random(n) * 0.3,
        radius=np.where(area, 15.0, 2.0),
        place=np.where(area, district, rng.integers(-1, 30, n)),
        district=district,
        area=area,
        key64=rng.integers(0, 1 << 60, n),
    )
    rows = np.arange(n)
    whole = compat.compatible_pairs(items, rows, rows, 10.0, symmetric=True)
    monkeypatch.setattr(compat, "PROBE_BLOCK", 7)
    monkeypatch.setattr(compat, "CHECK_BLOCK", 5)
    parts = compat.compatible_pairs(items, rows, rows, 10.0, symmetric=True)
    assert len(whole) > 100
    for name in ("i", "j", "rule", "dist"):
        np.testing.assert_array_equal(getattr(whole, name), getattr(parts, name))
