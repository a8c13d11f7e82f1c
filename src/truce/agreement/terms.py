"""Terms and renewals: when an obligation's period ends and when notice must be given.

Period ends are computed from the original start (start + length + k x renewal), so
month-end clamping never accumulates (31 January + 1, 2, 3 months: 28/29 February,
31 March, 30 April). Arithmetic is on the wall clock of the agreement's zone, see
:func:`truce.agreement.timeutil.add_calendar`. The notice deadline of a period is its end
minus the notice period: notice must be given *before* that instant, so when it falls at
midnight the last day to give notice is the day before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from truce.agreement.model import AgreementFile, Term
from truce.agreement.timeutil import Duration, Moment, add_calendar

MAX_PERIODS = 10_000


@dataclass(frozen=True, slots=True)
class TermState:
    """Where a term stands at a moment."""

    start: datetime
    period: int  # 1-based; 0 = not started yet
    period_start: datetime
    period_end: datetime  # expiry of the current (or first, or last) period
    notice_by: datetime | None  # notice must be given before this to stop the renewal
    last_notice_day: date | None
    renews: bool  # the current period is followed by another
    ended: bool  # the whole term is over at ``at``
    final_end: datetime | None  # when the term ends for good, if known
    zone: str

    def describe(self) -> str:
        tz = ZoneInfo(self.zone)
        fmt = "%Y-%m-%d %H:%M %Z"
        if self.ended:
            return (
                f"term ended {self.final_end.astimezone(tz):{fmt}}" if self.final_end else "ended"
            )
        label = "starts" if self.period == 0 else f"period {self.period}"
        text = f"{label}: expires {self.period_end.astimezone(tz):{fmt}}"
        if self.renews and self.notice_by is not None and self.last_notice_day is not None:
            text += f", renews unless notice by {self.last_notice_day.isoformat()}"
        elif self.renews:
            text += ", renews automatically"
        else:
            text += ", no renewal"
        return text


def period_end(start: datetime, term: Term, k: int, zone: str) -> datetime:
    """The end of period ``k`` (1-based)."""
    renewal = term.renewal_length or term.length
    total: Duration = term.length.plus(renewal.scaled(k - 1)) if k > 1 else term.length
    return add_calendar(start, total, zone)


def notice_deadline(end: datetime, term: Term, zone: str) -> tuple[datetime, date] | None:
    """The instant before which notice must be given for a period ending at ``end``."""
    if term.notice is None:
        return None
    when = add_calendar(end, term.notice, zone, sign=-1)
    local = when.astimezone(ZoneInfo(zone))
    last_day = (
        local.date() - timedelta(days=1) if local.time() == local.time().min else local.date()
    )
    return when, last_day


def last_period(start: datetime, term: Term, zone: str) -> int | None:
    """The number of the final period, or None if the term renews without end."""
    if term.renewal == "none":
        return 1
    limit = None if term.max_renewals is None else term.max_renewals + 1
    for notice in sorted(term.notices, key=lambda n: n.date.utc):
        k = 1
        while k <= MAX_PERIODS and (limit is None or k <= limit):
            end = period_end(start, term, k, zone)
            deadline = notice_deadline(end, term, zone)
            cutoff = deadline[0] if deadline else end
            if notice.date.utc < cutoff:
                return k if limit is None else min(k, limit)
            k += 1
    return limit


def term_state(term: Term, start: datetime, zone: str, at: datetime) -> TermState:
    """The term at ``at``: current period, its expiry, notice deadline, renewal."""
    final = last_period(start, term, zone)
    if at < start:
        k = 1
    else:
        k = 1
        while k < MAX_PERIODS and period_end(start, term, k, zone) <= at:
            if final is not None and k >= final:
                break
            k += 1
    end = period_end(start, term, k, zone)
    begin = start if k == 1 else period_end(start, term, k - 1, zone)
    renews = final is None or k < final
    notice = notice_deadline(end, term, zone) if renews else None
    ended = final is not None and at >= period_end(start, term, final, zone)
    final_end = period_end(start, term, final, zone) if final is not None else None
    return TermState(
        start=start,
        period=0 if at < start else k,
        period_start=begin,
        period_end=end,
        notice_by=notice[0] if notice else None,
        last_notice_day=notice[1] if notice else None,
        renews=renews,
        ended=ended,
        final_end=final_end,
        zone=zone,
    )


def term_start(term: Term, agreement: AgreementFile, effective: Moment) -> Moment:
    """The moment a term starts; its zone is the one the term's dates are counted in
    (a term from 00:00 Moscow time ends at 00:00 Moscow time)."""
    if isinstance(term.start, Moment):
        return term.start
    if term.start == "signed" and agreement.signed is not None:
        return agreement.signed
    return effective
