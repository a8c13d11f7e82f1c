"""Asserted or denied: "Azerbaijan denied losing any tanks", "no shelling took place".

A clause is denied when a denial verb comes before its event word in the same clause
("denies targeting civilians", "denied media reports of continued clashes"), when the
clause is a denial of the previous one ("a claim denied by Armenians"), or when a
negation governs the event word closely ("did not shell", "no attack", "has not yet been
possible to agree"). "not only ... but also" is not a negation.
"""

from __future__ import annotations

import re

from truce.extract.doc import Trigger

_NOT_NEGATING = re.compile(r"\bnot\s+only\b|\bno\s+doubt\b|\bnot\s+least\b|\bno\s+sooner\b", re.I)
_WORDS = re.compile(r"[\w’'-]+")
#: negation cues further than this many words before the event word do not govern it
NEGATION_REACH = 6


def polarity(text: str, start: int, end: int, main: Trigger, cues: list[Trigger]) -> str:
    """``deny`` or ``assert`` for the clause ``text[start:end]`` whose event is ``main``."""
    for cue in cues:
        if cue.role == "deny" and start <= cue.start < end:
            return "deny"
    for cue in cues:
        if cue.role != "negation" or not (start <= cue.start < main.start):
            continue
        between = text[cue.end : main.start]
        reach = NEGATION_REACH + 3 if _opens_sentence(text, cue.start) else NEGATION_REACH
        if len(_WORDS.findall(between)) > reach or re.search(r"[;:,.()]", between):
            continue
        if _NOT_NEGATING.match(text, cue.start):
            continue
        return "deny"
    return "assert"


def _opens_sentence(text: str, position: int) -> bool:
    """ "No aircraft of the Air Force was shot down": a sentence opened by a negation."""
    before = text[max(0, position - 3) : position]
    return position == 0 or not before.strip() or before.rstrip()[-1:] in '.!?\n"“'
