"""The agreements shipped with truce: valid against the real gazetteer, and the facts right."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.agreement.helpers import document
from truce.agreement.amendments import in_force
from truce.agreement.loader import load_shipped, shipped_files
from truce.agreement.model import AgreementFile
from truce.agreement.report import status_rows
from truce.agreement.validate import read_agreement
from truce.store import Store
from truce.store.schema import AuditEntry, Observation


@pytest.fixture(scope="module")
def shipped() -> dict[str, AgreementFile]:
    return {a.id: a for a in (read_agreement(p).agreement for p in shipped_files())}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_four_agreements_ship(shipped: dict[str, AgreementFile]) -> None:
    assert set(shipped) == {"nk-2020-10-10", "nk-2020-10-17", "nk-2020-10-25", "nk-2020-11-10"}
    for a in shipped.values():
        assert a.sources and all(p.text for p in a.provisions)


def test_effective_times(shipped: dict[str, AgreementFile]) -> None:
    assert shipped["nk-2020-11-10"].effective.utc == utc(2020, 11, 9, 21)  # 00:00 Moscow
    assert shipped["nk-2020-10-10"].effective.utc == utc(2020, 10, 10, 9)  # 12:00 Moscow
    assert shipped["nk-2020-10-17"].effective.utc == utc(2020, 10, 17, 20)  # 00:00 UTC+4
    assert shipped["nk-2020-10-25"].effective.utc == utc(2020, 10, 26, 4)  # 08:00 UTC+4


def test_trilateral_statement_covers_all_nine_points(shipped: dict[str, AgreementFile]) -> None:
    a = shipped["nk-2020-11-10"]
    assert {p.point for p in a.provisions} == {str(n) for n in range(1, 10)}
    assert {s.name for s in a.signatories} == {"Ilham Aliyev", "Nikol Pashinyan", "Vladimir Putin"}


def test_handover_deadlines_and_the_kalbajar_amendment(shipped: dict[str, AgreementFile]) -> None:
    a = shipped["nk-2020-11-10"]

    def deadline(key: str, at: datetime) -> date:
        value = in_force(a, at)[key].values["deadline"]
        return value.day

    assert deadline("p2-aghdam", utc(2020, 11, 12)) == date(2020, 11, 20)
    assert deadline("p6-lachin", utc(2020, 11, 12)) == date(2020, 12, 1)
    assert deadline("p6-kalbajar", utc(2020, 11, 14)) == date(2020, 11, 15)
    assert deadline("p6-kalbajar", utc(2020, 11, 16)) == date(2020, 11, 25)
    amendment = a.amendments[0]
    assert amendment.date.day == date(2020, 11, 15)


def test_peacekeeping_term_dates(store: Store) -> None:
    load_shipped(store, actor="t")
    rows = status_rows(store, at="2021-01-01", agreement_id="nk-2020-11-10")
    term = next(r for r in rows if r.provision == "p4-peacekeeping-term").row()["term"]
    assert term["expires"] == "2025-11-09T21:00:00Z"  # 00:00 Moscow, 10 November 2025
    assert term["notice_by"] == "2025-05-09T21:00:00Z"
    assert term["last_notice_day"] == "2025-05-09"
    assert term["renews"] is True


def test_load_shipped_is_idempotent(store: Store) -> None:
    first = load_shipped(store, actor="t")
    assert [r.action for r in first] == ["loaded"] * 4
    with store.read() as s:
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
    assert [r.action for r in load_shipped(store, actor="t")] == ["unchanged"] * 4
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_handover_observations_meet_the_handovers(store: Store) -> None:
    load_shipped(store, actor="t")
    sightings = [
        ("Aghdam", 39.993, 46.930, utc(2020, 11, 20, 5, 40)),
        ("Kalbajar", 40.107, 46.038, utc(2020, 11, 25, 3, 35)),
        ("Lachin", 39.640, 46.547, utc(2020, 12, 1, 4, 5)),
    ]
    with store.write("t") as txn:
        doc = document(txn.session, 1, side="osce")
        for i, (name, lat, lon, when) in enumerate(sightings):
            txn.session.add(
                Observation(
                    document_id=doc,
                    row=i,
                    content_hash=f"{i:064d}",
                    time_start=when,
                    lat=lat,
                    lon=lon,
                    place_name=name,
                    what="handover",
                    event_type="WITHDRAW",
                    reporter="FMT-1",
                )
            )
    rows = {
        r.provision: r for r in status_rows(store, at="2020-11-22", agreement_id="nk-2020-11-10")
    }
    assert rows["p2-aghdam"].status == "met"
    assert rows["p6-kalbajar"].status == "not yet due"  # moved to 25 November
    assert rows["p6-lachin"].status == "not yet due"
    rows = {
        r.provision: r for r in status_rows(store, at="2020-12-02", agreement_id="nk-2020-11-10")
    }
    assert [rows[k].status for k in ("p2-aghdam", "p6-kalbajar", "p6-lachin")] == ["met"] * 3
