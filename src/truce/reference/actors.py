"""Actors: who speaks, and for which side.

Why this shape: attribution needs a side for every speaker, whether it is named
("Pashinian", "the Kremlin"), an institution of a state ("Azerbaijan's Defense
Ministry", "the Ministry of Defense of Armenia") or a generic phrase ("the Russian
foreign minister", "ethnic Armenian forces", "both sides", "experts"). Everything that
varies between conflicts - the sides, the words that name them, roles, bodies, people -
is data (``data/actors/*.yaml``, format in ``docs/actors.md``); the code only knows how
to combine atoms into phrases.

Matching is one pass of a pyahocorasick automaton over :func:`textnorm.normalize` of
the text; the atoms found (nation words, roles, bodies, named actors, fixed phrases) are
then joined left to right into phrases when only spaces, a possessive ``'s``, a hyphen
or ``of (the)`` separate them. Spans always index the original text.
"""

from __future__ import annotations

import datetime as _dt
import marshal
import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import ahocorasick

from truce.reference._cache import cache_dir as default_cache_dir
from truce.reference._cache import content_hash, write_atomic
from truce.reference.textnorm import (
    ALLCAPS,
    NormText,
    case_matches,
    case_signature,
    key_variants,
    normalize,
)

try:  # the project's error hierarchy, if present
    from truce.errors import DataError as _DataError
except ImportError:  # pragma: no cover - standalone use
    _DataError = ValueError  # type: ignore[misc,assignment]

__all__ = ["Actor", "ActorIndex", "ActorMention", "ActorsError", "Side", "data_dir"]

ENV_EXTRA = "TRUCE_ACTORS"
FORMAT_VERSION = "actors-3"
ACTOR_KINDS = ("person", "body", "force", "state", "outlet", "organisation", "group")
MENTION_KINDS = (*ACTOR_KINDS, "nationality")

# atom types
_ACTOR, _NAME, _ADJ, _PEOPLE, _CAPITAL, _ROLE, _BODY, _GENERIC = range(8)
_NATION = (_NAME, _ADJ, _PEOPLE, _CAPITAL)
_SHORT = 1 << 9  # the alias is a one-word short form (a surname) of a longer name


