"""Cut a sentence into clauses, one per event it reports.

"X attacked A and shelled B" holds two claims when they differ; a reporting tail
("..., the ministry said") or a clause without an event word is not a claim of its own
and joins its neighbour. Cuts are made only at clause openers (conjunctions followed by
a new subject, relative pronouns, participles after a comma, semicolons, "a claim denied
by ..."), and neighbouring pieces of the same type are rejoined unless they carry
different dates.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from truce.extract.doc import DateMention, Trigger

_OPENERS = re.compile(
    r";\s*"
    r"|,\s*(?:but|while|whereas|although|though|yet)\s+(?!\w+ing\b)"
    r"|\s+(?:but|whereas)\s+"
    r"|,\s*(?:and|or)\s+(?=(?:then\s+|later\s+|thus\s+|so\s+)?(?:the|a|an|its|their|his|her|it|he|she|they|we|I|this|that|these|those|[A-Z]\w*)\b)"
    r"|\s+and\s+that\s+"
    r"|,?\s+and\s+(?=which\b|who\b)"
    r"|,\s*(?=(?:we|they|he|she|I)\s+[a-z]+)"
    r"|,\s*(?:and\s+)?(?=if\b|unless\b)"
    r"|\s+and\s+(?=(?:this|these|then|later|thus)\b)"
    r"|\s+and\s+(?=(?:urged|called|demanded|warned|said|added|denied|accused|declared|"
    r"announced|stressed|insisted|appealed|rejected)\b)"
    r"|\s+(?:that|which)\s+(?=(?:left|killed|claimed\s+the\s+lives|cost)\b)"
    r"|,\s+(?=(?:[A-Z][\w-]*\s+){1,3}(?:will|would|have|has|had|are|is|were|was|must|should)\b)"
    r"|,\s*(?:which|who|whom|where|when)\s+"
    r"|\s+where\s+(?=[a-z]*\s*[A-Z]|the\s)"
    r"|,\s*(?:a|the)\s+(?:claim|charge|report|allegation|accusation)s?\s+(?=(?:\w+\s+)?(?:denied|rejected|dismissed|refuted))"
    r"|,\s*(?=(?:on|in)\s+(?:the\s+)?contrary\b)"
    r"|,\s*(?=[a-z]+ing\b(?!\s+to\b))"
    r"|\s+(?=culminating\b)"
    r"|\s+as\s+(?=(?:the\s+|a\s+)?[A-Z]\w+\s+\w+|(?:the|a|an)\s+\w+\s+(?:\w+\s+)?(?:was|were|is|are|had|has|worked|continued))"
    r"|\s+than\s+(?=(?:\w+ly\s+)?\w+ed\b)"
)
#: where an opener can start: every alternative of _OPENERS begins with ";", "," or
#: spaces before one of these words (a cheap scan; _OPENERS is tried only there)
_OPENER_START = re.compile(
    r"[;,]|\s+(?=(?:but|whereas|and|that|which|where|culminating|as|than)\b)"
)


def _openers(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_OPENERS.finditer(text, start, end)``, tried only where an opener can start."""
    pos = start
    while True:
        candidate = _OPENER_START.search(text, pos, end)
        if candidate is None:
            return
        m = _OPENERS.match(text, candidate.start(), end)
        if m is not None:
            yield m
            pos = m.end()
        else:
            pos = candidate.start() + 1


_INTRO = re.compile(
    r"\s*(?:Following|After|Before|Despite|Amid|Since|During|Ahead of|Prior to|Due to|"
    r"Because of|Days after|Weeks after|Hours after|As a result of|In the wake of|In response to)"
    r"\b[^,]{0,120},"
)


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    triggers: list[Trigger] = field(default_factory=list)
    main: Trigger | None = None
    dates: list[DateMention] = field(default_factory=list)
    denied: bool = False  # holds a denial or negation cue


