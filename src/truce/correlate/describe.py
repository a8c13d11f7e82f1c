"""What an incident is: the derived columns written to ``incidents`` (truce.correlate.derive
computes them from the members)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from truce.correlate.figures import FigureRow
from truce.correlate.status import Verdict

TYPE_ORDER = (
    "ASSAULT", "CASUALTIES", "SEIZE", "WITHDRAW", "DEPLOY", "RETURN", "AID", "CEASEFIRE",
    "ACCUSE", "AGREE", "REJECT", "CONSULT", "REQUEST",
)  # fmt: skip
EPOCH = date(1970, 1, 1)


@dataclass(slots=True)
class IncidentState:
    """The derived columns of one incident (what is written to ``incidents``)."""

    key: str
    family: str
    type: str
    verdict: Verdict
    place_id: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    area: str | None
    sides: str
    claim_count: int
    source_count: int
    aggregate: bool
    summary: str
    extra: dict[str, Any] = field(default_factory=dict)
    figures: list[FigureRow] = field(default_factory=list)

    def columns(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "family": self.family,
            "type": self.type,
            "place_id": self.place_id,
            "place_name": self.place_name,
            "lat": self.lat,
            "lon": self.lon,
            "geo_precision": self.geo_precision,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "area": self.area,
            "sides": self.sides,
            "claim_count": self.claim_count,
            "source_count": self.source_count,
            "aggregate": self.aggregate,
            "summary": self.summary,
            "extra": self.extra,
        }
