"""Each status rule, and their order of precedence (docs/incidents.md, "Status")."""

from __future__ import annotations

from sqlalchemy import select

from tests.correlate.factory import WIRE_TEXT, Corpus, wire_copy
from tests.correlate.helpers import NIGHT, group, incident, incident_of, status_of
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, IncidentStatusChange

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}
PATROL_HEARD = {
    "time": "2020-11-16T23:41:00+04:00",
    "time_end": "2020-11-17T00:22:00+04:00",
    "place": "v:karmir",
    "distance": (2, 4),
    "bearing": 270,
    "what": "explosion",
}


def test_one_party_alone_is_single_source(store: Store) -> None:
    c = Corpus(store)
    _, (claim,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    group(store)
    assert status_of(store, claim) == "single-source"


def test_two_independent_sources_corroborate(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    _, (b,), _ = c.document(outlet="Regional Courier", side="media", claims=[SHELLING])
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b)
    assert status_of(store, a) == "corroborated"
    assert incident(store, incident_of(store, claim=a)).source_count == 2


def test_one_camp_is_one_source_however_many_speak(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    _, (b,), _ = c.document(
        outlet="MoD Armenia", side="armenia", claims=[{**SHELLING, "side": "armenia"}]
    )
    # a wire story quoting the same camp adds no independent source either
    _, (w,), _ = c.document(
        outlet="Wire",
        side="media",
        claims=[{**SHELLING, "side": "artsakh", "speaker": "officials"}],
    )
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b) == incident_of(store, claim=w)
    assert status_of(store, a) == "single-source"


def test_wire_copies_count_as_one_source(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="TPA", side="media", text=WIRE_TEXT, claims=[SHELLING])
    _, (b,), _ = c.document(
        outlet="Highland Courier",
        side="media",
        text=wire_copy(WIRE_TEXT, "The Highland Courier"),
        claims=[SHELLING],
    )
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b)
    assert status_of(store, a) == "single-source"
    # an outlet with its own story is independent
    c.document(outlet="Caspian Ledger", side="media", claims=[SHELLING])
    group(store)
    assert status_of(store, a) == "corroborated"


def test_denial_by_the_other_side_disputes(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    _, (d,), _ = c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[{**SHELLING, "side": "azerbaijan", "polarity": "deny"}],
    )
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=d)
    assert status_of(store, a) == "disputed"


def test_denial_beats_corroboration(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    c.document(outlet="Regional Courier", side="media", claims=[SHELLING])
    c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[{**SHELLING, "side": "azerbaijan", "polarity": "deny"}],
    )
    group(store)
    assert status_of(store, a) == "disputed"


def test_a_denial_from_the_same_camp_is_no_dispute(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}]
    )
    c.document(
        outlet="MoD Armenia",
        side="armenia",
        claims=[{**SHELLING, "side": "armenia", "polarity": "deny"}],
    )
    group(store)
    assert status_of(store, a) == "single-source"


def test_observer_patrol_verifies_even_when_denied(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "date": NIGHT}],
    )
    c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[{**SHELLING, "side": "azerbaijan", "polarity": "deny"}],
    )
    _, _, (obs,) = c.document(
        outlet="OSCE FMT", side="osce", kind="observation", observations=[PATROL_HEARD]
    )
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, observation=obs)
    assert status_of(store, a) == "verified"


def test_patrol_that_found_nothing_refutes(store: Store) -> None:
    c = Corpus(store)
    claim = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:shosh", "side": "azerbaijan"}
    _, (a,), _ = c.document(outlet="MoD", side="azerbaijan", claims=[claim])
    check = {
        "time": "2020-11-16T23:00:00+04:00",
        "time_end": "2020-11-17T01:00:00+04:00",
        "place": "v:shosh",
        "what": "heavy_machine_gun_fire",
        "result": "none_found",
    }
    _, _, (obs,) = c.document(
        outlet="OSCE FMT", side="osce", kind="observation", observations=[check]
    )
    group(store)
    assert incident_of(store, observation=obs) == incident_of(store, claim=a)
    assert status_of(store, a) == "refuted"


