"""Figures: counts of the killed, wounded, missing, displaced, personnel and equipment.

A number (digits, words, or a vague quantity such as "tens of thousands") is a figure
when the noun it counts or a verb near it says what it counts: "1,177 deaths",
"over 4,000 people have died", "killing two civilians", "the death toll rose to 41",
"the number of such fighters is approaching 2,000". Hedges give bounds: "as many as
5,000" is value 5000 with high 5000; "over 4,000" is value 4000 with low 4000; vague
quantities have no value and a low bound (``data/figures.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from truce.extract.doc import Doc, FigureMention
from truce.extract.pipeline import component

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD_NUM = (
    r"(?:(?:"
    + "|".join(TENS)
    + r")(?:[-\s](?:"
    + "|".join(k for k in UNITS if " " not in k and UNITS[k] < 10 and k != "zero")
    + r"))?|"
    + "|".join(k for k in UNITS if " " not in k)
    + r")"
)
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:million|billion|thousand))?"
    r"|(?:a|one)\s+(?:hundred|thousand|million)"
    r"|" + _WORD_NUM + r"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?" + _WORD_NUM + r")?)?"
    r")(?![\w.,]*\d)",
    re.I,
)
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
#: "killed at least 26 civilians", "wounded about 70": the verb tells the kind
_VERB_BEFORE = re.compile(
    r"\b(killing|wounding|injuring|killed|wounded|injured|displaced|displacing|kill|wound)\s+"
    r"(?:(?:at\s+least|more\s+than|over|about|around|some|nearly|almost|close\s+to|up\s+to|"
    r"as\s+many\s+as|an\s+estimated|roughly|approximately|another|a\s+further|a\s+total\s+of)\s+)?$",
    re.I,
)
#: "wounded 14 were ...": a following verb means the number is a subject, not an object
_SUBJECT_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:were|was|have|had|are)\b")
#: model designations, not counts: T-72, BM-21, Su-25, Mi-24
_MODEL = re.compile(r"[A-Za-z]{1,4}-$")


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    noun_kinds: dict[str, str]  # "deaths" -> killed
    verb_kinds: dict[str, str]  # "killed" -> killed (longest phrases first in `verb_phrases`)
    verb_phrases: tuple[str, ...]
    verb_pattern: re.Pattern[str]  # the earliest verb phrase, longest first at a position
    people: frozenset[str]
    presence: frozenset[str]
    units: frozenset[str]
    upper: re.Pattern[str]
    lower: re.Pattern[str]
    vague: re.Pattern[str]  # one alternation, longest phrases first
    vague_low: dict[str, int]
    candidate: re.Pattern[str]  # anything that may start a figure: a digit, a number word...
    words: Any  # an Aho-Corasick automaton of the number words, for a fast first pass


@lru_cache(maxsize=1)
def lexicon() -> FigureLexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("truce.extract").joinpath("data/figures.yaml").read_text("utf-8")
    )
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    for kind, spec in raw["kinds"].items():
        for noun in spec.get("nouns", []):
            nouns.setdefault(noun.lower(), kind)
        for verb in spec.get("verbs", []):
            verbs.setdefault(verb.lower(), kind)

    def hedge(words: list[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(r"(?:^|\s)(?:" + alternatives + r")\s*$", re.I)

    phrases = sorted(raw["vague"], key=len, reverse=True)
    vague = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])", re.I
    )
    candidate = re.compile(
        r"\d+|\b(?:an?\s+\w+\s+(?:was|were|has|had)|"
        + "|".join(
            re.escape(w)
            for w in sorted(
                {*UNITS, *TENS, *(p.split()[0] for p in phrases)}, key=len, reverse=True
            )
        )
        + r")\b",
        re.I,
    )
    return FigureLexicon(
        noun_kinds=nouns,
        verb_kinds=verbs,
        verb_phrases=tuple(sorted(verbs, key=len, reverse=True)),
        verb_pattern=re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
            + r")(?![\w-])"
        ),
        people=frozenset(p.lower() for p in raw["people"]),
        presence=frozenset(p.lower() for p in raw["presence_verbs"]),
        units=frozenset(u.lower() for u in raw["units"]),
        upper=hedge(raw["upper"]),
        lower=hedge(raw["lower"]),
        vague=vague,
        vague_low={p.lower(): low for p, low in raw["vague"].items()},
        candidate=candidate,
        words=_automaton(
            {
                *UNITS,
                *TENS,
                *(p.split()[0].lower() for p in phrases),
                "killed",
                "wounded",
                "injured",
                "hurt",
            }
        ),
    )


def _automaton(words: set[str]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        if " " not in word:
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_DIGITS = re.compile(r"\d+")
_RANGE_TO = re.compile(r"\s*(?:-|–|to|or)\s*(\d[\d,]*)")
_RANGE_AND = re.compile(r"\s*and\s*(\d[\d,]*)")
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_OR_MORE = re.compile(r"\s*(?:or more|\+|-plus)")
_LETTER_AFTER = re.compile(r"-?[A-Za-z]\b")
_NOT_A_COUNT = re.compile(
    r"(?:[$€£#№]|\bNo\.|\bresolution|\barticle|\bpoint|\bparagraph)\s*$", re.I
)
_TOLL_BEFORE = re.compile(
    r"(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|victims|fatalities))"
    r"[^.;]{0,30}$"
)
_NUMBER_OF = re.compile(
    r"number\s+of\s+(?:such\s+|the\s+|these\s+|foreign\s+|\w+\s+)?([\w-]+)[^.;]{0,40}$"
)
_CASUALTY_VERB_END = re.compile(r"\b(killing|wounding|injuring|killed|wounded|injured)\s*$")
_CLAUSE_BREAK = re.compile(r"\s[;:]\s|\s,\s(?:and|but|while|whereas)\s|\s\.\s")
_NUMBER_AFTER = re.compile(r"\s*(?:of\s+)?\d")
_ONE_VICTIM = re.compile(
    r"\b(?:a|an|one)\s+(?:[a-z-]+\s+)?(civilian|soldier|serviceman|"
    r"resident|child|woman|man|policeman|journalist|farmer|shepherd|"
    r"peacekeeper|person|fighter)\s+(?:was|has\s+been|had\s+been|were)\s+"
    r"(killed|wounded|injured|hurt|shot\s+dead)",
    re.I,
)


def parse_number(text: str) -> int | None:
    """ "1,177" -> 1177, "1.5 million" -> 1500000, "twenty-five" -> 25, "a hundred" -> 100."""
    t = text.lower().replace(",", "").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(million|billion|thousand)?", t)
    if m:
        value = float(m.group(1)) * (SCALES[m.group(2)] if m.group(2) else 1)
        return round(value)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", t):
        if word in ("a", "and"):
            current = current or (1 if word == "a" else current)
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current or None


def find_figures(
    text: str,
    start: int = 0,
    end: int | None = None,
    skip: list[tuple[int, int]] | None = None,
    *,
    checked: bool = False,
    at: Sequence[int] | None = None,
) -> list[FigureMention]:
    """Figures in ``text[start:end]`` (a sentence); ``skip`` spans (dates) are not numbers.

    ``at``: where a figure may start (sorted: starts of digit runs and of number words,
    as the component finds them in one scan of the document), so that the number
    patterns are tried there only instead of at every character."""
    end = len(text) if end is None else end
    lex = lexicon()
    found: list[FigureMention] = []
    taken: list[tuple[int, int]] = list(skip or [])
    if not checked and not lex.candidate.search(text, start, end):
        return []
    for m in _matches(lex.vague, text, start, end, at):
        low = lex.vague_low[" ".join(m.group().lower().split())]
        if _overlaps(m.start(), m.end(), taken) or _followed_by_number(text, m.end()):
            continue
        kind = _kind_after(text, m.end(), end, lex, vague=True) or _kind_from_predicate(
            text, m.end(), end, lex
        )
        if kind == "people":
            before = _tokens(text, max(start, m.start() - 40), m.start())[-4:]
            kind = "personnel" if any(t in lex.presence for t in before) else None
        if kind is None:
            continue
        found.append(FigureMention(m.start(), m.end(), m.group(), kind, None, low, None))
        taken.append((m.start(), m.end()))
    for m in _matches(_NUMBER, text, start, end, at):
        s, e = m.span("num")
        if _overlaps(s, e, taken):
            continue
        value = parse_number(m.group("num"))
        if value is None or value == 0:
            continue
        kind = _classify(text, s, e, start, end, lex)
        if kind is None:
            continue
        low = high = None
        fig_start = s
        before = text[max(start, s - 40) : s]
        hedge = lex.upper.search(before)
        if hedge:
            high, fig_start = value, s - (len(before) - hedge.start())
        else:
            hedge = lex.lower.search(before)
            if hedge:
                low, fig_start = value, s - (len(before) - hedge.start())
        rng = _RANGE_TO.match(text, e, end)
        if rng is None and _BETWEEN.search(text, max(start, s - 10), s):
            rng = _RANGE_AND.match(text, e, end)
        if rng and not hedge:
            other = parse_number(rng.group(1))
            if other and other > value:
                found.append(
                    FigureMention(s, rng.end(), text[s : rng.end()], kind, None, value, other)
                )
                taken.append((s, rng.end()))
                continue
        if _OR_MORE.match(text, e, end):
            low = value
        while fig_start < s and text[fig_start].isspace():
            fig_start += 1
        found.append(FigureMention(fig_start, e, text[fig_start:e], kind, value, low, high))
        taken.append((s, e))
    found.extend(_toll_figures(text, start, end, taken, lex))
    found.sort(key=lambda f: f.start)
    return found


def _matches(
    pattern: re.Pattern[str], text: str, start: int, end: int, at: Sequence[int] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, trying only the positions ``at`` if given."""
    if at is None:
        yield from pattern.finditer(text, start, end)
        return
    last_end = start
    for pos in at:
        if pos < last_end:
            continue
        m = pattern.match(text, pos, end)
        if m is not None:
            last_end = m.end()
            yield m


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _followed_by_number(text: str, pos: int) -> bool:
    return bool(_NUMBER_AFTER.match(text[pos : pos + 8]))


