"""Moments, durations and calendar arithmetic for agreements.

Agreements are written in local time ("00:00 Moscow time", "by 20 November"), while the
store keeps UTC. A :class:`Moment` keeps both: the instant (aware, UTC) and the zone it
was written in, so it can be shown as written. Calendar units (years, months, weeks,
days) are added on the wall clock of that zone, so a five-year term that starts at
00:00 Moscow time ends at 00:00 Moscow time, whatever the UTC offset does meanwhile.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "Duration",
    "Moment",
    "add_calendar",
    "format_delta",
    "parse_duration",
    "parse_moment",
    "parse_zone",
]

_MOMENT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?"
    r"(?:\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-/]*))?$"
)
_ISO_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_WORD_DURATION = re.compile(r"^(?P<n>\d+)\s*(?P<unit>[a-zA-Z]+)$")
_UNITS = {
    "y": "years",
    "year": "years",
    "years": "years",
    "mo": "months",
    "month": "months",
    "months": "months",
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "d": "days",
    "day": "days",
    "days": "days",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "min": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
}


def parse_zone(name: str) -> ZoneInfo:
    """An IANA zone (``Europe/Moscow``, ``Asia/Baku``, ``UTC``); ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as Asia/Baku)"
        ) from None


@dataclass(frozen=True, slots=True)
class Moment:
    """An instant as written in an agreement: UTC instant, display zone, and precision.

    ``precision`` is ``"minute"`` for a date-time and ``"day"`` for a bare date, which
    stands for the whole local day: as a deadline it means "by the end of that day".
    """

    utc: datetime
    zone: str
    precision: str = "minute"
    text: str = ""

    @property
    def local(self) -> datetime:
        return self.utc.astimezone(ZoneInfo(self.zone))

    @property
    def day(self) -> date:
        return self.local.date()

    def end_of_day(self) -> datetime:
        """For a day-precision moment, the first instant after that local day (UTC)."""
        if self.precision != "day":
            return self.utc
        nxt = datetime.combine(self.day + timedelta(days=1), time(0), ZoneInfo(self.zone))
        return normalise(nxt)

    def display(self) -> str:
        """``2020-11-10 00:00 MSK (2020-11-09 21:00 UTC)``, or ``2020-11-20 (+04)`` for a day."""
        local = self.local
        abbr = local.tzname() or self.zone
        if self.precision == "day":
            return f"{local.date().isoformat()} ({abbr})"
        shown = f"{local:%Y-%m-%d %H:%M} {abbr}"
        if local.utcoffset() != timedelta(0):
            shown += f" ({self.utc:%Y-%m-%d %H:%M} UTC)"
        return shown

    def to_json(self) -> dict[str, str]:
        return {
            "utc": iso_utc(self.utc),
            "zone": self.zone,
            "precision": self.precision,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Moment:
        return cls(
            datetime.fromisoformat(data["utc"].replace("Z", "+00:00")),
            data["zone"],
            data.get("precision", "minute"),
            data.get("text", ""),
        )


def iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def normalise(local: datetime) -> datetime:
    """A local wall-clock time to UTC; a time in a DST gap moves forward past the gap."""
    return local.astimezone(UTC)


def parse_moment(value: object, default_zone: str | None) -> Moment:
    """Parse ``2020-11-10T00:00 Europe/Moscow``, ``2020-10-26T08:00+04:00`` or ``2020-11-20``.

    A named zone wins for display; an offset alone is shown as that fixed offset. Without
    either, ``default_zone`` applies; with no default either, it is an error, because an
    agreement's times are meaningless without a zone.
    """
    if isinstance(value, datetime | date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"expected a date or date-time, got {type(value).__name__}")
    text = value.strip()
    m = _MOMENT.match(text)
    if not m:
        raise ValueError(
            f"{text!r} is not a date (YYYY-MM-DD) or date-time "
            "(YYYY-MM-DDTHH:MM with +HH:MM or a zone name)"
        )
    try:
        day = date.fromisoformat(m["date"])
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    zone_name = m["zone"] or None
    if m["offset"] and not m["time"]:
        raise ValueError(f"{text!r}: an offset needs a time")
    if zone_name is None and m["offset"] is None:
        if default_zone is None:
            raise ValueError(f"{text!r} has no time zone (add +HH:MM, a zone name, or timezone:)")
        zone_name = default_zone
    zone: tzinfo
    if zone_name is not None:
        zone = parse_zone(zone_name)
    if m["time"] is None:
        if zone_name is None:  # pragma: no cover - excluded above
            raise ValueError(f"{text!r} has no time zone")
        start = datetime.combine(day, time(0), zone)
        return Moment(normalise(start), zone_name, "day", text)
    try:
        clock = time.fromisoformat(m["time"])
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    if m["offset"]:
        off = m["offset"]
        if off == "Z":
            offset_zone: tzinfo = UTC
        else:
            sign = 1 if off[0] == "+" else -1
            hh, mm = int(off[1:3]), int(off[-2:])
            if hh > 14 or mm > 59:
                raise ValueError(f"{text!r}: offset {off} out of range")
            offset_zone = _fixed(sign * (hh * 60 + mm))
        instant = datetime.combine(day, clock, offset_zone)
        if zone_name is not None and instant.astimezone(zone).utcoffset() != instant.utcoffset():
            raise ValueError(f"{text!r}: offset {off} is not the offset of {zone_name} then")
        shown = zone_name or _offset_name(instant.utcoffset())
        return Moment(instant.astimezone(UTC), shown, "minute", text)
    return Moment(normalise(datetime.combine(day, clock, zone)), zone_name or "UTC", "minute", text)


def _fixed(minutes: int) -> tzinfo:
    from datetime import timezone

    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def _offset_name(offset: timedelta | None) -> str:
    """An IANA fixed-offset name for an offset (``Etc/GMT-4`` is UTC+4), or UTC."""
    minutes = int((offset or timedelta(0)).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    raise ValueError("offsets that are not whole hours need a zone name")


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time in calendar units (years, months, weeks, days) and clock units."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    text: str = ""

    def is_zero(self) -> bool:
        return not any(
            (self.years, self.months, self.weeks, self.days, self.hours, self.minutes, self.seconds)
        )

    def scaled(self, n: int) -> Duration:
        return Duration(
            self.years * n,
            self.months * n,
            self.weeks * n,
            self.days * n,
            self.hours * n,
            self.minutes * n,
            self.seconds * n,
            self.text,
        )

    def plus(self, other: Duration) -> Duration:
        return Duration(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
            self.hours + other.hours,
            self.minutes + other.minutes,
            self.seconds + other.seconds,
        )

    def iso(self) -> str:
        date_part = "".join(
            f"{v}{u}"
            for v, u in ((self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D"))
            if v
        )
        clock = "".join(
            f"{v}{u}" for v, u in ((self.hours, "H"), (self.minutes, "M"), (self.seconds, "S")) if v
        )
        return "P" + date_part + (f"T{clock}" if clock else "") if (date_part or clock) else "PT0S"

    def approx(self) -> timedelta:
        """A rough length, only for ordering and sanity checks (months as 30.44 days)."""
        days = self.years * 365.25 + self.months * 30.44 + self.weeks * 7 + self.days
        return timedelta(days=days, hours=self.hours, minutes=self.minutes, seconds=self.seconds)


def parse_duration(value: object) -> Duration:
    """ISO 8601 (``P5Y``, ``P6M``, ``PT12H``) or short forms (``7d``, ``12h``, ``5 years``)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a duration such as P5Y, P6M, 7d or 12h")
    text = value.strip()
    m = _ISO_DURATION.match(text.upper())
    if m:
        parts = {k: int(v) for k, v in m.groupdict().items() if v}
        return Duration(**parts, text=text)
    m = _WORD_DURATION.match(text)
    if m and m["unit"].lower() in _UNITS:
        return Duration(**{_UNITS[m["unit"].lower()]: int(m["n"])}, text=text)
    raise ValueError(f"{text!r} is not a duration (P5Y, P6M, P7D, PT12H, 7d, 12h, 2w)")


def add_calendar(start: datetime, duration: Duration, zone: str, sign: int = 1) -> datetime:
    """``start`` plus (or minus) ``duration``, calendar units on the wall clock of ``zone``.

    Years and months keep the day of the month, clamped to the month's last day
    (29 February + 1 year = 28 February; 31 January + 1 month = 28/29 February).
    Weeks and days keep the wall-clock time across DST changes; hours, minutes and
    seconds are elapsed time. Returns an aware UTC datetime.
    """
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    months = sign * (duration.years * 12 + duration.months)
    total = local.year * 12 + (local.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError("date out of range")
    day = min(local.day, calendar.monthrange(year, month)[1])
    wall = local.replace(tzinfo=None).replace(year=year, month=month, day=day)
    wall += timedelta(days=sign * (duration.weeks * 7 + duration.days))
    moved = normalise(wall.replace(tzinfo=tz))
    clock = timedelta(hours=duration.hours, minutes=duration.minutes, seconds=duration.seconds)
    return moved + sign * clock


def format_delta(delta: timedelta) -> str:
    """A short human length: ``41 min``, ``2 h 10 min``, ``7 days 2 h``."""
    seconds = int(abs(delta).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    elif hours:
        text = f"{hours} h" + (f" {minutes} min" if minutes else "")
    else:
        text = f"{minutes} min"
    return f"-{text}" if delta < timedelta(0) else text
