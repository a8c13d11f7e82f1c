"""Sentence boundaries in hard-wrapped news text."""

from __future__ import annotations

from truce.extract.sentences import split


def _texts(text: str) -> list[str]:
    return [" ".join(text[s.start : s.end].split()) for s in split(text)]


def test_sentences_abbreviations_and_initials() -> None:
    text = "Gen. Onik Gasparyan spoke on Nov. 17, 2020. J. Smith of the U.S. team agreed. It ended."
    assert _texts(text) == [
        "Gen. Onik Gasparyan spoke on Nov. 17, 2020.",
        "J. Smith of the U.S. team agreed.",
        "It ended.",
    ]


def test_sentences_hard_wrapped_lines_join_and_paragraphs_split() -> None:
    text = (
        "The ministry said that shelling\ncontinued overnight.\n\n"
        "Heavy Fighting Reported\n\nA new paragraph."
    )
    sentences = split(text)
    assert _texts(text) == [
        "The ministry said that shelling continued overnight.",
        "Heavy Fighting Reported",
        "A new paragraph.",
    ]
    assert [s.heading for s in sentences] == [False, True, False]
    assert [s.paragraph for s in sentences] == [0, 1, 2]


def test_sentences_quotes_and_questions() -> None:
    text = "“The group was thrown back,” the report said. “Is that good?” Putin asked. He left."
    assert _texts(text) == [
        "“The group was thrown back,” the report said.",
        "“Is that good?” Putin asked.",
        "He left.",
    ]


def test_sentences_bullets() -> None:
    text = "The main points:\n  • Peacekeepers are deployed.\n  • Refugees return."
    sentences = split(text)
    assert _texts(text) == ["The main points:", "Peacekeepers are deployed.", "Refugees return."]
    assert [s.bullet for s in sentences] == [False, True, True]
