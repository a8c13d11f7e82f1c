"""Claims: one per clause that reports an event (or states a figure), with its speaker,
polarity, places, date and figures.

The date of a claim is the time expression in its clause that is not the time of the
reporting itself ("As the Kremlin reported earlier this week, ... on November 1 and 2");
without one, a claim continues the time of the same speaker's previous claim, and
otherwise happened at publication (news reports what happened lately), except for
what is only planned or hypothetical (future and modal clauses), which stays undated.
"""

from __future__ import annotations

import re
from datetime import date

from truce.extract import places as place_rules
from truce.extract.attribution import Attributor, SideResolver
from truce.extract.clauses import Clause, cut
from truce.extract.clauses import weight as clause_weight
from truce.extract.doc import Claim, DateMention, Doc, FigureMention, Sentence, Speaker, Trigger
from truce.extract.pipeline import component
from truce.extract.polarity import polarity
from truce.extract.spans import SpanIndex

FIGURE_TYPES = {
    "killed": "CASUALTIES", "wounded": "CASUALTIES", "missing": "CASUALTIES",
    "displaced": "CASUALTIES", "personnel": "DEPLOY", "equipment": "ASSAULT",
}  # fmt: skip
TOLL_KINDS = frozenset({"killed", "wounded", "missing", "displaced"})
PLOVER = {
    "CASUALTIES": ("ASSAULT", None), "DEPLOY": ("MOBILIZE", "troops"), "ASSAULT": ("ASSAULT", None),
}  # fmt: skip
_FUTURE = re.compile(
    r"\b(?:will|shall|would|should|must|is\s+to|are\s+to|to\s+be|is\s+expected|are\s+expected|"
    r"plans?\s+to|going\s+to|could|can|may|might)\b",
    re.I,
)
#: types whose event is the speaking itself: the time of speaking is their time
SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT"})
STORY = "__story__"
#: words that send a clause back to the time the story is at
_THEN = re.compile(
    r"\b(?:then|at\s+the\s+time|at\s+that\s+(?:time|point|moment)|by\s+then|back\s+then)\b", re.I
)
#: how many sentences below a headline its story is looked for
HEADLINE_REACH = 6
#: "in the village": the village named at most this many sentences before
ANAPHOR_REACH = 4
#: a speaker's own story (a long quotation) keeps its time over this many sentences
SPEAKER_STORY_SENTENCES = 3  # the last explicit time of the text, whoever said it
_PRESENT = re.compile(
    r"\b(?:is|are|am|has|have|continues|continue|remains|remain|keeps|now|currently|still|"
    r"was\s+being|were\s+being)\b",
    re.I,
)
_PRESENT_VERB = re.compile(r"^[a-z]+(?<!s)s\b")
#: claims below this confidence are dropped (see _confidence)
MIN_CONFIDENCE = 0.4
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|may|can|if)\b", re.I)
#: what a denial verb denies when it denies the last report: "denied the report", "it"
_DENIED_OBJECT = re.compile(
    r"\s+(?:(?:the|this|that|these|those|such|its|their|his|her)\s+)?(?:\w+\s+)?"
    r"(?:reports?|claims?|allegations?|accusations?|information|statements?|charges?|it|them|"
    r"this|that|news|assertions?)\b",
    re.I,
)
_HYPOTHETICAL_MODAL = re.compile(r"\b(?:would|could|might|if)\b", re.I)
_HYPOTHETICAL_CLAUSE = re.compile(r"^\s*(?:if|unless|whether)\b|\bno\s+talk\s+of\b", re.I)
_QUESTION = re.compile(r"\?[”\"’]", re.I)
#: explicit dates are carried to a speaker's next claims only if this close to publication
RECENT_DAYS = 60
_REPORT_TIME = re.compile(r"^\s*(?:on|in|late\s+on|early\s+on|earlier|later)?\s*$", re.I)
_DENIAL_ECHO = re.compile(
    r"^\s*(?:a|the|this|these|such)\s+(?:claim|charge|report|allegation|accusation)s?\s+"
    r"(?:\w+\s+)?(?:denied|rejected|dismissed|refuted)\s+by\b",
    re.I,
)
_BYLINE = re.compile(
    r"^\s*(?:by\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+\s*$|photo\)?\s*$|^\s*\(?archive", re.I
)


