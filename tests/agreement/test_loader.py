"""Loading: one transaction, idempotent, a changed file is a new audited version."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.agreement.helpers import BASE, GAZ, incident, write_base
from truce.agreement import linker
from truce.agreement.loader import load_file
from truce.agreement.report import status_rows
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import Agreement, AgreementVersion, AuditEntry, EvidenceLink, Provision


def count(store: Store, table: type) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_loading_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_base(tmp_path)
    first = load_file(store, path, actor="t", gazetteer=GAZ)
    assert (first.action, first.version, len(first.added)) == ("loaded", 1, 3)
    entries = count(store, AuditEntry)
    again = load_file(store, path, actor="t", gazetteer=GAZ)
    assert (again.action, again.version) == ("unchanged", 1)
    assert count(store, AuditEntry) == entries
    assert count(store, AgreementVersion) == 1


def test_changed_file_is_a_new_version_and_keeps_links(store: Store, tmp_path: Path) -> None:
    path = write_base(tmp_path)
    load_file(store, path, actor="t", gazetteer=GAZ)
    with store.write("t") as txn:
        inc = incident(txn.session, day=date(2021, 3, 4), place_id=None, lat=None, lon=None)
        row = linker.find_provision(txn.session, "test-accord/cf")
        linker.set_manual(
            txn.session,
            txn.audit,
            row,
            "incident",
            inc,
            "violation",
            include=True,
            reason="seen by the mission",
        )
    changed = BASE.replace("Both stop firing.", "Both stop all firing.").replace(
        "  - id: peacekeepers", "  - id: monitors"
    )
    result = load_file(store, write_base(tmp_path, changed, "v2.yaml"), actor="t", gazetteer=GAZ)
    assert (result.action, result.version) == ("updated", 2)
    assert result.changed == ["cf"] and result.added == ["monitors"]
    assert result.removed == ["peacekeepers"]
    with store.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "agreement.update")).one()
        payload = json.loads(entry.payload)
        assert payload["version"] == 2 and payload["previous_hash"] != payload["content_hash"]
        assert s.get(Agreement, "test-accord").version == 2
        old = s.scalars(select(Provision).where(Provision.key == "peacekeepers")).one()
        assert old.active is False
        assert s.scalar(select(func.count()).select_from(AgreementVersion)) == 2
        assert verify(s).ok
    rows = status_rows(store, at="2021-03-10", gazetteer=GAZ)
    assert {r.provision for r in rows} == {"cf", "handover", "monitors"}
    cf = next(r for r in rows if r.provision == "cf")
    assert cf.status == "violated" and cf.evidence[0]["origin"] == "manual"
    restored = load_file(store, path, actor="t", gazetteer=GAZ)  # back to the first text
    assert restored.version == 3 and "peacekeepers" in restored.changed


def test_a_failure_inside_the_load_leaves_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("crash while linking")

    monkeypatch.setattr(linker, "refresh", boom)
    with pytest.raises(RuntimeError):
        load_file(store, write_base(tmp_path), actor="t", gazetteer=GAZ)
    for table in (Agreement, AgreementVersion, Provision, EvidenceLink, AuditEntry):
        assert count(store, table) == 0
