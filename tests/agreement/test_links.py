"""Automatic links follow the evidence; analysts' links and unlinks override them, audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.agreement.helpers import GAZ, incident, write_base
from truce.agreement import linker
from truce.agreement.loader import load_file
from truce.agreement.report import refresh_links, status_rows
from truce.errors import InputError
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, EvidenceLink, Incident


@pytest.fixture
def accord(store: Store, tmp_path: Path) -> Store:
    load_file(store, write_base(tmp_path), actor="tester", gazetteer=GAZ)
    return store


def cf_status(store: Store) -> str:
    rows = status_rows(store, at="2021-03-10", gazetteer=GAZ)
    return next(r for r in rows if r.provision == "cf").status


def audit_count(store: Store, action: str | None = None) -> int:
    with store.read() as s:
        q = select(func.count()).select_from(AuditEntry)
        if action:
            q = q.where(AuditEntry.action == action)
        return s.scalar(q) or 0


def decide(store: Store, mode: str, ident: int, reason: str = "analyst review") -> None:
    with store.write("analyst") as txn:
        row = linker.find_provision(txn.session, "test-accord/cf")
        if mode == "reset":
            assert linker.clear_manual(
                txn.session, txn.audit, row, "incident", ident, "violation", reason=reason
            )
        else:
            linker.set_manual(
                txn.session,
                txn.audit,
                row,
                "incident",
                ident,
                "violation",
                include=mode == "link",
                reason=reason,
            )


def test_refresh_writes_only_when_links_change(accord: Store) -> None:
    inc = 0
    with accord.write("t") as txn:
        inc = incident(txn.session, day=date(2021, 3, 4))
    first = refresh_links(accord, actor="t", gazetteer=GAZ)
    assert first.added == 1
    entries = audit_count(accord)
    assert refresh_links(accord, actor="t", gazetteer=GAZ).added == 0
    assert audit_count(accord) == entries  # idempotent: no write, no audit entry
    with accord.write("t") as txn:  # the evidence changes: talks, not force
        txn.session.get(Incident, inc).type = "CONSULT"
    gone = refresh_links(accord, actor="t", gazetteer=GAZ)
    assert gone.removed == 1
    with accord.read() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceLink)) == 0
        assert verify(s).ok


def test_unlink_overrides_the_criteria_and_reset_restores_them(accord: Store) -> None:
    with accord.write("t") as txn:
        inc = incident(txn.session, day=date(2021, 3, 4))
    assert cf_status(accord) == "violated"
    decide(accord, "unlink", inc, reason="same event as the 3 March exchange, misdated")
    assert cf_status(accord) == "met"
    assert cf_status(accord) == "met"  # refresh keeps the decision
    decide(accord, "reset", inc)
    assert cf_status(accord) == "violated"
    with accord.read() as s:
        manual = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "agreement.links.manual")
        ).one()
        assert "misdated" in manual.payload and "exclude" in manual.payload
        assert manual.actor == "analyst"
        assert audit_count(accord, "agreement.links.reset") == 1
        assert verify(s).ok


def test_manual_link_adds_evidence_the_criteria_miss(accord: Store) -> None:
    with accord.write("t") as txn:
        inc = incident(txn.session, day=date(2021, 3, 4), place_id=None, lat=None, lon=None)
    assert cf_status(accord) == "met"  # no place: not linked automatically
    decide(accord, "link", inc, reason="place confirmed by phone with the mission")
    rows = status_rows(accord, at="2021-03-10", gazetteer=GAZ)
    cf = next(r for r in rows if r.provision == "cf")
    assert cf.status == "violated"
    assert cf.evidence[0]["origin"] == "manual"
    assert cf.evidence[0]["reason"] == "place confirmed by phone with the mission"
    decide(accord, "unlink", inc, reason="changed my mind")  # same row, updated in place
    assert cf_status(accord) == "met"
    with accord.read() as s:
        assert s.scalar(select(func.count()).select_from(EvidenceLink)) == 1


def test_manual_decisions_need_evidence_a_reason_and_a_provision(accord: Store) -> None:
    with accord.write("t") as txn:
        inc = incident(txn.session, day=date(2021, 3, 4))
    with pytest.raises(InputError, match="no such evidence"):
        decide(accord, "link", inc + 99)
    with pytest.raises(InputError, match="needs a reason"):
        decide(accord, "link", inc, reason="  ")
    with accord.read() as s, pytest.raises(InputError, match="no such provision"):
        linker.find_provision(s, "test-accord/nope")
    assert audit_count(accord, "agreement.links.manual") == 0
