"""The grouping rules: family, places and distance, districts, dates and their precision,
observer projections, the chaining safeguard."""

from __future__ import annotations

import numpy as np
import pytest

from tests.correlate.factory import Corpus, no_lookup
from tests.correlate.helpers import NIGHT, active_incidents, group, incident, incident_of
from truce.correlate.geo import destination
from truce.correlate.graph import components, split_components, star_split
from truce.store import Store

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}


def _place(lat: float, lon: float, name: str = "somewhere") -> dict[str, object]:
    return {"name": name, "lat": lat, "lon": lon, "kind": "village"}


def test_reports_of_the_same_event_group_and_others_stay_apart(store: Store) -> None:
    c = Corpus(store)
    _, (a, b), _ = c.document(
        outlet="Wire",
        claims=[SHELLING, {**SHELLING, "type": "CASUALTIES", "figures": [("wounded", 2)]}],
    )
    _, (far,), _ = c.document(outlet="Wire", claims=[{**SHELLING, "place": "v:far"}])  # 60 km away
    _, (later,), _ = c.document(outlet="Wire", claims=[{**SHELLING, "date": "2020-11-18"}])
    _, (talks,), _ = c.document(outlet="Wire", claims=[{**SHELLING, "type": "CONSULT"}])
    group(store)
    same = incident_of(store, claim=a)
    assert incident_of(store, claim=b) == same  # ASSAULT and CASUALTIES: one family
    assert (
        len(
            {
                same,
                incident_of(store, claim=far),
                incident_of(store, claim=later),
                incident_of(store, claim=talks),
            }
        )
        == 4
    )


def test_consecutive_days_stay_apart_unless_a_report_spans_both(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "date": "2020-11-17"}])
    group(store)
    assert incident_of(store, claim=a) != incident_of(store, claim=b)
    _, (night,), _ = c.document(outlet="C", claims=[{**SHELLING, "date": NIGHT}])
    group(store)
    assert (
        incident_of(store, claim=a)
        == incident_of(store, claim=b)
        == incident_of(store, claim=night)
    )


def test_neighbouring_places_group_distant_named_places_do_not(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    # Karmir Shuka is 2.7 km from Taghavard: neighbours; Chartar is 12 km away
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:karmir"}])
    _, (d,), _ = c.document(outlet="C", claims=[{**SHELLING, "place": "v:chartar"}])
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b)
    assert incident_of(store, claim=d) != incident_of(store, claim=a)


def test_unresolved_place_joins_by_distance(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    lat, lon = destination(39.668, 46.92, 45, 4.0)  # 4 km north-east, no place id
    _, (b,), _ = c.document(
        outlet="B", claims=[{**SHELLING, "place": _place(lat, lon, "near Taghavard")}]
    )
    lat, lon = destination(39.668, 46.92, 45, 15.0)
    _, (d,), _ = c.document(outlet="C", claims=[{**SHELLING, "place": _place(lat, lon)}])
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b) != incident_of(store, claim=d)


def test_district_level_claim_joins_an_incident_in_its_district_only(store: Store) -> None:
    c = Corpus(store)
    _, (village,), _ = c.document(outlet="A", claims=[SHELLING])  # Taghavard, Martuni district
    _, (shosh,), _ = c.document(
        outlet="B", claims=[{**SHELLING, "place": "v:shosh"}]
    )  # Askeran district
    _, (district,), _ = c.document(
        outlet="C", claims=[{**SHELLING, "place": "d:martuni", "figures": [("wounded", 3, 3)]}]
    )
    group(store)
    assert incident_of(store, claim=district) == incident_of(store, claim=village)
    assert incident_of(store, claim=shosh) != incident_of(store, claim=village)
    assert incident(store, incident_of(store, claim=village)).area == "Martuni district"