def _tokens(text: str, start: int, end: int) -> list[str]:
    return _TOKEN.findall(text[start:end].lower())


def _classify(text: str, s: int, e: int, start: int, end: int, lex: FigureLexicon) -> str | None:
    after = _tokens(text, e, min(end, e + 80))  # read once, for every rule below
    if after and (after[0] in lex.units or after[0] in (":", "/", "%")):
        return None
    if _MODEL.search(text[max(start, s - 5) : s]) or _LETTER_AFTER.match(text[e : e + 2]):
        return None
    if _NOT_A_COUNT.search(text[max(start, s - 12) : s]):
        return None
    immediate = _VERB_BEFORE.search(text[max(start, s - 40) : s])
    if immediate and not _SUBJECT_AFTER.match(text, e):
        return lex.verb_kinds.get(immediate.group(1).lower())
    kind = _kind_after(text, e, end, lex, tokens=after) or _kind_from_predicate(text, e, end, lex)
    if kind is None:
        kind = _kind_before(text, s, start, lex)
    if kind == "people":
        before = _tokens(text, max(start, s - 40), s)[-4:]
        kind = "personnel" if any(t in lex.presence for t in before) else None
    return kind


def _kind_after(
    text: str,
    pos: int,
    end: int,
    lex: FigureLexicon,
    *,
    vague: bool = False,
    tokens: list[str] | None = None,
) -> str | None:
    """The kind named by the noun the number counts: "1,177 deaths", "5 Azeri tanks"."""
    if tokens is None:
        tokens = _tokens(text, pos, min(end, pos + 80))
    if vague and tokens[:1] == ["of"]:
        tokens = tokens[1:]
    for i, token in enumerate(tokens[:5]):
        if token in (",", ".", ";", ":", "(", ")", "—", "–"):
            return None
        triple = " ".join(tokens[i : i + 3])
        pair = " ".join(tokens[i : i + 2])
        for candidate in (triple, pair, token):
            kind = lex.noun_kinds.get(candidate)
            if kind is not None and kind != "personnel":
                return kind
            if kind == "personnel" or candidate in lex.people:
                fate = _person_kind(text, pos, end, tokens[i + 1 :], lex)
                return fate or ("personnel" if kind == "personnel" else "people")
        if token in lex.units and i == 0:
            return None
        if token in ("of", "and", "the", "their", "its", "his", "her") and i > 0:
            continue
    return None


