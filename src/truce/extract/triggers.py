"""Event triggers and cue words found by the lexicon, with their context rules applied."""

from __future__ import annotations

import re

from truce.extract.doc import Doc, Trigger
from truce.extract.lexicon import Entry, default_lexicon
from truce.extract.pipeline import component
from truce.reference.textnorm import fold

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def find_triggers(text: str, folded: str | None = None) -> list[Trigger]:
    """Every trigger and cue in ``text`` (longest phrase wins where they overlap)."""
    lexicon = default_lexicon()
    folded = fold(text) if folded is None else folded
    found: list[Trigger] = []
    for start, end, entries in lexicon.matches(folded):
        entry = _choose(entries, folded, start, end)
        if entry is None:
            continue
        plover, mode = ([*entry.plover.split("/", 1), None])[:2] if entry.plover else (None, None)
        found.append(
            Trigger(
                start,
                end,
                text[start:end],
                entry.type,
                entry.role,
                plover,
                mode,
                entry.weight,
                entry.pos,
            )
        )
        if entry.role == "event":
            # "X charged that ...", "Y denied": an event word can also report a speaker
            cue = next((e for e in entries if e.role in ("report", "deny")), None)
            if cue is not None:
                found.append(Trigger(start, end, text[start:end], "", cue.role))
    return found


def _choose(entries: tuple[Entry, ...], folded: str, start: int, end: int) -> Entry | None:
    """The reading of a phrase: the first entry whose context holds, else the first
    entry without a context (entries are in data order)."""
    for entry in entries:
        if not entry.near:
            continue
        after = _WORD.findall(folded[end : end + 12 * entry.window])[: entry.window]
        words = set(after)
        if entry.before:
            words.update(
                _WORD.findall(folded[max(0, start - 12 * entry.window) : start])[-entry.window :]
            )
        if words & entry.near:
            return entry
    return next((entry for entry in entries if not entry.near), None)


@component("triggers", requires=("sentences",), assigns=("triggers",))
def triggers(doc: Doc) -> Doc:
    doc.triggers = find_triggers(doc.text, doc.user.get("folded"))
    return doc
