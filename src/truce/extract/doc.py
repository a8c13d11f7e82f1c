"""The one document object that every extraction component reads and annotates.

Like a spaCy ``Doc``: the text never changes, components add layers of spans over it
(sentences, places, actors, dates, figures, event triggers, quotations, claims). Every
span is a pair of character offsets into ``text`` (end exclusive), so any layer can be
shown against the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    heading: bool = False  # a title or caption line without final punctuation
    bullet: bool = False  # an item of a bulleted or numbered list


@dataclass(slots=True)
class DateMention:
    """A time expression resolved to a day range: ``first``..``last`` inclusive."""

    start: int
    end: int
    text: str
    first: date
    last: date
    precision: str  # day, span, week, month, year
    relative: bool = False  # resolved against the publication date


@dataclass(slots=True)
class FigureMention:
    """A count of people or things: ``value`` as stated, ``low``/``high`` bounds."""

    start: int
    end: int
    text: str
    kind: str  # killed, wounded, missing, displaced, personnel, equipment
    value: int | None
    low: int | None
    high: int | None


@dataclass(slots=True)
class Trigger:
    """A word or phrase that names an event or a speech act."""

    start: int
    end: int
    text: str
    type: str  # a guideline event type, or "" for role-only cues
    role: str  # event, speech, report, deny, negation
    plover: str | None = None
    mode: str | None = None
    weight: float = 1
    pos: str = "verb"


@dataclass(slots=True)
class Speaker:
    name: str
    side: str | None
    actor_id: str | None = None
    start: int | None = None
    end: int | None = None
    kind: str | None = None  # person, body, force, state, outlet, group, nationality


@dataclass(slots=True)
class ClaimPlace:
    name: str
    lat: float | None
    lon: float | None
    place_id: str | None = None
    kind: str | None = None
    start: int | None = None
    end: int | None = None
    display: str | None = None


@dataclass(slots=True)
class Claim:
    start: int
    end: int
    type: str
    polarity: str = "assert"
    speaker: Speaker | None = None
    places: list[ClaimPlace] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    precision: str | None = None
    date_text: str | None = None
    figures: list[FigureMention] = field(default_factory=list)
    plover: str | None = None
    mode: str | None = None
    sentence: int = 0
    trigger: Trigger | None = None
    confidence: float = 0.5
    modality: str = "factual"  # factual, planned (will, must, by a deadline), hypothetical


@dataclass(slots=True)
class Doc:
    """A text and everything the pipeline found in it."""

    text: str
    published: date | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)  # reference.gazetteer.PlaceMention
    actors: list[Any] = field(default_factory=list)  # reference.actors.ActorMention
    dates: list[DateMention] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # quotation spans
    claims: list[Claim] = field(default_factory=list)
    user: dict[str, Any] = field(default_factory=dict)  # for components added by users

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]
