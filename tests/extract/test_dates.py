"""Time expressions resolved against the publication date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from truce.extract.dates import find_dates

PUB = date(2020, 11, 4)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("shelling on November 3 near the village", "2020-11-03", "2020-11-03", "day"),
        ("clashes on 3 November", "2020-11-03", "2020-11-03", "day"),
        ("fighting between November 5-7 around the town", "2020-11-05", "2020-11-07", "span"),
        ("talks on October 19-20 in Moscow", "2020-10-19", "2020-10-20", "span"),
        ("calls on November 1 and 2, respectively", "2020-11-01", "2020-11-02", "span"),
        ("from November 15 to December 1", "2020-11-15", "2020-12-01", "span"),
        ("on Wednesday morning", "2020-11-04", "2020-11-04", "day"),
        ("said on Tuesday", "2020-11-03", "2020-11-03", "day"),
        ("last Wednesday", "2020-10-28", "2020-10-28", "day"),
        ("earlier this week", "2020-11-02", "2020-11-04", "week"),
        ("last week", "2020-10-26", "2020-11-01", "week"),
        ("erupted last month", "2020-10-01", "2020-10-31", "month"),
        ("in June 2020", "2020-06-01", "2020-06-30", "month"),
        ("in the year of 1988", "1988-01-01", "1988-12-31", "year"),
        ("in the late 1980s", "1986-01-01", "1989-12-31", "year"),
        ("in the early 1990s", "1990-01-01", "1994-12-31", "year"),
        ("over the weekend", "2020-10-31", "2020-11-01", "span"),
        ("overnight", "2020-11-03", "2020-11-03", "day"),
        ("yesterday", "2020-11-03", "2020-11-03", "day"),
        ("two days ago", "2020-11-02", "2020-11-02", "day"),
        ("11/04/2020", "2020-11-04", "2020-11-04", "day"),
        ("04.11.2020", "2020-11-04", "2020-11-04", "day"),
        ("2020-11-04", "2020-11-04", "2020-11-04", "day"),
        ("in mid-October", "2020-10-11", "2020-10-20", "span"),
    ],
)
def test_dates_resolve(text: str, first: str, last: str, precision: str) -> None:
    (mention,) = find_dates(text, PUB)
    assert (mention.first.isoformat(), mention.last.isoformat(), mention.precision) == (
        first,
        last,
        precision,
    )


def test_dates_month_without_year_far_ahead_is_last_year() -> None:
    (mention,) = find_dates("fighting on December 28", date(2021, 1, 5))
    assert mention.first == date(2020, 12, 28)


def test_dates_weekday_on_publication_day_is_that_day() -> None:
    (mention,) = find_dates("on Wednesday", PUB)
    assert mention.first == PUB


def test_dates_not_numbers_or_modal_verbs() -> None:
    assert find_dates("1,177 deaths and 10 million people; it may be so", PUB) == []
    assert find_dates("the 10 kilometers road", PUB) == []


def test_dates_relative_need_publication_date() -> None:
    assert find_dates("on Tuesday", None) == []
    assert find_dates("November 3, 2020", None)[0].first == date(2020, 11, 3)
