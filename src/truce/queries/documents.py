"""Queries over stored documents and observations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from truce.store.schema import Document, Observation


@dataclass(slots=True)
class DocumentFilter:
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    side: str | None = None
    kind: str | None = None
    limit: int | None = None


def _filtered(flt: DocumentFilter) -> Select[Any]:
    query = select(
        Document.id,
        Document.published,
        Document.kind,
        Document.outlet,
        Document.side,
        Document.title,
        Document.source_name,
        Document.url,
        Document.language,
        Document.ingested_at,
    )
    if flt.since:
        query = query.where(Document.published >= flt.since)
    if flt.until:
        query = query.where(Document.published <= flt.until)
    if flt.outlet:
        query = query.where(func.lower(Document.outlet).contains(flt.outlet.lower()))
    if flt.side:
        query = query.where(Document.side == flt.side.lower())
    if flt.kind:
        query = query.where(Document.kind == flt.kind)
    query = query.order_by(Document.published.desc().nulls_last(), Document.id.desc())
    if flt.limit:
        query = query.limit(flt.limit)
    return query


def iter_documents(session: Session, flt: DocumentFilter) -> Iterator[dict[str, Any]]:
    """Matching documents as dicts, streamed."""
    for row in session.execute(_filtered(flt).execution_options(yield_per=1000)):
        yield dict(row._mapping)


def count_documents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def document_detail(session: Session, document_id: int) -> dict[str, Any] | None:
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    detail: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "kind": doc.kind,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": doc.published,
        "published_from": doc.published_from,
        "side": doc.side,
        "language": doc.language,
        "source": doc.source_path,
        "media_type": doc.media_type,
        "encoding": doc.encoding,
        "content_hash": doc.content_hash,
        "ingested_at": doc.ingested_at,
        "meta": doc.meta,
        "text": doc.text,
    }
    rows = session.scalars(
        select(Observation).where(Observation.document_id == doc.id).order_by(Observation.row)
    ).all()
    detail["observations"] = [
        {
            "row": o.row,
            "time_start": o.time_start,
            "time_end": o.time_end,
            "place": o.place_name,
            "lat": o.lat,
            "lon": o.lon,
            "what": o.what,
            "count": o.count,
            "mode": o.mode,
            "distance_km": _distance(o.distance_min_km, o.distance_max_km),
            "bearing": o.bearing_deg,
            "reporter": o.reporter,
            "result": o.result,
        }
        for o in rows
    ]
    return detail


def _distance(low: float | None, high: float | None) -> str | None:
    if low is None:
        return None
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"
