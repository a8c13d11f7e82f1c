"""A piece of evidence as the agreement engine sees it, whatever table it came from.

The unit of evidence is the incident (claims and observations grouped, with a
corroboration status). A claim or observation that is not (yet) in any incident is
evidence on its own: an observer's observation counts as verified, a sensor detection
or a single claim as single-source. Denials and "checked, nothing found" observations
are not evidence that something happened; inside an incident they shape its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from truce.agreement.places import Located

KINDS = ("incident", "claim", "observation")


@dataclass(frozen=True, slots=True)
class Account:
    """Who says so: a speaker of a claim, or an observer or sensor."""

    name: str
    side: str | None
    kind: str  # claim | observer | sensor

    def describe(self) -> str:
        extra = [x for x in (self.side, None if self.kind == "claim" else self.kind) if x]
        return f"{self.name} ({', '.join(extra)})" if extra else self.name


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    kind: str
    id: int
    type: str | None
    family: str | None
    what: tuple[str, ...]
    status: str
    start: datetime | None  # exact times (observations), UTC
    end: datetime | None
    day_start: date | None  # day-precision dates (claims, incidents without observations)
    day_end: date | None
    place_name: str | None
    where: Located
    text: str
    accounts: tuple[Account, ...]

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def label(self) -> str:
        return f"{self.kind} {self.id}"

    @property
    def exact(self) -> bool:
        return self.start is not None

    def interval(self, zone: str) -> tuple[datetime, datetime] | None:
        """When it happened: exact times, or whole local days in ``zone``; None if undated."""
        if self.start is not None:
            end = self.end if self.end is not None and self.end >= self.start else self.start
            return self.start, end
        if self.day_start is None:
            return None
        tz = ZoneInfo(zone)
        last = self.day_end if self.day_end and self.day_end >= self.day_start else self.day_start
        lo = datetime.combine(self.day_start, time(0), tz)
        hi = datetime.combine(last + timedelta(days=1), time(0), tz)
        return lo.astimezone(ZoneInfo("UTC")), hi.astimezone(ZoneInfo("UTC"))

    def where_text(self) -> str:
        if self.place_name:
            return self.place_name
        if self.where.place_ids:
            return self.where.place_ids[0]
        if self.where.points:
            lat, lon = self.where.points[0]
            return f"{lat:.3f}, {lon:.3f}"
        return "place unknown"

    def accounts_text(self, limit: int = 4) -> str:
        names = list(dict.fromkeys(a.describe() for a in self.accounts))
        more = f" and {len(names) - limit} more" if len(names) > limit else ""
        return ", ".join(names[:limit]) + more if names else "source unknown"
