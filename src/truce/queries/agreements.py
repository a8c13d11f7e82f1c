"""Read-side queries for agreements: evidence, agreements, provisions and their links.

Everything the agreement engine reads from other capabilities' tables (incidents and
their members, claims, observations, documents) is read here, so a schema detail of
those tables changes in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.agreement.evidence import Account, EvidenceItem
from truce.agreement.places import Located
from truce.store.schema import (
    Agreement,
    AgreementVersion,
    Claim,
    ClaimPlace,
    Document,
    EvidenceLink,
    Incident,
    IncidentMember,
    Observation,
    Provision,
)

__all__ = [
    "agreements",
    "evidence_by_key",
    "latest_evidence_day",
    "links_for",
    "load_evidence",
    "provisions_for",
    "versions_for",
]


def _families() -> dict[str, str]:
    from truce.agreement.vocab import observation_kinds

    return {k: v.get("family", "") for k, v in observation_kinds().items()}


def load_evidence(session: Session) -> list[EvidenceItem]:
    """Every incident, plus claims and observations not grouped into any incident."""
    families = _families()
    docs: dict[int, tuple[str | None, str | None, str | None]] = {
        d_id: (outlet, side, title)
        for d_id, outlet, side, title in session.execute(
            select(Document.id, Document.outlet, Document.side, Document.title)
        )
    }
    places = _claim_places(session)
    claim_rows = {c.id: c for c in session.scalars(select(Claim).order_by(Claim.id))}
    obs_rows = {o.id: o for o in session.scalars(select(Observation).order_by(Observation.id))}
    grouped_claims: dict[int, list[Claim]] = defaultdict(list)
    grouped_obs: dict[int, list[Observation]] = defaultdict(list)
    members = select(
        IncidentMember.incident_id, IncidentMember.claim_id, IncidentMember.observation_id
    ).order_by(IncidentMember.id)
    for incident_id, claim_id, observation_id in session.execute(members):
        if claim_id is not None and claim_id in claim_rows:
            grouped_claims[incident_id].append(claim_rows[claim_id])
        if observation_id is not None and observation_id in obs_rows:
            grouped_obs[incident_id].append(obs_rows[observation_id])
    in_incident_claims = {c.id for cs in grouped_claims.values() for c in cs}
    in_incident_obs = {o.id for os_ in grouped_obs.values() for o in os_}

    items: list[EvidenceItem] = []
    for inc in session.scalars(select(Incident).order_by(Incident.id)):
        claims, obs = grouped_claims.get(inc.id, []), grouped_obs.get(inc.id, [])
        observed = [o for o in obs if o.result == "observed" and o.time_start is not None]
        starts = [o.time_start for o in observed if o.time_start]
        ends = [o.time_end or o.time_start for o in observed if o.time_start]
        points = [(inc.lat, inc.lon)] if inc.lat is not None and inc.lon is not None else []
        ids = [inc.place_id] if inc.place_id else []
        for c in claims:
            for p in places.get(c.id, []):
                if p[0]:
                    ids.append(p[0])
        texts = [inc.summary or "", *(c.quote for c in claims), *(o.notes or "" for o in obs)]
        items.append(
            EvidenceItem(
                kind="incident",
                id=inc.id,
                type=inc.type,
                family=inc.family,
                what=tuple(sorted({o.what for o in obs})),
                status=inc.status,
                start=min(starts) if starts else None,
                end=max(e for e in ends if e) if ends else None,
                day_start=inc.date_start,
                day_end=inc.date_end,
                place_name=inc.place_name,
                where=Located(tuple(dict.fromkeys(ids)), tuple(points)),
                text="\n".join(t for t in texts if t),
                accounts=tuple(
                    [_claim_account(c, docs) for c in claims if c.polarity != "deny"]
                    + [_obs_account(o, docs) for o in observed]
                ),
            )
        )
    for o in obs_rows.values():
        if o.id in in_incident_obs or o.result != "observed":
            continue
        items.append(
            EvidenceItem(
                kind="observation",
                id=o.id,
                type=o.event_type,
                family=families.get(o.what) or None,
                what=(o.what,),
                status="single-source" if o.source_kind == "sensor" else "verified",
                start=o.time_start,
                end=o.time_end or o.time_start,
                day_start=None,
                day_end=None,
                place_name=o.place_name,
                where=Located(
                    (o.place_id,) if o.place_id else (),
                    ((o.lat, o.lon),) if o.lat is not None and o.lon is not None else (),
                ),
                text=o.notes or "",
                accounts=(_obs_account(o, docs),),
            )
        )
    for c in claim_rows.values():
        if c.id in in_incident_claims or c.polarity == "deny":
            continue
        cps = places.get(c.id, [])
        items.append(
            EvidenceItem(
                kind="claim",
                id=c.id,
                type=c.type,
                family=None,
                what=(),
                status="single-source",
                start=None,
                end=None,
                day_start=c.date_start,
                day_end=c.date_end,
                place_name=cps[0][1] if cps else None,
                where=Located(
                    tuple(p[0] for p in cps if p[0]),
                    tuple((p[2], p[3]) for p in cps if p[2] is not None and p[3] is not None),
                ),
                text=c.quote,
                accounts=(_claim_account(c, docs),),
            )
        )
    return items


def _claim_places(session: Session) -> dict[int, list[tuple[str | None, str, Any, Any]]]:
    out: dict[int, list[tuple[str | None, str, Any, Any]]] = defaultdict(list)
    for cp in session.scalars(select(ClaimPlace).order_by(ClaimPlace.id)):
        out[cp.claim_id].append((cp.place_id, cp.name, cp.lat, cp.lon))
    return out


def _claim_account(c: Claim, docs: dict[int, tuple[str | None, str | None, str | None]]) -> Account:
    outlet, side, _ = docs.get(c.document_id, (None, None, None))
    name = c.speaker_name or outlet or f"document {c.document_id}"
    return Account(name, c.speaker_side or (None if c.speaker_name else side), "claim")


def _obs_account(
    o: Observation, docs: dict[int, tuple[str | None, str | None, str | None]]
) -> Account:
    outlet, side, _ = docs.get(o.document_id, (None, None, None))
    kind = "sensor" if o.source_kind == "sensor" else "observer"
    return Account(o.reporter or outlet or f"document {o.document_id}", side, kind)


def evidence_by_key(items: Iterable[EvidenceItem]) -> dict[tuple[str, int], EvidenceItem]:
    return {e.key: e for e in items}


def agreements(session: Session) -> list[Agreement]:
    return list(session.scalars(select(Agreement).order_by(Agreement.effective_at, Agreement.id)))


def provisions_for(session: Session, agreement_ids: Iterable[str] | None = None) -> list[Provision]:
    query = select(Provision).order_by(Provision.agreement_id, Provision.id)
    if agreement_ids is not None:
        query = query.where(Provision.agreement_id.in_(list(agreement_ids)))
    return list(session.scalars(query))


def links_for(session: Session, provision_ids: Iterable[int]) -> list[EvidenceLink]:
    ids = list(provision_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(EvidenceLink).where(EvidenceLink.provision_id.in_(ids)).order_by(EvidenceLink.id)
        )
    )


def versions_for(session: Session, agreement_id: str) -> list[AgreementVersion]:
    return list(
        session.scalars(
            select(AgreementVersion)
            .where(AgreementVersion.agreement_id == agreement_id)
            .order_by(AgreementVersion.version)
        )
    )


def link_key(link: EvidenceLink) -> tuple[str, int]:
    """The evidence a link points at, as ``(kind, id)``."""
    if link.incident_id is not None:
        return ("incident", link.incident_id)
    if link.claim_id is not None:
        return ("claim", link.claim_id)
    assert link.observation_id is not None
    return ("observation", link.observation_id)


def evidence_exists(session: Session, kind: str, ident: int) -> bool:
    table = {"incident": Incident, "claim": Claim, "observation": Observation}[kind]
    return session.get(table, ident) is not None


def latest_evidence_day(session: Session) -> date | None:
    """The day of the newest dated evidence (observation, incident or claim), UTC."""
    days: list[date] = []
    newest = session.scalar(select(func.max(Observation.time_start)))
    if newest is not None:
        days.append(newest.date() if isinstance(newest, datetime) else newest)
    for column in (Incident.date_end, Incident.date_start, Claim.date_end, Claim.date_start):
        value = session.scalar(select(func.max(column)))
        if value is not None:
            days.append(value)
    return max(days) if days else None