def cut(
    text: str,
    start: int,
    end: int,
    events: list[Trigger],
    dates: list[DateMention],
    denials: list[Trigger] | None = None,
) -> list[Clause]:
    """Clauses of the sentence ``text[start:end]`` that each hold at least one event."""
    if (
        len({e.type for e in events}) == 1
        and len({(d.first, d.last) for d in dates}) <= 1
        and not denials
        and not _HYPOTHETICAL.search(text, start, end)
    ):
        # one kind of event, one time, nothing denied: whatever the cuts, the pieces would
        # be joined again into one clause (the common case, and a fast one)
        intro = _INTRO.match(text, start, end)
        return [
            Clause(
                start,
                end,
                list(events),
                _main(text, events, intro.end() if intro else None),
                list(dates),
            )
        ]
    bounds = [start]
    for m in _openers(text, start, end):
        cut_at = m.start()
        while cut_at < m.end() and text[cut_at] in ",; \n\t\r":
            cut_at += 1
        if cut_at > bounds[-1] + 2 and cut_at < end - 2:
            bounds.append(cut_at)
    bounds.append(end)
    pieces = [Clause(a, b) for a, b in itertools.pairwise(bounds) if b > a]
    for trig in events:
        for piece in pieces:
            if piece.start <= trig.start < piece.end:
                piece.triggers.append(trig)
                break
    for mention in dates:
        for piece in pieces:
            if piece.start <= mention.start < piece.end:
                piece.dates.append(mention)
                break
    for cue in denials or []:
        for piece in pieces:
            if piece.start <= cue.start < piece.end:
                piece.denied = True
                break
    intro = _INTRO.match(text, start, end)
    for piece in pieces:
        piece.main = _main(text, piece.triggers, intro.end() if intro else None)
    pieces = [p for p in pieces if not _HYPOTHETICAL_START.match(text, p.start)]
    return _merge(text, pieces)


_HYPOTHETICAL = re.compile(r"\b(?:if|unless)\b", re.I)
_HYPOTHETICAL_START = re.compile(r"\s*(?:and\s+)?(?:if|unless)\b", re.I)
_TEMPORAL_PREP = re.compile(
    r"\b(?:since|after|before|following|until|till|ahead\s+of|prior\s+to|amid|despite)"
    r"(?:\s+(?:a|an|the|its|their|his|her|this|that|these|those|three|two|several|\w+ed|\d{4}))*\s+$",
    re.I,
)
_ADJECTIVAL = re.compile(r"(?:\b\w+ly|\b(?:the|a|an|its|their|his|her|this|our|newly|-))\s*$", re.I)


def weight(text: str, trig: Trigger, others: list[Trigger]) -> float:
    """How strongly a trigger names its clause's event, in context.

    A participle used as an adjective ("internationally accepted formulation", "the
    U.S.-brokered deal", "mediated ceasefire") does not govern the clause; an event noun
    that only dates another event ("since a 1994 ceasefire", "after the attack") is a
    reference point, not what is reported.
    """
    w = trig.weight
    if trig.pos == "verb" and trig.text.lower().endswith("ed"):
        before = text[max(0, trig.start - 24) : trig.start]
        follows_noun = any(0 <= o.start - trig.end <= 2 and o.pos == "noun" for o in others)
        if _ADJECTIVAL.search(before) or follows_noun:
            w = min(w, 1)
    if trig.pos == "noun" and _TEMPORAL_PREP.search(text[max(0, trig.start - 60) : trig.start]):
        w = min(w, 0.5)
    return w


def _main(text: str, triggers: list[Trigger], intro_end: int | None) -> Trigger | None:
    """The trigger that names the clause's event: heaviest in context, then earliest.

    Event words inside an introductory adjunct ("Following the refusal, ...") only
    count when nothing else in the clause names an event.
    """
    if not triggers:
        return None
    ranked = [t for t in triggers if intro_end is None or t.start >= intro_end] or triggers
    if len(ranked) == 1:
        return ranked[0]
    return max(ranked, key=lambda t: (weight(text, t, triggers), -t.start))


def _merge(text: str, pieces: list[Clause]) -> list[Clause]:
    merged: list[Clause] = []
    for piece in pieces:
        if merged and (
            piece.main is None or merged[-1].main is None or _same_event(merged[-1], piece, text)
        ):
            last = merged[-1]
            combined = Clause(
                last.start,
                piece.end,
                last.triggers + piece.triggers,
                dates=last.dates + piece.dates,
            )
            combined.main = _main(text, combined.triggers, None) if combined.triggers else None
            merged[-1] = combined
        else:
            merged.append(piece)
    return [c for c in merged if c.main is not None]


_RESULT = re.compile(r"\s*(?:which|that|killing|wounding|injuring|leaving|causing)\b", re.I)


def _same_event(a: Clause, b: Clause, text: str = "") -> bool:
    if a.main is None or b.main is None:
        return False
    if a.main.type == "ASSAULT" and b.main.type == "CASUALTIES" and _RESULT.match(text, b.start):
        return True  # "rockets hit Barda, killing two": the toll of the same attack
    if a.main.type != b.main.type or a.denied != b.denied:
        return False
    days_a = {(d.first, d.last) for d in a.dates}
    days_b = {(d.first, d.last) for d in b.dates}
    return not (days_a and days_b and days_a != days_b)
