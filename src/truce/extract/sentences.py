"""Sentence boundaries for news text, hard-wrapped or not.

Rules, not a model: paragraphs end at blank lines and bulleted lines; inside a paragraph
single line breaks are spaces; a sentence ends at ``.``, ``!`` or ``?`` (with any closing
quotes or brackets) followed by a capital, a digit or an opening quote, except after an
abbreviation or an initial ("Gen.", "Nov. 17", "U.S.", "J. Smith"), and except where a
quotation ending in ``?``/``!`` runs on into its attribution ("...?” Putin asked.").
A paragraph without final punctuation is a heading or caption.
"""

from __future__ import annotations

import re

from truce.extract.doc import Doc, Sentence
from truce.extract.pipeline import component

ABBREVIATIONS = frozenset(
    [
        "adm",
        "brig",
        "capt",
        "cmdr",
        "col",
        "cpl",
        "dr",
        "gen",
        "gov",
        "hon",
        "lt",
        "maj",
        "messrs",
        "mr",
        "mrs",
        "ms",
        "mt",
        "pres",
        "prof",
        "rep",
        "rev",
        "sen",
        "sgt",
        "sr",
        "jr",
        "st",
        "ave",
        "blvd",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "vol",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "u.s.a",
        "e.u",
        "d.c",
    ]
)

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?=[ \t]*(?:[•▪●◦‣∙·*]|-\s|\d+[.)]\s))")
_END = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[A-Z0-9\u0400-\u04ff\u0530-\u058f])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_ATTRIBUTION = re.compile(
    r"\s+(?:[A-Z][\w’'-]*\s+){1,4}(?:said|asked|added|wrote|noted|told|stressed|replied)\b"
)
_BULLET = re.compile(r"\s*(?:[•▪●◦‣∙·*]|-(?=\s))\s*")


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` as spans (whitespace and bullets trimmed)."""
    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(_paragraphs(text)):
        bullet = _BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        found = _sentences(text, start, end, number)
        for sentence in found:
            sentence.bullet = bool(bullet)
        sentences.extend(found)
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((position, m.start()))
        position = m.end() if m.group().strip() == "" else m.start() + 1
    spans.append((position, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _sentences(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    out: list[Sentence] = []
    begin = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        if _is_abbreviation(text, m.start(), m.group()):
            continue
        if (
            m.group()[0] in "?!"
            and m.group()[-1] in "”\"’'"
            and _ATTRIBUTION.match(text, stop, end)
        ):
            continue
        _add(out, text, begin, stop, paragraph)
        begin = stop
    _add(out, text, begin, end, paragraph)
    return out


def _is_abbreviation(text: str, dot: int, punctuation: str) -> bool:
    if not punctuation.startswith(".") or len(punctuation.rstrip("\"”’'»)]")) > 1:
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower().rstrip(".") in ABBREVIATIONS


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    unfinished = text[end - 1] not in ".!?\"”’'»:;)"
    out.append(Sentence(start, end, paragraph, heading=unfinished and _short(text, start, end)))


def _short(text: str, start: int, end: int) -> bool:
    return len(text[start:end].split()) <= 25


@component("normalise", assigns=("folded",))
def normalise(doc: Doc) -> Doc:
    """A folded copy of the text (lower case, no diacritics, one kind of quote and dash)
    with the same length, so that matchers work on it and report offsets into the text."""
    from truce.reference.textnorm import fold

    doc.user["folded"] = fold(doc.text)
    return doc


@component("sentences", assigns=("sentences",))
def sentences(doc: Doc) -> Doc:
    doc.sentences = split(doc.text)
    return doc