class ClaimBuilder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.sides = SideResolver(doc)
        self.attributor = Attributor(doc, self.sides)
        self.events = sorted((t for t in doc.triggers if t.role == "event"), key=lambda t: t.start)
        self.cues = sorted((t for t in doc.triggers if t.role != "event"), key=lambda t: t.start)
        self.event_index = SpanIndex(self.events)
        self.cue_index = SpanIndex(self.cues)
        self.date_index = SpanIndex(doc.dates)
        self.figure_index = SpanIndex(doc.figures)
        self.place_index = SpanIndex(m for m in doc.places if m.place is not None)
        self.sentence_number = {s.start: i for i, s in enumerate(doc.sentences)}
        self.last_time: dict[str | None, tuple[date, date, str, str | None, int, int]] = {}
        self.speaker_time: dict[str | None, tuple[date, date, str, str | None]] = {}
        self._previous_places: list = []
        self._last_claim: Claim | None = None
        self._leads: dict[tuple[int, int], str] = {}

    def build(self) -> list[Claim]:
        claims: list[Claim] = []
        for index, sentence in enumerate(self.doc.sentences):
            if sentence.heading and _BYLINE.search(self.text[sentence.start : sentence.end]):
                continue
            claims.extend(self._sentence_claims(index, sentence))
        self._date_headlines(claims)
        for claim in claims:
            claim.confidence = self._confidence(claim)
        return [c for c in claims if c.confidence >= MIN_CONFIDENCE]

    def _date_headlines(self, claims: list[Claim]) -> None:
        """A headline tells the story below it: an undated headline takes the time of the
        first claim under it, when that claim has a time of its own."""
        sentences = self.doc.sentences
        for position, claim in enumerate(claims):
            if not sentences[claim.sentence].heading or claim.date_text is not None:
                continue
            for later in claims[position + 1 :]:
                if later.sentence - claim.sentence > HEADLINE_REACH:
                    break
                if sentences[later.sentence].heading:
                    break
                if later.date_text is not None:
                    claim.first, claim.last, claim.precision = (
                        later.first,
                        later.last,
                        later.precision,
                    )
                    claim.date_text = later.date_text
                break  # only the story's first claim speaks for the headline

    def _confidence(self, claim: Claim) -> float:
        """How sure we are that the clause reports an event: the strength of its event
        word in context, less for what is hypothetical, asked or only named, more for
        what is dated, placed, counted or attributed."""
        trig = claim.trigger
        if trig is None:
            return 0.5
        others = self.event_index.within(claim.start, claim.end)
        score = clause_weight(self.text, trig, others)
        if trig.pos == "noun" and trig.role != "echo":
            score -= 0.5
        text = self.text[claim.start : claim.end]
        before = self._lead(claim.start, trig.start)
        if _HYPOTHETICAL.search(before) or _HYPOTHETICAL_CLAUSE.search(text):
            score -= 1.5
        if text.rstrip().endswith("?") or _QUESTION.search(text):
            score -= 2
        if claim.date_text:
            score += 0.5
        if claim.figures:
            score += 1
        if claim.places:
            score += 0.5
        if claim.speaker is not None:
            score += 0.5
        return round(max(0.0, min(1.0, score / 4)), 2)

    def _note_speaker_times(self, sentence: Sentence) -> None:
        """ "Putin said Thursday.": remember when a speaker spoke, even in a sentence that
        reports no event, for the speaker's later claims that give no date."""
        for mention in self.date_index.within(sentence.start, sentence.end):
            cue = self._reporting_cue(mention)
            if cue is None:
                continue
            speaker = self.attributor.subject_of(sentence, cue.start)
            key = _speaker_key(speaker)
            if key is not None:
                self.speaker_time[key] = (
                    mention.first,
                    mention.last,
                    mention.precision,
                    mention.text,
                )

    def _sentence_claims(self, index: int, sentence: Sentence) -> list[Claim]:
        self._note_speaker_times(sentence)
        events = self.event_index.within(sentence.start, sentence.end)
        figures = self.figure_index.within(sentence.start, sentence.end)
        if not events and not figures:
            echo = self._denied_report(index, sentence)
            return [echo] if echo is not None else []
        dates = self.date_index.within(sentence.start, sentence.end)
        denials = [
            c
            for c in self.cue_index.within(sentence.start, sentence.end)
            if c.role in ("deny", "negation")
        ]
        clauses = cut(self.text, sentence.start, sentence.end, events, dates, denials)
        clauses.extend(self._denial_echoes(sentence, clauses))
        clauses.sort(key=lambda c: c.start)
        if not clauses and figures:
            clauses = [self._figure_clause(sentence, figures)]
        single = len(clauses) == 1
        claims = []
        for clause in clauses:
            claim = self._claim(index, sentence, clause, whole_sentence=single)
            if claim is not None:
                claims.append(claim)
        self._attach_figures(claims, figures)
        if claims:
            self._last_claim = claims[-1]
        return claims

    def _claim(
        self, index: int, sentence: Sentence, clause: Clause, *, whole_sentence: bool
    ) -> Claim | None:
        main = clause.main
        assert main is not None
        start, end = (
            (sentence.start, sentence.end)
            if whole_sentence
            else _trim(self.text, clause.start, clause.end)
        )
        echo = main.role == "echo"
        speaker = self.attributor.speaker(sentence, start, end, main)
        pol = "deny" if echo else polarity(self.text, start, end, main, self._cues(start, end))
        first, last, precision, date_text = self._date(sentence, clause, speaker, start, end)
        claim = Claim(
            start=start,
            end=end,
            type=main.type,
            polarity=pol,
            speaker=speaker,
            first=first,
            last=last,
            precision=precision,
            date_text=date_text,
            plover=main.plover,
            mode=main.mode,
            sentence=index,
            trigger=main,
        )
        claim.modality = self._modality(clause, start)
        claim.places = place_rules.claim_places(
            self.doc, start, end, self.sides, self.place_index.within(start, end)
        )
        if echo and not claim.places and self._previous_places:
            claim.places = list(self._previous_places)
        if not claim.places:
            first = self.doc.sentences[max(0, self.sentence_number[sentence.start] - ANAPHOR_REACH)]
            claim.places = place_rules.anaphoric_places(
                self.doc, start, end, lambda: self.place_index.within(first.start, start)
            )
        self._previous_places = claim.places
        return claim

    def _cues(self, start: int, end: int) -> list[Trigger]:
        return self.cue_index.within(start, end)

    def _denial_echoes(self, sentence: Sentence, clauses: list[Clause]) -> list[Clause]:
        """ "..., a claim denied by Armenians": the previous event, denied by someone else."""
        out = []
        for m in re.finditer(
            r",\s*((?:a|the|this|such)\s+(?:claim|charge|report|allegation|accusation)s?\s+"
            r"(?:\w+\s+)?(?:denied|rejected|dismissed|refuted)\s+by\b[^,;.]*)",
            self.text[sentence.start : sentence.end],
            re.I,
        ):
            s = sentence.start + m.start(1)
            e = sentence.start + m.end(1)
            before = [c for c in clauses if c.main is not None and c.start < s]
            if not before:
                continue
            previous = before[-1]
            if previous.end > s:
                previous.end = s - 1
            inner = _inner_event(previous, s)
            echo = Trigger(
                s, e, self.text[s:e], inner.type, "echo", inner.plover, inner.mode, inner.weight
            )
            out.append(Clause(s, e, [echo], echo, []))
        return out

    def _denied_report(self, index: int, sentence: Sentence) -> Claim | None:
        """ "Armenia's Defence Ministry denied the report.": a denial of the event just
        reported, by whoever denies it."""
        cue = next(
            (c for c in self.cue_index.within(sentence.start, sentence.end) if c.role == "deny"),
            None,
        )
        previous = self._last_claim
        if cue is None or previous is None or index - previous.sentence > 2:
            return None
        if not _DENIED_OBJECT.match(self.text, cue.end, sentence.end) and cue.text.lower() not in (
            "is false",
            "are false",
            "is untrue",
            "are untrue",
            "groundless",
            "baseless",
        ):
            return None
        inner = previous.trigger
        echo = Trigger(
            cue.start,
            cue.end,
            cue.text,
            previous.type,
            "echo",
            previous.plover,
            previous.mode,
            inner.weight if inner else 1,
        )
        start, end = sentence.start, sentence.end
        speaker = self.attributor.speaker(sentence, start, end, echo)
        return Claim(
            start=start,
            end=end,
            type=previous.type,
            polarity="deny",
            speaker=speaker,
            places=list(previous.places),
            first=previous.first,
            last=previous.last,
            precision=previous.precision,
            date_text=previous.date_text,
            plover=previous.plover,
            mode=previous.mode,
            sentence=index,
            trigger=echo,
        )

    def _figure_clause(self, sentence: Sentence, figures: list[FigureMention]) -> Clause:
        kind = figures[0].kind
        typ = FIGURE_TYPES.get(kind, "CASUALTIES")
        plover, mode = PLOVER.get(typ, (None, None))
        trig = Trigger(
            figures[0].start, figures[0].end, figures[0].text, typ, "event", plover, mode, 1
        )
        return Clause(sentence.start, sentence.end, [trig], trig, [])

    def _attach_figures(self, claims: list[Claim], figures: list[FigureMention]) -> None:
        for figure in figures:
            holder = next((c for c in claims if c.start <= figure.start < c.end), None)
            if (
                holder is not None
                and holder.type == "ASSAULT"
                and holder.polarity == "assert"
                and figure.kind in TOLL_KINDS
            ):
                # "shelling killed five civilians": a report of the toll, not just the attack
                holder.type, holder.plover, holder.mode = "CASUALTIES", "ASSAULT", None
            if holder is None and claims:
                holder = min(
                    claims,
                    key=lambda c: min(abs(c.start - figure.start), abs(c.end - figure.start)),
                )
            if holder is not None:
                holder.figures.append(figure)

    # -- time -----------------------------------------------------------------------------

    def _date(
        self, sentence: Sentence, clause: Clause, speaker: Speaker | None, start: int, end: int
    ) -> tuple[date | None, date | None, str | None, str | None]:
        key = _speaker_key(speaker)
        in_clause = self.date_index.within(start, end)
        speech_act = clause.main is not None and clause.main.type in SPEECH_ACTS
        reporting = [] if speech_act else [d for d in in_clause if self._reporting_time(d)]
        for mention in reporting:  # "Lavrov said on November 3 that ...": the speaker's time
            self.speaker_time[key] = (mention.first, mention.last, mention.precision, mention.text)
        candidates = [d for d in in_clause if d not in reporting]
        candidates = [d for d in candidates if not _attributive(self.text, d)] or candidates
        index = self.sentence_number[sentence.start]
        if candidates:
            main = clause.main
            best = min(candidates, key=lambda d: abs(d.start - main.start) if main else 0)
            found = (best.first, best.last, best.precision, best.text)
            self.last_time[key] = (*found, index, sentence.paragraph)
            self.last_time[STORY] = (*found, index, sentence.paragraph)
            return found
        if self._planned(clause, start) or sentence.bullet or self.doc.published is None:
            if speaker is not None and key in self.speaker_time:
                return self.speaker_time[key]  # "Moscow will continue to work...", said on Nov 3
            return None, None, None, None
        if _THEN.search(self.text, start, end):
            # "then", "at the time", "at that point": back to the time the story is at
            for story_key in (key, STORY):
                previous = self.last_time.get(story_key)
                if previous is not None:
                    return previous[:4]
        if not self._present(clause, start):
            # the story goes on: a past event takes the time of the sentence before
            previous = self.last_time.get(key)
            if previous is not None and (
                (index - previous[4] <= 1 and sentence.paragraph == previous[5])
                or (key is not None and index - previous[4] <= SPEAKER_STORY_SENTENCES)
            ):
                return previous[:4]
            story = self._story_time(sentence, index, start)
            if story is not None:
                return story
        if key is not None and key in self.speaker_time:
            return self.speaker_time[key]
        pub = self.doc.published
        return pub, pub, "day", None

    def _story_time(
        self, sentence: Sentence, index: int, start: int
    ) -> tuple[date, date, str, str | None] | None:
        """The last explicit time named before the clause in its paragraph, within the two
        sentences before: "In April 2016, ... Over four days of fighting, ... captured"."""
        first_sentence = max(0, index - 2)
        limit = self.doc.sentences[first_sentence].start
        for mention in reversed(self.date_index.within(limit, start)):
            if mention.relative or self._reporting_time(mention):
                continue
            holder = next(
                (
                    s
                    for s in self.doc.sentences[first_sentence : index + 1]
                    if s.start <= mention.start < s.end
                ),
                None,
            )
            if holder is None or holder.paragraph != sentence.paragraph:
                continue
            return mention.first, mention.last, mention.precision, mention.text
        return None

    def _present(self, clause: Clause, start: int) -> bool:
        """A present-tense clause ("is being observed", "has been completed", "continues
        to") describes the moment of speaking, not the story's past."""
        if clause.main is None:
            return False
        before = self._lead(start, clause.main.start)
        return bool(_PRESENT.search(before)) or bool(_PRESENT_VERB.match(clause.main.text))

    def _recent(self, day: date) -> bool:
        """A date worth carrying to the next claims: close to publication, not history."""
        pub = self.doc.published
        return pub is not None and (pub - day).days <= RECENT_DAYS

    def _modality(self, clause: Clause, start: int) -> str:
        """Whether the clause says the event happened, is planned or only imagined:
        evidence of compliance must not come from what "will" or "must" happen."""
        if clause.main is None:
            return "factual"
        before = self._lead(start, clause.main.start)
        if _HYPOTHETICAL_MODAL.search(before) or _HYPOTHETICAL_CLAUSE.search(
            self.text[start : clause.main.start]
        ):
            return "hypothetical"
        if _FUTURE.search(before):
            return "planned"
        return "factual"

    def _planned(self, clause: Clause, start: int) -> bool:
        """Future or hypothetical: a modal right before the event word."""
        if clause.main is None:
            return False
        return bool(_FUTURE.search(self._lead(start, clause.main.start)))

    def _lead(self, start: int, event_start: int) -> str:
        """The last four words before the event word, within the clause starting at
        ``start`` (modality, tense and confidence all read them: made once per clause)."""
        key = (start, event_start)
        lead = self._leads.get(key)
        if lead is None:
            words = self.text[max(start, event_start - 40) : event_start].split()[-4:]
            lead = self._leads[key] = " ".join(words)
        return lead

    def _reporting_time(self, mention: DateMention) -> bool:
        return self._reporting_cue(mention) is not None

    def _reporting_cue(self, mention: DateMention) -> Trigger | None:
        """The time of the reporting, not of the event: "cautioned on Tuesday that",
        "said Thursday.", "As the Kremlin reported earlier this week,", "In an interview on
        November 3 Lavrov said that ..." (a date before a reporting verb, with no event
        word between them)."""
        for cue in self.cue_index.within(mention.start - 60, mention.end + 121):
            if cue.role not in ("report", "deny"):
                continue
            gap = self.text[cue.end : mention.start]
            if 0 <= mention.start - cue.end <= 4 and _REPORT_TIME.match(gap):
                after = self.text[mention.end : mention.end + 8]
                if re.match(r"\s*(?:that\b|,|\.|$)", after):
                    return cue
            if 0 < cue.start - mention.end <= 120 and not re.search(
                r"[”“\"]", self.text[mention.end : cue.start]
            ):
                between = (mention.end, cue.start)
                if self._same_sentence(mention.start, cue.start) and not self.event_index.within(
                    *between
                ):
                    return cue
        return None

    def _same_sentence(self, a: int, b: int) -> bool:
        return not re.search(r"[.!?]\s", self.text[min(a, b) : max(a, b)])


