"""Claims as the JSON contract of GUIDELINE.md (one object per document), and as rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from truce.extract.doc import Claim, Doc


def date_value(claim: Claim) -> str | dict[str, str] | None:
    """ "YYYY-MM-DD" for a day, {"start", "end"} for a span, None when undated."""
    if claim.first is None or claim.last is None:
        return None
    if claim.first == claim.last:
        return claim.first.isoformat()
    return {"start": claim.first.isoformat(), "end": claim.last.isoformat()}


def claim_json(doc: Doc, claim: Claim) -> dict[str, Any]:
    speaker = None
    if claim.speaker is not None:
        speaker = {"name": claim.speaker.name, "side": claim.speaker.side}
        if claim.speaker.actor_id:
            speaker["actor_id"] = claim.speaker.actor_id
    return {
        "span": [claim.start, claim.end],
        "type": claim.type,
        "polarity": claim.polarity,
        "speaker": speaker,
        "places": [
            {
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "id": p.place_id,
                "kind": p.kind,
                "display": p.display,
            }
            for p in claim.places
        ],
        "date": date_value(claim),
        "date_precision": claim.precision,
        "figures": [
            {"kind": f.kind, "value": f.value, "low": f.low, "high": f.high, "text": f.text}
            for f in claim.figures
        ],
        "plover": {"category": claim.plover, "mode": claim.mode},
        "confidence": claim.confidence,
        "modality": claim.modality,
        "text": doc.text[claim.start : claim.end],
    }


def document_json(name: str, doc: Doc) -> dict[str, Any]:
    published: date | None = doc.published
    return {
        "doc": name,
        "published": published.isoformat() if published else None,
        "claims": [claim_json(doc, c) for c in doc.claims],
    }
