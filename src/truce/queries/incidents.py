"""Read-side queries over incidents: lists, one incident in full, why each member joined,
and figures rolled up by day, area or side. Shared by the CLI, reports and exports."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from truce.store.schema import (
    Claim,
    ClaimPlace,
    Document,
    DocumentCopy,
    Figure,
    Incident,
    IncidentDecision,
    IncidentFigure,
    IncidentMember,
    IncidentStatusChange,
    Observation,
)

LIST_COLUMNS = (
    "id", "status", "type", "date_start", "date_end", "place", "area", "claims", "sources",
    "summary",
)  # fmt: skip
ROLLUPS = ("day", "area", "side")
TOTAL = "*"


@dataclass(slots=True)
class IncidentFilter:
    since: date | None = None
    until: date | None = None
    place: str | None = None  # place or area name (substring, any case) or a place id
    type: str | None = None
    status: str | None = None
    side: str | None = None
    family: str | None = None
    limit: int | None = None
    merged: bool = False  # include incidents merged into another


def _filtered(flt: IncidentFilter) -> Select[Any]:
    query = select(Incident)
    if not flt.merged:
        query = query.where(Incident.merged_into.is_(None), Incident.status != "merged")
    if flt.since:
        query = query.where(func.coalesce(Incident.date_end, Incident.date_start) >= flt.since)
    if flt.until:
        query = query.where(Incident.date_start <= flt.until)
    if flt.type:
        query = query.where(Incident.type == flt.type.upper())
    if flt.status:
        query = query.where(Incident.status == flt.status.lower())
    if flt.family:
        query = query.where(Incident.family == flt.family.lower())
    if flt.side:
        query = query.where(Incident.sides.contains(f",{flt.side.lower()},"))
    if flt.place:
        term = f"%{flt.place.lower()}%"
        query = query.where(
            or_(
                func.lower(Incident.place_name).like(term),
                func.lower(Incident.area).like(term),
                Incident.place_id == flt.place,
            )
        )
    query = query.order_by(Incident.date_start.desc().nulls_last(), Incident.id.desc())
    if flt.limit:
        query = query.limit(flt.limit)
    return query


def row(incident: Incident) -> dict[str, Any]:
    """One incident as a flat row (lists, CSV, JSON)."""
    extra = incident.extra or {}
    return {
        "id": incident.id,
        "key": incident.key,
        "status": incident.status,
        "type": incident.type,
        "family": incident.family,
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "date_precision": incident.date_precision,
        "place": incident.place_name,
        "place_id": incident.place_id,
        "area": incident.area,
        "lat": incident.lat,
        "lon": incident.lon,
        "geo_precision": incident.geo_precision,
        "claims": incident.claim_count,
        "observations": extra.get("observations", 0),
        "sources": incident.source_count,
        "sides": [s for s in (incident.sides or "").split(",") if s],
        "asserted_by": extra.get("asserted_by", []),
        "denied_by": extra.get("denied_by", []),
        "observed_by": extra.get("observed_by", []),
        "status_reason": extra.get("status_reason"),
        "status_locked": incident.status_locked,
        "aggregate": incident.aggregate,
        "summary": incident.summary,
        "merged_into": incident.merged_into,
    }


def iter_incidents(session: Session, flt: IncidentFilter) -> Iterator[dict[str, Any]]:
    """Matching incidents, newest first, streamed."""
    for incident in session.scalars(_filtered(flt).execution_options(yield_per=1000)):
        yield row(incident)


def geojson_feature(r: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature for an incident row (None when it has no point)."""
    if r["lat"] is None or r["lon"] is None:
        return None
    props = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in r.items()
        if k not in ("lat", "lon")
    }
    return {
        "type": "Feature",
        "id": r["id"],
        "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
        "properties": props,
    }


def resolve(session: Session, incident_id: int) -> Incident | None:
    """The incident, following ``merged_into`` to the one that holds its members now."""
    incident = session.get(Incident, incident_id)
    seen: set[int] = set()
    while incident is not None and incident.merged_into is not None and incident.id not in seen:
        seen.add(incident.id)
        incident = session.get(Incident, incident.merged_into)
    return incident


