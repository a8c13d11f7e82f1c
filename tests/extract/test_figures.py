"""Figures: kind, value and bounds from numbers, words and hedges."""

from __future__ import annotations

import pytest

from truce.extract.figures import find_figures, parse_number


def _figures(text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(f.kind, f.value, f.low, f.high) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry confirmed 1,177 deaths among servicemen.", [("killed", 1177, None, None)]),
        ("Officials estimated as many as 5,000 deaths.", [("killed", 5000, None, 5000)]),
        ("over 4,000 people have died", [("killed", 4000, 4000, None)]),
        ("Tens of thousands are wounded.", [("wounded", None, 10000, None)]),
        ("The mission includes 30 people.", [("personnel", 30, None, None)]),
        ("the number of such fighters is approaching 2,000", [("personnel", 2000, None, 2000)]),
        ("a war that left 30,000 people dead", [("killed", 30000, None, None)]),
        ("scores of deaths among civilians", [("killed", None, 40, None)]),
        ("destroying several tanks", [("equipment", None, 3, None)]),
        (
            "shelling killed five civilians and wounded 11",
            [("killed", 5, None, None), ("wounded", 11, None, None)],
        ),
        (
            "at least 11 civilians were killed and 30 wounded",
            [("killed", 11, 11, None), ("wounded", 30, None, None)],
        ),
        ("twenty-five soldiers were injured", [("wounded", 25, None, None)]),
        ("between 100 and 200 people fled", [("displaced", None, 100, 200)]),
        (
            "1,960 troops with 90 armoured personnel carriers",
            [("personnel", 1960, None, None), ("equipment", 90, None, None)],
        ),
        ("A civilian was killed in the shelling.", [("killed", 1, None, None)]),
        ("the death toll rose to 41", [("killed", 41, None, None)]),
    ],
)
def test_figures(text: str, expected: list[tuple[str, int | None, int | None, int | None]]) -> None:
    assert _figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "some 10 kilometers south of the town",
        "three humanitarian ceasefires collapsed",
        "repulsed two attacks",
        "destroyed T-72 tanks and a Su-25 aircraft",  # model numbers are no counts
        "Thousands of Armenians live in the capital",  # people, but nothing happened to them
        "Resolution 822 of the Security Council",
        "28 families returned to the village",
    ],
)
def test_not_figures(text: str) -> None:
    assert [(k, v) for k, v, _, _ in _figures(text) if v is not None] == []


def test_parse_number() -> None:
    assert parse_number("1,177") == 1177
    assert parse_number("1.5 million") == 1_500_000
    assert parse_number("twenty-five") == 25
    assert parse_number("two hundred and fifty") == 250
    assert parse_number("a hundred") == 100
