"""Store a document's claims in the ingest transaction (claims, places, figures, actors).

Extraction is split from writing: ``extract_rows`` turns a text into plain rows (it can
run in a worker process), ``write_claims`` inserts them with the document, in its
transaction, with one audit entry, so claims are never half there. Places and actors
referenced by claims are copied into the store with all their names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select

from truce.extract import VERSION, extract
from truce.store import WriteTxn
from truce.store.schema import Actor, ClaimPlace, Document, Figure, Place
from truce.store.schema import Claim as ClaimRow
from truce.store.types import utcnow

#: document kinds that carry text to read claims from
TEXT_KINDS = ("article", "statement", "report", "hotline")


@dataclass(slots=True)
class ExtractedClaims:
    """A document's claims as plain rows: cheap to send between processes."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    places: list[list[dict[str, Any]]] = field(default_factory=list)
    figures: list[list[dict[str, Any]]] = field(default_factory=list)
    place_ids: set[str] = field(default_factory=set)
    actor_ids: set[str] = field(default_factory=set)
    digests: list[str] = field(default_factory=list)


def extract_rows(
    text: str, published: date | None, meta: dict[str, Any] | None = None
) -> ExtractedClaims:
    """Run the pipeline and flatten its claims into rows."""
    doc = extract(text, published=published, meta=meta or {})
    out = ExtractedClaims()
    for seq, claim in enumerate(doc.claims):
        speaker = claim.speaker
        quote = doc.text[claim.start : claim.end]
        out.claims.append(
            {
                "seq": seq,
                "span_start": claim.start,
                "span_end": claim.end,
                "quote": quote,
                "type": claim.type,
                "plover": claim.plover,
                "plover_mode": claim.mode,
                "polarity": claim.polarity,
                "speaker_name": speaker.name if speaker else None,
                "speaker_actor_id": speaker.actor_id if speaker else None,
                "speaker_side": speaker.side if speaker else None,
                "date_start": claim.first,
                "date_end": claim.last,
                "date_precision": claim.precision,
                "date_text": claim.date_text,
                "confidence": claim.confidence,
                "extra": {"modality": claim.modality, "sentence": claim.sentence},
            }
        )
        out.places.append(
            [
                {
                    "place_id": p.place_id,
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "kind": p.kind,
                    "span_start": p.start,
                    "span_end": p.end,
                }
                for p in claim.places
            ]
        )
        out.figures.append(
            [
                {"kind": f.kind, "value": f.value, "low": f.low, "high": f.high, "text": f.text}
                for f in claim.figures
            ]
        )
        out.place_ids.update(p.place_id for p in claim.places if p.place_id)
        if speaker is not None and speaker.actor_id:
            out.actor_ids.add(speaker.actor_id)
        body = f"{claim.start}:{claim.end}:{claim.type}:{claim.polarity}:{quote}"
        out.digests.append(hashlib.sha256(body.encode("utf-8")).hexdigest()[:16])
    return out


def write_claims(txn: WriteTxn, document: Document, extracted: ExtractedClaims) -> int:
    """Insert the rows for one stored document; return how many claims."""
    session = txn.session
    rows = [{"document_id": document.id, **row} for row in extracted.claims]
    ids: list[int] = []
    if rows:
        ids = list(session.scalars(insert(ClaimRow).returning(ClaimRow.id), rows))
        if len(ids) != len(rows):  # a driver that returns no rows for executemany
            ids = list(
                session.scalars(
                    select(ClaimRow.id)
                    .where(ClaimRow.document_id == document.id)
                    .order_by(ClaimRow.seq)
                )
            )
    place_rows = [
        {"claim_id": claim_id, **place}
        for claim_id, places in zip(ids, extracted.places, strict=True)
        for place in places
    ]
    figure_rows = [
        {"claim_id": claim_id, **figure}
        for claim_id, figures in zip(ids, extracted.figures, strict=True)
        for figure in figures
    ]
    if place_rows:
        session.execute(insert(ClaimPlace), place_rows)
    if figure_rows:
        session.execute(insert(Figure), figure_rows)
    _remember_places(txn, extracted.place_ids)
    _remember_actors(txn, extracted.actor_ids)
    document.extracted_at = utcnow()
    document.extractor_version = VERSION
    txn.audit.append(
        "claims.extract",
        "document",
        document.id,
        {"extractor": VERSION, "claims": len(rows), "digests": extracted.digests},
    )
    return len(rows)


def prepare(job: tuple[str, date | None, dict[str, Any]]) -> ExtractedClaims:
    """A worker's task: (text, published, meta) in, rows out."""
    text, published, meta = job
    return extract_rows(text, published, meta)


class ClaimWriter:
    """An ingest processor: extract the claims of each new text document and store them.

    ``prepare`` may run in a worker process ahead of the write; without it the claims
    are extracted in the write transaction itself.
    """

    kinds = TEXT_KINDS

    def __init__(self) -> None:
        self.claims = 0

    @staticmethod
    def job(text: str, published: date | None, meta: dict[str, Any]) -> tuple[Any, ...]:
        return (text, published, meta)

    prepare = staticmethod(prepare)

    def __call__(
        self, txn: WriteTxn, document: Document, parsed: Any = None, prepared: Any = None
    ) -> None:
        if document.kind not in TEXT_KINDS:
            return
        extracted = (
            prepared
            if isinstance(prepared, ExtractedClaims)
            else extract_rows(
                document.text,
                document.published,
                {"side": document.side, "outlet": document.outlet},
            )
        )
        self.claims += write_claims(txn, document, extracted)


def store_claims(txn: WriteTxn, document: Document) -> int:
    """Extract and store the claims of one stored document (re-extraction, tests)."""
    extracted = extract_rows(
        document.text, document.published, {"side": document.side, "outlet": document.outlet}
    )
    return write_claims(txn, document, extracted)


def _remember_places(txn: WriteTxn, place_ids: set[str]) -> None:
    if not place_ids:
        return
    from truce.reference.gazetteer import Gazetteer

    session = txn.session
    known = set(session.scalars(select(Place.id).where(Place.id.in_(place_ids))))
    gazetteer = Gazetteer.default()
    for place_id in sorted(place_ids - known):
        place = gazetteer.get(place_id)
        if place is None:
            continue
        session.add(
            Place(
                id=place.id,
                name=place.name,
                kind=place.kind,
                lat=place.lat,
                lon=place.lon,
                country=place.country,
                parent_id=place.parent,
                names=[{"text": n.text, "lang": n.lang} for n in place.names],
            )
        )


def _remember_actors(txn: WriteTxn, actor_ids: set[str]) -> None:
    if not actor_ids:
        return
    from truce.reference.actors import ActorIndex

    session = txn.session
    known = set(session.scalars(select(Actor.id).where(Actor.id.in_(actor_ids))))
    index = ActorIndex.default()
    for actor_id in sorted(actor_ids - known):
        actor = index.get(actor_id)
        if actor is None:
            continue
        session.add(
            Actor(
                id=actor.id,
                name=actor.name,
                kind=actor.kind,
                side=actor.side,
                names=list(actor.names),
            )
        )
