"""Figures by source side by side, totals that never count the same dead twice, roll-ups."""

from __future__ import annotations

from sqlalchemy import select

from tests.correlate.factory import WIRE_TEXT, Corpus, wire_copy
from tests.correlate.helpers import NIGHT, group, incident_of
from truce.queries.incidents import FigureFilter, figure_rollup, incident_detail
from truce.store import Store
from truce.store.schema import IncidentFigure

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}


def _figures(
    store: Store, incident_id: int
) -> dict[tuple[str, str], tuple[int | None, int | None, int | None]]:
    with store.read() as session:
        rows = session.scalars(
            select(IncidentFigure).where(IncidentFigure.incident_id == incident_id)
        )
        return {(f.kind, f.source): (f.low, f.best, f.high) for f in rows if f.polarity == "assert"}


def test_each_source_keeps_its_figure_and_the_totals_compare_them(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "figures": [("killed", 1), ("wounded", 2)]}],
    )
    # the wire's own "at least three wounded"; its copy must not count again
    c.document(
        outlet="TPA",
        side="media",
        text=WIRE_TEXT,
        claims=[{**SHELLING, "figures": [("wounded", 3, 3)]}],
    )
    c.document(
        outlet="HC",
        side="media",
        text=wire_copy(WIRE_TEXT, "HC"),
        claims=[{**SHELLING, "figures": [("wounded", 3, 3)]}],
    )
    # the other side's "no losses" is shown but never counted
    c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[{**SHELLING, "side": "azerbaijan", "polarity": "deny", "figures": [("killed", 0)]}],
    )
    group(store)
    figures = _figures(store, incident_of(store, claim=a))
    assert figures[("wounded", "artsakh")] == (2, 2, 2)
    assert figures[("wounded", "HC / TPA")] == (3, 3, 3)
    # low: the lowest any source gives; best: the most reliable kind of source (media
    # before a party); high: the highest
    assert figures[("wounded", "*")] == (2, 3, 3)
    assert figures[("killed", "*")] == (1, 1, 1)
    assert ("killed", "azerbaijan") not in figures


def test_an_observer_count_is_the_best_figure(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "date": NIGHT, "side": "artsakh", "figures": [("wounded", 5)]}],
    )
    hospital = {
        "time": "2020-11-17T12:15:00+04:00",
        "place": "t:martuni",
        "what": "casualty",
        "wounded": 2,
        "mode": "seen",
    }
    c.document(outlet="OSCE", side="osce", kind="observation", observations=[hospital])
    group(store)
    assert _figures(store, incident_of(store, claim=a))[("wounded", "*")] == (2, 2, 5)


def test_rollups_add_incidents_and_leave_out_refuted_and_aggregates(store: Store) -> None:
    c = Corpus(store)
    c.document(
        outlet="A",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "figures": [("killed", 1)]}],
    )
    c.document(
        outlet="B",
        side="artsakh",
        claims=[{**SHELLING, "place": "v:chartar", "side": "artsakh", "figures": [("killed", 2)]}],
    )
    c.document(
        outlet="C",
        side="azerbaijan",
        claims=[{**SHELLING, "place": "v:shosh", "side": "azerbaijan", "figures": [("killed", 4)]}],
    )
    check = {
        "time": "2020-11-16T10:00:00+04:00",
        "time_end": "2020-11-16T14:00:00+04:00",
        "place": "v:shosh",
        "what": "explosion",
        "result": "none_found",
    }
    c.document(outlet="OSCE", side="osce", kind="observation", observations=[check])
    # a war-long total: an aggregate, shown but not added to the incidents it summarises
    war = {
        "type": "CASUALTIES",
        "date": ("2020-09-27", "2020-11-10"),
        "place": "r:nk",
        "side": "artsakh",
        "figures": [("killed", 2317)],
    }
    c.document(outlet="D", side="artsakh", claims=[war])
    group(store)
    with store.read() as session:
        by_day = figure_rollup(session, FigureFilter(by="day", kind="killed"))
        by_area = figure_rollup(session, FigureFilter(by="area", kind="killed"))
        by_side = figure_rollup(session, FigureFilter(by="side", kind="killed"))
    assert [(str(r["day"]), r["incidents"], r["low"], r["high"]) for r in by_day] == [
        ("2020-11-16", 2, 3, 3)
    ]
    assert {r["area"]: r["best"] for r in by_area} == {"Martuni district": 3}
    assert {r["side"]: r["best"] for r in by_side} == {"artsakh": 3}


def test_incident_detail_lists_claims_in_order_with_quotes_speakers_and_history(
    store: Store,
) -> None:
    c = Corpus(store)
    _, (late,), _ = c.document(
        outlet="B",
        published="2020-11-18",
        claims=[{**SHELLING, "date": "2020-11-16", "quote": "second"}],
    )
    _, (early,), _ = c.document(
        outlet="A",
        side="artsakh",
        published="2020-11-17",
        claims=[{**SHELLING, "side": "artsakh", "speaker": "Defense Army", "quote": "first"}],
    )
    group(store)
    with store.read() as session:
        detail = incident_detail(session, incident_of(store, claim=early))
    assert [c["claim"] for c in detail["claim_list"]] == [early, late]
    assert (
        detail["claim_list"][0]["speaker"] == "Defense Army"
        and detail["claim_list"][0]["quote"] == "first"
    )
    assert [h["status"] for h in detail["history"]] == ["corroborated"]