def incident_detail(session: Session, incident_id: int) -> dict[str, Any] | None:
    """Everything about one incident: its claims with quotes, speakers and dates in order,
    its observations, its figures by source, its status history and decisions."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        return None
    out = row(incident)
    members = session.execute(
        select(
            IncidentMember.claim_id,
            IncidentMember.observation_id,
            IncidentMember.role,
            IncidentMember.pinned,
        ).where(IncidentMember.incident_id == incident_id)
    ).all()
    claim_ids = [c for c, _, _, _ in members if c is not None]
    obs_ids = [o for _, o, _, _ in members if o is not None]
    roles = {
        ("c", c) if c is not None else ("o", o): (role, pinned) for c, o, role, pinned in members
    }
    out["claim_list"] = _claims(session, claim_ids, roles)
    out["observation_list"] = _observations(session, obs_ids, roles)
    out["figures"] = [
        {
            "kind": f.kind,
            "source": "total" if f.source == TOTAL else f.source,
            "side": f.side,
            "polarity": f.polarity,
            "low": f.low,
            "best": f.best,
            "high": f.high,
            "claims": f.claims,
        }
        for f in session.scalars(
            select(IncidentFigure)
            .where(IncidentFigure.incident_id == incident_id)
            .order_by(IncidentFigure.kind, IncidentFigure.source == TOTAL, IncidentFigure.id)
        )
    ]
    out["history"] = [
        {
            "at": h.at,
            "status": h.status,
            "previous": h.previous,
            "reason": h.reason,
            "actor": h.actor,
        }
        for h in session.scalars(
            select(IncidentStatusChange)
            .where(IncidentStatusChange.incident_id == incident_id)
            .order_by(IncidentStatusChange.id)
        )
    ]
    out["decisions"] = decisions_for(session, claim_ids, obs_ids)
    out["merged_from"] = list(
        session.scalars(
            select(Incident.id).where(Incident.merged_into == incident_id).order_by(Incident.id)
        )
    )
    return out


def _claims(
    session: Session, ids: list[int], roles: dict[tuple[str, int], tuple[str, bool]]
) -> list[dict[str, Any]]:
    if not ids:
        return []
    places: dict[int, list[str]] = defaultdict(list)
    figures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for claim_id, name in session.execute(
            select(ClaimPlace.claim_id, ClaimPlace.name)
            .where(ClaimPlace.claim_id.in_(chunk))
            .order_by(ClaimPlace.id)
        ):
            places[claim_id].append(name)
        for f in session.scalars(
            select(Figure).where(Figure.claim_id.in_(chunk)).order_by(Figure.id)
        ):
            figures[f.claim_id].append(
                {"kind": f.kind, "value": f.value, "low": f.low, "high": f.high}
            )
        rows = session.execute(
            select(Claim, Document.outlet, Document.published, Document.side, DocumentCopy.copy_of)
            .join(Document, Document.id == Claim.document_id)
            .outerjoin(DocumentCopy, DocumentCopy.document_id == Claim.document_id)
            .where(Claim.id.in_(chunk))
        ).all()
        for claim, outlet, published, side, copy_of in rows:
            role, pinned = roles.get(("c", claim.id), ("support", False))
            out.append(
                {
                    "claim": claim.id,
                    "date_start": claim.date_start,
                    "date_end": claim.date_end,
                    "date_precision": claim.date_precision,
                    "type": claim.type,
                    "polarity": claim.polarity,
                    "speaker": claim.speaker_name,
                    "side": claim.speaker_side or side,
                    "quote": claim.quote,
                    "places": places.get(claim.id, []),
                    "figures": figures.get(claim.id, []),
                    "document": claim.document_id,
                    "outlet": outlet,
                    "published": published,
                    "copy_of": copy_of if copy_of not in (None, claim.document_id) else None,
                    "role": role,
                    "pinned": pinned,
                }
            )
    far = date.max
    out.sort(
        key=lambda c: (c["date_start"] or c["published"] or far, c["published"] or far, c["claim"])
    )
    return out


def _observations(
    session: Session, ids: list[int], roles: dict[tuple[str, int], tuple[str, bool]]
) -> list[dict[str, Any]]:
    out = []
    for start in range(0, len(ids), 500):
        for o in session.scalars(
            select(Observation).where(Observation.id.in_(ids[start : start + 500]))
        ):
            role, pinned = roles.get(("o", o.id), ("support", False))
            out.append(
                {
                    "observation": o.id,
                    "time_start": o.time_start,
                    "time_end": o.time_end,
                    "what": o.what,
                    "count": o.count,
                    "mode": o.mode,
                    "result": o.result,
                    "source_kind": o.source_kind,
                    "reporter": o.reporter,
                    "place": o.place_name,
                    "distance_km": _range(o.distance_min_km, o.distance_max_km),
                    "bearing_deg": o.bearing_deg,
                    "killed": o.killed,
                    "wounded": o.wounded,
                    "document": o.document_id,
                    "role": role,
                    "pinned": pinned,
                }
            )
    out.sort(key=lambda o: (o["time_start"] is None, o["time_start"] or 0, o["observation"]))
    return out


def _range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low == high or low is None or high is None:
        return f"{low if low is not None else high:g}"
    return f"{low:g}-{high:g}"


def decisions_for(
    session: Session, claim_ids: list[int], obs_ids: list[int]
) -> list[dict[str, Any]]:
    """Analysts' decisions that concern any of these claims or observations."""
    refs = {2 * c for c in claim_ids} | {2 * o + 1 for o in obs_ids}
    out = []
    for d in session.scalars(select(IncidentDecision).order_by(IncidentDecision.id)):
        payload = d.payload if isinstance(d.payload, dict) else json.loads(d.payload)
        mine = refs & (
            {int(r) for r in payload.get("refs", [])} | {int(r) for r in payload.get("rest", [])}
        )
        if not mine:
            continue
        out.append(
            {
                "decision": d.id,
                "kind": d.kind,
                "status": payload.get("status"),
                "incidents": payload.get("incidents") or [payload.get("incident")],
                "reason": d.reason,
                "actor": d.actor,
                "at": d.at,
                "active": d.active,
            }
        )
    return out


