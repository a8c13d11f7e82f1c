"""The period a report covers, the one it is compared with, and the zone times are shown in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from truce.errors import InputError


@dataclass(frozen=True, slots=True)
class Period:
    """Whole local days ``start``..``end`` (inclusive)."""

    kind: str  # daily | period
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"{self.start}..{self.end}", "the period ends before it starts")

    @classmethod
    def daily(cls, day: date) -> Period:
        return cls("daily", day, day)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of the same length just before (what changes are measured against)."""
        return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(1))

    def label(self) -> str:
        if self.start == self.end:
            return _day(self.start)
        return f"{_day(self.start)} to {_day(self.end)}"

    def short(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def noun(self) -> str:
        return "day" if self.days == 1 else "period"

    def timeline_window(self, min_days: int = 30) -> tuple[date, date]:
        """Days shown on the timeline: the period, padded before to ``min_days`` for context."""
        start = min(self.start, self.end - timedelta(days=min_days - 1))
        return start, self.end


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(option, f"not a date (YYYY-MM-DD): {value!r}") from None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            "--tz", f"unknown time zone {name!r} (an IANA name, e.g. Asia/Baku)"
        ) from None


def zone_label(name: str, on: date) -> str:
    """``Asia/Baku (UTC+04:00)``: the zone and its offset on that day."""
    moment = datetime(on.year, on.month, on.day, 12, tzinfo=zone(name))
    offset = moment.strftime("%z")
    return f"{name} (UTC{offset[:3]}:{offset[3:]})" if offset else name
