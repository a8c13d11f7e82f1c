"""Which places a claim is about, among the places named in its clause.

A country counts only when no finer place is named ("Countries count only when no
finer place is given"), and then only where it is a location ("in Azerbaijan", "inside
Azerbaijan"), not an actor ("Azerbaijan denied ..."); a capital used for its government
("persuade Baku and Yerevan") is not a place either. Places inside an actor's name
("Nagorno-Karabakh's Defense Army", "Armenia's Ministry of Foreign Affairs"), reference
points of a relative location ("southwest of Shushi", "10 kilometers from Stepanakert",
"located between Stepanakert and Askeran") and descriptive asides are left out when the
clause names the place of the event itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from truce.extract.doc import ClaimPlace, Doc

_LOCATIVE = re.compile(
    r"\b(?:in|inside|into|within|across|throughout|near|around|outside|at|on\s+the\s+territory\s+of|"
    r"territory\s+of|parts?\s+of|regions?\s+of|areas?\s+of|towards?|from)\s+(?:the\s+)?$",
    re.I,
)
_REFERENCE = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+(?:part\s+)?of|\b(?:km|kilometers|kilometres|miles|meters)\s+"
    r"(?:\w+\s+)?(?:from|of|away\s+from)|\bdistance\s+from|\boverlooking|\bcapital,?|\bbetween|"
    r"\bnear|\boutskirts\s+of|\bfrom)\s+(?:the\s+)?(?:region’s\s+|region's\s+)?$",
    re.I,
)
_ACTOR_AFTER = re.compile(
    r"^(?:’s|'s|’|')?\s*(?:(?:Defen[cs]e|Foreign|Interior|Emergency|Armed|State|Security|"
    r"Border|National|Information|General)\s+)*(?:Ministry|Ministries|Army|Forces|President|"
    r"Prime|Foreign|Defen[cs]e|Government|Parliament|Security|Office|Command|Leadership|MFA|MoD|"
    r"Ombudsman|Prosecutor|Information|Headquarters|Staff|Minister|Embassy|Presidential|"
    r"authorities|leadership|government|president|army|forces|side|officials|troops|military|"
    r"leader|leaders|partners|diplomat)\b",
)
_ACTOR_BEFORE = re.compile(
    r"(?:Ministry\s+of\s+(?:\w+\s+){0,3}(?:of\s+)?|Republic\s+of\s+|Government\s+of\s+|"
    r"President\s+of\s+|Army\s+of\s+|Embassy\s+of\s+|Forces\s+of\s+)(?:the\s+)?$"
)
#: "forces in Nagorno-Karabakh", "residents of Shushi": a place that describes a group
_DESCRIPTOR = re.compile(
    r"\b(?:forces|troops|army|units|authorities|leadership|residents|population|people|"
    r"Armenians|Azerbaijanis|community|communities|diaspora|government|officials|refugees|"
    r"natives|inhabitants)\s+(?:in|of|from)\s+(?:the\s+)?$",
    re.I,
)
#: "the war between Azerbaijan and Artsakh": parties, not places
_PARTIES = re.compile(
    r"\b(?:war|conflict|talks|negotiations|relations|border|dispute|hostilities|fighting|"
    r"agreement|deal|peace|clashes)\s+between\s+(?:the\s+)?(?:[\w’'-]+\s+(?:and\s+)?){0,3}$",
    re.I,
)
#: lines are not points: a claim "on the line of contact" has no place to map
_LINE_FEATURE = re.compile(r"\b(?:line|border|frontier|front|frontline)\b", re.I)
#: "the village", "the town's centre": a settlement named before, not named again
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(village|town|city|settlement)(?:['’]s)?\b"
    r"(?!\s+(?:of|council|hall|administration|authorities)\b)",
    re.I,
)
#: which kinds of place each of those words can stand for
_ANAPHOR_KINDS = {
    "village": ("village",),
    "town": ("town", "city"),
    "city": ("city", "town"),
    "settlement": ("village", "town"),
}
#: "the Stepanakert-Goris highway": a road between two places is about both
_ROAD = re.compile(r"^(.+?)\s*[-–]\s*(.+?)\s+(?:highway|road|motorway|route)$", re.I)


def claim_places(
    doc: Doc, start: int, end: int, sides: Any = None, candidates: list[Any] | None = None
) -> list[ClaimPlace]:
    """The places of the claim spanning ``doc.text[start:end]`` (``candidates``: the place
    mentions starting in it, when the caller has them indexed)."""
    text = doc.text
    pool = doc.places if candidates is None else candidates
    mentions = [m for m in pool if start <= m.start and m.end <= end and m.place is not None]
    actors = [
        (a.start, a.end) for a in (sides.within(start, end) if sides is not None else doc.actors)
    ]
    kept = [m for m in mentions if not _not_a_place(text, m, actors)]
    if len(kept) > 1:
        # reference points count only when nothing else is named: with one place left
        # there is nothing to tell apart, and the checks are skipped
        points = [_reference_point(text, m, start) for m in kept]
        kept = [m for m, point in zip(kept, points, strict=True) if not point] or kept
    finer = [m for m in kept if not _coarse(m.place)]
    kept = finer or [m for m in kept if _LOCATIVE.search(text[max(0, m.start - 40) : m.start])]
    kept = [m for m in kept if not _capital_as_actor(text, m)]
    kept = _without_ancestors(kept)
    out: list[ClaimPlace] = []
    seen: set[str] = set()
    for m in kept:
        for place, surface in _expand(m):
            if place.id in seen:
                continue
            seen.add(place.id)
            out.append(_claim_place(place, surface, m.start, m.end))
    return out


def _not_a_place(text: str, m: Any, actors: list[tuple[int, int]]) -> bool:
    """Part of an actor's name, one of the parties, or a line: not where it happened."""
    before = text[max(0, m.start - 50) : m.start]
    if _inside(m, actors) and not _LOCATIVE.search(before[-30:]):
        return True
    if _ACTOR_AFTER.match(text[m.end : m.end + 40]):
        return True
    if _ACTOR_BEFORE.search(before) or _PARTIES.search(before):
        return True
    return m.place.kind == "feature" and bool(_LINE_FEATURE.search(m.place.name))


