"""Moments with zones, calendar arithmetic and term renewal (zones, DST, leap years)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from truce.agreement.model import Term
from truce.agreement.terms import term_state
from truce.agreement.timeutil import add_calendar, parse_duration, parse_moment


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def term(**kw: object) -> Term:
    return Term.model_validate({"length": "P5Y", **kw})


@pytest.mark.parametrize(
    ("text", "zone", "expected", "shown_zone"),
    [
        ("2020-11-10T00:00 Europe/Moscow", None, utc(2020, 11, 9, 21), "Europe/Moscow"),
        ("2020-10-26T08:00+04:00", None, utc(2020, 10, 26, 4), "Etc/GMT-4"),
        ("2020-10-18T00:00", "Asia/Baku", utc(2020, 10, 17, 20), "Asia/Baku"),
        ("2020-11-20", "Asia/Baku", utc(2020, 11, 19, 20), "Asia/Baku"),
        ("2021-07-01T12:00Z", None, utc(2021, 7, 1, 12), "UTC"),
    ],
)
def test_moments_keep_the_instant_and_the_zone(
    text: str, zone: str | None, expected: datetime, shown_zone: str
) -> None:
    m = parse_moment(text, zone)
    assert m.utc == expected
    assert m.zone == shown_zone


def test_a_date_deadline_means_the_end_of_that_local_day() -> None:
    m = parse_moment("2020-11-20", "Asia/Baku")
    assert m.precision == "day"
    assert m.end_of_day() == utc(2020, 11, 20, 20)  # 00:00 on the 21st in Baku
    assert m.display() == "2020-11-20 (+04)"


def test_display_shows_local_time_and_utc() -> None:
    shown = parse_moment("2020-11-10T00:00 Europe/Moscow", None).display()
    assert shown == "2020-11-10 00:00 MSK (2020-11-09 21:00 UTC)"


@pytest.mark.parametrize(
    "bad",
    [
        "2020-13-01",
        "10 November 2020",
        "2020-11-10T25:00 UTC",
        "2020-11-10 Mars/Base",
        "2020-11-10+03:00",
    ],
)
def test_bad_moments_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_moment(bad, "UTC")


def test_durations() -> None:
    assert parse_duration("P5Y").years == 5
    assert parse_duration("P6M").months == 6
    assert parse_duration("PT12H").hours == 12
    assert parse_duration("7d").days == 7
    assert parse_duration("2w").weeks == 2
    assert parse_duration("5 years").years == 5
    for bad in ("P", "5", "soon", "PT", "-P1D"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_calendar_arithmetic_clamps_month_ends_and_leap_days() -> None:
    leap = utc(2024, 2, 29, 12)
    assert add_calendar(leap, parse_duration("P1Y"), "UTC") == utc(2025, 2, 28, 12)
    assert add_calendar(leap, parse_duration("P4Y"), "UTC") == utc(2028, 2, 29, 12)
    assert add_calendar(utc(2021, 1, 31), parse_duration("P1M"), "UTC") == utc(2021, 2, 28)
    assert add_calendar(utc(2021, 3, 31), parse_duration("P1M"), "UTC", sign=-1) == utc(2021, 2, 28)


def test_calendar_days_keep_wall_clock_across_dst() -> None:
    start = parse_moment("2021-03-27T12:00 Europe/Berlin", None).utc  # CET, UTC+1
    after = add_calendar(start, parse_duration("P1D"), "Europe/Berlin")
    assert after == utc(2021, 3, 28, 10)  # 12:00 CEST, UTC+2: 23 elapsed hours
    assert add_calendar(start, parse_duration("PT24H"), "Europe/Berlin") == utc(2021, 3, 28, 11)
    gap = parse_moment("2021-03-28T02:30 Europe/Berlin", None)  # does not exist: moves on
    assert gap.utc == utc(2021, 3, 28, 1, 30)


def test_trilateral_statement_term_expiry_and_notice() -> None:
    start = parse_moment("2020-11-10T00:00 Europe/Moscow", None).utc
    t = term(renewal="automatic", notice="P6M")
    st = term_state(t, start, "Europe/Moscow", utc(2021, 1, 1))
    assert st.period == 1
    assert st.period_end == utc(2025, 11, 9, 21)  # 00:00 Moscow, 10 November 2025
    assert st.notice_by == utc(2025, 5, 9, 21)  # 00:00 Moscow, 10 May 2025
    assert st.last_notice_day == date(2025, 5, 9)  # notice must come before that midnight
    assert st.renews and not st.ended
    later = term_state(t, start, "Europe/Moscow", utc(2026, 1, 1))
    assert later.period == 2
    assert later.period_start == utc(2025, 11, 9, 21)
    assert later.period_end == utc(2030, 11, 9, 21)


def test_term_in_a_dst_zone_keeps_local_midnight() -> None:
    start = parse_moment("2020-01-15T00:00 America/New_York", None).utc  # EST, UTC-5
    st = term_state(
        term(length="P6M", renewal="automatic", notice="P1M"), start, "America/New_York", start
    )
    assert st.period_end == utc(2020, 7, 15, 4)  # 00:00 EDT, UTC-4
    assert st.notice_by == utc(2020, 6, 15, 4)


def test_leap_day_start_renews_from_the_original_anniversary() -> None:
    start = utc(2020, 2, 29)
    t = term(length="P1Y", renewal="automatic")
    assert term_state(t, start, "UTC", utc(2020, 6, 1)).period_end == utc(2021, 2, 28)
    assert term_state(t, start, "UTC", utc(2023, 6, 1)).period_end == utc(2024, 2, 29)


def test_fixed_term_and_limited_renewals_end() -> None:
    start = utc(2020, 1, 1)
    fixed = term_state(term(length="P1Y"), start, "UTC", utc(2021, 6, 1))
    assert fixed.ended and not fixed.renews and fixed.final_end == utc(2021, 1, 1)
    limited = term(length="P1Y", renewal="automatic", max_renewals=2)
    assert term_state(limited, start, "UTC", utc(2022, 6, 1)).renews is False
    assert term_state(limited, start, "UTC", utc(2023, 6, 1)).ended


def test_a_notice_in_time_stops_the_next_renewal_a_late_one_the_one_after() -> None:
    start = utc(2020, 1, 1)
    base = {"length": "P2Y", "renewal": "automatic", "notice": "P6M"}
    on_time = Term.model_validate(
        {
            **base,
            "notices": [
                {"date": {"utc": "2021-05-01T00:00:00Z", "zone": "UTC"}, "by": "x", "source": "s"}
            ],
        }
    )
    late = Term.model_validate(
        {
            **base,
            "notices": [
                {"date": {"utc": "2021-09-01T00:00:00Z", "zone": "UTC"}, "by": "x", "source": "s"}
            ],
        }
    )
    assert term_state(on_time, start, "UTC", utc(2022, 6, 1)).ended
    st = term_state(late, start, "UTC", utc(2022, 6, 1))
    assert not st.ended and st.period == 2 and st.final_end == utc(2024, 1, 1)
