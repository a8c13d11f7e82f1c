"""Time expressions, resolved to day ranges against the publication date.

Why a grammar of our own rather than dateparser: we need the span of every expression,
its precision (day, span, week, month, year) and ranges ("between November 5-7",
"October 19-20", "earlier this week", "the late 1980s") — dateparser returns one
datetime and silently falls back to the reference date on what it cannot read. Each
rule below is a regular expression and a resolver; overlapping matches keep the longest.

Relative expressions follow news conventions (the document's publication date is "now"):
a bare weekday is the latest such day on or before publication; "overnight" and "last
night" are the day before; "earlier this week" runs from Monday to publication; "last
week" is the previous Monday to Sunday; a month and day without a year take the
publication year unless that would put them more than six months ahead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from truce.extract.doc import DateMention, Doc
from truce.extract.pipeline import component

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3,
}  # fmt: skip
FUTURE_LIMIT = timedelta(days=183)

_M = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WD = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"

Resolver = Callable[[re.Match[str], date | None], tuple[date, date, str] | None]

#: what each family of rules needs to see before it is worth running: rules run only in
#: windows around these anchors (month names and years are rare in news text)
MONTH_ANCHOR = re.compile(
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUNE?|"
    r"JULY?|AUG|SEPT?|OCT|NOV|DEC)"
)
NUMERIC_ANCHOR = re.compile(r"\d[/.-]\d")
YEAR_ANCHOR = re.compile(r"(?:1[89]|20)\d\d")
WEEKDAY_ANCHOR = re.compile(r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b")
#: matched on the folded (lower-case) text: case-insensitive matching is several times slower
RELATIVE_ANCHOR = re.compile(
    r"(?:today|tonight|yesterday|overnight|night|day|morning|afternoon|evening|moment|week|"
    r"weekend|month|year|ago|days)\b"
)
FOLDED_ANCHORS = frozenset({id(RELATIVE_ANCHOR)})
#: anchors that must start a word; written without a leading ``\b`` (which stops the
#: regex engine from skipping ahead to a possible first letter) and checked in _windows
WORD_START_ANCHORS = frozenset({id(MONTH_ANCHOR), id(YEAR_ANCHOR), id(WEEKDAY_ANCHOR)})
#: how far (characters before, after) the rules of each anchor may reach: relative
#: expressions end with their anchor word ("two days ago", "earlier this week"), month
#: expressions extend both ways ("between November 5-7, 2020")
REACH = {
    id(MONTH_ANCHOR): (45, 45),
    id(NUMERIC_ANCHOR): (12, 12),
    id(YEAR_ANCHOR): (30, 12),
    id(WEEKDAY_ANCHOR): (25, 20),
    id(RELATIVE_ANCHOR): (40, 12),
}
RULES: list[tuple[re.Pattern[str], Resolver, bool, re.Pattern[str], re.Pattern[str] | None]] = []


def rule(
    pattern: str,
    *,
    relative: bool = False,
    flags: int = 0,
    anchor: re.Pattern[str] = MONTH_ANCHOR,
    needs: str | None = None,
) -> Callable[[Resolver], Resolver]:
    """Register a rule; it runs only near matches of ``anchor``, and only in those
    windows that hold ``needs`` (a plain piece that every match of the rule contains,
    such as a digit or "ago", read with the rule's flags): most windows lack it, and a
    search for it is much cheaper than a search for the rule."""

    def register(fn: Resolver) -> Resolver:
        needed = re.compile(needs, flags) if needs is not None else None
        RULES.append((re.compile(pattern, flags), fn, relative, anchor, needed))
        return fn

    return register


# --- helpers -----------------------------------------------------------------------------


def month_number(text: str) -> int:
    return MONTHS[text.lower()[:3]]


def day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def year_for(month: int, day: int, pub: date | None) -> int | None:
    """The year of a month and day given without one: the publication's, unless that
    would be more than six months ahead of it (then the year before)."""
    if pub is None:
        return None
    try:
        candidate = date(pub.year, month, min(day, calendar.monthrange(pub.year, month)[1]))
    except ValueError:
        return None
    return pub.year - 1 if candidate - pub > FUTURE_LIMIT else pub.year


def make(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def span(first: date | None, last: date | None) -> tuple[date, date, str] | None:
    if first is None or last is None or last < first:
        return None
    days = (last - first).days
    if days == 0:
        return first, last, "day"
    if days < 7:
        return first, last, "span"
    if days == 6 or (days <= 7 and first.weekday() == 0):
        return first, last, "week"
    if (
        first.day == 1
        and last == month_span(last.year, last.month)[1]
        and first.month == last.month
    ):
        return first, last, "month"
    if days >= 364:
        return first, last, "year"
    return first, last, "span"


def last_weekday(pub: date, weekday: int) -> date:
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _year(m: re.Match[str], pub: date | None, month: int, day: int) -> int | None:
    y = m.groupdict().get("y")
    return int(y) if y else year_for(month, day, pub)


# --- absolute dates and ranges -----------------------------------------------------------


@rule(
    rf"\b(?P<m1>{_M})\s+(?P<d1>{_D})(?:,?\s+(?P<y1>{_Y}))?\s*(?:-|–|—|to|through|until|till|and)\s*"
    rf"(?P<m2>{_M})\s+(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?\b",
    needs=r"\d",
)
def _month_day_to_month_day(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    m1, d1, m2, d2 = (
        month_number(m["m1"]),
        day_number(m["d1"]),
        month_number(m["m2"]),
        day_number(m["d2"]),
    )
    y2 = int(m["y"]) if m["y"] else year_for(m2, d2, pub)
    y1 = int(m["y1"]) if m["y1"] else (y2 - 1 if y2 is not None and m1 > m2 else y2)
    return span(make(y1, m1, d1), make(y2, m2, d2))


@rule(
    rf"\b(?P<d1>{_D})\s+(?P<m1>{_M})\s*(?:-|–|—|to|until|and)\s*(?P<d2>{_D})\s+(?P<m2>{_M})(?:,?\s+(?P<y>{_Y}))?\b",
    needs=r"\d",
)
def _day_month_to_day_month(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    m1, d1, m2, d2 = (
        month_number(m["m1"]),
        day_number(m["d1"]),
        month_number(m["m2"]),
        day_number(m["d2"]),
    )
    y2 = int(m["y"]) if m["y"] else year_for(m2, d2, pub)
    y1 = y2 - 1 if y2 is not None and m1 > m2 else y2
    return span(make(y1, m1, d1), make(y2, m2, d2))


@rule(
    rf"\b(?P<m>{_M})\s+(?P<d1>{_D})(?:{_DASH}|\s+(?:to|through|until|and|or)\s+)(?P<d2>{_D})"
    rf"(?:,?\s+(?P<y>{_Y}))?(?!\s*(?:st|nd|rd|th)?\s*(?:{_M}|%))\b",
    needs=r"\d",
)
def _month_days(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    month, d1, d2 = month_number(m["m"]), day_number(m["d1"]), day_number(m["d2"])
    year = _year(m, pub, month, d2)
    return span(make(year, month, d1), make(year, month, d2))


@rule(
    rf"\b(?P<d1>{_D})(?:{_DASH}|\s+(?:to|and|or)\s+)(?P<d2>{_D})\s+(?:of\s+)?(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b",
    needs=r"\d",
)
def _days_month(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    month, d1, d2 = month_number(m["m"]), day_number(m["d1"]), day_number(m["d2"])
    year = _year(m, pub, month, d2)
    return span(make(year, month, d1), make(year, month, d2))


@rule(
    rf"\b(?:{_WD},?\s+)?(?P<m>{_M})\s+(?P<d>{_D})(?:,?\s+(?P<y>{_Y}))?(?![\d,.]*\d)\b",
    needs=r"\d",
)
def _month_day(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    month, day = month_number(m["m"]), day_number(m["d"])
    d = make(_year(m, pub, month, day), month, day)
    return (d, d, "day") if d else None


@rule(
    rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b",
    needs=r"\d",
)
def _day_month(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    month, day = month_number(m["m"]), day_number(m["d"])
    d = make(_year(m, pub, month, day), month, day)
    return (d, d, "day") if d else None


@rule(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b",
    anchor=NUMERIC_ANCHOR,
)
def _iso(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    d = make(int(m["y"]), int(m["mo"]), int(m["d"]))
    return (d, d, "day") if d else None


@rule(
    r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b",
    anchor=NUMERIC_ANCHOR,
)
def _numeric(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if m["sep"] == "." or a > 12 else (a, b)
    d = make(int(m["y"]), month, day)
    return (d, d, "day") if d else None


@rule(
    rf"\b(?:(?P<part>early|mid|late|end of|beginning of|the end of|the beginning of)[-\s]+)?"
    rf"(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))\b",
    flags=re.I,
    needs=_Y,
)
def _month_year(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if not m["m"][0].isupper():
        return None
    return _month_part(m["part"], int(m["y"]), month_number(m["m"]))


@rule(
    r"\b(?:(?:in|since|during|until|till|by|through|throughout|from|of|this|last|next|"
    r"early|mid|late)[-\s]+(?:the\s+)?"
    rf"(?:(?P<part>early|mid|late|end of|beginning of)[-\s]+)?)(?P<m>{_M})(?!\s*\d)\b"
)
def _month_alone(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None or not m["m"][0].isupper():
        return None
    month = month_number(m["m"])
    year = pub.year if month <= pub.month else pub.year - 1
    text = m.group().lower()
    if text.startswith("next"):
        year = pub.year if month > pub.month else pub.year + 1
    elif text.startswith("last") and month >= pub.month:
        year = pub.year - 1
    part = m["part"] or next((w for w in ("early", "mid", "late") if text.startswith(w)), None)
    return _month_part(part, year, month)


def _month_part(part: str | None, year: int, month: int) -> tuple[date, date, str] | None:
    first, last = month_span(year, month)
    if part:
        p = part.lower()
        if p.startswith(("early", "beginning")):
            last = date(year, month, 10)
        elif p.startswith("mid"):
            first, last = date(year, month, 11), date(year, month, 20)
        else:
            first = date(year, month, 21)
        return first, last, "span"
    return first, last, "month"


@rule(
    r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?(?P<y>1[89]\d0|20\d0)[’']?s\b",
    flags=re.I,
    anchor=YEAR_ANCHOR,
)
def _decade(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    start = int(m["y"])
    part = (m["part"] or "").lower()
    first, last = {"early": (0, 4), "mid": (3, 7), "late": (6, 9)}.get(part, (0, 9))
    return date(start + first, 1, 1), date(start + last, 12, 31), "year"


@rule(
    rf"(?<![\d,.$€£])\b(?P<y>{_Y})\b(?![,.]?\d|\s*(?:people|soldiers|troops|km|kilometers|%|percent))",
    anchor=YEAR_ANCHOR,
)
def _year_alone(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    year = int(m["y"])
    if pub is not None and year > pub.year + 10:
        return None
    return date(year, 1, 1), date(year, 12, 31), "year"


# --- relative to the publication date ----------------------------------------------------


@rule(
    r"\b(?:(?:earlier|later)\s+)?(?:today|this\s+(?:morning|afternoon|evening)|tonight|"
    r"earlier\s+in\s+the\s+day|at\s+this\s+moment)\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
)
def _today(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    return (pub, pub, "day") if pub else None


@rule(
    r"\b(?:yesterday|last\s+night|overnight|the\s+previous\s+(?:day|night)|the\s+day\s+before)\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
)
def _yesterday(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None:
        return None
    d = pub - timedelta(days=1)
    return d, d, "day"


@rule(
    r"\bthe\s+day\s+before\s+yesterday\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
    needs="yesterday",
)
def _day_before_yesterday(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None:
        return None
    d = pub - timedelta(days=2)
    return d, d, "day"


@rule(
    rf"\b(?:(?P<rel>last|this|next|on|early|late|late\s+on|early\s+on)\s+)?(?P<wd>{_WD})"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?!\s*,?\s*(?:\d|" + _M + r"))\b",
    relative=True,
    anchor=WEEKDAY_ANCHOR,
)
def _weekday(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None or not m["wd"][0].isupper():
        return None
    weekday = WEEKDAYS[m["wd"].lower()[:3]]
    rel = (m["rel"] or "").lower()
    day = last_weekday(pub, weekday)
    if rel == "next":
        day = pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    elif rel == "last" and day == pub:
        day -= timedelta(days=7)
    if m.group().lower().endswith("night") and day == pub:
        pass
    return day, day, "day"


@rule(
    r"\b(?P<early>earlier\s+|later\s+)?(?:(?P<rel>this|last|next|past|previous)\s+)"
    r"(?P<unit>week(?:end)?|month|year)\b|\b(?:over|at|during)\s+the\s+weekend\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
    needs="week|month|year",
)
def _this_last_next(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None:
        return None
    rel = (m["rel"] or "last").lower()
    unit = (m["unit"] or "weekend").lower()
    earlier = bool(m["early"]) and m["early"].lower().startswith("earlier")
    if unit == "weekend":
        saturday = last_weekday(pub, 5)
        if rel == "next":
            saturday += timedelta(days=7)
        elif saturday >= pub - timedelta(days=1) and rel in ("last", "past", "previous"):
            saturday -= timedelta(days=7) if pub.weekday() in (5, 6) else timedelta(0)
        return saturday, saturday + timedelta(days=1), "span"
    if unit == "week":
        start = monday(pub)
        if rel in ("last", "past", "previous"):
            start -= timedelta(days=7)
            return start, start + timedelta(days=6), "week"
        if rel == "next":
            start += timedelta(days=7)
            return start, start + timedelta(days=6), "week"
        return (start, pub, "week") if earlier else (start, start + timedelta(days=6), "week")
    if unit == "month":
        year, month = pub.year, pub.month
        if rel in ("last", "past", "previous"):
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        elif rel == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first, last = month_span(year, month)
        if rel == "this" and earlier:
            last = pub
        return first, last, "month" if not (rel == "this" and earlier) else "span"
    year = pub.year + {"last": -1, "past": -1, "previous": -1, "next": 1}.get(rel, 0)
    first, last = date(year, 1, 1), date(year, 12, 31)
    if rel == "this" and earlier:
        last = pub
    return first, last, "year"


@rule(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
    needs="ago",
)
def _ago(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None:
        return None
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else WORD_NUMBERS.get(re.sub(r"\s+", " ", raw), 1)
    unit = m["unit"].lower()
    if unit == "day":
        d = pub - timedelta(days=n)
        return d, d, "day"
    if unit == "week":
        d = pub - timedelta(days=7 * n)
        return monday(d), monday(d) + timedelta(days=6), "week"
    if unit == "month":
        year, month = pub.year, pub.month - n
        while month < 1:
            year, month = year - 1, month + 12
        first, last = month_span(year, month)
        return first, last, "month"
    return date(pub.year - n, 1, 1), date(pub.year - n, 12, 31), "year"


@rule(
    r"\b(?:in\s+(?:the\s+)?(?:recent|past|last)\s+(?P<n>few\s+|two\s+|three\s+|\d+\s+)?days|"
    r"in\s+recent\s+days)\b",
    relative=True,
    flags=re.I,
    anchor=RELATIVE_ANCHOR,
    needs="days",
)
def _recent_days(m: re.Match[str], pub: date | None) -> tuple[date, date, str] | None:
    if pub is None:
        return None
    return pub - timedelta(days=6), pub, "span"


# --- the component -----------------------------------------------------------------------


#: characters around an anchor that a rule may span
WINDOW = 45  # for anchors without a REACH of their own


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches (so that the check above is exactly a leading ``\\b``)."""
    return ch.isalnum() or ch == "_"


def _windows(text: str, anchor: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
    """Stretches of text around anchors, merged: the rules run only there."""
    spans: list[tuple[int, int]] = []
    size = len(text)
    source = folded if id(anchor) in FOLDED_ANCHORS else text
    before, after = REACH.get(id(anchor), (WINDOW, WINDOW))
    word_start = id(anchor) in WORD_START_ANCHORS
    for m in anchor.finditer(source):
        if word_start and m.start() and _is_word_char(source[m.start() - 1]):
            continue
        start, end = max(0, m.start() - before), min(size, m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    # widen to word boundaries once, so that rules see whole words
    widened = []
    for start, end in spans:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < size and text[end].isalnum():
            end += 1
        widened.append((start, end))
    return widened


def find_dates(text: str, published: date | None, folded: str | None = None) -> list[DateMention]:
    """Every time expression in ``text`` that can be resolved, longest match first.

    ``folded`` is the text folded to lower case with the same length (``textnorm.fold``)
    when the caller already has it."""
    if folded is None:
        folded = text.lower() if len(text.lower()) == len(text) else _fold(text)
    found: list[DateMention] = []
    windows: dict[int, list[tuple[int, int]]] = {}
    for pattern, resolve, relative, anchor, needs in RULES:
        if id(anchor) not in windows:
            windows[id(anchor)] = _windows(text, anchor, folded)
        for m in _scan(pattern, text, windows[id(anchor)], needs):
            try:
                resolved = resolve(m, published)
            except (ValueError, KeyError, OverflowError):
                resolved = None
            if resolved is None:
                continue
            first, last, precision = resolved
            found.append(
                DateMention(m.start(), m.end(), m.group(), first, last, precision, relative)
            )
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return _join_pairs(text, kept)


_AND = re.compile(r"\s*(?:,\s*)?(?:and|or|to|-|–)\s*$")


def _fold(text: str) -> str:
    from truce.reference.textnorm import fold

    return fold(text)


def _scan(  # type: ignore[no-untyped-def]
    pattern: re.Pattern[str],
    text: str,
    windows: list[tuple[int, int]],
    needs: re.Pattern[str] | None = None,
):
    """Matches of ``pattern`` inside the windows (a window bounds lookarounds too, so it is
    widened to word boundaries), skipping the windows without ``needs``."""
    last_end = -1
    for start, end in windows:
        if needs is not None and needs.search(text, start, end) is None:
            continue  # no match can lie in this window
        for m in pattern.finditer(text, start, end):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def _join_pairs(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "on November 1 and November 2" is one span, not two days."""
    out: list[DateMention] = []
    for mention in mentions:
        if (
            out
            and out[-1].precision == "day"
            and mention.precision == "day"
            and _AND.match(text[out[-1].end : mention.start])
            and 0 < (mention.first - out[-1].first).days <= 14
        ):
            prev = out[-1]
            out[-1] = DateMention(
                prev.start,
                mention.end,
                text[prev.start : mention.end],
                prev.first,
                mention.last,
                "span",
                prev.relative or mention.relative,
            )
            continue
        out.append(mention)
    return out


@component("dates", assigns=("dates",))
def dates(doc: Doc) -> Doc:
    doc.dates = find_dates(doc.text, doc.published, doc.user.get("folded"))
    return doc