# -- figures rolled up -----------------------------------------------------------------------


@dataclass(slots=True)
class FigureFilter:
    by: str = "day"
    kind: str | None = None
    since: date | None = None
    until: date | None = None


def figure_rollup(session: Session, flt: FigureFilter) -> list[dict[str, Any]]:
    """Totals per day, area or reporting side, with every side's own figure beside them.

    An incident counts once (its conservative, best and high totals); refuted, merged
    and aggregate incidents are left out (docs/incidents.md, "Figures").
    """
    counted = and_(
        Incident.merged_into.is_(None),
        Incident.status.notin_(("refuted", "merged")),
        Incident.aggregate.is_(False),
    )
    query = (
        select(
            Incident.id,
            Incident.date_start,
            Incident.area,
            IncidentFigure.kind,
            IncidentFigure.source,
            IncidentFigure.side,
            IncidentFigure.polarity,
            IncidentFigure.low,
            IncidentFigure.best,
            IncidentFigure.high,
        )
        .join(IncidentFigure, IncidentFigure.incident_id == Incident.id)
        .where(counted)
    )
    if flt.kind:
        query = query.where(IncidentFigure.kind == flt.kind)
    if flt.since:
        query = query.where(Incident.date_start >= flt.since)
    if flt.until:
        query = query.where(Incident.date_start <= flt.until)
    groups: dict[tuple[Any, str], dict[str, Any]] = {}
    for inc_id, day, area, kind, source, side, polarity, low, best, high in session.execute(query):
        if polarity != "assert":
            continue
        if flt.by == "side":
            if source == TOTAL:
                continue
            key = (side or "unattributed", kind)
        else:
            key = (day if flt.by == "day" else (area or "unknown"), kind)
        g = groups.setdefault(
            key,
            {
                "group": key[0],
                "kind": kind,
                "incidents": set(),
                "low": 0,
                "best": 0,
                "high": 0,
                "by_source": defaultdict(int),
            },
        )
        if flt.by == "side" or source == TOTAL:
            g["incidents"].add(inc_id)
            g["low"] += low or 0
            g["best"] += best or 0
            g["high"] += high or 0
        if flt.by != "side" and source != TOTAL:
            g["by_source"][side or source] += best or 0
    out = []
    for (group, kind), g in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        out.append(
            {
                flt.by: group,
                "kind": kind,
                "incidents": len(g["incidents"]),
                "low": g["low"],
                "best": g["best"],
                "high": g["high"],
                "by_source": dict(sorted(g["by_source"].items())),
            }
        )
    return out


def day_range(since: date, until: date) -> list[date]:
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]
