"""The structured observation schema: one observer or sensor observation per record.

Validation is strict where a wrong value would mislead (times, coordinates, kinds,
counts) and lenient where formats vary (distances as "1-4.5", bearings as "SSE").
Every problem becomes one readable sentence naming the field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

COMPASS = [
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
]  # fmt: skip
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(?:km)?\s*$", re.I)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:km)?\s*$", re.I)


@lru_cache(maxsize=1)
def observation_kinds() -> dict[str, dict[str, str]]:
    """The accepted values of ``what`` with their event type and family (a data file)."""
    text = (
        resources.files("truce.ingest").joinpath("data/observation_kinds.yaml").read_text("utf-8")
    )
    return yaml.safe_load(text)


class ObservationIn(BaseModel):
    """One observation as it arrives in a JSON object, a JSONL line or a CSV row."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    id: str | None = None
    time: datetime | date | None = None
    time_start: datetime | date | None = None
    time_end: datetime | date | None = None
    place: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    what: str
    count: int | None = Field(default=None, ge=0)
    mode: Literal["heard", "seen", "heard_and_seen"] | None = None
    distance_km: str | float | None = None
    bearing: str | float | None = None
    direction: str | None = None
    reporter: str | None = None
    device: str | None = None
    killed: int | None = Field(default=None, ge=0)
    wounded: int | None = Field(default=None, ge=0)
    confidence: float | None = Field(default=None, ge=0, le=1)
    notes: str | None = None
    result: Literal["observed", "none_found"] = "observed"

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        """CSV cells are empty strings where a value is missing."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("time", "time_start", "time_end", mode="before")
    @classmethod
    def _iso_time(cls, value: Any) -> Any:
        """ISO 8601 only: a date alone means the whole day (a window), not midnight."""
        if not isinstance(value, str):
            return value
        text = value.strip().replace("Z", "+00:00")
        try:
            if len(text) <= 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO 8601 date or date-time (e.g. 2020-11-14T23:40:00+04:00)"
            ) from None

    @field_validator("what")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        kind = value.strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in observation_kinds():
            raise ValueError(f"unknown kind {value!r} (known: {', '.join(observation_kinds())})")
        return kind

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower().replace(" ", "_").replace("&", "and").replace("/", "_and_")
        return value

    @field_validator("distance_km")
    @classmethod
    def _distance(cls, value: str | float | None) -> str | float | None:
        if value is None or isinstance(value, float | int):
            if value is not None and value < 0:
                raise ValueError("distance cannot be negative")
            return value
        if not (_RANGE.match(value) or _NUMBER.match(value)):
            raise ValueError(f"{value!r} is not a distance in km (e.g. 3 or 1-4.5)")
        return value

    @field_validator("bearing", "direction")
    @classmethod
    def _compass(cls, value: str | float | None) -> str | float | None:
        if value is None:
            return None
        if isinstance(value, float | int):
            if not 0 <= value <= 360:
                raise ValueError("bearing must be between 0 and 360 degrees")
            return float(value)
        text = value.strip().upper().replace("-", "")
        if text in COMPASS:
            return text
        try:
            degrees = float(text)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a compass point (N, NNE, ..., NNW) or degrees"
            ) from None
        if not 0 <= degrees <= 360:
            raise ValueError("bearing must be between 0 and 360 degrees")
        return degrees

    @model_validator(mode="after")
    def _when_and_where(self) -> ObservationIn:
        if self.time is None and self.time_start is None:
            raise ValueError("needs 'time' or 'time_start'")
        if self.place is None and (self.lat is None or self.lon is None):
            raise ValueError("needs 'place' or both 'lat' and 'lon'")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("'lat' and 'lon' go together")
        return self


def bearing_degrees(value: str | float | None) -> float | None:
    if value is None or isinstance(value, float):
        return value
    return COMPASS.index(value) * 22.5


def distance_range(value: str | float | None) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if isinstance(value, float | int):
        return float(value), float(value)
    m = _RANGE.match(value)
    if m:
        low, high = sorted((float(m.group(1)), float(m.group(2))))
        return low, high
    m = _NUMBER.match(value)
    assert m is not None  # validated
    return float(m.group(1)), float(m.group(1))


def as_utc(value: datetime | date | None, zone: tzinfo, *, end: bool = False) -> datetime | None:
    """Aware UTC datetime; a date is the whole day; naive times are in ``zone``."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end else time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def describe_errors(exc: ValidationError) -> str:
    """Pydantic's errors as one short sentence: "'time': not a valid date-time; ..."."""
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "is required"
        parts.append(f"{loc!r} {msg}" if loc else msg)
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
