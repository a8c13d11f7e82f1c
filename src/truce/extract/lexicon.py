"""The event and cue lexicons: data files compiled into one Aho-Corasick automaton.

Lexicon entries are lemmas and phrases (``data/triggers.yaml``, ``data/cues.yaml``);
regular verb forms are generated here so the data stays short. Users add entries for
another conflict or language register with extra files in ``TRUCE_TRIGGERS``
(paths separated by the OS path separator), read after the shipped ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from truce.errors import DataError
from truce.reference.textnorm import fold

TYPES = (
    "ASSAULT", "SEIZE", "CEASEFIRE", "AGREE", "REJECT", "CONSULT", "DEPLOY",
    "WITHDRAW", "RETURN", "AID", "ACCUSE", "REQUEST", "CASUALTIES",
)  # fmt: skip
VOWELS = set("aeiou")


@dataclass(frozen=True, slots=True)
class Entry:
    """One way a phrase can be read: as an event of a type, or as a cue with a role."""

    type: str
    role: str  # event, report, deny, negation
    plover: str | None = None
    weight: int = 1
    near: frozenset[str] = frozenset()
    window: int = 8
    before: bool = False
    pos: str = "verb"  # verb or noun: nouns in adjuncts weigh less (see clauses.py)


def verb_forms(spec: str) -> set[str]:
    """All forms of a verb phrase: ``"strike|struck"`` or a regular ``"shell"``.

    The first word of a phrase is inflected: ``open fire`` gives ``opens fire``,
    ``opened fire``, ``opening fire``; irregular forms are given after ``|``.
    """
    base, *irregular = [p.strip() for p in spec.split("|")]
    words = base.split()
    head, tail = words[0], " ".join(words[1:])
    heads = {head, *_regular(head)}
    forms = {f"{h} {tail}".strip() for h in heads}
    forms.update(irregular)
    return {f for f in forms if f}


def _regular(verb: str) -> set[str]:
    if verb.endswith("ee"):
        return {verb + "s", verb + "d", verb + "ing"}
    if verb.endswith("e"):
        return {verb + "s", verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in VOWELS:
        return {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z")) else verb + "s"
    forms = {third, verb + "ed", verb + "ing"}
    if _may_double(verb):
        # stress decides (admitted, repelled but targeted, visited): we cannot tell, so
        # both spellings are listed; the wrong one never occurs in text
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


def _may_double(verb: str) -> bool:
    """Consonant-vowel-consonant endings, where English may double the last letter."""
    if verb.endswith("ll") or len(verb) < 3 or verb[-1] in VOWELS or verb[-1] in "wxy":
        return False
    if verb[-2] not in VOWELS or verb[-3] in VOWELS:
        return False
    return len(re.findall(r"[aeiou]+", verb)) <= 2


def noun_forms(spec: str) -> set[str]:
    """A noun and its plural, or the phrase exactly when it starts with ``=``."""
    if spec.startswith("="):
        return {spec[1:]}
    if spec.endswith("s") or (" " in spec and spec.split()[-1].endswith("s")):
        return {spec}
    plural = spec[:-1] + "ies" if spec.endswith("y") and spec[-2:-1] not in VOWELS else spec + "s"
    return {spec, plural}


class Lexicon:
    """Phrases to entries, and a fast matcher over folded text."""

    def __init__(
        self, trigger_data: list[dict[str, Any]], cue_data: dict[str, Any], origin: str
    ) -> None:
        self._entries: dict[str, list[Entry]] = {}
        for number, item in enumerate(trigger_data, 1):
            self._add_trigger(item, f"{origin}: entry {number}")
        inflected_only = set(cue_data.get("inflected_only", []))
        for role, key in (("report", "report_verbs"), ("deny", "deny_verbs")):
            for spec in cue_data.get(key, []):
                base = spec.split("|")[0].strip()
                for form in verb_forms(spec):
                    if form == base and base in inflected_only:
                        continue  # "the state border": a noun, not "state"
                    self._add(form, Entry("", role))
        for phrase in cue_data.get("deny_predicates", []):
            self._add(phrase, Entry("", "deny"))
        for phrase in cue_data.get("negations", []):
            self._add(phrase, Entry("", "negation"))
        self.statement_nouns = frozenset(fold(n) for n in cue_data.get("statement_nouns", []))
        self.anaphora = frozenset(fold(n) for n in cue_data.get("anaphora", []))
        #: "... is false": denies its subject, which never speaks
        self.deny_predicates = frozenset(fold(n) for n in cue_data.get("deny_predicates", []))
        self.subject_is_target = frozenset(fold(n) for n in cue_data.get("subject_is_target", []))
        self._automaton = ahocorasick.Automaton()
        for phrase, entries in self._entries.items():
            self._automaton.add_word(phrase, (phrase, tuple(entries)))
        self._automaton.make_automaton()

    def _add_trigger(self, item: dict[str, Any], where: str) -> None:
        if not isinstance(item, dict) or item.get("type") not in TYPES:
            raise DataError(f"{where}: 'type' must be one of {', '.join(TYPES)}")
        weight = int(item.get("weight", 1))
        role = item.get("role", "event")
        if role not in ("event", "deny", "report"):
            raise DataError(f"{where}: 'role' must be event, deny or report")
        common = {
            "plover": item.get("plover"),
            "near": frozenset(fold(w) for w in item.get("near", [])),
            "window": int(item.get("window", 8)),
            "before": bool(item.get("before", False)),
        }
        for spec in item.get("verbs", []) or []:
            for form in verb_forms(str(spec)):
                self._add(form, Entry(item["type"], role, weight=weight, **common))
        word_weight = int(item.get("word_weight", weight))
        for spec in item.get("words", []) or []:
            for form in noun_forms(str(spec)):
                self._add(form, Entry(item["type"], role, weight=word_weight, pos="noun", **common))

    def _add(self, phrase: str, entry: Entry) -> None:
        key = fold(phrase.strip())
        if key:
            self._entries.setdefault(key, []).append(entry)

    def matches(self, folded: str) -> Iterator[tuple[int, int, tuple[Entry, ...]]]:
        """(start, end, entries) of whole-word phrase matches, longest first at a start."""
        found = []
        size = len(folded)
        for end_index, (phrase, entries) in self._automaton.iter(folded):
            end = end_index + 1
            start = end - len(phrase)
            if (start > 0 and folded[start - 1].isalnum()) or (
                end < size and folded[end].isalnum()
            ):
                continue  # inside a longer word
            found.append((start, end, entries))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        last_end = -1
        for start, end, entries in found:
            if start < last_end:
                continue
            last_end = end
            yield start, end, entries


def _read_yaml(path: Path | Any, label: str) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{label}:{line} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    except OSError as exc:
        raise DataError(f"{label}: cannot read: {exc.strerror or exc}") from None


def _extra_paths() -> Iterable[Path]:
    value = os.environ.get("TRUCE_TRIGGERS", "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons plus the user's ``TRUCE_TRIGGERS`` files (loaded once)."""
    data = resources.files("truce.extract").joinpath("data")
    triggers = _read_yaml(data.joinpath("triggers.yaml"), "triggers.yaml") or []
    cues = _read_yaml(data.joinpath("cues.yaml"), "cues.yaml") or {}
    for path in _extra_paths():
        extra = _read_yaml(path, str(path))
        if isinstance(extra, list):
            triggers = [*triggers, *extra]
        elif isinstance(extra, dict):
            for key, values in extra.items():
                cues[key] = [*cues.get(key, []), *values]
        else:
            raise DataError(f"{path}: expected a list of trigger entries or a mapping of cues")
    return Lexicon(triggers, cues, "triggers")
