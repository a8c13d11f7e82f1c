"""The hash-chained audit log: it verifies when intact and names the entry that is not."""

from __future__ import annotations

import json

from sqlalchemy import delete, update

from tests.conftest import run_truce
from truce.store import Store
from truce.store.audit import GENESIS, canonical_json, verify
from truce.store.schema import AuditEntry


def _append(store: Store, n: int) -> None:
    for i in range(1, n + 1):
        with store.write(f"writer-{i % 3}") as txn:
            txn.audit.append("thing.create", "thing", i, {"i": i, "name": f"thing {i}"})


def test_audit_chain_links_each_entry_to_the_previous(store: Store) -> None:
    _append(store, 5)
    with store.read() as session:
        rows = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        result = verify(session)
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(rows[i].prev_hash == rows[i - 1].hash for i in range(1, 5))
    assert result.ok and result.entries == 5 and result.head_hash == rows[-1].hash


def test_audit_detects_changed_payload(store: Store) -> None:
    _append(store, 6)
    with store.engine.begin() as conn:
        conn.execute(
            update(AuditEntry).where(AuditEntry.seq == 4).values(payload=canonical_json({"i": 99}))
        )
    with store.read() as session:
        result = verify(session)
    assert not result.ok and result.bad_seq == 4
    assert "changed" in (result.problem or "")


def test_audit_detects_changed_actor_and_time(store: Store) -> None:
    _append(store, 3)
    with store.engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="someone else"))
    with store.read() as session:
        assert verify(session).bad_seq == 2


def test_audit_detects_deleted_entry(store: Store) -> None:
    _append(store, 5)
    with store.engine.begin() as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq == 3))
    with store.read() as session:
        result = verify(session)
    assert not result.ok and result.bad_seq == 3


def test_audit_detects_truncated_tail(store: Store) -> None:
    _append(store, 5)
    with store.engine.begin() as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.seq == 5))
    with store.read() as session:
        result = verify(session)
    assert not result.ok and result.bad_seq == 5


def test_audit_detects_rewritten_entry_with_recomputed_hash(store: Store) -> None:
    """Recomputing one entry's hash does not help: the next entry no longer links to it."""
    from truce.store.audit import entry_hash

    _append(store, 4)
    with store.read() as session:
        row = session.get(AuditEntry, 2)
        forged = canonical_json({"i": 2, "name": "forged"})
        new_hash = entry_hash(
            row.prev_hash, row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, forged
        )
    with store.engine.begin() as conn:
        conn.execute(
            update(AuditEntry).where(AuditEntry.seq == 2).values(payload=forged, hash=new_hash)
        )
    with store.read() as session:
        assert verify(session).bad_seq == 3


def test_audit_verify_command_names_the_tampered_entry(store_url: str, tmp_path) -> None:
    store = Store(store_url)
    _append(store, 8)
    ok = run_truce("--db", store_url, "audit", "verify", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "intact: 8 entries" in ok.stdout
    with store.engine.begin() as conn:
        conn.execute(
            update(AuditEntry)
            .where(AuditEntry.seq == 6)
            .values(payload=json.dumps({"i": 6, "name": "edited"}))
        )
    store.close()
    bad = run_truce("--db", store_url, "audit", "verify", cwd=tmp_path)
    assert bad.returncode == 1
    assert "audit entry 6 does not verify" in bad.stderr
    assert "Traceback" not in bad.stderr