def _reference_point(text: str, m: Any, clause_start: int) -> bool:
    """A place that describes a group, sits in an aside or locates something else."""
    before = text[max(0, m.start - 50) : m.start]
    return bool(
        _DESCRIPTOR.search(before)
        or _in_aside(text, m.start, clause_start)
        or _REFERENCE.search(before)
    )


#: place labels, made once per place object (kept alive here, so ``id`` stays unique)
_LABELS: dict[int, tuple[Any, str]] = {}


def _label(place: Any) -> str:
    """Both sides' names of a place ("Shushi / Shusha")."""
    known = _LABELS.get(id(place))
    if known is None:
        text = place.display_names() if hasattr(place, "display_names") else place.name
        known = _LABELS[id(place)] = (place, text)
    return known[1]


def _coarse(place: Any) -> bool:
    """Countries and world regions count only when nothing finer is named."""
    return place.kind == "country" or str(place.id).startswith("rg:")


def _without_ancestors(mentions: list[Any]) -> list[Any]:
    """ "one of the main cities of Artsakh - Shushi": the containing region goes when a
    place inside it is named."""
    if len(mentions) < 2:
        return mentions
    from truce.reference.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    ancestors: set[str] = set()
    for m in mentions:
        ancestors |= _ancestors(gazetteer, m.place)
    return [m for m in mentions if m.place.id not in ancestors]


#: per place object: (the place, the gazetteer asked, the ids above it)
_ANCESTORS: dict[int, tuple[Any, Any, frozenset[str]]] = {}


def _ancestors(gazetteer: Any, place: Any) -> frozenset[str]:
    """The ids above a place (at most 8 levels), once per gazetteer and place."""
    entry = _ANCESTORS.get(id(place))
    if entry is not None and entry[1] is gazetteer:
        return entry[2]
    found: set[str] = set()
    parent, depth = place.parent, 0
    while parent and depth < 8:
        found.add(parent)
        above = gazetteer.get(parent)
        parent, depth = (above.parent if above is not None else None), depth + 1
    known = frozenset(found)
    _ANCESTORS[id(place)] = (place, gazetteer, known)
    return known


def _expand(mention: Any) -> list[tuple[Any, str]]:
    """A road named after its two ends stands for both ends ("Stepanakert-Goris highway")."""
    road = _ROAD.match(mention.surface)
    if mention.place.kind == "feature" and road:
        from truce.reference.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
        ends = []
        for name in road.groups():
            found = gazetteer.lookup(name.strip())
            if found:
                ends.append((found[0], name.strip()))
        if len(ends) == 2:
            return ends
    return [(mention.place, mention.surface)]


def _inside(mention: Any, spans: list[tuple[int, int]]) -> bool:
    return any(
        a <= mention.start and mention.end <= b and (b - a) > (mention.end - mention.start)
        for a, b in spans
    )


def _in_aside(text: str, position: int, clause_start: int) -> bool:
    """Inside parentheses (not an alternative name) or brackets opened in the clause."""
    opened = text.rfind("(", clause_start, position)
    if opened != -1 and text.find(")", opened, position) == -1:
        inner = text[opened + 1 : position]
        return bool(re.search(r"\b(?:located|between|near|km|the\s+\w+\s+name)\b", inner, re.I))
    bracket = text.rfind("[", clause_start, position)
    return bracket != -1 and text.find("]", bracket, position) == -1


def _capital_as_actor(text: str, mention: Any) -> bool:
    """ "persuade Baku and Yerevan to sit down": capitals standing for governments."""
    if (
        mention.place.kind not in ("city", "capital")
        or getattr(mention.place, "population", 0) < 500_000
    ):
        return False
    before = text[max(0, mention.start - 30) : mention.start]
    after = text[mention.end : mention.end + 30]
    if re.match(
        r"\s+(?:memorandum|protocol|agreement|accords?|summit|declaration|talks|format)\b",
        after,
        re.I,
    ):
        return False  # "the Bishkek memorandum": named after where it happened
    return not _LOCATIVE.search(before) and not re.search(r"\b(?:via|through)\s+$", before)


def anaphoric_places(
    doc: Doc, start: int, end: int, mentions_before: Callable[[], list[Any]]
) -> list[ClaimPlace]:
    """ "Three residents were killed in the village": the place is the last settlement of
    that kind named before the clause (``mentions_before``: the place mentions of the
    sentences before it, in text order, asked for only when the clause says "the
    village"). Used only when the clause names no place itself."""
    m = _ANAPHOR.search(doc.text, start, end)
    if m is None:
        return []
    kinds = _ANAPHOR_KINDS[m.group(1).lower()]
    for mention in reversed(mentions_before()):
        place = mention.place
        if mention.end <= start and place is not None and place.kind in kinds:
            return [_claim_place(place, m.group(0), m.start(), m.end())]
    return []


def _claim_place(place: Any, surface: str, start: int, end: int) -> ClaimPlace:
    return ClaimPlace(
        surface, place.lat, place.lon, place.id, place.kind, start, end, _label(place)
    )
