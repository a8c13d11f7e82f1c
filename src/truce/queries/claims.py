"""Queries over stored claims, with their document, places and figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from truce.store.schema import Claim, ClaimPlace, Document, Figure

BATCH = 500


@dataclass(slots=True)
class ClaimFilter:
    types: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    place: str | None = None  # a name as written or a place id; gazetteer names too
    since: date | None = None
    until: date | None = None
    polarity: str | None = None
    document_id: int | None = None
    limit: int | None = None


def _query(flt: ClaimFilter) -> Select[Any]:
    query = select(Claim, Document.source_name, Document.outlet, Document.published).join(
        Document, Document.id == Claim.document_id
    )
    if flt.types:
        query = query.where(Claim.type.in_([t.upper() for t in flt.types]))
    if flt.sides:
        sides = [s.lower() for s in flt.sides]
        clauses = [Claim.speaker_side.in_([s for s in sides if s != "none"])]
        if "none" in sides:
            clauses.append(Claim.speaker_side.is_(None))
        query = query.where(or_(*clauses))
    if flt.polarity:
        query = query.where(Claim.polarity == flt.polarity)
    if flt.document_id is not None:
        query = query.where(Claim.document_id == flt.document_id)
    # a claim matches a date range when its own range overlaps it
    if flt.since:
        query = query.where(func.coalesce(Claim.date_end, Claim.date_start) >= flt.since)
    if flt.until:
        query = query.where(Claim.date_start <= flt.until)
    if flt.place:
        ids = _place_ids(flt.place)
        term = flt.place.lower()
        place_match = select(ClaimPlace.claim_id).where(
            or_(func.lower(ClaimPlace.name) == term, ClaimPlace.place_id.in_(ids or ["-"]))
        )
        query = query.where(Claim.id.in_(place_match))
    query = query.order_by(Document.published.desc().nulls_last(), Claim.document_id, Claim.seq)
    if flt.limit:
        query = query.limit(flt.limit)
    return query


def _place_ids(name: str) -> list[str]:
    """All gazetteer places called ``name`` (any spelling), and the places inside them."""
    from truce.reference.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    found = gazetteer.lookup(name) or ([gazetteer.get(name)] if gazetteer.get(name) else [])
    return [p.id for p in found if p is not None]


def iter_claims(session: Session, flt: ClaimFilter) -> Iterator[dict[str, Any]]:
    """Matching claims as flat dicts, streamed in batches with their places and figures."""
    batch: list[Any] = []
    for row in session.execute(_query(flt).execution_options(yield_per=BATCH)):
        batch.append(row)
        if len(batch) >= BATCH:
            yield from _rows(session, batch)
            batch = []
    if batch:
        yield from _rows(session, batch)


def _rows(session: Session, batch: list[Any]) -> Iterator[dict[str, Any]]:
    ids = [row[0].id for row in batch]
    places: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in session.scalars(select(ClaimPlace).where(ClaimPlace.claim_id.in_(ids))):
        places[p.claim_id].append({"name": p.name, "id": p.place_id, "lat": p.lat, "lon": p.lon})
    figures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for f in session.scalars(select(Figure).where(Figure.claim_id.in_(ids))):
        figures[f.claim_id].append({"kind": f.kind, "value": f.value, "low": f.low, "high": f.high})
    for claim, source, outlet, published in batch:
        yield {
            "id": claim.id,
            "document_id": claim.document_id,
            "source": source,
            "outlet": outlet,
            "published": published,
            "type": claim.type,
            "plover": claim.plover + (f"/{claim.plover_mode}" if claim.plover_mode else "")
            if claim.plover
            else None,
            "polarity": claim.polarity,
            "speaker": claim.speaker_name,
            "side": claim.speaker_side,
            "date_start": claim.date_start,
            "date_end": claim.date_end,
            "date_precision": claim.date_precision,
            "places": places.get(claim.id, []),
            "figures": figures.get(claim.id, []),
            "confidence": claim.confidence,
            "quote": " ".join(claim.quote.split()),
        }


def count_claims(session: Session, flt: ClaimFilter) -> int:
    subquery = _query(ClaimFilter(**{**flt.__dict__, "limit": None})).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


__all__ = ["ClaimFilter", "count_claims", "iter_claims"]
