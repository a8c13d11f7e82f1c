"""Analysts' decisions: merge incidents, split one, set or release a status, revoke.

Each decision is stored in ``incident_decisions`` with the claims and observations it
concerns, its reason and who made it, audited, and applied at once; every later
grouping run applies it again (decisions.py), so it survives re-grouping.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from truce.correlate.engine import RunSummary, recompute_incidents
from truce.correlate.status import MERGED, STATUSES
from truce.errors import TruceError
from truce.store import Store, WriteTxn
from truce.store.schema import Incident, IncidentDecision, IncidentMember
from truce.store.types import utcnow


class IncidentError(TruceError):
    """An analyst's request cannot be carried out (unknown incident, bad split...)."""


@dataclass(frozen=True, slots=True)
class DecisionResult:
    decision_id: int
    incident_id: int | None
    summary: RunSummary


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise IncidentError("a reason is required (--reason)")
    return text


def _incident(txn: WriteTxn, incident_id: int) -> Incident:
    incident = txn.session.get(Incident, incident_id)
    if incident is None:
        raise IncidentError(f"no incident {incident_id}")
    if incident.merged_into is not None or incident.status == MERGED:
        target = f" into incident {incident.merged_into}" if incident.merged_into else ""
        raise IncidentError(f"incident {incident_id} was merged{target}; use that one")
    return incident


def _refs(txn: WriteTxn, incident_id: int) -> list[int]:
    rows = txn.session.execute(
        select(IncidentMember.claim_id, IncidentMember.observation_id).where(
            IncidentMember.incident_id == incident_id
        )
    ).all()
    return sorted(2 * c if c is not None else 2 * o + 1 for c, o in rows)


def _record(txn: WriteTxn, kind: str, payload: dict[str, Any], reason: str) -> IncidentDecision:
    decision = IncidentDecision(
        kind=kind, payload=payload, reason=reason, actor=txn.audit.actor, at=utcnow(), active=True
    )
    txn.session.add(decision)
    txn.session.flush()
    txn.audit.append(
        f"incident.{kind}",
        "incident_decision",
        decision.id,
        {
            **{k: v for k, v in payload.items() if k not in ("refs", "rest")},
            "reason": reason,
            "items": len(payload.get("refs", [])),
            "rest": len(payload.get("rest", [])),
        },
    )
    return decision


def _incident_of(txn: WriteTxn, ref: int) -> int | None:
    column = IncidentMember.claim_id if ref % 2 == 0 else IncidentMember.observation_id
    return txn.session.scalar(select(IncidentMember.incident_id).where(column == ref // 2))


def merge(store: Store, incident_ids: Sequence[int], *, reason: str, actor: str) -> DecisionResult:
    """Make these incidents one; the one sharing most members keeps its id."""
    reason = _reason(reason)
    ids = sorted(set(incident_ids))
    if len(ids) < 2:
        raise IncidentError("name at least two different incidents to merge")
    with store.write(actor) as txn:
        incidents = [_incident(txn, i) for i in ids]
        families = sorted({i.family for i in incidents})
        if len(families) > 1:
            raise IncidentError(
                f"incidents {', '.join(map(str, ids))} are of different kinds "
                f"({', '.join(families)})"
            )
        refs = sorted(r for i in ids for r in _refs(txn, i))
        decision = _record(txn, "merge", {"incidents": ids, "refs": refs}, reason)
        summary = recompute_incidents(txn, ids, refs)
        return DecisionResult(decision.id, _incident_of(txn, refs[0]) if refs else None, summary)


def split(
    store: Store,
    incident_id: int,
    *,
    claims: Sequence[int] = (),
    observations: Sequence[int] = (),
    reason: str,
    actor: str,
) -> DecisionResult:
    """Move these claims and observations out of the incident into a new one."""
    reason = _reason(reason)
    apart = sorted({2 * c for c in claims} | {2 * o + 1 for o in observations})
    if not apart:
        raise IncidentError(
            "name the claims (--claims) or observations (--observations) to split off"
        )
    with store.write(actor) as txn:
        _incident(txn, incident_id)
        members = _refs(txn, incident_id)
        strangers = [r for r in apart if r not in members]
        if strangers:
            kind, value = (
                ("claim", strangers[0] // 2)
                if strangers[0] % 2 == 0
                else ("observation", strangers[0] // 2)
            )
            raise IncidentError(f"{kind} {value} is not in incident {incident_id}")
        rest = [r for r in members if r not in apart]
        if not rest:
            raise IncidentError("a split must leave at least one claim or observation behind")
        decision = _record(
            txn, "split", {"incident": incident_id, "refs": apart, "rest": rest}, reason
        )
        summary = recompute_incidents(txn, [incident_id], apart + rest)
        return DecisionResult(decision.id, _incident_of(txn, apart[0]), summary)


def set_status(
    store: Store, incident_id: int, status: str, *, reason: str, actor: str
) -> DecisionResult:
    """Set a status by hand (it stays until released with status ``auto``)."""
    reason = _reason(reason)
    if status not in (*STATUSES, "auto"):
        raise IncidentError(f"unknown status {status!r} (one of {', '.join(STATUSES)}, or auto)")
    with store.write(actor) as txn:
        _incident(txn, incident_id)
        refs = _refs(txn, incident_id)
        released = _release_status(txn, refs)
        if status == "auto":
            txn.audit.append(
                "incident.status.release",
                "incident",
                incident_id,
                {"decisions": released, "reason": reason},
            )
            decision_id = released[0] if released else 0
        else:
            decision_id = _record(
                txn, "status", {"incident": incident_id, "status": status, "refs": refs}, reason
            ).id
        summary = recompute_incidents(txn, [incident_id], refs)
        return DecisionResult(decision_id, incident_id, summary)


def _release_status(txn: WriteTxn, refs: list[int]) -> list[int]:
    wanted = set(refs)
    released = []
    for decision in txn.session.scalars(
        select(IncidentDecision).where(
            IncidentDecision.kind == "status", IncidentDecision.active.is_(True)
        )
    ):
        payload = (
            decision.payload if isinstance(decision.payload, dict) else json.loads(decision.payload)
        )
        if wanted & set(payload.get("refs", [])):
            decision.active = False
            released.append(decision.id)
    return released


def revoke(store: Store, decision_id: int, *, reason: str, actor: str) -> DecisionResult:
    """Withdraw a decision; grouping then follows the automatic rules again."""
    reason = _reason(reason)
    with store.write(actor) as txn:
        decision = txn.session.get(IncidentDecision, decision_id)
        if decision is None:
            raise IncidentError(f"no decision {decision_id}")
        if not decision.active:
            raise IncidentError(f"decision {decision_id} was already revoked")
        decision.active = False
        payload = (
            decision.payload if isinstance(decision.payload, dict) else json.loads(decision.payload)
        )
        refs = [int(r) for r in (*payload.get("refs", []), *payload.get("rest", []))]
        txn.audit.append(
            "incident.revoke",
            "incident_decision",
            decision_id,
            {"kind": decision.kind, "reason": reason},
        )
        txn.session.flush()
        incidents = {i for r in refs if (i := _incident_of(txn, r)) is not None}
        summary = recompute_incidents(txn, incidents, refs)
        return DecisionResult(decision_id, min(incidents) if incidents else None, summary)