def _person_kind(text: str, pos: int, end: int, rest: list[str], lex: FigureLexicon) -> str | None:
    """People whose fate a verb tells: "were killed", "have died", "dead", "fled"."""
    window = " ".join(rest[:12])
    clause = _CLAUSE_BREAK.split(window)[0]
    m = lex.verb_pattern.search(clause)
    if m is not None:
        return lex.verb_kinds[m.group()]
    if any(t in lex.presence for t in rest[:6]):
        return "personnel"
    return None


def _kind_from_predicate(text: str, pos: int, end: int, lex: FigureLexicon) -> str | None:
    """No noun: "Tens of thousands are wounded", "and 30 wounded"."""
    tokens = _tokens(text, pos, min(end, pos + 50))
    if tokens and tokens[0] in lex.verb_kinds and tokens[0] not in ("lost", "kill", "die"):
        return lex.verb_kinds[tokens[0]]
    if len(tokens) >= 2 and tokens[0] in ("are", "were", "was", "have", "had", "has"):
        rest = tokens[1:4]
        if rest and rest[0] == "been":
            rest = rest[1:]
        if rest and rest[0] in lex.verb_kinds:
            return lex.verb_kinds[rest[0]]
    return None


def _kind_before(text: str, s: int, start: int, lex: FigureLexicon) -> str | None:
    """Kinds told before the number: "killing two", "the death toll rose to 41",
    "the number of fighters is approaching 2,000"."""
    before = text[max(start, s - 90) : s].lower()
    if _TOLL_BEFORE.search(before):
        return "killed"
    m = _NUMBER_OF.search(before)
    if m:
        noun = m.group(1)
        if noun in lex.noun_kinds:
            return lex.noun_kinds[noun]
        if noun in lex.people:
            return "personnel"
    m = _CASUALTY_VERB_END.search(before)
    if m:
        return lex.verb_kinds.get(m.group(1))
    return None


