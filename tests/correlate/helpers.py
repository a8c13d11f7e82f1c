"""Reading grouping results back, for assertions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.correlate.factory import lookup
from truce.correlate import regroup, update
from truce.correlate.engine import RunSummary
from truce.store import Store
from truce.store.schema import Incident, IncidentMember

NIGHT = ("2020-11-16", "2020-11-17")


def group(store: Store, **kw: Any) -> RunSummary:
    return update(store, actor="tests", hierarchy=kw.pop("hierarchy", lookup), **kw)


def regroup_all(store: Store, **kw: Any) -> RunSummary:
    return regroup(store, actor="tests", hierarchy=kw.pop("hierarchy", lookup), **kw)


def incident_of(
    store: Store, *, claim: int | None = None, observation: int | None = None
) -> int | None:
    column = IncidentMember.claim_id if claim is not None else IncidentMember.observation_id
    with store.read() as session:
        return session.scalar(
            select(IncidentMember.incident_id).where(
                column == (claim if claim is not None else observation)
            )
        )


def incident(store: Store, incident_id: int) -> Incident:
    with store.read() as session:
        found = session.get(Incident, incident_id)
        assert found is not None
        return found


def status_of(store: Store, claim: int) -> str:
    incident_id = incident_of(store, claim=claim)
    assert incident_id is not None
    return incident(store, incident_id).status


def partition(store: Store) -> set[frozenset[tuple[str, int]]]:
    """The incidents as sets of members, whatever their ids."""
    with store.read() as session:
        groups: dict[int, set[tuple[str, int]]] = {}
        for inc, c, o in session.execute(
            select(
                IncidentMember.incident_id, IncidentMember.claim_id, IncidentMember.observation_id
            )
        ):
            if inc is not None:
                groups.setdefault(inc, set()).add(("c", c) if c is not None else ("o", o))
    return {frozenset(g) for g in groups.values()}


def active_incidents(store: Store) -> list[Incident]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Incident).where(Incident.merged_into.is_(None), Incident.status != "merged")
            )
        )
