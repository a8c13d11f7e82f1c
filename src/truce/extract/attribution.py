"""Who says it: the speaker of each clause, from reporting verbs, quotations and context.

Rules, in order:
1. a reporting verb of the same sentence whose complement holds the clause. The
   outermost one counts ("Putin revealed that Aliyev agreed" is Putin's claim); a
   reporting word used as a noun ("media reports of ...") or in the passive ("was
   expected to") reports nothing, and "X issued a statement recalling that" is X's;
   after the clause: "..., X said", "“...,” said X";
2. "according to X" anywhere in the sentence;
3. a quotation holding the clause, attributed where it opens or closes (a quotation can
   run over several sentences and paragraphs);
4. a speech act's own subject: "X called on ...", "X accuses Y of ..." (X is the speaker);
5. a headline whose subject speaks ("Russia Calls For ...", "Armenia Sees ... As '...'").
Pronouns stand for a person named earlier in the sentence, else the last speaker; a
description without a side ("the ministry", "the report") stands for the last speaker.
Otherwise the speaker is null: the outlet states it. Sides come from the actor list.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from truce.extract.doc import Doc, Sentence, Speaker, Trigger
from truce.extract.spans import SpanIndex
from truce.reference.textnorm import fold

_PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person", "it": "body",
    "they": "group", "them": "group", "we": None, "i": None,
}  # fmt: skip
_SKIP_TAIL = re.compile(
    r"(?:\s|,|\b(?:has|have|had|also|again|once|then|later|further|reportedly|repeatedly|"
    r"meanwhile|already|previously|now|earlier|just|in\s+turn|"
    r"on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday|would|will|did|does|do|"
    r"however|moreover|too|(?:issued|released|published|made|put\s+out|disseminated|posted|"
    r"circulated|sent)\s+(?:a|an|the|its|his|her|their)\s+(?:joint\s+|new\s+|brief\s+|"
    r"written\s+)?(?:statement|report|communiqu[eé]|release|press\s+release|bulletin|note|"
    r"message|post|letter|video|address)(?:\s+on\s+\w+)?)\b)+$",
    re.I,
)
_ROLE_WORDS = (
    r"ethnic|top|deputy|former|acting|senior|chief|foreign|defen[cs]e|prime|vice|armed|"
    r"de\s+facto|self-proclaimed|state|press|news|local|military|unrecognized|separatist|"
    r"prosecutor|general|ministry|ministers?|president|presidential|spokes(?:man|woman|person)|"
    r"secretary|commander|aide|adviser|advisor|officials?|representatives?|authorities|office|"
    r"service|agency|information|emergency|interior|border|security|national|personal|special|"
    r"regional|district|city|municipal|human|rights|defender|ombudsman|head|leader|leadership|"
    r"general's|staff|units?|army|forces|troops"
)
_NP_TAIL = re.compile(
    r"\b(?:(?:the|a|an|its|his|her|their)\s+)?"
    r"(?:(?:[A-Z][\w’'.-]*|" + _ROLE_WORDS + r"|[a-z]+’s|[a-z]+'s|of|for|and|the|in)\s+){0,8}"
    r"(?:[A-Z][\w’'.-]*|[a-z-]+)$"
)
_HEAD_NOUNS = re.compile(
    r"(?:ministry|report|reports|statement|leader|leaders|president|minister|diplomat|side|sides|"
    r"army|official|officials|spokesman|spokeswoman|spokesperson|source|sources|experts|expert|"
    r"analysts|analyst|media|agency|office|service|command|headquarters|government|authorities|"
    r"forces|troops|military|residents|witnesses|observers|monitors|mission|commander|general|"
    r"chief|parties|party|kremlin|it|he|she|they|we|i|him|her|them|armenians|azerbaijanis|"
    r"russians|turks|journalists|people|prosecutor|ombudsman|defenders|bulletin|communique|"
    r"readout|presidency|secretary|envoy|mediators|co-chairs|team|patrol|battalion|unit|units|"
    r"brigade|group|staff|counterpart|premier|doctor|doctors|villagers|locals|monitor)$",
    re.I,
)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_BY = re.compile(r"\s+by\s+", re.I)
_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|these|those|such|media|news|official|press|unconfirmed|fresh|earlier|"
    r"recent|latest|his|her|its|their|of|amid|in|on|first|initial|separate|preliminary|"
    r"many|numerous|several|conflicting|some)\s+$",
    re.I,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|some|its|their|his|her|this|these)\s+$", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.I)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:on|of|in|to|with|for|from|about|against|over|at|into|onto|toward|towards|between)\s+$",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:(?i:we|our|us|ours|my|me)|I)\b")
_AUTHOR_LINE = re.compile(
    r"^\s*(?:(?:address|statement|speech|remarks|message|appeal|interview|briefing|"
    r"communiqu[eé]|information|press\s+release|declaration)\s+(?:by|of|from|with)\s+)",
    re.I,
)
#: a subject never reaches back over a quotation mark, a bracket or a colon
_SUBJECT_BREAKS = ("”", "“", '"', "(", ")", ";", ":")
_FUNCTION_WORDS = {"of", "the", "for", "and", "a", "an", "to", "in", "on", "by"}


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    role: str  # report, deny
    text: str
    called_false: bool = False  # a deny predicate ("is false"): its subject never speaks


class Attributor:
    """Finds the speaker of each clause of one document, keeping discourse state."""

    def __init__(self, doc: Doc, sides: SideResolver) -> None:
        self.doc = doc
        self.text = doc.text
        self.sides = sides
        self.quotes = find_quotations(doc.text)
        self._quote_starts = [start for start, _ in self.quotes]
        predicates = sides.deny_predicates
        self.cues = [
            Cue(t.start, t.end, t.role, t.text, t.role == "deny" and fold(t.text) in predicates)
            for t in doc.triggers
            if t.role in ("report", "deny") and self._is_verb(t)
        ]
        self.cue_index = SpanIndex(self.cues)
        self._passives: dict[tuple[int, int], bool] = {}
        self.sentence_number = {s.start: i for i, s in enumerate(doc.sentences)}
        self.last: Speaker | None = None
        self.last_by_kind: dict[str, Speaker] = {}
        self.history: list[Speaker] = []
        self.events = [t for t in doc.triggers if t.role == "event"]
        self.event_index = SpanIndex(self.events)
        #: "Address by President X": X speaks in the first person; a masthead or the
        #: source's metadata name the publisher, whose own words have no speaker
        self.author_speaks = False
        self.author = self._author()

    def _author(self) -> Speaker | None:
        """Who wrote the document, when it says so at the top ("Address by President Ilham
        Aliyev", "MINISTRY OF DEFENCE OF ..."), or its metadata's source side."""
        first_lines = [s for s in self.doc.sentences if s.paragraph < 3][:3]
        for sentence in first_lines:
            line = self.text[sentence.start : sentence.end]
            for mention in self.sides.within(sentence.start, sentence.end):
                if not mention.side:
                    continue
                if getattr(mention, "kind", None) not in ("person", "body", "force", "outlet"):
                    continue
                masthead = sentence.heading and (mention.end - mention.start) >= 0.5 * len(line)
                byline = _AUTHOR_LINE.match(line) is not None
                if masthead or byline:
                    self.author_speaks = byline
                    return self.sides.speaker(mention)
        side = self.doc.meta.get("side")
        if side:
            name = self.doc.meta.get("outlet") or side
            return Speaker(str(name), str(side), None, None, None, "body")
        return None

    # -- public ---------------------------------------------------------------------------

    def speaker(self, sentence: Sentence, start: int, end: int, main: Trigger) -> Speaker | None:
        """The speaker of the clause ``text[start:end]`` of ``sentence``."""
        found = (
            self._reporting_verb(sentence, start, end)
            or self._according_to(sentence)
            or self._quotation(sentence, start, end)
            or self._speech_act(sentence, start, main)
            or self._headline(sentence, main)
            or self._first_person(start, end)
        )
        if found is not None:
            self._remember(found)
        return found

    def subject_of(self, sentence: Sentence, cue_start: int) -> Speaker | None:
        """Who is speaking with the reporting word at ``cue_start`` (for dates)."""
        cue = next((c for c in self.cue_index.within(cue_start, cue_start + 1)), None)
        if cue is None:
            return None
        return self._cue_subject(sentence, cue)

    # -- rules ----------------------------------------------------------------------------

    def _is_verb(self, trig: Trigger) -> bool:
        """ "media reports of", "a statement", "the claims that": nouns report nothing."""
        before = self.text[max(0, trig.start - 20) : trig.start]
        if trig.text[:1].isupper() and re.search(r"[A-Z][\w’'.-]*\s+$", before):
            return False  # part of a name: "United States", "Heavy Fighting Reported"
        if trig.text.lower().endswith("s") and _NOUN_BEFORE.search(before):
            return False
        if trig.text.lower().endswith("ed") and _DETERMINER_BEFORE.search(before):
            return False  # "an estimated 25,000", "the reported attack": an adjective
        return not (
            trig.role == "report"
            and _NOUN_BEFORE.search(before)
            and not trig.text.lower().endswith(("ed", "ing"))
        )

    def _reporting_verb(self, sentence: Sentence, start: int, end: int) -> Speaker | None:
        cues = self.cue_index.within(sentence.start, sentence.end)
        called_false = [c for c in cues if c.called_false]
        if called_false:
            # "the information disseminated by X ... is false": the predicate's subject
            # does not speak, and X is the author of what is denied, not the denier
            cues = [
                c
                for c in cues
                if not c.called_false
                and not (
                    (self._passive(c) or _BY.match(self.text, c.end))
                    and any(d.start > c.end for d in called_false)
                )
            ]
        before = [c for c in cues if c.start < end and not self._inside_quote(c.start)]
        active = [c for c in before if not self._passive(c)] or before
        inside = sorted((c for c in active if c.start >= start), key=lambda c: c.start)
        outside = sorted((c for c in active if c.start < start), key=lambda c: c.start)
        for cue in inside + outside:
            subject = self._cue_subject(sentence, cue)
            if subject is not None:
                return subject
        after = [c for c in cues if c.start >= end]
        for cue in sorted(after, key=lambda c: c.start):
            gap = self.text[end : cue.start]
            if len(gap.split()) > 9 or re.search(r"[.;?!]\s", gap):
                continue
            subject = self._subject(end, cue.start, sentence) or self._after_verb(
                cue.end, sentence.end
            )
            if subject is not None:
                return subject
        return None

    def _cue_subject(self, sentence: Sentence, cue: Cue) -> Speaker | None:
        if self._passive(cue):
            return self._object_by(cue.end, sentence.end)
        if cue.text.lower().endswith("ing") and re.search(
            r",\s*(?:\w+\s+){0,2}$", self.text[max(sentence.start, cue.start - 30) : cue.start]
        ):
            # ", saying that", ", adding that": the subject of the main clause speaks
            return self._sentence_subject(sentence, cue.start)
        return (
            self._subject(sentence.start, cue.start, sentence)
            or self._object_by(cue.end, sentence.end)
            or self._sentence_subject(sentence, cue.start)
        )

    def _passive(self, cue: Cue) -> bool:
        """A passive reporting verb ("was reported", "as reported by"); asked for the same
        cue by every clause of its sentence, so it is worked out once per cue."""
        key = (cue.start, cue.end)
        known = self._passives.get(key)
        if known is None:
            before = self.text[max(0, cue.start - 16) : cue.start]
            known = self._passives[key] = bool(_PASSIVE_BEFORE.search(before)) or (
                bool(re.search(r"\bas\s+$", before, re.I)) and bool(_BY.match(self.text, cue.end))
            )
        return known

    def _according_to(self, sentence: Sentence) -> Speaker | None:
        m = _ACCORDING.search(self.text, sentence.start, sentence.end)
        if not m:
            return None
        return self._after_verb(m.end() - 1, sentence.end)

    def _quotation(self, sentence: Sentence, start: int, end: int) -> Speaker | None:
        index = bisect_right(self._quote_starts, start + 2) - 1
        for q_start, q_end in self.quotes[max(0, index) : index + 1]:
            if not (q_start <= start + 2 and end <= q_end + 3):
                continue
            tail = re.match(r"\s*[,.?!]?\s*[”\"’]?\s*,?\s*", self.text[q_end : q_end + 5])
            after = q_end + (tail.end() if tail else 0)
            window_end = min(len(self.text), after + 120)
            cue = next(iter(self.cue_index.within(after, window_end)), None)
            if cue is not None and len(self.text[after : cue.start].split()) <= 8:
                found = self._subject(after, cue.start) or self._after_verb(cue.end, window_end)
                if found:
                    return found
            lead = self.text[max(0, q_start - 160) : q_start]
            cue = next(iter(reversed(self.cue_index.within(q_start - 160, q_start))), None)
            if cue is not None and re.search(r"[:,]\s*[“\"]?$|that\s*[“\"]?$", lead):
                found = self._subject(max(0, cue.start - 120), cue.start)
                if found:
                    return found
            return self.last
        return None

    def _first_person(self, start: int, end: int) -> Speaker | None:
        """ "We liberated Shusha", "our army": the speaker of an address, a speech or an
        interview the document names at its top ("Address by President Ilham Aliyev").
        A ministry's communiqué speaking as "we" is the document's own author: no speaker
        (GUIDELINE: null when the document's own author states it)."""
        if self.author is None or not self.author_speaks:
            return None
        if _FIRST_PERSON.search(self.text, start, end):
            return self.author
        return None

    def _speech_act(self, sentence: Sentence, start: int, main: Trigger) -> Speaker | None:
        if main.type not in ("REQUEST", "ACCUSE") or main.start < start:
            return None
        if fold(main.text) in self.sides.subject_is_target:
            return None  # "X bears responsibility": X is accused, the author accuses
        return self._subject(max(sentence.start, start - 1), main.start, sentence, strict=True) or (
            self._subject(sentence.start, main.start, sentence, strict=True)
        )

    def _headline(self, sentence: Sentence, main: Trigger) -> Speaker | None:
        if not sentence.heading:
            return None
        head = re.match(
            r"\s*([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+(?:[A-Z]\w+s\b|‘|')",
            self.text[sentence.start : sentence.end],
        )
        if head is None:
            return None
        quoted = re.search(r"[‘'“\"]", self.text[sentence.start : sentence.end])
        if main.type not in ("REQUEST", "ACCUSE", "REJECT", "CONSULT", "AGREE") and not quoted:
            return None
        return self._make(sentence.start + head.start(1), sentence.start + head.end(1))

    # -- noun phrases ---------------------------------------------------------------------

    def _subject(
        self, limit: int, verb_start: int, sentence: Sentence | None = None, *, strict: bool = False
    ) -> Speaker | None:
        """The noun phrase right before a verb, within ``text[limit:verb_start]``."""
        segment = self.text[limit:verb_start]
        cut = max(map(segment.rfind, _SUBJECT_BREAKS))
        for word in (" that ", " which ", " who "):
            found = segment.rfind(word)
            if found != -1:
                cut = max(cut, found + len(word) - 1)
        segment_start = limit + cut + 1
        piece = self.text[segment_start:verb_start]
        skip = _SKIP_TAIL.search(piece)
        if skip:
            piece = piece[: skip.start()]
        piece_end = segment_start + len(piece)
        if not piece.strip():
            return None
        actor = self.sides.actor_ending_at(piece_end, segment_start)
        if actor is not None:
            if _PREPOSITION_BEFORE.search(self.text[max(0, actor.start - 12) : actor.start]):
                return None
            return self._pronoun(actor, sentence) if actor.kind == "pronoun" else actor
        m = _NP_TAIL.search(piece)
        if not m:
            return None
        np_start = segment_start + m.start()
        np_text = self.text[np_start:piece_end].strip(" ,")
        words = np_text.split()
        while words and words[0].lower() in _FUNCTION_WORDS - {"the", "a", "an"}:
            np_start = self.text.index(words[1], np_start) if len(words) > 1 else piece_end
            words = words[1:]
        if not words:
            return None
        np_text = " ".join(words)
        last_word = words[-1]
        if not (last_word[:1].isupper() or _HEAD_NOUNS.match(last_word)):
            return None
        if np_text.count(",") > 1:
            return None
        if _PREPOSITION_BEFORE.search(self.text[max(0, np_start - 12) : np_start]):
            return None
        if self.event_index.within(np_start, piece_end):
            return None  # "Heavy Fighting Reported": an event, not a speaker
        return self._resolve(np_text, np_start, piece_end, sentence)

    def _sentence_subject(self, sentence: Sentence, before: int) -> Speaker | None:
        """The first actor named in the sentence, not after a preposition."""
        for mention in self.sides.within(sentence.start, before):
            if _PREPOSITION_BEFORE.search(self.text[max(0, mention.start - 12) : mention.start]):
                continue
            if re.match(r"(?:’s|'s)\s", self.text[mention.end : mention.end + 3]):
                continue  # "Russia's position": a possessor, not the subject
            return self.sides.speaker(mention)
        return None

    def _after_verb(self, verb_end: int, limit: int) -> Speaker | None:
        """ "said Putin", "according to Azerbaijan's Defense Ministry"."""
        m = re.match(
            r"\s*((?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?(?:[A-Z][\w’'.-]*|ethnic|top|deputy|"
            r"foreign|defen[cs]e|prime|press|[a-z]+’s|him|her|them|official|officials|experts?|"
            r"sources?|witnesses|residents|most|some|many|local|informed|military|diplomatic|"
            r"estimates|figures|data|analysts?|observers|monitors|doctors?|medics?|"
            r"representatives?|authorities)(?:\s+(?:[A-Z][\w’'.-]*|"
            r"ethnic|top|deputy|foreign|defen[cs]e|prime|press|office|ministry|minister|report|"
            r"statement|leader|president|diplomat|of|the|for|and|[a-z]+’s|estimates|figures|"
            r"data|sources|officials|representatives|authorities|general|prosecutor|"
            r"spokes(?:man|woman|person)))*)",
            self.text[verb_end:limit],
        )
        if not m or not m.group(1).strip():
            return None
        text = re.sub(r"\s+(?:of|the|for|and)$", "", m.group(1).strip())
        if text.lower() in _FUNCTION_WORDS:
            return None
        start = verb_end + m.start(1)
        actor = self.sides.actor_starting_at(start, start + len(text) + 1)
        if actor is not None and actor.kind != "pronoun":
            return actor
        return self._resolve(text, start, start + len(text), None)

    def _object_by(self, verb_end: int, limit: int) -> Speaker | None:
        m = _BY.match(self.text, verb_end, limit)
        return self._after_verb(m.end() - 1, limit) if m else None

    def _resolve(
        self, np_text: str, start: int, end: int, sentence: Sentence | None
    ) -> Speaker | None:
        words = np_text.lower().split()
        if not words:
            return None
        if len(words) == 1 and words[0] in _PRONOUNS:
            return self._pronoun(Speaker(np_text, None, None, start, end, "pronoun"), sentence)
        made = self._make(start, end)
        if words[0] in ("his", "her", "its", "their") and len(words) > 1:
            # "his spokesman said": speaks for the one "his" stands for
            owner = self._pronoun(Speaker(words[0], None, None, start, start, "pronoun"), sentence)
            if owner is not None and made is not None and owner.side:
                made.side = owner.side if made.side in (None, "other") else made.side
            return made
        described = " ".join(words[-2:]) in self.sides.anaphora or (
            words[0] == "the" and words[-1] in self.sides.anaphora_heads
        )
        plain = all(w[:1].islower() for w in np_text.split()[1:])  # no name, no nationality
        if (
            described
            and self.last is not None
            and (plain or made is None or made.side is None or made.side == self.last.side)
        ):
            return self.last  # "the ministry", "the report", "the Russian leader"
        if words[0] == "the" and plain:
            head = words[-1].rstrip("s")
            for earlier in reversed(self.history):
                if len(head) > 3 and head in earlier.name.lower():
                    return earlier  # "the representatives": those named before
        return made

    def _pronoun(self, pronoun: Speaker, sentence: Sentence | None) -> Speaker | None:
        """ "he" is a person named earlier in the sentence, else the last speaker; "we"
        outside a quotation is the document's author (no speaker for a publisher)."""
        word = pronoun.name.lower()
        if word in ("we", "i") and not (
            pronoun.start is not None and self._inside_quote(pronoun.start)
        ):
            return self.author if self.author_speaks else None
        kind = _PRONOUNS.get(word)
        if sentence is not None and kind == "person" and pronoun.start is not None:
            people = [
                m
                for m in self.sides.mentions
                if sentence.start <= m.start < pronoun.start
                and getattr(m, "kind", None) == "person"
            ]
            if people:
                return self.sides.speaker(people[-1])
        previous = self.last_by_kind.get(kind) if kind else None
        return previous or self.last

    def _make(self, start: int, end: int) -> Speaker | None:
        text = self.text[start:end].strip(" ,")
        if not text:
            return None
        side, actor_id, kind = self.sides.side_of(text, start, end)
        if side is None:
            side = self.default_side(text)
        return Speaker(text, side, actor_id, start, end, kind)

    def default_side(self, text: str) -> str | None:
        """A speaker the actor list does not know: an unnamed official speaks for the
        document's source ("the spokeswoman", "The Ministry of Defense"); a named body or
        person of unknown allegiance is "other"."""
        words = text.split()
        unnamed = (words and words[0].lower() in ("the", "a", "an")) or all(
            w[:1].islower() for w in words
        )
        if unnamed and self.author is not None and self.author.side:
            return self.author.side
        if any(w[:1].isupper() for w in words if w.lower() not in ("the", "a", "an")):
            return "other"
        return None

    def _remember(self, speaker: Speaker) -> None:
        self.history.append(speaker)
        self.last = speaker
        self.last_by_kind[speaker.kind or "body"] = speaker
        if speaker.kind in ("body", "force", "state", "outlet", "organisation"):
            self.last_by_kind["body"] = speaker
        if speaker.kind == "person":
            self.last_by_kind["person"] = speaker

    def _inside_quote(self, pos: int) -> bool:
        """Quotations never overlap: only the last one opened before ``pos`` can hold it."""
        index = bisect_right(self._quote_starts, pos) - 1
        return index >= 0 and self.quotes[index][0] < pos < self.quotes[index][1]


class SideResolver:
    """Actor mentions of the document, and sides for free noun phrases."""

    def __init__(self, doc: Doc) -> None:
        self.mentions = sorted(doc.actors, key=lambda m: m.start)
        self.index_by_start = SpanIndex(self.mentions)
        try:
            from truce.reference.actors import ActorIndex

            self.index = ActorIndex.default()
        except ImportError:
            self.index = None
        from truce.extract.lexicon import default_lexicon

        lexicon = default_lexicon()
        self.anaphora = lexicon.anaphora
        self.deny_predicates = lexicon.deny_predicates
        self.subject_is_target = lexicon.subject_is_target
        self.anaphora_heads = frozenset(a.split()[-1] for a in lexicon.anaphora)

    def within(self, start: int, end: int) -> list[Any]:
        """Actor mentions starting in ``[start, end)``."""
        return self.index_by_start.within(start, end)

    def actor_ending_at(self, end: int, limit: int) -> Speaker | None:
        for mention in reversed(self.within(limit, end + 1)):
            if end - 1 <= mention.end <= end + 1:
                return self.speaker(mention)
        return None

    def actor_starting_at(self, start: int, end: int) -> Speaker | None:
        for mention in self.within(start - 1, min(start + 6, end)):
            return self.speaker(mention)
        return None

    def side_of(self, text: str, start: int, end: int) -> tuple[str | None, str | None, str | None]:
        inside = [m for m in self.within(start, end + 1) if m.end <= end + 1]
        if inside:
            best = max(inside, key=lambda m: m.end - m.start)
            actor = getattr(best, "actor", None)
            return best.side, getattr(actor, "id", None), getattr(best, "kind", None)
        if self.index is not None:
            return self.index.side_of(text), None, None
        return None, None, None

    def speaker(self, mention: object) -> Speaker:
        actor = getattr(mention, "actor", None)
        return Speaker(
            mention.surface,  # type: ignore[attr-defined]
            mention.side,  # type: ignore[attr-defined]
            getattr(actor, "id", None),
            mention.start,  # type: ignore[attr-defined]
            mention.end,  # type: ignore[attr-defined]
            getattr(mention, "kind", None),
        )


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks.

    Curly quotes pair directly. A straight ``"`` opens when it follows a space or line
    start and precedes a word, and closes otherwise; an opened quotation that meets
    another opener before any closer ended at its paragraph's end (the convention for
    quotations running over several paragraphs).
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in re.finditer(r"[“”«»\"]", text):
        ch, pos = m.group(), m.start()
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < len(text) else " "
        opener = ch in "“«" or (
            ch == '"' and (before.isspace() or before in "([—–-:") and not after.isspace()
        )
        if opener:
            if opened is not None:
                para = text.rfind("\n", opened, pos)
                spans.append((opened, para if para != -1 else pos))
            opened = pos + 1
        elif opened is not None:
            spans.append((opened, pos))
            opened = None
    if opened is not None:
        para = text.find("\n\n", opened)
        spans.append((opened, para if para != -1 else len(text)))
    return spans