def _toll_figures(
    text: str, start: int, end: int, taken: list[tuple[int, int]], lex: FigureLexicon
) -> list[FigureMention]:
    """ "a civilian was killed": an article as a count of one."""
    out = []
    for m in _ONE_VICTIM.finditer(text, start, end):
        if _overlaps(m.start(), m.end(), taken):
            continue
        kind = "killed" if m.group(2).lower() in ("killed", "shot dead") else "wounded"
        out.append(FigureMention(m.start(), m.end(), m.group(), kind, 1, None, None))
    return out


@component("figures", requires=("sentences", "dates"), assigns=("figures",))
def figures(doc: Doc) -> Doc:
    skip = [(d.start, d.end) for d in doc.dates]
    lex = lexicon()
    # one scan of the whole text finds the sentences that may hold a number at all
    folded = doc.user.get("folded") or doc.text.lower()
    positions = [m.start() for m in _DIGITS.finditer(doc.text)]
    for end, word in lex.words.iter(folded):
        start = end - len(word) + 1
        # a word start is enough: the number patterns decide where the number ends
        if start == 0 or not folded[start - 1].isalnum():
            positions.append(start)
    positions.sort()
    starts = [s.start for s in doc.sentences]
    wanted = sorted({bisect_right(starts, p) - 1 for p in positions} - {-1})
    date_starts = [d[0] for d in skip]
    found: list[FigureMention] = []
    for index in wanted:
        sentence = doc.sentences[index]
        lo = bisect_right(date_starts, sentence.start - 1)
        hi = bisect_right(date_starts, sentence.end)
        first = bisect_left(positions, sentence.start)
        at = positions[first : bisect_left(positions, sentence.end, first)]
        found.extend(
            find_figures(doc.text, sentence.start, sentence.end, skip[lo:hi], checked=True, at=at)
        )
    doc.figures = found
    return doc