def test_a_negative_finding_alone_makes_no_incident_until_a_claim_comes(store: Store) -> None:
    c = Corpus(store)
    check = {
        "time": "2020-11-16T23:00:00+04:00",
        "time_end": "2020-11-17T01:00:00+04:00",
        "place": "v:shosh",
        "what": "heavy_machine_gun_fire",
        "result": "none_found",
    }
    _, _, (obs,) = c.document(
        outlet="OSCE FMT", side="osce", kind="observation", observations=[check]
    )
    summary = group(store)
    assert summary.pending == 1 and incident_of(store, observation=obs) is None
    _, (a,), _ = c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[
            {"type": "ASSAULT", "date": "2020-11-16", "place": "v:shosh", "side": "azerbaijan"}
        ],
    )
    group(store)
    assert incident_of(store, observation=obs) == incident_of(store, claim=a)
    assert status_of(store, a) == "refuted"


def test_a_routine_patrol_refutes_only_what_its_window_covers(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[
            {"type": "ASSAULT", "date": "2020-11-17", "place": "v:chartar", "side": "azerbaijan"}
        ],
    )
    daytime = {
        "time": "2020-11-17T06:00:00+04:00",
        "time_end": "2020-11-17T18:00:00+04:00",
        "place": "v:chartar",
        "what": "no_activity",
    }
    c.document(outlet="OSCE FMT", side="osce", kind="observation", observations=[daytime])
    group(store)
    assert status_of(store, a) == "single-source"  # a day's claim; the patrol saw half of it


def test_confident_sensor_counts_once_and_prevents_refutation_but_never_verifies(
    store: Store,
) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "date": NIGHT}],
    )
    sensor = {**PATROL_HEARD, "source_kind": "sensor", "reporter": "AS-KS1", "confidence": 0.9}
    c.document(
        outlet="Acoustic network",
        side="osce",
        kind="sensor",
        observations=[sensor, {**sensor, "time": "2020-11-16T23:45:00+04:00", "time_end": None}],
    )
    group(store)
    assert status_of(store, a) == "corroborated"  # the party and the network: two sources
    check = {
        "time": "2020-11-16T23:00:00+04:00",
        "time_end": "2020-11-17T01:00:00+04:00",
        "place": "v:taghavard",
        "what": "explosion",
        "result": "none_found",
    }
    c.document(outlet="OSCE FMT", side="osce", kind="observation", observations=[check])
    group(store)
    assert status_of(store, a) == "corroborated"  # not refuted: a confident sensor heard it


def test_weak_sensor_detection_counts_for_nothing(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "date": NIGHT}],
    )
    weak = {**PATROL_HEARD, "source_kind": "sensor", "reporter": "AS-KS1", "confidence": 0.3}
    _, _, (obs,) = c.document(
        outlet="Acoustic network", side="osce", kind="sensor", observations=[weak]
    )
    group(store)
    assert incident_of(store, claim=a) == incident_of(store, observation=obs)
    assert status_of(store, a) == "single-source"


def test_every_status_change_is_in_the_history_and_the_audit_log(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[{**SHELLING, "side": "artsakh", "date": NIGHT}],
    )
    group(store)
    c.document(outlet="Regional Courier", side="media", claims=[SHELLING])
    group(store)
    c.document(outlet="OSCE FMT", side="osce", kind="observation", observations=[PATROL_HEARD])
    group(store)
    incident_id = incident_of(store, claim=a)
    with store.read() as session:
        history = session.execute(
            select(IncidentStatusChange.previous, IncidentStatusChange.status)
            .where(IncidentStatusChange.incident_id == incident_id)
            .order_by(IncidentStatusChange.id)
        ).all()
        assert [tuple(h) for h in history] == [
            (None, "single-source"),
            ("single-source", "corroborated"),
            ("corroborated", "verified"),
        ]
        payloads = session.scalars(
            select(AuditEntry.payload).where(AuditEntry.action == "incident.group")
        ).all()
        changes = [
            i
            for p in payloads
            for i in __import__("json").loads(p)["incidents"]
            if i["id"] == incident_id
        ]
        assert [ch["status"] for ch in changes] == ["single-source", "corroborated", "verified"]
        assert changes[-1]["previous"] == "corroborated"
        assert verify(session).ok
