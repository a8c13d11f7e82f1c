"""The grouping settings, stored in the store so that every later update uses the same.

Incremental updates must give the same incidents as a full regroup, so the settings a
store was grouped with are part of its state (``store_info`` key ``correlate.config``);
``truce incident regroup --distance ...`` changes them and regroups everything.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.errors import InputError
from truce.store.schema import StoreInfo

CONFIG_KEY = "correlate.config"


@dataclass(frozen=True, slots=True)
class CorrelateConfig:
    """How claims and observations are linked (see docs/incidents.md)."""

    #: two precise places link when at most this far apart (plus their uncertainty)
    distance_km: float = 6.0
    #: radius of a district when the gazetteer does not say which places lie in it
    district_radius_km: float = 20.0
    #: observation windows are widened by this much on each side (clocks, local time)
    slack_hours: float = 2.0
    #: local time zone of observation times (default: estimated from the longitude)
    timezone: str | None = None
    #: sensor detections below this confidence are kept but count for nothing
    sensor_min_confidence: float = 0.5
    #: near-duplicate documents: Jaccard similarity of word 3-shingles at least this
    copy_similarity: float = 0.6
    #: ... and published at most this many days apart
    copy_window_days: int = 7

    def validate(self) -> CorrelateConfig:
        if not 0 < self.distance_km <= 200:
            raise InputError("--distance", "must be between 0 and 200 km")
        if not 0 < self.district_radius_km <= 200:
            raise InputError("--district-radius", "must be between 0 and 200 km")
        if not 0 <= self.slack_hours <= 48:
            raise InputError("--slack-hours", "must be between 0 and 48 hours")
        if not 0 < self.copy_similarity <= 1:
            raise InputError("--copy-similarity", "must be in (0, 1]")
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise InputError("--timezone", f"unknown time zone {self.timezone!r}") from None
        return self

    def with_changes(self, **changes: Any) -> CorrelateConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).validate()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CorrelateConfig:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def load_config(session: Session) -> CorrelateConfig:
    """The settings this store was grouped with (the defaults for a new store)."""
    text = session.scalar(select(StoreInfo.value).where(StoreInfo.key == CONFIG_KEY))
    return CorrelateConfig.from_json(text) if text else CorrelateConfig()


def save_config(session: Session, config: CorrelateConfig) -> None:
    row = session.get(StoreInfo, CONFIG_KEY)
    if row is None:
        session.add(StoreInfo(key=CONFIG_KEY, value=config.to_json()))
    else:
        row.value = config.to_json()