def test_without_a_hierarchy_districts_fall_back_to_distance(store: Store) -> None:
    c = Corpus(store)
    district = {"name": "Martuni district", "lat": 39.79, "lon": 47.11, "kind": "district"}
    _, (village,), _ = c.document(
        outlet="A", claims=[{**SHELLING, "place": _place(39.668, 46.92, "Taghavard")}]
    )
    _, (d,), _ = c.document(outlet="C", claims=[{**SHELLING, "place": district}])
    _, (far,), _ = c.document(
        outlet="D", claims=[{**SHELLING, "place": _place(39.40, 46.40, "Far")}]
    )
    group(store, hierarchy=no_lookup)
    assert incident_of(store, claim=d) == incident_of(
        store, claim=village
    )  # 20 km: inside the radius
    assert incident_of(store, claim=far) != incident_of(store, claim=village)


def test_earlier_this_week_joins_the_dated_incident(store: Store) -> None:
    c = Corpus(store)
    _, (dated,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (vague,), _ = c.document(
        outlet="B",
        published="2020-11-19",
        claims=[{**SHELLING, "date": ("2020-11-13", "2020-11-19")}],
    )
    group(store)
    assert incident_of(store, claim=vague) == incident_of(store, claim=dated)
    shown = incident(store, incident_of(store, claim=dated))
    assert str(shown.date_start) == "2020-11-16" and shown.date_precision == "day"


def test_vague_claim_prefers_the_incident_of_its_own_document(store: Store) -> None:
    c = Corpus(store)
    _, (first,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (other,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:chartar"}])
    # a wire story about Chartar, with a district-level casualty claim
    _, (precise, vague), _ = c.document(
        outlet="W",
        claims=[
            {**SHELLING, "place": "v:chartar"},
            {**SHELLING, "type": "CASUALTIES", "place": "d:martuni"},
        ],
    )
    group(store)
    assert (
        incident_of(store, claim=vague)
        == incident_of(store, claim=precise)
        == incident_of(store, claim=other)
    )
    assert incident_of(store, claim=first) != incident_of(store, claim=vague)


def test_undated_claim_is_placed_before_its_publication(store: Store) -> None:
    c = Corpus(store)
    _, (dated,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (undated,), _ = c.document(
        outlet="B", published="2020-11-17", claims=[{"type": "ASSAULT", "place": "v:taghavard"}]
    )
    _, (old,), _ = c.document(
        outlet="C", published="2020-12-20", claims=[{"type": "ASSAULT", "place": "v:taghavard"}]
    )
    group(store)
    assert (
        incident_of(store, claim=undated)
        == incident_of(store, claim=dated)
        != incident_of(store, claim=old)
    )


def test_placeless_claim_joins_its_document_or_stands_alone(store: Store) -> None:
    c = Corpus(store)
    _, (placed, placeless), _ = c.document(
        outlet="A", claims=[SHELLING, {"type": "CASUALTIES", "date": "2020-11-16"}]
    )
    _, (lonely,), _ = c.document(outlet="B", claims=[{"type": "CASUALTIES", "date": "2020-11-16"}])
    group(store)
    assert incident_of(store, claim=placeless) == incident_of(store, claim=placed)
    assert incident_of(store, claim=lonely) not in (None, incident_of(store, claim=placed))


def test_observer_heard_from_a_distance_is_projected_along_the_bearing(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[{**SHELLING, "date": NIGHT}])
    heard = {
        "time": "2020-11-16T23:41:00+04:00",
        "place": "v:karmir",
        "distance": (2, 4),
        "bearing": 270,
        "what": "explosion",
    }
    # the same patrol heard another explosion 10-12 km to the east: a different event
    east = {**heard, "distance": (10, 12), "bearing": 90, "time": "2020-11-16T23:50:00+04:00"}
    _, _, (west_obs, east_obs) = c.document(
        outlet="OSCE", side="osce", kind="observation", observations=[heard, east]
    )
    group(store)
    assert incident_of(store, observation=west_obs) == incident_of(store, claim=a)
    assert incident_of(store, observation=east_obs) != incident_of(store, claim=a)


def test_a_chain_of_reports_does_not_become_one_incident(store: Store) -> None:
    c = Corpus(store)
    ids = []
    for k in range(7):  # unnamed points 7 km apart in a line: each links to its neighbours
        lat, lon = destination(39.5, 46.5, 90, 7.0 * k)
        _, (claim,), _ = c.document(
            outlet=f"O{k}", claims=[{**SHELLING, "place": _place(lat, lon)}]
        )
        ids.append(claim)
    group(store)
    first, last = incident_of(store, claim=ids[0]), incident_of(store, claim=ids[-1])
    assert first != last
    assert (
        max(i.claim_count for i in active_incidents(store)) <= 3
    )  # a star: a centre and its links


def test_star_split_is_order_independent_and_keeps_cliques_whole() -> None:
    # nodes 0-1-2-3-4 in a chain plus a triangle 5-6-7
    i = np.array([0, 1, 2, 3, 5, 5, 6])
    j = np.array([1, 2, 3, 4, 6, 7, 7])
    keys = np.arange(8, dtype=np.int64)[::-1].copy()
    labels = components(8, i, j)
    assert labels.tolist() == [0, 0, 0, 0, 0, 5, 5, 5]
    split = split_components(labels, i, j, keys)
    groups = {tuple(sorted(np.nonzero(split == lab)[0].tolist())) for lab in set(split.tolist())}
    assert (5, 6, 7) in groups
    assert all(len(g) <= 3 for g in groups)
    shuffled = star_split([4, 2, 0, 3, 1], j[:4][::-1], i[:4][::-1], keys)
    assert sorted(map(sorted, shuffled)) == sorted(
        map(sorted, star_split([0, 1, 2, 3, 4], i[:4], j[:4], keys))
    )


@pytest.mark.parametrize("distance", [3.0, 12.0])
def test_the_link_distance_is_a_setting(store: Store, distance: float) -> None:
    from tests.correlate.helpers import regroup_all
    from truce.correlate import CorrelateConfig

    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[{**SHELLING, "place": _place(39.668, 46.92)}])
    lat, lon = destination(39.668, 46.92, 0, 7.0)
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": _place(lat, lon)}])
    regroup_all(store, config=CorrelateConfig(distance_km=distance))
    together = incident_of(store, claim=a) == incident_of(store, claim=b)
    assert together == (distance > 5)
    # later updates keep using the stored setting
    _, (d,), _ = c.document(outlet="D", claims=[{**SHELLING, "place": _place(lat, lon)}])
    group(store)
    assert (incident_of(store, claim=d) == incident_of(store, claim=a)) == (distance > 5)


def test_the_bulk_reader_picks_the_same_place_and_figure_as_the_per_claim_query(
    store: Store,
) -> None:
    """A million claims are read in id ranges with the choice made in numpy; a few are
    read with window functions in SQL: both must pick the same first place and figure."""
    from dataclasses import fields

    from truce.correlate.bulk import Bulk
    from truce.correlate.load import read_claim_range, read_claims

    c = Corpus(store)
    unresolved = {"name": "somewhere", "lat": None, "lon": None, "kind": "village"}
    first = {
        **SHELLING,
        "places": [unresolved, "d:martuni", "v:taghavard"],
        "figures": [("wounded", 2), ("killed", 1)],
    }
    second = {**SHELLING, "places": ["d:martuni", "r:nk"], "figures": [("displaced", None, 10000)]}
    c.document(outlet="A", claims=[first, second, {"type": "ASSAULT", "date": "2020-11-16"}])
    with store.read() as session:
        bulk = Bulk(session.connection())
        ids = [r[0] for r in bulk.fetch("SELECT id FROM claims ORDER BY id")]
        ranged, per_claim = read_claim_range(bulk, ids[0], ids[-1]), read_claims(bulk, ids)
    for f in fields(ranged):
        assert getattr(ranged, f.name) == getattr(per_claim, f.name), f.name
    assert ranged.place_id[:2] == ["v:taghavard", "d:martuni"]
    assert ranged.fig_kind[:2] == ["killed", "displaced"] and ranged.fig_value[1] == 10000
