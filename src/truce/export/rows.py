"""Incidents as flat export rows, streamed: ACLED's columns where they fit, then truce's.

The store is read with a server-side cursor (``yield_per``) in batches; each batch
fetches its incidents' total figures in one query. Memory stays flat whatever the
number of incidents: nothing is collected beyond one batch and a cache of place names.

ACLED conventions kept (see docs/reports.md): ``event_date`` is the first day;
``time_precision`` 1 = a day, 2 = up to a week, 3 = longer; ``geo_precision`` 1 = the
place itself, 2 = near it or part of a region, 3 = a larger region; ``fatalities`` is the
most conservative figure any asserting source gives (the total's low), 0 when none is
given; disputes are written in ``notes``. truce does not code who attacked whom:
``actor1``/``actor2`` are the conflict parties whose sources speak of the incident (ACLED's
actor columns do not say who attacked whom either).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from truce.report.names import PlaceNames
from truce.report.queries import INCIDENT_COLUMNS
from truce.store.schema import Incident, IncidentFigure

BATCH = 5000
TOTAL = "*"

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities",
)  # fmt: skip
TRUCE_COLUMNS = (
    "incident_id", "truce_type", "family", "status", "status_reason", "date_end",
    "date_precision", "place_id", "area", "claims", "sources", "asserted_by", "denied_by",
    "observed_by", "killed_low", "killed_best", "killed_high", "wounded_low", "wounded_best",
    "wounded_high", "aggregate",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + TRUCE_COLUMNS
LIST_COLUMNS = ("asserted_by", "denied_by", "observed_by")

#: truce event type -> (ACLED event_type, sub_event_type); a coarse, documented mapping
ACLED_TYPES = {
    "ASSAULT": ("Battles", "Armed clash"),
    "CASUALTIES": ("Battles", "Armed clash"),
    "SEIZE": ("Strategic developments", "Other"),
    "WITHDRAW": ("Strategic developments", "Non-violent transfer of territory"),
    "DEPLOY": ("Strategic developments", "Change to group/activity"),
    "CEASEFIRE": ("Strategic developments", "Agreement"),
    "AGREE": ("Strategic developments", "Agreement"),
}
NOT_PARTIES = {"media", "osce", "other", "unknown", "un", "icrc"}
PRECISION = {"day": 1, "span": 2, "week": 2}


@dataclass(slots=True)
class ExportFilter:
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    area: str | None = None
    aggregates: bool = False
    merged: bool = False


def _query(flt: ExportFilter) -> Select[Any]:
    query = select(*INCIDENT_COLUMNS, Incident.sides, Incident.aggregate, Incident.merged_into)
    if flt.since:
        query = query.where(Incident.date_start >= flt.since)
    if flt.until:
        query = query.where(Incident.date_start <= flt.until)
    if flt.types:
        query = query.where(Incident.type.in_([t.upper() for t in flt.types]))
    if flt.statuses:
        query = query.where(Incident.status.in_([s.lower() for s in flt.statuses]))
    if flt.area:
        query = query.where(Incident.area == flt.area)
    if not flt.aggregates:
        query = query.where(Incident.aggregate.is_(False))
    if not flt.merged:
        query = query.where(Incident.merged_into.is_(None), Incident.status != "merged")
    return query.order_by(Incident.id)


def iter_rows(
    session: Session, flt: ExportFilter, names: PlaceNames | None = None
) -> Iterator[dict[str, Any]]:
    """Every matching incident as one flat row (lists kept as lists), in id order."""
    names = names or PlaceNames()
    # Core, not ORM: a server-side cursor read in batches, rows as plain tuples
    connection = session.connection().execution_options(yield_per=BATCH)
    result = connection.execute(_query(flt))
    for batch in result.partitions():
        figures = _totals(session, [r[0] for r in batch])
        for r in batch:
            yield _row(r, figures.get(r[0], {}), names)


def _totals(session: Session, ids: Sequence[int]) -> dict[int, dict[str, tuple[Any, Any, Any]]]:
    out: dict[int, dict[str, tuple[Any, Any, Any]]] = {}
    if not ids:
        return out
    query = select(
        IncidentFigure.incident_id,
        IncidentFigure.kind,
        IncidentFigure.low,
        IncidentFigure.best,
        IncidentFigure.high,
    ).where(
        IncidentFigure.incident_id.in_(ids),
        IncidentFigure.source == TOTAL,
        IncidentFigure.polarity == "assert",
        IncidentFigure.kind.in_(("killed", "wounded")),
    )
    for incident_id, kind, low, best, high in session.execute(query):
        out.setdefault(incident_id, {})[kind] = (low, best, high)
    return out


def _row(r: Any, figures: dict[str, tuple[Any, Any, Any]], names: PlaceNames) -> dict[str, Any]:
    (i_id, type_, family, status, place_id, place_name, area, lat, lon, geo, start, end,
     precision, claims, sources, summary, extra, sides, aggregate, _merged) = r  # fmt: skip
    extra = extra or {}
    asserted = list(extra.get("asserted_by") or [])
    denied = list(extra.get("denied_by") or [])
    observed = list(extra.get("observed_by") or [])
    parties = [s for s in (sides or "").split(",") if s and s not in NOT_PARTIES]
    event_type, sub_type = ACLED_TYPES.get(type_, ("Strategic developments", "Other"))
    killed = figures.get("killed", (None, None, None))
    wounded = figures.get("wounded", (None, None, None))
    reason = extra.get("status_reason") or ""
    notes = summary or ""
    if denied and "denied by" not in notes.lower():
        notes += f" Denied by {', '.join(denied)}."
    if status in ("disputed", "refuted"):
        notes += f" Status {status}: {reason}."
    start_text = start.isoformat() if start is not None else None
    return {
        "event_id_cnty": f"TRUCE{i_id}",
        "event_date": start_text,
        "year": start.year if start is not None else None,
        "time_precision": PRECISION.get(precision or "", 3) if start is not None else None,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": parties[0] if parties else None,
        "actor2": parties[1] if len(parties) > 1 else None,
        "location": names.place(place_id, place_name) if (place_id or place_name) else None,
        "latitude": round(lat, 5) if lat is not None else None,
        "longitude": round(lon, 5) if lon is not None else None,
        "geo_precision": min(geo, 3) if geo is not None else None,
        "source": "; ".join(dict.fromkeys(asserted + observed)) or None,
        "notes": notes.strip() or None,
        "fatalities": killed[0] if killed[0] is not None else 0,
        "incident_id": i_id,
        "truce_type": type_,
        "family": family,
        "status": status,
        "status_reason": reason or None,
        "date_end": end.isoformat() if end is not None else None,
        "date_precision": precision,
        "place_id": place_id,
        "area": area,
        "claims": claims,
        "sources": sources,
        "asserted_by": asserted,
        "denied_by": denied,
        "observed_by": observed,
        "killed_low": killed[0],
        "killed_best": killed[1],
        "killed_high": killed[2],
        "wounded_low": wounded[0],
        "wounded_best": wounded[1],
        "wounded_high": wounded[2],
        "aggregate": bool(aggregate),
    }
