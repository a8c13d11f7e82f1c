"""Analysts' merge, split and status decisions: applied, audited, kept through regrouping
and new evidence, revocable; bad requests refused with one clear sentence."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.correlate.factory import Corpus
from tests.correlate.helpers import group, incident, incident_of, regroup_all, status_of
from truce.correlate import merge, revoke, set_status, split
from truce.correlate.manual import IncidentError
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}
WHO = "analyst@test"


def _two_incidents(store: Store) -> tuple[int, int]:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", side="artsakh", claims=[{**SHELLING, "side": "artsakh"}])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:chartar"}])
    group(store)
    assert incident_of(store, claim=a) != incident_of(store, claim=b)
    return a, b


def test_merge_survives_regrouping_and_new_claims(store: Store) -> None:
    a, b = _two_incidents(store)
    ia, ib = incident_of(store, claim=a), incident_of(store, claim=b)
    result = merge(store, [ia, ib], reason="same barrage, two villages", actor=WHO)
    kept = result.incident_id
    assert kept in (ia, ib)
    assert incident_of(store, claim=a) == incident_of(store, claim=b) == kept
    assert status_of(store, a) == "corroborated"  # artsakh and an outlet
    gone = incident(store, ib if kept == ia else ia)
    assert gone.status == "merged" and gone.merged_into == kept
    regroup_all(store)
    assert incident_of(store, claim=a) == incident_of(store, claim=b) == kept
    # a later report of the Chartar side joins the merged incident
    _, (late,), _ = Corpus(store).document(outlet="C", claims=[{**SHELLING, "place": "v:chartar"}])
    group(store)
    assert incident_of(store, claim=late) == kept
    with store.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "incident.merge")
        ).one()
        assert json.loads(entry.payload)["reason"] == "same barrage, two villages"
        assert entry.actor == WHO
        assert verify(session).ok


def test_split_survives_regrouping_and_later_claims_follow_the_nearest_side(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (b,), _ = c.document(outlet="B", claims=[{**SHELLING, "place": "v:karmir"}])
    group(store)
    whole = incident_of(store, claim=a)
    assert incident_of(store, claim=b) == whole
    result = split(store, whole, claims=[b], reason="Karmir Shuka was a separate strike", actor=WHO)
    assert result.incident_id != whole
    assert (
        incident_of(store, claim=a) == whole and incident_of(store, claim=b) == result.incident_id
    )
    regroup_all(store)
    assert (
        incident_of(store, claim=a) == whole and incident_of(store, claim=b) == result.incident_id
    )
    _, (near_b,), _ = c.document(outlet="C", claims=[{**SHELLING, "place": "v:karmir"}])
    _, (near_a,), _ = c.document(outlet="D", claims=[SHELLING])
    group(store)
    assert incident_of(store, claim=near_b) == result.incident_id
    assert incident_of(store, claim=near_a) == whole


def test_manual_status_holds_until_released(store: Store) -> None:
    a, _ = _two_incidents(store)
    ia = incident_of(store, claim=a)
    set_status(store, ia, "refuted", reason="satellite imagery shows no craters", actor=WHO)
    assert status_of(store, a) == "refuted" and incident(store, ia).status_locked
    Corpus(store).document(outlet="E", claims=[SHELLING])  # would corroborate it
    group(store)
    regroup_all(store)
    assert status_of(store, a) == "refuted"
    set_status(store, ia, "auto", reason="imagery was of the wrong day", actor=WHO)
    assert status_of(store, a) == "corroborated" and not incident(store, ia).status_locked


def test_revoking_a_merge_restores_the_automatic_incidents(store: Store) -> None:
    a, b = _two_incidents(store)
    result = merge(
        store, [incident_of(store, claim=a), incident_of(store, claim=b)], reason="r", actor=WHO
    )
    revoke(store, result.decision_id, reason="they were separate after all", actor=WHO)
    assert incident_of(store, claim=a) != incident_of(store, claim=b)
    with pytest.raises(IncidentError, match="already revoked"):
        revoke(store, result.decision_id, reason="again", actor=WHO)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, ids: merge(s, [ids[0], ids[1]], reason=" ", actor=WHO), "a reason is required"),
        (lambda s, ids: merge(s, [ids[0]], reason="r", actor=WHO), "at least two"),
        (lambda s, ids: merge(s, [ids[0], 999], reason="r", actor=WHO), "no incident 999"),
        (
            lambda s, ids: split(s, ids[0], claims=[999], reason="r", actor=WHO),
            "claim 999 is not in incident",
        ),
        (lambda s, ids: split(s, ids[0], reason="r", actor=WHO), "name the claims"),
        (
            lambda s, ids: set_status(s, ids[0], "maybe", reason="r", actor=WHO),
            "unknown status 'maybe'",
        ),
        (lambda s, ids: revoke(s, 999, reason="r", actor=WHO), "no decision 999"),
    ],
)
def test_bad_requests_are_refused_with_one_sentence(store: Store, call, message: str) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_incidents(store)
    ids = (incident_of(store, claim=a), incident_of(store, claim=b))
    with pytest.raises(IncidentError, match=message) as info:
        call(store, ids)
    assert "\n" not in str(info.value)


def test_split_must_leave_something_behind_and_merge_needs_one_kind(store: Store) -> None:
    c = Corpus(store)
    _, (a,), _ = c.document(outlet="A", claims=[SHELLING])
    _, (d,), _ = c.document(outlet="B", claims=[{**SHELLING, "type": "DEPLOY"}])
    group(store)
    with pytest.raises(IncidentError, match="at least one claim"):
        split(store, incident_of(store, claim=a), claims=[a], reason="r", actor=WHO)
    with pytest.raises(IncidentError, match="different kinds"):
        merge(
            store, [incident_of(store, claim=a), incident_of(store, claim=d)], reason="r", actor=WHO
        )
