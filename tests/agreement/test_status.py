"""The status engine on synthetic evidence: every status, precedence and time travel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.agreement.helpers import BASE, GAZ, claim, incident, write_base
from truce.agreement.loader import load_file
from truce.agreement.report import status_rows
from truce.agreement.status import ProvisionStatus
from truce.store import Store


@pytest.fixture
def accord(store: Store, tmp_path: Path) -> Store:
    load_file(store, write_base(tmp_path), actor="tester", gazetteer=GAZ)
    return store


def status(store: Store, at: str, key: str, **kw: object) -> ProvisionStatus:
    rows = status_rows(store, at=at, gazetteer=GAZ, **kw)  # type: ignore[arg-type]
    return next(r for r in rows if r.provision == key)


def add(store: Store, fn, **kw: object) -> int:  # type: ignore[no-untyped-def]
    with store.write("tester") as txn:
        return fn(txn.session, **kw)


def test_without_evidence_statuses_follow_the_clock(accord: Store) -> None:
    assert status(accord, "2021-02-25", "cf").status == "not yet due"
    soon = status(accord, "2021-03-01T12:00 Europe/Moscow", "cf")
    assert soon.status == "due soon" and "in 12 h" in soon.detail
    held = status(accord, "2021-03-05", "cf")
    assert held.status == "met" and "no violation evidence" in held.detail
    assert status(accord, "2021-03-05", "handover").status == "not yet due"
    assert status(accord, "2021-03-25", "handover").status == "overdue"
    assert status(accord, "2021-03-25", "peacekeepers").status == "not yet due"


def test_amendment_applies_only_from_its_date(accord: Store) -> None:
    before = status(accord, "2021-03-08T11:00 Europe/Moscow", "handover", soon=timedelta(days=3))
    assert before.status == "due soon" and before.due is not None
    assert before.due.day == date(2021, 3, 10) and before.amendments == ()
    after = status(accord, "2021-03-12", "handover")  # past the original deadline
    assert after.status == "not yet due" and after.amendments == ("a1",)
    assert after.due is not None and after.due.day == date(2021, 3, 20)


def test_corroborated_force_after_effect_violates_with_first_breach(accord: Store) -> None:
    add(accord, incident, day=date(2021, 3, 6), speakers=(("North MoD", "north"),))
    both = (("South MoD", "south"), ("Wire", "media"))
    add(accord, incident, day=date(2021, 3, 4), speakers=both)
    assert status(accord, "2021-03-03", "cf").status == "met"  # time travel: not yet broken
    st = status(accord, "2021-03-07", "cf")
    assert st.status == "violated"
    assert st.since == datetime(2021, 3, 3, 21, tzinfo=UTC)  # 4 March, Moscow day
    assert st.first_breach is not None
    assert st.first_breach["where"] == "Alphaville"
    assert "South MoD (south)" in st.first_breach["accounts"]
    assert "day 3 after it took effect" in st.first_breach["after_text"]
    assert st.counts["violation"] == 2


def test_exact_observation_times_say_how_soon_it_broke(accord: Store) -> None:
    add(
        accord,
        incident,
        day=date(2021, 3, 2),
        status="verified",
        observed_at=datetime(2021, 3, 1, 22, 30, tzinfo=UTC),
    )
    st = status(accord, "2021-03-02", "cf")
    assert st.status == "violated"
    assert st.first_breach is not None
    assert st.first_breach["after_text"] == "1 h 30 min after it took effect"
    assert "Team 1 (osce, observer)" in st.first_breach["accounts"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("disputed",), "disputed"),
        (("single-source",), "disputed"),
        (("refuted",), "met"),
        (("refuted", "refuted"), "met"),
        (("disputed", "corroborated"), "violated"),
        (("single-source", "verified"), "violated"),
    ],
)
def test_precedence_of_evidence_strength(
    accord: Store, statuses: tuple[str, ...], expected: str
) -> None:
    for i, s in enumerate(statuses):
        add(accord, incident, day=date(2021, 3, 4 + i), status=s)
    assert status(accord, "2021-03-10", "cf").status == expected


def test_disputed_detail_names_the_allegation(accord: Store) -> None:
    add(accord, incident, day=date(2021, 3, 4), status="disputed")
    st = status(accord, "2021-03-10", "cf")
    assert "alleged breach" in st.detail and "none established" in st.detail


def test_force_before_effect_or_out_of_scope_does_not_count(accord: Store) -> None:
    add(accord, incident, day=date(2021, 2, 27))
    add(
        accord,
        incident,
        day=date(2021, 3, 4),
        place_id="t:elsewhere",
        lat=10.0,
        lon=10.0,
        place_name="Elsewhere",
    )
    add(accord, incident, day=date(2021, 3, 4), place_id=None, lat=None, lon=None)
    st = status(accord, "2021-03-10", "cf")
    assert st.status == "met" and st.counts["violation"] == 0


def test_evidence_that_may_predate_the_ceasefire_is_disputed(store: Store, tmp_path: Path) -> None:
    text = BASE.replace("effective: 2021-03-02T00:00", "effective: 2021-03-02T12:00")
    load_file(store, write_base(tmp_path, text), actor="tester", gazetteer=GAZ)
    add(store, incident, day=date(2021, 3, 2))  # a whole day: before or after noon?
    st = status(store, "2021-03-05", "cf")
    assert st.status == "disputed" and "possibly before it took effect" in st.detail


def test_handover_met_on_time_late_or_disputed(accord: Store) -> None:
    add(
        accord,
        incident,
        type="WITHDRAW",
        family="territory",
        status="single-source",
        day=date(2021, 3, 22),
        speakers=(("South MoD", "south"),),
    )
    assert status(accord, "2021-03-21", "handover").status == "overdue"
    late = status(accord, "2021-03-23", "handover")
    assert late.status == "met" and "after the deadline" in late.detail
    add(
        accord,
        incident,
        type="WITHDRAW",
        family="territory",
        status="disputed",
        day=date(2021, 3, 15),
    )
    assert status(accord, "2021-03-16", "handover").status == "disputed"
    assert status(accord, "2021-03-23", "handover").status == "met"


def test_ungrouped_claims_are_single_source_and_denials_do_not_count(accord: Store) -> None:
    add(accord, claim, day=date(2021, 3, 5), polarity="deny")
    assert status(accord, "2021-03-10", "cf").status == "met"
    add(accord, claim, day=date(2021, 3, 5))
    st = status(accord, "2021-03-10", "cf")
    assert st.status == "disputed" and "North MoD (north)" in st.detail


def test_term_detail_and_json_row(accord: Store) -> None:
    st = status(accord, "2021-06-01", "peacekeepers")
    row = st.row()
    assert row["term"]["expires"] == "2022-03-01T21:00:00Z"  # 00:00 Moscow, 2 March 2022
    assert row["term"]["last_notice_day"] == "2022-02-01"  # before 00:00 on 2 February
    assert "renews unless notice by 2022-02-01" in st.detail