class ActorsError(_DataError):
    """An actors file is malformed; the message names the file, entry and problem."""

    def __init__(self, path: str | Path, where: str | None, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")


@dataclass(frozen=True, slots=True)
class Side:
    """A side of the conflict; sides of one ``bloc`` speak as one (Armenia, Artsakh)."""

    id: str
    name: str
    bloc: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A named actor, or an institution made from a body type and a side."""

    id: str
    name: str
    kind: str
    side: str | None
    names: tuple[str, ...]
    roles: tuple[str, ...] = ()
    affiliation: str | None = None
    member_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor or side-naming phrase in a text; ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    actor: Actor | None
    side: str | None
    kind: str


def data_dir() -> Path:
    """The folder of the packaged actors data."""
    return Path(__file__).resolve().parent / "data" / "actors"


# --------------------------------------------------------------------------- loading


def _line_of(text: str, needle: str) -> int | None:
    """Best-effort line number of an entry (for error messages)."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    return None


def _names(value: Any, path: Path, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ActorsError(path, where, "'names' must be a non-empty list of strings")
    out = []
    for n in value:
        if not isinstance(n, (str, int, float)) or not str(n).strip():
            raise ActorsError(path, where, f"bad name {n!r} (names are non-empty strings)")
        out.append(str(n).strip())
    return out


def parse_file(path: Path) -> dict[str, Any]:
    """Parse and validate one actors YAML file (see ``docs/actors.md``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorsError(path, None, "file not found") from None
    except UnicodeDecodeError as e:
        raise ActorsError(path, None, f"not UTF-8 text ({e.reason})") from None
    except OSError as e:
        raise ActorsError(path, None, f"cannot read ({e.strerror})") from None
    import yaml  # only needed when the cache is cold

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ActorsError(path, where, f"invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ActorsError(path, None, "the file must be a mapping with sides/nations/actors...")
    known = {"version", "sides", "nations", "roles", "bodies", "generic", "actors"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ActorsError(path, None, f"unknown section(s): {', '.join(map(str, unknown))}")

    def where(section: str, i: int, ident: Any) -> str:
        line = _line_of(text, f"id: {ident}") if ident else None
        return f"line {line}: {section}[{i}]" if line else f"{section}[{i}]"

    out: dict[str, Any] = {"sides": [], "nations": {}, "roles": [], "bodies": [],
                           "generic": [], "actors": []}
    for i, s in enumerate(data.get("sides") or []):
        w = where("sides", i, s.get("id") if isinstance(s, dict) else None)
        if not isinstance(s, dict) or not isinstance(s.get("id"), str) or not s["id"]:
            raise ActorsError(path, w, "a side needs an 'id'")
        out["sides"].append({"id": s["id"], "name": str(s.get("name") or s["id"]),
                             "bloc": str(s.get("bloc") or s["id"])})
    nations = data.get("nations") or {}
    if not isinstance(nations, dict):
        raise ActorsError(path, "nations", "must map a side id to its words")
    for side, spec in nations.items():
        w = f"line {_line_of(text, f'{side}:') or '?'}: nations.{side}"
        if not isinstance(spec, dict):
            raise ActorsError(path, w, "must be a mapping with names/adjectives/people/capitals")
        bad = sorted(set(spec) - {"names", "adjectives", "people", "capitals", "absorbs"})
        if bad:
            raise ActorsError(path, w, f"unknown key(s): {', '.join(bad)}")
        entry = {k: _names(spec[k], path, f"{w}.{k}") for k in
                 ("names", "adjectives", "people", "capitals") if spec.get(k)}
        entry["absorbs"] = [str(x) for x in spec.get("absorbs") or []]
        out["nations"][str(side)] = entry
    for section in ("roles", "bodies"):
        for i, r in enumerate(data.get(section) or []):
            w = where(section, i, r.get("id") if isinstance(r, dict) else None)
            if not isinstance(r, dict) or not r.get("id"):
                raise ActorsError(path, w, "an entry needs an 'id'")
            kind = r.get("kind", "person" if section == "roles" else "body")
            if kind not in MENTION_KINDS:
                raise ActorsError(path, w, f"kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
            case = r.get("case", "any")
            if case not in ("any", "strict"):
                raise ActorsError(path, w, f"case must be 'any' or 'strict', got {case!r}")
            out[section].append({"id": str(r["id"]), "kind": kind, "side": r.get("side"),
                                 "names": _names(r.get("names"), path, w),
                                 "strict": case == "strict"})
    for i, g in enumerate(data.get("generic") or []):
        w = f"generic[{i}]"
        if not isinstance(g, dict) or not g.get("side"):
            raise ActorsError(path, w, "a generic phrase group needs a 'side'")
        out["generic"].append({"side": str(g["side"]), "kind": g.get("kind", "group"),
                               "names": _names(g.get("names"), path, w)})
    seen: set[str] = set()
    for i, a in enumerate(data.get("actors") or []):
        w = where("actors", i, a.get("id") if isinstance(a, dict) else None)
        if not isinstance(a, dict) or not a.get("id"):
            raise ActorsError(path, w, "an actor needs an 'id'")
        if a["id"] in seen:
            raise ActorsError(path, w, f"duplicate actor id {a['id']!r}")
        seen.add(a["id"])
        kind = a.get("kind")
        if kind not in ACTOR_KINDS:
            raise ActorsError(path, w, f"kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
        roles = []
        for r in a.get("roles") or []:
            if not isinstance(r, dict) or not r.get("title"):
                raise ActorsError(path, w, "each role needs a 'title' (a role id) and 'of'")
            roles.append((str(r["title"]), str(r.get("of") or a.get("side") or ""),
                          str(r.get("from") or ""), str(r.get("until") or "")))
        member_of = a.get("member_of") or []
        if not isinstance(member_of, list):
            raise ActorsError(path, w, "'member_of' must be a list of actor ids")
        out["actors"].append({"id": str(a["id"]), "kind": kind, "side": a.get("side"),
                              "names": _names(a.get("names"), path, w), "roles": roles,
                              "affiliation": a.get("affiliation"),
                              "member_of": [str(x) for x in member_of]})
    return out


def _check_sides(parsed: list[tuple[Path, dict]], sides: dict[str, tuple]) -> None:
    for path, d in parsed:
        for section in ("bodies", "generic", "actors"):
            for i, e in enumerate(d[section]):
                s = e.get("side")
                if s is not None and s not in sides:
                    raise ActorsError(path, f"{section}[{i}] ({e.get('id', '')})",
                                      f"unknown side {s!r} (declare it under 'sides')")
        for side, spec in d["nations"].items():
            for s in [side, *spec.get("absorbs", [])]:
                if s not in sides:
                    raise ActorsError(path, f"nations.{side}",
                                      f"unknown side {s!r} (declare it under 'sides')")


def _compile(parsed: list[tuple[Path, dict]]) -> dict[str, Any]:
    """Merge files (later entries with the same id replace earlier ones) and index keys."""
    sides: dict[str, tuple] = {}
    nations: dict[str, dict] = {}
    roles: dict[str, tuple] = {}
    bodies: dict[str, tuple] = {}
    generic: list[tuple] = []
    actors: dict[str, tuple] = {}
    for _path, d in parsed:
        for s in d["sides"]:
            sides[s["id"]] = (s["id"], s["name"], s["bloc"])
    _check_sides(parsed, sides)
    for _path, d in parsed:
        for side, spec in d["nations"].items():
            cur = nations.setdefault(side, {"absorbs": []})
            for k, v in spec.items():
                cur[k] = list(dict.fromkeys([*cur.get(k, []), *v]))
        for r in d["roles"]:
            roles[r["id"]] = (r["id"], r["names"][0], tuple(r["names"]), r["strict"])
        for b in d["bodies"]:
            bodies[b["id"]] = (b["id"], b["kind"], b["side"], b["names"][0], tuple(b["names"]),
                               b["strict"])
        for g in d["generic"]:
            generic.append((g["side"], g["kind"], tuple(g["names"])))
        for a in d["actors"]:
            actors[a["id"]] = (a["id"], a["names"][0], a["kind"], a["side"], tuple(a["names"]),
                               tuple(a["roles"]), a["affiliation"], tuple(a["member_of"]))
    role_ids = list(roles)
    body_ids = list(bodies)
    actor_ids = list(actors)
    index: dict[str, list[tuple[int, int, int]]] = {}

    def add(name: str, atom: int, ref: int, extra: int = 0, strict: bool = True) -> None:
        sig = case_signature(name)
        if not strict and not sig & ALLCAPS:
            sig = 0  # role and body nouns: any case ("the foreign minister")
        sig |= extra
        for k in key_variants(name):
            slot = index.setdefault(f" {k} ", [])
            if (atom, ref, sig) not in slot:
                slot.append((atom, ref, sig))

    side_ids = list(sides)
    for side, spec in nations.items():
        si = side_ids.index(side)
        for form, atom in (("names", _NAME), ("adjectives", _ADJ), ("people", _PEOPLE),
                           ("capitals", _CAPITAL)):
            for n in spec.get(form, []):
                add(n, atom, si)
    for i, rid in enumerate(role_ids):
        for n in roles[rid][2]:
            add(n, _ROLE, i, strict=roles[rid][3])
    for i, bid in enumerate(body_ids):
        for n in bodies[bid][4]:
            add(n, _BODY, i, strict=bodies[bid][5])
    for i, g in enumerate(generic):
        for n in g[2]:
            add(n, _GENERIC, i, strict=False)
    for i, aid in enumerate(actor_ids):
        names = actors[aid][4]
        longest = max(len(n.split()) for n in names)
        for n in names:
            short = len(n.split()) == 1 and longest > 1 and actors[aid][2] == "person"
            add(n, _ACTOR, i, _SHORT if short else 0)
    return {
        "version": FORMAT_VERSION,
        "sides": [sides[s] for s in side_ids],
        "nations": [(s, nations[s].get("absorbs", [])) for s in nations],
        "roles": [roles[r] for r in role_ids],
        "bodies": [bodies[b] for b in body_ids],
        "generic": generic,
        "actors": [actors[a] for a in actor_ids],
        "keys": {k: tuple(v) for k, v in index.items()},
    }


# --------------------------------------------------------------------------- matching

_POSS = re.compile(r"^['’]s?\s{1,3}$")  # "Azerbaijan’s " / "Sargsyans' "
_SPACE = re.compile(r"^[ \t]{1,3}\n?[ \t]*$|^\n[ \t]*$")
_ABBR = re.compile(r"^\.[ \t]{1,2}$")
_HYPHEN = re.compile(r"^\s?[-–]\s?$")
_OF = re.compile(r"^\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_IN = re.compile(r"\s+in\s+(?:the\s+)?", re.IGNORECASE)
_THE = re.compile(r"(?:^|(?<=[\s(\"“]))([Tt]he)\s+$")
_CAPWORD = re.compile(r"([^\W\d_][\w'’.-]*)[ \t]$")
_SENTENCE_END = re.compile(r"[.!?:;\"“”)\]]\s*$")


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    cands: Sequence[tuple[int, int, int]]  # (atom type, ref, signature)
    types: int  # bit t set when some candidate has atom type t


def _bits(*types: int) -> int:
    out = 0
    for t in types:
        out |= 1 << t
    return out


def _types(cands: Iterable[tuple[int, int, int]]) -> int:
    """Bit t set when some candidate has atom type t."""
    out = 0
    for c in cands:
        out |= 1 << c[0]
    return out


def _key_info(key: str, cands: tuple) -> tuple[int, tuple | None, int]:
    """(length, the candidates if none needs a case check else None, their type bits)."""
    any_case = all(not c[2] & 0x1FF for c in cands)
    return len(key), (cands if any_case else None), _types(cands)


B_ACTOR, B_ROLE, B_BODY, B_GENERIC = _bits(_ACTOR), _bits(_ROLE), _bits(_BODY), _bits(_GENERIC)
B_NATION = _bits(*_NATION)
B_NAME_CAP = _bits(_NAME, _CAPITAL)
B_ADJ_NAME = _bits(_ADJ, _NAME)
B_HEAD = B_ROLE | B_BODY | B_ACTOR
B_OF_RIGHT = _bits(_NAME, _ADJ, _CAPITAL, _BODY, _ACTOR)


class ActorIndex:
    """A loaded actor list; build it with :meth:`default` or :meth:`load`."""

    _lock = threading.Lock()
    _defaults: ClassVar[dict[tuple[str, ...], ActorIndex]] = {}

    def __init__(self, compiled: dict[str, Any]) -> None:
        self._sides = {s[0]: Side(*s) for s in compiled["sides"]}
        self._side_ids = [s[0] for s in compiled["sides"]]
        self._absorbs = {s: list(a) for s, a in compiled["nations"]}
        self._roles = compiled["roles"]
        self._bodies = compiled["bodies"]
        self._generic = compiled["generic"]
        self._actor_rows = compiled["actors"]
        self._keys: dict[str, tuple] = compiled["keys"]
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._key_list = list(self._keys)
        # per key: its length, and its candidates with their type bits when no candidate
        # asks for a case (most nouns and phrases), so a hit needs no per-candidate check
        self._key_info: list[tuple[int, tuple | None, int]] = [
            _key_info(k, self._keys[k]) for k in self._key_list]
        for i, k in enumerate(self._key_list):
            self._auto.add_word(k, i)
        if self._key_list:
            self._auto.make_automaton()
        self._actors: dict[int, Actor] = {}
        self._made: dict[tuple[str, str], Actor] = {}
        self._holders: dict[tuple[str, str, str | None], Actor | None] = {}
        self._by_id = {r[0]: i for i, r in enumerate(self._actor_rows)}

    # ---- construction
    @classmethod
    def default(cls) -> ActorIndex:
        """The packaged data plus ``TRUCE_ACTORS`` files, loaded once per process."""
        extra = tuple(p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p.strip())
        with cls._lock:
            idx = cls._defaults.get(extra)
            if idx is None:
                idx = cls.load([Path(p) for p in extra])
                cls._defaults[extra] = idx
            return idx

    @classmethod
    def load(cls, paths: Iterable[str | Path] = (), *, include_default: bool = True,
             cache_dir: str | Path | None = None, use_cache: bool = True) -> ActorIndex:
        """Load actors files (after the packaged ones unless ``include_default=False``).

        Sides, nation words and roles of later files are added to earlier ones; an actor,
        role or body with an existing id replaces it. Cached like the gazetteer.
        """
        files = [*(sorted(data_dir().glob("*.yaml")) if include_default else []),
                 *(Path(p) for p in paths)]
        for p in files:
            if not Path(p).is_file():
                raise ActorsError(p, None, "file not found")
        base = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) / (
            "actors-" + content_hash(files, FORMAT_VERSION) + ".bin")
        if use_cache:
            try:
                compiled = marshal.loads(base.read_bytes())
                if compiled.get("version") == FORMAT_VERSION:
                    return cls(compiled)
            except (OSError, ValueError, EOFError, TypeError, AttributeError):
                pass
        compiled = _compile([(Path(p), parse_file(Path(p))) for p in files])
        if use_cache:
            write_atomic(base, lambda p: Path(p).write_bytes(marshal.dumps(compiled)))
        return cls(compiled)

    # ---- data access
    def sides(self) -> dict[str, Side]:
        """All sides by id, in file order."""
        return dict(self._sides)

    def bloc(self, side: str) -> str:
        """The bloc of a side (the side itself when it has none); unknown sides map to
        themselves."""
        s = self._sides.get(side)
        return s.bloc if s else side

    def get(self, actor_id: str) -> Actor | None:
        i = self._by_id.get(actor_id)
        return None if i is None else self._actor(i)

    def actors(self) -> list[Actor]:
        return [self._actor(i) for i in range(len(self._actor_rows))]

    def _actor(self, i: int) -> Actor:
        a = self._actors.get(i)
        if a is None:
            aid, name, kind, side, names, roles, affiliation, member_of = self._actor_rows[i]
            a = Actor(aid, name, kind, side, tuple(names),
                      tuple(f"{r[0]}@{r[1]}" for r in roles), affiliation, tuple(member_of))
            self._actors[i] = a
        return a

    def _made_actor(self, side: str, body: int) -> Actor:
        bid, kind, _bside, bname, _bnames, _strict = self._bodies[body]
        key = (side, bid)
        a = self._made.get(key)
        if a is None:
            sname = self._sides[side].name if side in self._sides else side
            a = Actor(f"{side}/{bid}", f"{bname} ({sname})", kind, side, ())
            self._made[key] = a
        return a

    def _state_actor(self, side: str) -> Actor:
        key = (side, "")
        a = self._made.get(key)
        if a is None:
            s = self._sides.get(side)
            a = Actor(side, s.name if s else side, "state", side, ())
            self._made[key] = a
        return a

    def role_holder(self, role: str, side: str, on: str | None = None) -> Actor | None:
        """The actor holding ``role`` for ``side`` (on a date ``YYYY-MM-DD``), if unique."""
        key = (role, side, on)
        if key in self._holders:
            return self._holders[key]
        self._holders[key] = holder = self._role_holder(role, side, on)
        return holder

    def _role_holder(self, role: str, side: str, on: str | None) -> Actor | None:
        found = []
        for i, row in enumerate(self._actor_rows):
            for title, of, start, until in row[5]:
                if title != role or of != side:
                    continue
                if on is not None:
                    if (start and on < start) or (until and on > until):
                        continue
                elif until:
                    continue
                found.append(i)
        return self._actor(found[0]) if len(found) == 1 else None

    # ---- matching
    def find(
        self, text: str, *, on: str | _dt.date | None = None, norm: NormText | None = None
    ) -> list[ActorMention]:
        """Named actors and side-naming phrases in ``text``, in text order.

        ``on`` (a date) picks the holder of a role ("the Armenian foreign minister");
        ``norm`` is ``normalize(text)`` when the caller already has it.
        """
        if not text:
            return []
        day = on.isoformat() if isinstance(on, _dt.date) else on
        atoms = self._scan(text, norm)
        phrases = self._phrases(text, atoms)
        out: list[ActorMention] = []
        named: set[int] = set()
        for n, ph in enumerate(phrases):
            if out and ph[0].start < out[-1].end:
                continue  # swallowed by the previous mention ("forces in Nagorno-Karabakh")
            prev = phrases[n - 1][-1] if n else None
            nxt = phrases[n + 1][0] if n + 1 < len(phrases) else None
            m = self._mention(text, ph, named, day, prev, nxt)
            if m is not None:
                out.append(m)
        return out

    def side_of(self, phrase: str) -> str | None:
        """The side a noun phrase names ("Azerbaijan's Defense Ministry" → azerbaijan).

        The longest mention in the phrase decides; None if nothing in it names a side.
        """
        ms = [m for m in self.find(phrase) if m.side]
        if not ms:
            return None
        return max(ms, key=lambda m: (m.end - m.start, m.start)).side

    def _scan(self, text: str, norm: NormText | None = None) -> list[_Atom]:
        nt = normalize(text) if norm is None else norm
        s = " " + nt.text + " "
        simple = len(nt.starts) == 1 and nt.shifts[0] == 0
        starts, shifts, marks = nt.starts, nt.shifts, nt.marks
        keys, key_list, key_info = self._keys, self._key_list, self._key_info
        hits: list[_Atom] = []
        for end, kid in self._auto.iter(s):
            klen, any_case, types = key_info[kid]
            st = end - klen + 1
            if simple:
                o0, o1 = st, end - 1
            elif marks:
                o0, o1 = nt.span(st, end - 1)
            else:  # collapsed runs only: piece k starts at starts[k] with shift shifts[k]
                o0 = st + shifts[bisect_right(starts, st) - 1]
                o1 = end - 1 + shifts[bisect_right(starts, end - 2) - 1]
            if any_case is not None:
                cands: Sequence[tuple[int, int, int]] = any_case
            else:
                first_up = text[o0].isupper()
                cands = []
                for c in keys[key_list[kid]]:
                    sig = c[2] & 0x1FF
                    if not sig or (sig == 1 and first_up) or case_matches(text[o0:o1], sig):
                        cands.append(c)
                if not cands:
                    continue
                types = _types(cands)
            # hits arrive by end position; of overlapping atoms the longest wins
            while hits and hits[-1].end > o0:
                last = hits[-1]
                if o1 - o0 > last.end - last.start:
                    hits.pop()
                else:
                    break
            else:
                hits.append(_Atom(o0, o1, cands, types))
                continue
            # kept the earlier, longer atom
        return hits

    def _joinable(self, text: str, left: _Atom, right: _Atom) -> bool:
        if right.start - left.end > 12:
            return False
        lt, rt = left.types, right.types
        if lt == B_GENERIC or rt == B_GENERIC:
            return False
        person = bool(lt & B_ACTOR) and self._is_person(left)
        if person and not lt & (B_ROLE | B_BODY):
            return False  # a person's name ends a phrase
        gap = text[left.end:right.start]
        if gap[:1] == "." and "." in text[left.start:left.end]:
            gap = gap[1:]  # the final period of an abbreviation: "U.S. officials"
        nationish = bool(lt & B_NATION) or (bool(lt & B_ACTOR) and not person)
        right_head = bool(rt & B_HEAD)
        if _SPACE.match(gap):
            if nationish and right_head:
                return True
            return bool(lt & (B_ROLE | B_BODY)) and right_head
        if _ABBR.match(gap):  # "Gen. Onik Gasparyan": an abbreviated title
            return (bool(lt & B_ROLE) and bool(rt & (B_ROLE | B_ACTOR))
                    and left.end - left.start <= 4)
        if _POSS.match(gap):
            return bool(lt & (B_NAME_CAP | B_ACTOR)) and right_head
        if _HYPHEN.match(gap):
            return bool(lt & B_ADJ_NAME) and bool(rt & B_ADJ_NAME)
        if _OF.match(gap):
            return bool(lt & (B_ROLE | B_BODY)) and bool(rt & B_OF_RIGHT)
        return False

    def _is_person(self, atom: _Atom) -> bool:
        return any(c[0] == _ACTOR and self._actor_rows[c[1]][2] == "person" for c in atom.cands)

    def _phrases(self, text: str, atoms: list[_Atom]) -> list[list[_Atom]]:
        phrases: list[list[_Atom]] = []
        for a in atoms:
            if phrases and self._joinable(text, phrases[-1][-1], a):
                phrases[-1].append(a)
            else:
                phrases.append([a])
        return phrases

    def _mention(self, text: str, ph: list[_Atom], named: set[int], day: str | None,
                 prev: _Atom | None, nxt: _Atom | None) -> ActorMention | None:
        start, end = ph[0].start, ph[-1].end
        nation_side: str | None = None
        nation_form: int | None = None
        role: int | None = None
        body: int | None = None
        actor_i: int | None = None
        generic: int | None = None
        for i, a in enumerate(ph):
            types = a.types
            if types & B_ACTOR:
                acts = [c for c in a.cands if c[0] == _ACTOR]
                pick = self._pick_actor(text, a, acts, named, ph[i - 1] if i else prev)
                if pick is None:
                    if len(ph) == 1:
                        return None
                    continue
                actor_i = pick
            elif types == B_GENERIC or (types & B_GENERIC and len(ph) == 1):
                generic = next(c[1] for c in a.cands if c[0] == _GENERIC)
            elif types & B_NATION:
                c = next(c for c in a.cands if c[0] in _NATION)
                # prefer the adjective reading inside a phrase, the name reading alone
                nation_side = self._side_ids[c[1]]
                nation_form = c[0] if len(ph) == 1 else next(
                    (x[0] for x in a.cands if x[0] in (_ADJ, _NAME, _CAPITAL)), c[0])
            elif types & B_ROLE:
                role = next(c[1] for c in a.cands if c[0] == _ROLE)
            elif types & B_BODY:
                body = next(c[1] for c in a.cands if c[0] == _BODY)
        if generic is not None:
            gside, gkind, _ = self._generic[generic]
            start = self._with_the(text, start)
            return ActorMention(start, end, text[start:end], None, gside, gkind)
        actor: Actor | None = None
        side: str | None = None
        kind: str
        if actor_i is not None:
            actor = self._actor(actor_i)
            side = actor.side or nation_side
            kind = actor.kind
            named.add(actor_i)
        elif body is not None:
            _bid, bkind, bside, _n, _ns, _st = self._bodies[body]
            kind = bkind
            side = bside if bside in ("media", "other") else (nation_side or bside)
            if role is not None and bkind != "outlet":
                kind = "person"  # "Defense Ministry spokeswoman"
            if side is not None and kind != "person" and side in self._sides:
                actor = self._made_actor(side, body)
        elif role is not None:
            kind = "person"
            side = nation_side
            if side is not None:
                actor = self.role_holder(self._roles[role][0], side, day)
        elif nation_side is not None:
            side = nation_side
            kind = {_NAME: "state", _CAPITAL: "state", _PEOPLE: "nationality",
                    _ADJ: "nationality"}[nation_form or _ADJ]
            if nation_form == _CAPITAL and self._with_the(text, start) != start:
                return None  # "the Stepanakert hospital": a city name used as an adjective
            if kind == "state":
                actor = self._state_actor(side)
            return ActorMention(start, end, text[start:end], actor, side, kind)
        else:
            return None
        if side is None and actor is None:
            return None
        # "Armenian forces in Nagorno-Karabakh": located in a side that absorbs this one
        if kind in ("force", "group", "nationality") and nxt is not None and nxt.types & (
                B_NAME_CAP):
            m = _IN.match(text, end)
            if m and m.end() == nxt.start:
                where = next(self._side_ids[c[1]] for c in nxt.cands if c[0] in (_NAME, _CAPITAL))
                if where == side or side in self._absorbs.get(where, ()):
                    if where != side:
                        actor = None
                    side, end = where, nxt.end
        start = self._with_the(text, start)
        return ActorMention(start, end, text[start:end], actor, side, kind)

    def _with_the(self, text: str, start: int) -> int:
        """Include a "the" right before the phrase."""
        lo = max(0, start - 5)
        if not text[start - 1:start].isspace() or text.find("he", lo, start) < 0:
            return start  # cheap tests of what every match of _THE has
        m = _THE.search(text, lo, start)
        return m.start(1) if m else start

    def _pick_actor(self, text: str, atom: _Atom, acts: Sequence[tuple[int, int, int]],
                    named: set[int], prev: _Atom | None) -> int | None:
        """Choose among actors sharing an alias; reject a surname after another name."""
        if all(c[2] & _SHORT for c in acts):
            # "Aza Babayan", "Ruben Harutyunyan": a surname after an unknown given name
            m = _CAPWORD.search(text, max(0, atom.start - 40), atom.start)
            if m and not _SENTENCE_END.search(text, max(0, m.start() - 3), m.start()):
                word = m.group(1)
                known = prev is not None and prev.end >= m.end(1) - 1
                if (word[0].isupper() and word.rstrip(".").lower() not in _TITLE_WORDS
                        and not known):
                    return None
        ids = [c[1] for c in acts]
        for i in ids:
            if i in named:
                return i
        return min(ids)


_TITLE_WORDS = frozenset((
    "mr", "mrs", "ms", "dr", "gen", "general", "col", "colonel", "lt", "maj", "major",
    "capt", "captain", "sgt", "president", "minister", "premier", "ambassador", "secretary",
    "spokesman", "spokeswoman", "spokesperson", "chancellor", "prince", "king", "queen",
    "sheikh", "ayatollah", "pope", "deputy", "commander", "chief", "envoy", "adviser",
    "advisor", "aide", "leader", "counterpart", "prime", "foreign", "defense", "defence",
    "said", "told", "says", "according",
))
