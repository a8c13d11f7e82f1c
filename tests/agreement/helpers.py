"""Shared test data: a small stub gazetteer, a base agreement file, synthetic evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from truce.store.schema import Claim, ClaimPlace, Document, Incident, IncidentMember, Observation
from truce.store.types import utcnow

HERE = Path(__file__).parent
MALFORMED = HERE / "malformed"


@dataclass(frozen=True)
class StubPlace:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    parent: str | None


class StubGazetteer:
    """Four nested places and two with the same name, enough to test scope and errors."""

    PLACES = (
        StubPlace("t:region", "Testland", "region", 40.0, 46.0, None),
        StubPlace("t:district-a", "Alpha District", "district", 40.1, 46.1, "t:region"),
        StubPlace("t:town-a", "Alphaville", "town", 40.12, 46.12, "t:district-a"),
        StubPlace("t:district-b", "Beta District", "district", 39.5, 45.5, "t:region"),
        StubPlace("t:twin-1", "Twin", "village", 40.3, 46.3, "t:district-a"),
        StubPlace("t:twin-2", "Twin", "village", 39.4, 45.4, "t:district-b"),
        StubPlace("t:elsewhere", "Elsewhere", "town", 10.0, 10.0, None),
    )

    def __init__(self) -> None:
        self.by_id = {p.id: p for p in self.PLACES}

    def get(self, place_id: str) -> StubPlace | None:
        return self.by_id.get(place_id)

    def lookup(self, name: str) -> list[StubPlace]:
        return [p for p in self.PLACES if p.name.casefold() == name.strip().casefold()]


GAZ = StubGazetteer()

BASE = """\
format: truce-agreement/1
id: test-accord
title: Test accord between North and South
timezone: Europe/Moscow
signed: 2021-03-01T10:00
effective: 2021-03-02T00:00
due_soon: P2D
parties:
  - {id: north, name: North, side: north}
  - {id: south, name: South, side: south}
  - {id: mediator, name: Mediator, role: mediator}
signatories:
  - {name: A. Leader, party: north}
provisions:
  - id: cf
    kind: ceasefire
    text: Both stop firing.
    obligated: [north, south]
    scope:
      places: [t:region]
  - id: handover
    kind: handover
    text: North hands Alphaville over.
    obligated: [north]
    beneficiaries: [south]
    deadline: 2021-03-10
    scope:
      places: [{place: t:town-a, radius_km: 5}]
  - id: peacekeepers
    kind: deployment
    text: The mediator deploys monitors for one year, renewed unless notice.
    obligated: [mediator]
    term: {start: effective, length: P1Y, renewal: automatic, notice: P1M}
amendments:
  - id: a1
    date: 2021-03-08T12:00
    source: {title: Joint communique}
    changes:
      - {provision: handover, field: deadline, from: 2021-03-10, to: 2021-03-20}
sources:
  - {title: Test source}
"""


def write_base(folder: Path, text: str = BASE, name: str = "accord.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def document(session: Session, n: int, *, side: str | None = None, outlet: str = "Wire") -> int:
    doc = Document(
        content_hash=f"{n:064d}", text=f"report {n}", ingested_at=utcnow(), side=side, outlet=outlet
    )
    session.add(doc)
    session.flush()
    return doc.id


def incident(
    session: Session,
    *,
    type: str = "ASSAULT",
    status: str = "corroborated",
    day: date | None = None,
    place_id: str | None = "t:town-a",
    lat: float | None = 40.12,
    lon: float | None = 46.12,
    place_name: str | None = "Alphaville",
    family: str = "force",
    speakers: tuple[tuple[str, str], ...] = (("South MoD", "south"),),
    observed_at: datetime | None = None,
    what: str = "explosion",
    summary: str = "",
) -> int:
    """An incident with one claim per speaker and, if ``observed_at``, one observation."""
    now = utcnow()
    inc = Incident(
        family=family,
        type=type,
        status=status,
        place_id=place_id,
        place_name=place_name,
        lat=lat,
        lon=lon,
        date_start=day,
        date_end=day,
        created_at=now,
        updated_at=now,
        summary=summary,
        claim_count=len(speakers),
        source_count=len(speakers),
    )
    session.add(inc)
    session.flush()
    seq = session.query(Document).count() + 100
    for i, (name, side) in enumerate(speakers):
        doc_id = document(session, seq + i, side=side)
        claim = Claim(
            document_id=doc_id,
            seq=1,
            span_start=0,
            span_end=5,
            quote=summary or "fire",
            type=type,
            polarity="assert",
            speaker_name=name,
            speaker_side=side,
            date_start=day,
            date_end=day,
        )
        session.add(claim)
        session.flush()
        session.add(IncidentMember(incident_id=inc.id, claim_id=claim.id, added_at=now))
    if observed_at is not None:
        doc_id = document(session, seq + 50, side="osce", outlet="Monitoring mission")
        obs = Observation(
            document_id=doc_id,
            row=1,
            content_hash=f"obs{inc.id:061d}",
            reporter="Team 1",
            time_start=observed_at,
            time_end=observed_at,
            lat=lat,
            lon=lon,
            what=what,
            event_type=type,
            place_name=place_name,
        )
        session.add(obs)
        session.flush()
        session.add(IncidentMember(incident_id=inc.id, observation_id=obs.id, added_at=now))
    session.flush()
    return inc.id


def claim(
    session: Session,
    *,
    type: str = "ASSAULT",
    day: date,
    polarity: str = "assert",
    place_id: str | None = "t:town-a",
    speaker: tuple[str, str] = ("North MoD", "north"),
) -> int:
    """A claim in no incident (as before the incidents engine groups it)."""
    doc_id = document(session, session.query(Document).count() + 500, side=speaker[1])
    c = Claim(
        document_id=doc_id,
        seq=1,
        span_start=0,
        span_end=4,
        quote="shelling reported",
        type=type,
        polarity=polarity,
        speaker_name=speaker[0],
        speaker_side=speaker[1],
        date_start=day,
        date_end=day,
    )
    session.add(c)
    session.flush()
    if place_id:
        session.add(ClaimPlace(claim_id=c.id, place_id=place_id, name=place_id))
        session.flush()
    return c.id
