"""The shortcuts taken for speed give exactly what the plain way gives.

Each fast path (a cheap scan before an expensive pattern, number patterns tried only where
a number can start) must not change a single result; these properties compare both ways
on text made of the words the patterns care about.
"""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from truce.extract import dates as date_rules
from truce.extract.clauses import _OPENERS, _openers
from truce.extract.doc import Doc
from truce.extract.figures import figures, find_figures
from truce.extract.sentences import normalise, sentences

PIECES = st.sampled_from(
    [
        "but", "whereas", "and", "that", "which", "where", "culminating", "as", "than",
        "The", "the", "a", "if", "unless", "we", "they", "Army", "was", "killed", "left",
        "saying", "on", "contrary", "claim", "denied", "then", "said", "Ministry", "is",
        "two", "twenty-five", "a hundred", "1,177", "3.5 million", "dozens of", "tens of",
        "thousands", "several", "soldiers", "civilians", "wounded", "T-72", "No. 5", "2020",
        "people", "were", "a civilian was killed", "at least", "between", "and 40", "or more",
    ]
)  # fmt: skip
GLUE = st.sampled_from([" ", ", ", "; ", ". ", "\n", "  ", "", "-"])
TEXT = st.lists(st.tuples(PIECES, GLUE), max_size=40).map(
    lambda parts: "".join(word + glue for word, glue in parts)
)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.data())
def test_clause_openers_are_found_as_by_a_full_scan(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    plain = [m.span() for m in _OPENERS.finditer(text, start, end)]
    assert [m.span() for m in _openers(text, start, end)] == plain


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("twosoldiers ")  # a number word glued to the next word: the scan still tries it
def test_figures_component_finds_what_a_scan_of_each_sentence_finds(text: str) -> None:
    doc = sentences(normalise(Doc(text)))
    doc.dates = []
    found = figures(doc).figures
    plain = [f for s in doc.sentences for f in find_figures(text, s.start, s.end, [], checked=True)]
    assert found == plain


DATE_PIECES = st.sampled_from(
    [
        "November", "Nov.", "March", "Mar", "Martuni", "May", "Mayor", "Monday", "Tues",
        "1", "2", "17", "31st", "2020", "1994", "1990s", "12/11/2020", "2020-11-04", "-",
        "to", "and", "through", "of", "the", "early", "late", "in", "since", "last", "this",
        "next", "week", "weekend", "month", "year", "days", "day", "ago", "two", "a few",
        "yesterday", "today", "night", "overnight", "before", "earlier", "recent", "past",
        "AGO", "Days", "YESTERDAY", "Week",
    ]
)  # fmt: skip
DATE_TEXT = st.lists(st.tuples(DATE_PIECES, GLUE), max_size=30).map(
    lambda parts: "".join(word + glue for word, glue in parts)
)


@settings(max_examples=400, deadline=None)
@given(DATE_TEXT)
@example("on November 5-7, 2020 and two days ago")
def test_date_rules_skip_only_windows_without_what_they_need(text: str) -> None:
    published = date(2020, 11, 18)
    fast = date_rules.find_dates(text, published)
    rules = list(date_rules.RULES)
    try:  # every rule in every window of its anchor
        date_rules.RULES[:] = [(*entry[:4], None) for entry in rules]
        plain = date_rules.find_dates(text, published)
    finally:
        date_rules.RULES[:] = rules
    assert plain == fast
