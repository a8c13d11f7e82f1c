"""Property-based robustness: any text, any size, never an exception, always valid spans."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.extract import extract
from truce.extract.output import document_json

NEWSY = st.sampled_from(
    [
        "Azerbaijan denied shelling Shusha on Tuesday.",
        "“The enemy attacked,” the ministry said.",
        "Over 4,000 people have died; tens of thousands are wounded.",
        "Russian peacekeepers deployed near Stepanakert (Khankendi).",
        "According to Armenia's Defense Ministry, 12 soldiers were killed between November 5-7.",
        "\n\n",
        " • ",
        "“",
        "”",
        "(",
        ")",
        "—",
        "1,177",
        "Gen. ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(NEWSY, st.text(max_size=20)), max_size=40).map("".join),
)


def _check(text: str) -> None:
    doc = extract(text, published=date(2020, 11, 4))
    encoded = json.dumps(document_json("x", doc), ensure_ascii=False)
    assert json.loads(encoded)["doc"] == "x"
    for claim in doc.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == doc.text[claim.start : claim.end]
        for place in claim.places:
            assert place.start is None or 0 <= place.start < place.end <= len(text)
        for figure in claim.figures:
            assert 0 <= figure.start < figure.end <= len(text)
            assert text[figure.start : figure.end] == figure.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_extract_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=4000), st.sampled_from(["attack ", "1 ", "Shusha ", "x"]))
def test_extract_huge_sentences_and_no_punctuation(repeat: int, unit: str) -> None:
    _check(unit * repeat)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), max_size=200))
def test_extract_only_numbers(numbers: list[int]) -> None:
    _check(" ".join(str(n) for n in numbers))