def _speaker_key(speaker: Speaker | None) -> str | None:
    if speaker is None:
        return None
    if speaker.actor_id:
        return speaker.actor_id
    words = speaker.name.split()
    return words[-1].lower().strip("’'s") if words else None


def _inner_event(clause: Clause, limit: int) -> Trigger:
    """The event a speech act is about: "accuses X of shelling" -> shelling."""
    assert clause.main is not None
    if clause.main.type in ("ACCUSE", "REQUEST", "REJECT"):
        inner = [
            t
            for t in clause.triggers
            if t.start > clause.main.start
            and t.start < limit
            and t.type not in ("ACCUSE", "REQUEST", "REJECT", "AGREE", "CONSULT")
        ]
        if inner:
            return max(inner, key=lambda t: (t.weight, -t.start))
    return clause.main


def _attributive(text: str, mention: DateMention) -> bool:
    """ "a 1994 ceasefire", "the 2016 war": a year that names a thing, not a time."""
    return bool(
        re.search(
            r"\b(?:a|the|since\s+a|since\s+the)\s+$",
            text[max(0, mention.start - 10) : mention.start],
            re.I,
        )
    ) and bool(re.match(r"\s+[a-z]", text[mention.end : mention.end + 3]))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:\n\t—–-":
        start += 1
    while end > start and text[end - 1] in " ,;:\n\t—–-":
        end -= 1
    return start, end


@component(
    "claims",
    requires=("sentences", "places", "actors", "dates", "figures", "triggers"),
    assigns=("claims",),
)
def claims(doc: Doc) -> Doc:
    doc.claims = ClaimBuilder(doc).build()
    return doc
