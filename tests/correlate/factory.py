"""Builders for grouping tests: documents, claims and observations written straight to a
store (the way the extractor and the observation reader store them), and a small place
hierarchy around Taghavard (Martuni district) and Shosh (Askeran district)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from truce.store import Store
from truce.store.schema import Claim, ClaimPlace, Document, Figure, Observation
from truce.store.types import utcnow


@dataclass(frozen=True)
class P:
    """A gazetteer-like place (what Gazetteer.get returns)."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    parent: str | None = None


PLACES = {
    p.id: p
    for p in (
        P("r:nk", "Nagorno-Karabakh", "region", 39.82, 46.76),
        P("d:martuni", "Martuni district", "district", 39.79, 47.11, "r:nk"),
        P("d:askeran", "Askeran district", "district", 39.93, 46.83, "r:nk"),
        P("v:taghavard", "Taghavard", "village", 39.668, 46.92, "d:martuni"),
        P("v:karmir", "Karmir Shuka", "village", 39.676, 46.949, "d:martuni"),
        P("v:chartar", "Chartar", "village", 39.748, 47.035, "d:martuni"),
        P("t:martuni", "Martuni", "town", 39.795, 47.11, "d:martuni"),
        P("v:shosh", "Shosh", "village", 39.77, 46.785, "d:askeran"),
        P("v:far", "Far village", "village", 39.40, 46.40, None),
    )
}


def lookup(place_id: str) -> P | None:
    return PLACES.get(place_id)


def no_lookup(place_id: str) -> None:
    return None


class Corpus:
    """Writes test data into a store, one document per transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.count = 0

    def document(
        self,
        *,
        outlet: str | None = None,
        side: str | None = None,
        published: str | None = "2020-11-17",
        text: str | None = None,
        kind: str = "article",
        claims: list[dict[str, Any]] = (),  # type: ignore[assignment]
        observations: list[dict[str, Any]] = (),  # type: ignore[assignment]
    ) -> tuple[int, list[int], list[int]]:
        """A document with its claims and observations; returns (doc id, claim ids, obs ids)."""
        self.count += 1
        text = text or f"Report {self.count} by {outlet or 'someone'}: " + " ".join(
            f"word{self.count}x{i}" for i in range(60)
        )
        with self.store.write("tests") as txn:
            doc = Document(
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                kind=kind,
                title=f"document {self.count}",
                outlet=outlet,
                published=date.fromisoformat(published) if published else None,
                side=side,
                text=text,
                ingested_at=utcnow(),
            )
            txn.session.add(doc)
            txn.session.flush()
            claim_ids = [self._claim(txn.session, doc, n, spec) for n, spec in enumerate(claims)]
            obs_ids = [
                self._observation(txn.session, doc, n, spec) for n, spec in enumerate(observations)
            ]
            txn.audit.append("document.ingest", "document", doc.id, {"test": True})
        return doc.id, claim_ids, obs_ids

    def _claim(self, session: Any, doc: Document, n: int, spec: dict[str, Any]) -> int:
        when = spec.get("date")
        start = end = None
        precision = spec.get("precision")
        if isinstance(when, tuple):
            start, end = (date.fromisoformat(x) for x in when)
            precision = precision or "span"
        elif when:
            start = end = date.fromisoformat(when)
            precision = precision or "day"
        quote = spec.get("quote", f"claim {n} of document {doc.id}")
        claim = Claim(
            document_id=doc.id,
            seq=n,
            span_start=n * 100,
            span_end=n * 100 + len(quote),
            quote=quote,
            type=spec.get("type", "ASSAULT"),
            polarity=spec.get("polarity", "assert"),
            speaker_name=spec.get("speaker"),
            speaker_side=spec.get("side"),
            date_start=start,
            date_end=end,
            date_precision=precision if start else None,
            extra={},
        )
        session.add(claim)
        session.flush()
        for k, place in enumerate(spec.get("places", [spec["place"]] if spec.get("place") else [])):
            p = PLACES.get(place) if isinstance(place, str) else None
            if p is not None:
                row = ClaimPlace(
                    claim_id=claim.id,
                    place_id=p.id,
                    name=p.name,
                    lat=p.lat,
                    lon=p.lon,
                    kind=p.kind,
                    span_start=k,
                )
            else:
                row = ClaimPlace(claim_id=claim.id, span_start=k, **place)
            session.add(row)
        for kind, value, *bounds in spec.get("figures", []):
            low, high = [*bounds, None, None][:2]
            session.add(Figure(claim_id=claim.id, kind=kind, value=value, low=low, high=high))
        session.flush()
        return claim.id

    def _observation(self, session: Any, doc: Document, n: int, spec: dict[str, Any]) -> int:
        place = PLACES.get(spec.get("place", ""))
        start = datetime.fromisoformat(spec["time"])
        end = datetime.fromisoformat(spec["time_end"]) if spec.get("time_end") else start
        obs = Observation(
            document_id=doc.id,
            row=n + 1,
            content_hash=hashlib.sha256(f"{doc.id}:{n}:{spec}".encode()).hexdigest(),
            source_kind=spec.get("source_kind", "observer"),
            reporter=spec.get("reporter", "FMT-2"),
            time_start=start,
            time_end=end,
            place_name=place.name if place else spec.get("place_name"),
            place_id=place.id if place else None,
            lat=spec.get("lat", place.lat if place else None),
            lon=spec.get("lon", place.lon if place else None),
            what=spec.get("what", "explosion"),
            event_type=spec.get("event_type", "ASSAULT"),
            count=spec.get("count"),
            mode=spec.get("mode", "heard"),
            distance_min_km=spec.get("distance", (None, None))[0],
            distance_max_km=spec.get("distance", (None, None))[1],
            bearing_deg=spec.get("bearing"),
            killed=spec.get("killed"),
            wounded=spec.get("wounded"),
            result=spec.get("result", "observed"),
            confidence=spec.get("confidence"),
            raw={},
        )
        session.add(obs)
        session.flush()
        return obs.id


WIRE_TEXT = (
    "STEPANAKERT/BAKU, Nov 17 (TPA) - Ethnic Armenian forces in Nagorno-Karabakh said on "
    "Tuesday that Azerbaijani troops had fired mortars at their positions near the village of "
    "Taghavard late on Monday, killing one soldier and wounding two, in what would be the first "
    "deadly breach of the Russian-brokered ceasefire that took effect last week. Azerbaijan's "
    "defence ministry denied that its forces had opened fire and said its army had suffered no "
    "losses. At least three soldiers were wounded in the shelling, the head of the Martuni "
    "regional administration told TPA by telephone, adding that residents of Taghavard spent the "
    "night in basements. TPA could not independently verify either side's account."
)


def wire_copy(text: str, outlet: str) -> str:
    """The same story republished: a masthead, a shorter ending, a credit line."""
    return f"{outlet}\n\nSides trade blame\n\n{text[:-60]}\n\nThis article was distributed by TPA."
