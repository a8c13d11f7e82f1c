"""Find a publication date written in a document's header ("Wednesday, November 4, 2020").

Only the first lines are searched and only full dates with a year count: a date further
down is usually an event's date, not the publication's.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)\b"),
]  # fmt: skip

_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d")
HEADER_LINES = 6
HEADER_CHARS = 600


def header(text: str) -> str:
    """The first non-empty lines of a text, where a dateline lives."""
    lines = [line for line in text[: HEADER_CHARS * 2].splitlines() if line.strip()]
    return "\n".join(lines[:HEADER_LINES])[:HEADER_CHARS]


def find_header_date(text: str, *, day_first: bool = False) -> date | None:
    """The earliest-positioned full date in the header, or None.

    ``11/04/2020`` is read month-first (US style) unless ``day_first`` or the first
    number cannot be a month; ``04.11.2020`` (dots) is read day-first.
    """
    head = header(text)
    if not _YEAR_ANYWHERE.search(head):
        return None  # every pattern needs a year: skip the costly scans
    found: list[tuple[int, date]] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(head):
            parsed = _to_date(m, day_first)
            if parsed is not None:
                found.append((m.start(), parsed))
    if not found:
        return None
    return min(found)[1]


def _to_date(m: re.Match[str], day_first: bool) -> date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    try:
        if groups.get("month"):
            month = MONTHS[groups["month"].lower()[:3]]
            return _valid(year, month, int(groups["day"]))
        if groups.get("mnum"):
            return _valid(year, int(groups["mnum"]), int(groups["day"]))
        a, b = int(groups["a"]), int(groups["b"])
        if groups["sep"] == "." or day_first or a > 12:
            return _valid(year, b, a)
        return _valid(year, a, b)
    except (KeyError, ValueError):
        return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        result = date(year, month, day)
    except ValueError:
        return None
    return result if 1900 <= result.year <= date.today().year + 1 else None
