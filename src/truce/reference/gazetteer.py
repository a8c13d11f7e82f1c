"""Places: the gazetteer data, its loader and a fast, context-aware place matcher.

Why this shape:

* Data are plain TSV files (``data/gazetteer/NN_*.tsv``, format in ``docs/gazetteer.md``)
  so a user can add a region without touching code: ``Gazetteer.load([path])`` or the
  ``TRUCE_GAZETTEER`` environment variable (paths separated by ``os.pathsep``).
* Loading must be fast in a cold process, so the parsed and compiled form (place rows,
  name index, Aho-Corasick automaton) is cached in the user cache directory, keyed by a
  hash of the data files' contents; if the cache is not writable it is built in memory.
* Matching is one pass of a pyahocorasick automaton over :func:`textnorm.normalize` of
  the text. Keys are word-anchored (`` name ``) and truncated to a short prefix to keep
  the automaton small (it dominates load time); each hit is verified against the full
  name with a dict lookup. Spans always index the original text.
* Ambiguous names ("Martuni" is a town in Armenia and the Azerbaijani/Armenian name of
  Khojavend in Nagorno-Karabakh) are resolved from context: hint words ("district",
  "town"), nearness to the other places in the same text, the focus area and priors.
"""

from __future__ import annotations

import gzip
import marshal
import math
import os
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

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

__all__ = [
    "KINDS",
    "Gazetteer",
    "GazetteerError",
    "Name",
    "Place",
    "PlaceMention",
    "data_dir",
]

KINDS = ("country", "region", "district", "city", "town", "village", "feature")
REQUIRED = ("id", "name", "kind", "lat", "lon")
OPTIONAL = ("country", "parent", "population", "names", "flags", "replaces", "parts", "source")
ENV_EXTRA = "TRUCE_GAZETTEER"
FORMAT_VERSION = "gaz-11"  # bump when the compiled form or the matching rules change
PREFIX = 7  # automaton keys are the first PREFIX characters of " name "

_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_ID = re.compile(r"^\S+$")

# entry code (one entry = one place reachable under one key):
#   place index << _SHIFT | word-capital mask << 4 | flag bits
_MATCH = 1  # may be matched in running text
_ALLCAPS = 4  # surface must be all capitals (alias is an acronym such as "US")
_MINOR = 8  # a minor place outside the focus area (see Gazetteer._veto)
_MASK_SHIFT = 4  # bit i of the mask: word i of the alias is capitalised (Latin script)
_SHIFT = 12
_SHADOW = -1  # place index of a non-place phrase (nonplaces.txt)


class GazetteerError(_DataError):
    """A gazetteer file is malformed; the message names the file, line and problem."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{path}: line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Name:
    """One name of a place; ``lang`` is a BCP-47-like tag (``en``, ``hy``, ``hy-Latn``...)."""

    text: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A place with all its names. Districts and regions are located at their centre."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None
    parent: str | None
    population: int
    names: tuple[Name, ...]
    flags: frozenset[str] = field(default=frozenset())
    parts: tuple[str, ...] = ()
    source: str = ""

    @property
    def focus(self) -> bool:
        """True for places of the focus area (rows flagged ``focus``)."""
        return "focus" in self.flags

    def names_in(self, lang: str) -> list[str]:
        """Names tagged exactly ``lang``."""
        return [n.text for n in self.names if n.lang == lang]

    def display_names(self, langs: Sequence[str] = ("hy-Latn", "az-Latn"), sep: str = " / ") -> str:
        """Both sides' names where the place has two, e.g. ``"Shushi / Shusha"``.

        Takes the first name of each tag in ``langs`` (default: the Latin-letter forms of
        the Armenian and Azerbaijani names); falls back to the canonical name.
        """
        out: list[str] = []
        seen: set[str] = set()
        for lang in langs:
            for n in self.names:
                if n.lang == lang:
                    k = n.text.casefold()
                    if k not in seen:
                        seen.add(k)
                        out.append(n.text)
                    break
        if len(out) < 2:
            return self.name
        return sep.join(out)

    def distance_km(self, other: Place) -> float:
        return _haversine(self.lat, self.lon, other.lat, other.lon)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in a text; ``text[start:end] == surface``.

    ``place`` is the best candidate in context, ``candidates`` all candidates best first,
    ``hint`` the hint word next to the mention ("district", "town", "direction"...) if any.
    """

    start: int
    end: int
    surface: str
    place: Place | None
    candidates: tuple[Place, ...]
    hint: str | None


def data_dir() -> Path:
    """The folder of the packaged gazetteer data."""
    return Path(__file__).resolve().parent / "data" / "gazetteer"


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- parsing

# a parsed row: the columns as strings, plus the origin for error messages
_Row = dict


def _split_names(raw: str, path: Path, line: int) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for entry in raw.split("|"):
        entry = entry.strip()
        if not entry:
            continue
        lang: str | None = None
        head, sep, rest = entry.partition(":")
        if sep and _LANG.match(head):
            if not rest.strip():
                raise GazetteerError(path, line, f"empty name after the language tag {head!r}")
            lang, entry = head, rest.strip()
        out.append((lang, entry))
    return out


def parse_file(path: Path) -> list[_Row]:
    """Parse and validate one gazetteer TSV file (see ``docs/gazetteer.md``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerError(path, None, "file not found") from None
    except UnicodeDecodeError as e:
        raise GazetteerError(path, None, f"not UTF-8 text ({e.reason})") from None
    except OSError as e:
        raise GazetteerError(path, None, f"cannot read ({e.strerror})") from None
    header: list[str] | None = None
    rows: list[_Row] = []
    ids: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = [c.strip() for c in cols]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise GazetteerError(
                    path, lineno,
                    f"header must name the columns {', '.join(REQUIRED)} (tab-separated); "
                    f"missing: {', '.join(missing)}")
            unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
            if unknown:
                raise GazetteerError(path, lineno, f"unknown column(s): {', '.join(unknown)}")
            if len(set(header)) != len(header):
                raise GazetteerError(path, lineno, "a column is named twice in the header")
            continue
        if len(cols) > len(header):
            raise GazetteerError(
                path, lineno, f"expected {len(header)} tab-separated columns, found {len(cols)}")
        r = dict(zip(header, (c.strip() for c in cols), strict=False))
        for c in header:
            r.setdefault(c, "")
        pid = r["id"]
        if not pid or not _ID.match(pid):
            raise GazetteerError(path, lineno, f"bad id {pid!r} (non-empty, no spaces)")
        if pid in ids:
            raise GazetteerError(path, lineno, f"duplicate id {pid!r}")
        ids.add(pid)
        if not r["name"]:
            raise GazetteerError(path, lineno, "empty name")
        if r["kind"] not in KINDS:
            raise GazetteerError(
                path, lineno, f"kind {r['kind']!r} is not one of {', '.join(KINDS)}")
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            raise GazetteerError(
                path, lineno, f"lat/lon must be numbers, got {r['lat']!r}, {r['lon']!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(path, lineno, f"lat/lon out of range: {lat}, {lon}")
        pop = r.get("population", "")
        if pop and not pop.isdigit():
            raise GazetteerError(path, lineno, f"population must be a whole number, got {pop!r}")
        cc = r.get("country", "")
        if cc and not re.fullmatch(r"[A-Z]{2}", cc):
            raise GazetteerError(
                path, lineno, f"country must be an ISO 3166 alpha-2 code, got {cc!r}")
        names = _split_names(r.get("names", ""), path, lineno)
        for _lang, n in names:
            if not any(ch.isalnum() for ch in n):
                raise GazetteerError(path, lineno, f"name {n!r} has no letters")
        rows.append({
            "id": pid, "name": r["name"], "kind": r["kind"], "lat": lat, "lon": lon,
            "country": cc or None, "parent": r.get("parent") or None,
            "population": int(pop or 0), "names": names,
            "flags": [f.strip() for f in r.get("flags", "").split(",") if f.strip()],
            "replaces": [f.strip() for f in r.get("replaces", "").split(",") if f.strip()],
            "parts": [f.strip() for f in r.get("parts", "").split(",") if f.strip()],
            "source": r.get("source", ""), "_where": (str(path), lineno),
        })
    if header is None:
        raise GazetteerError(path, None, "no header line (id, name, kind, lat, lon, ...)")
    return rows


# --------------------------------------------------------------------------- compiling


def _default_files() -> list[Path]:
    return sorted(p for p in data_dir().glob("*.tsv") if p.is_file())


def _env_files() -> list[Path]:
    raw = os.environ.get(ENV_EXTRA, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def _read_words() -> frozenset[str]:
    p = data_dir() / "english_words.txt.gz"
    try:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            return frozenset(w.strip() for w in f if w.strip())
    except OSError:
        return frozenset()


def _read_stoplist() -> frozenset[str]:
    p = data_dir() / "stoplist.txt"
    out = set()
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(" ".join(key_variants(line)[:1]))
    return frozenset(out)


def _read_nonplaces() -> list[str]:
    p = data_dir() / "nonplaces.txt"
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")]


def _case_bits(alias: str) -> int:
    """Case rule of an alias as entry bits (see :func:`textnorm.case_signature`)."""
    sig = case_signature(alias)
    if sig & ALLCAPS:
        return _ALLCAPS
    return (sig & 0xFF) << _MASK_SHIFT


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def _compile(rows: list[_Row]) -> dict:
    """Merge rows (overrides, ``replaces``) and build the name index."""
    by_id: dict[str, _Row] = {}
    order: list[str] = []
    for r in rows:
        if r["id"] not in by_id:
            order.append(r["id"])
        by_id[r["id"]] = r  # a later file overrides an earlier row with the same id
    redirects: dict[str, str] = {}
    for pid in order:
        r = by_id.get(pid)
        if r is None:
            continue
        for old in r["replaces"]:
            o = by_id.pop(old, None)
            if o is None or old == pid:
                continue
            redirects[old] = pid
            extra = [(None, o["name"]), *o["names"]]
            r["names"] = r["names"] + [n for n in extra]
    # follow redirect chains
    for old, new in list(redirects.items()):
        seen = {old}
        while new in redirects and new not in seen:
            seen.add(new)
            new = redirects[new]
        redirects[old] = new
    words = _read_words()
    stop = _read_stoplist()

    places: list[tuple] = []
    index: dict[str, dict[int, int]] = {}
    for pid in order:
        r = by_id.get(pid)
        if r is None:
            continue
        idx = len(places)
        parent = r["parent"]
        parent = redirects.get(parent, parent) if parent else None
        # de-duplicate names (exact text), keep the first tag seen
        seen: dict[str, str | None] = {}
        for lang, n in [(None, r["name"]), *r["names"]]:
            if n not in seen or (seen[n] is None and lang):
                seen[n] = lang
        names_field = "|".join(f"{lang}:{n}" if lang else n for n, lang in seen.items())
        flags = r["flags"]
        focus = "focus" in flags
        exempt = r["kind"] == "country" or "capital" in flags or r["population"] >= 1_000_000
        minor = (r["kind"] in ("city", "town", "village") and not focus
                 and "capital" not in flags and r["population"] < 500_000)
        places.append("\t".join((
            pid, r["name"], r["kind"], repr(r["lat"]), repr(r["lon"]), r["country"] or "",
            parent or "", str(r["population"]), names_field, ",".join(flags),
            ",".join(r["parts"]), r["source"],
        )))
        alt_lookup = "alt-lookup" in flags
        for n in seen:
            canonical = n == r["name"]
            bits_case = _case_bits(n)
            for k in key_variants(n):
                match = canonical or not alt_lookup
                if not focus:
                    common = (" " not in k and k in words and bits_case != _ALLCAPS
                              and not (exempt and canonical) and r["kind"] != "country")
                    letters = len(k.replace(" ", ""))
                    tiny = (letters < 3 and bits_case != _ALLCAPS) or (
                        letters < 4 and not canonical and r["kind"] != "country")
                    if k in stop or common or tiny:
                        match = False
                bits = (_MATCH if match else 0) | bits_case | (_MINOR if minor else 0)
                slot = index.setdefault(f" {k} ", {})
                old = slot.get(idx)
                if old is None:
                    slot[idx] = bits
                else:  # the most permissive reading of the same key for the same place
                    slot[idx] = (((old | bits) & (_MATCH | _MINOR)) | (old & bits & _ALLCAPS)
                                 | (old & bits & (0xFF << _MASK_SHIFT)))
    for phrase in _read_nonplaces():  # index -1: a phrase that hides the places inside it
        for k in key_variants(phrase):
            index.setdefault(f" {k} ", {})[_SHADOW] = _MATCH | _case_bits(phrase)
    # key -> entry code, or a tuple of codes when several places share the key
    keys: dict[str, int | tuple[int, ...]] = {}
    prefixes: dict[str, int] = {}
    for k, slot in index.items():
        codes = tuple((i << _SHIFT) | b for i, b in slot.items())
        keys[k] = codes[0] if len(codes) == 1 else codes
        if any(c & _MATCH for c in codes):
            p = k[:PREFIX]  # value: bit w-1 set if a key of w words has this prefix
            prefixes[p] = prefixes.get(p, 0) | (1 << min(k.count(" ") - 2, 30))
    return {
        "version": FORMAT_VERSION, "places": places, "redirects": redirects,
        "keys": keys, "prefixes": prefixes,
    }


def _build_automaton(prefixes: dict[str, int]) -> tuple[ahocorasick.Automaton, list]:
    """Automaton over the key prefixes; ``table[value] = (prefix length, word-count mask)``."""
    a = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    table: list[tuple[int, int]] = []
    for p, mask in prefixes.items():
        a.add_word(p, len(table))
        table.append((len(p), mask))
    a.make_automaton()
    return a, table


def _fingerprint(paths: Sequence[Path]) -> str:
    extra = [data_dir() / n for n in ("english_words.txt.gz", "stoplist.txt", "nonplaces.txt")]
    return content_hash([*paths, *extra], f"{FORMAT_VERSION}-{PREFIX}")


# --------------------------------------------------------------------------- resolution

_HINT_AFTER = re.compile(
    r"[\s)]*\b(district|districts|raion|rayon|region|regions|province|provinces|marz|oblast|"
    r"governorate|county|municipality|city|town|village|villages|settlement|community|"
    r"direction|directions|front|sector|area|highway|road|corridor|river|airport|"
    r"mountains|range)\b", re.IGNORECASE)
_HINT_BEFORE = re.compile(
    r"\b(city|town|village|district|region|province|community|outskirts|"
    r"capital)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_HINT_NORMAL = {
    "districts": "district", "raion": "district", "rayon": "district", "regions": "region",
    "provinces": "province", "villages": "village", "directions": "direction",
    "outskirts": "town", "capital": "city", "marz": "province", "oblast": "province",
    "governorate": "province", "county": "district", "municipality": "district",
    "mountains": "range",
}
_HINT_KINDS: dict[str, frozenset[str]] = {
    "district": frozenset({"district"}),
    "region": frozenset({"region", "district"}),
    "province": frozenset({"region", "district"}),
    "city": frozenset({"city", "town"}),
    "town": frozenset({"town", "city"}),
    "village": frozenset({"village", "town"}),
    "settlement": frozenset({"village", "town"}),
    "community": frozenset({"village", "town"}),
    "corridor": frozenset({"feature"}),
    "river": frozenset({"feature"}),
    "range": frozenset({"feature"}),
    "airport": frozenset({"feature"}),
}
_TITLES = frozenset((
    "mr", "mrs", "ms", "dr", "gen", "general", "president", "minister", "premier", "senator",
    "sir", "lord", "lady", "saint", "st", "col", "colonel", "maj", "major", "capt",
    "captain", "lt", "sgt", "prince", "princess", "king", "queen", "pope", "bishop",
    "archbishop", "father", "brother", "sister", "judge", "ambassador", "secretary",
    "chancellor",
))
_BAD_SEP = re.compile(r"[,;:()\[\]{}\"“”«»/\\_|<>=+*#@]|\n\s*\n")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”)\]\n])\s*$")
_ARTICLES = frozenset(("La", "Le", "Les", "El", "Al", "Il", "Los", "Las", "Der", "Die", "Das",
                       "De", "Di", "Du", "Van", "Von"))
_OPEN_PAREN = re.compile(r"\s*\(\s*$")
_CLOSE_PAREN = re.compile(r"\s*\)")

# resolution weights (see docs/gazetteer.md, "How resolution works")
W_HINT = 3.0
W_NEAR = 2.5
NEAR_KM = 100.0
W_COUNTRY = 1.0
W_FOCUS = 1.5
KIND_PRIOR = {"country": 2.0, "region": 1.0, "district": 0.4, "feature": 0.6,
              "city": 0.0, "town": 0.0, "village": 0.0}


def _pop_prior(pop: int) -> float:
    return min(1.6, math.log10(pop) / 4.0) if pop > 1 else 0.3


# --------------------------------------------------------------------------- the API


class Gazetteer:
    """A loaded gazetteer; build it with :meth:`default` or :meth:`load`."""

    _default_lock = threading.Lock()
    _defaults: ClassVar[dict[tuple[str, ...], Gazetteer]] = {}

    def __init__(self, compiled: dict, automaton: ahocorasick.Automaton | None = None,
                 table: list | None = None, *, focus: tuple[float, float, float] | None = None
                 ) -> None:
        self._lines: list[str] = compiled["places"]
        self._rows: dict[int, tuple] = {}
        self._redirects: dict[str, str] = compiled["redirects"]
        self._keys: dict[str, int | tuple[int, ...]] = compiled["keys"]
        if automaton is None or table is None:
            automaton, table = _build_automaton(compiled["prefixes"])
        self._auto = automaton
        self._table = table
        self._ids: dict[str, int] | None = None
        self._objs: dict[int, Place] = {}
        # per-place values that resolution needs again in every text
        self._groups: dict[tuple[int, ...], tuple[list[Place], bool]] = {}
        self._rad: dict[str, tuple[float, float, float]] = {}
        self._priors: dict[str, float] = {}
        self.focus = focus

    # ---- construction
    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged data plus ``TRUCE_GAZETTEER`` files, loaded once per process."""
        extra = tuple(str(p) for p in _env_files())
        with cls._default_lock:
            g = cls._defaults.get(extra)
            if g is None:
                g = cls.load([Path(p) for p in extra])
                cls._defaults[extra] = g
            return g

    @classmethod
    def load(cls, paths: Iterable[str | Path] = (), *, include_default: bool = True,
             cache_dir: str | Path | None = None, use_cache: bool = True,
             focus: tuple[float, float, float] | None = None) -> Gazetteer:
        """Load gazetteer files (after the packaged ones unless ``include_default=False``).

        Later files override rows with the same id. The compiled form is cached under
        ``cache_dir`` (default ``$TRUCE_CACHE_DIR`` or ``~/.cache/truce``) keyed by the
        files' content hash; an unwritable cache is silently skipped.
        ``focus=(lat, lon, radius_km)`` adds a focus circle to the flagged focus rows.
        """
        files = [*(_default_files() if include_default else []), *(Path(p) for p in paths)]
        for p in files:
            if not Path(p).is_file():
                raise GazetteerError(p, None, "file not found")
        fp = _fingerprint(files)
        cdir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        base = cdir / f"gazetteer-{fp}"
        if use_cache:
            loaded = cls._load_cache(base)
            if loaded is not None:
                compiled, auto, table = loaded
                return cls(compiled, auto, table, focus=focus)
        rows: list[_Row] = []
        for p in files:
            rows.extend(parse_file(Path(p)))
        compiled = _compile(rows)
        auto, table = _build_automaton(compiled["prefixes"])
        if use_cache:
            cls._save_cache(base, compiled, auto, table)
        return cls(compiled, auto, table, focus=focus)

    @staticmethod
    def _load_cache(base: Path):
        try:
            data = marshal.loads(base.with_suffix(".bin").read_bytes())
            if data.get("version") != FORMAT_VERSION:
                return None
            auto = ahocorasick.load(str(base.with_suffix(".aho")), marshal.loads)
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            return None
        return data, auto, data["table"]

    @staticmethod
    def _save_cache(base: Path, compiled: dict, auto, table) -> None:
        payload = {k: v for k, v in compiled.items() if k != "prefixes"}
        payload["table"] = table
        # the automaton first: a .bin without its .aho is never loaded
        if write_atomic(base.with_suffix(".aho"), lambda p: auto.save(p)):
            write_atomic(base.with_suffix(".bin"),
                         lambda p: Path(p).write_bytes(marshal.dumps(payload)))

    # ---- places
    def __len__(self) -> int:
        return len(self._lines)

    def _row(self, idx: int) -> tuple:
        """The parsed row of place ``idx`` (rows are stored as TSV lines, parsed lazily)."""
        r = self._rows.get(idx)
        if r is None:
            f = self._lines[idx].split("\t")
            r = (f[0], f[1], f[2], float(f[3]), float(f[4]), f[5] or None, f[6] or None,
                 int(f[7]), f[8], f[9], f[10], f[11])
            self._rows[idx] = r
        return r

    def _place(self, idx: int) -> Place:
        p = self._objs.get(idx)
        if p is None:
            (pid, name, kind, lat, lon, cc, parent, pop, names, flags, parts, source
             ) = self._row(idx)
            nm = []
            for entry in names.split("|"):
                head, sep, rest = entry.partition(":")
                if sep and _LANG.match(head) and rest:
                    nm.append(Name(rest, head))
                elif entry:
                    nm.append(Name(entry, None))
            p = Place(pid, name, kind, lat, lon, cc, parent, pop, tuple(nm),
                      frozenset(f for f in flags.split(",") if f),
                      tuple(x for x in parts.split(",") if x), source)
            self._objs[idx] = p
        return p

    def _index_of(self, place_id: str) -> int | None:
        if self._ids is None:
            self._ids = {ln[:ln.index("\t")]: i for i, ln in enumerate(self._lines)}
        place_id = self._redirects.get(place_id, place_id)
        return self._ids.get(place_id)

    def get(self, place_id: str) -> Place | None:
        """The place with this id (ids replaced by a curated row lead to that row)."""
        i = self._index_of(place_id)
        return None if i is None else self._place(i)

    def places(self) -> Iterable[Place]:
        """All places (built lazily)."""
        return (self._place(i) for i in range(len(self._lines)))

    def parts_of(self, place: Place) -> list[Place]:
        """The component places of a feature (e.g. the end towns of a road)."""
        return [p for p in (self.get(x) for x in place.parts) if p is not None]

    def lookup(self, name: str) -> list[Place]:
        """Exact-name lookup, insensitive to case, diacritics, apostrophes and dashes.

        Best candidates first (focus, kind, population); no context is used.
        """
        idxs: dict[int, None] = {}
        for k in key_variants(name):
            codes = self._keys.get(f" {k} ")
            if codes is not None:
                for e in (codes,) if isinstance(codes, int) else codes:
                    if e >> _SHIFT != _SHADOW:
                        idxs.setdefault(e >> _SHIFT)
        places = [self._place(i) for i in idxs]
        places.sort(key=lambda p: -self._prior(p))
        return places

    def _in_focus(self, p: Place, focus: tuple[float, float, float] | None) -> bool:
        if p.focus:
            return True
        f = focus or self.focus
        return bool(f) and _haversine(p.lat, p.lon, f[0], f[1]) <= f[2]

    def _prior(self, p: Place, focus: tuple[float, float, float] | None = None) -> float:
        """Score of a place before context; cached per place when no focus circle is set
        (the usual case), as every text ranks the same places again."""
        if focus or self.focus:
            return self._prior_of(p, focus)
        s = self._priors.get(p.id)
        if s is None:
            s = self._priors[p.id] = self._prior_of(p, None)
        return s

    def _prior_of(self, p: Place, focus: tuple[float, float, float] | None) -> float:
        s = KIND_PRIOR.get(p.kind, 0.0) + _pop_prior(p.population)
        if "capital" in p.flags:
            s += 0.5
        if self._in_focus(p, focus):
            s += W_FOCUS
        return s

    # ---- matching
    def find(self, text: str, *, focus: tuple[float, float, float] | None = None,
             norm: NormText | None = None) -> list[PlaceMention]:
        """All place mentions in ``text``, resolved in context, in text order.

        ``norm`` is ``normalize(text)`` when the caller already has it (the actor index
        reads the same form of the same text)."""
        if not text:
            return []
        hits = self._scan(text, norm)
        hits = _longest(hits)
        hits = [h for h in hits if min(h[2]) >= 0]  # drop non-place phrases (negative codes)
        hits = self._veto(text, hits)
        return self._resolve(text, hits, focus)

    def _scan(self, text: str, norm: NormText | None = None) -> list[tuple[int, int, list[int]]]:
        """Verified whole-word hits: (start, end, entry codes) in original offsets."""
        nt = normalize(text) if norm is None else norm
        s = " " + nt.text + " "
        keys = self._keys
        table = self._table
        simple = len(nt.starts) == 1 and nt.shifts[0] == 0
        starts, shifts, marks = nt.starts, nt.shifts, nt.marks
        out: list[tuple[int, int, list[int]]] = []
        find = s.find
        get = keys.get
        for end, pid in self._auto.iter(s):
            plen, mask = table[pid]
            st = end - plen + 1  # index of the key's leading space in s
            e = find(" ", st + 1)
            while True:
                if mask & 1:
                    codes = get(s[st:e + 1])
                    if codes is not None:
                        if simple:
                            o0, o1 = st, e - 1
                        elif marks:
                            o0, o1 = nt.span(st, e - 1)
                        else:  # collapsed runs only: piece k starts at starts[k], shift k
                            o0 = st + shifts[bisect_right(starts, st) - 1]
                            o1 = e - 1 + shifts[bisect_right(starts, e - 2) - 1]
                        if isinstance(codes, int):
                            c = codes
                            if c & _MATCH and (
                                    ((c >> _MASK_SHIFT) & 0xFF == 1 and text[o0].isupper())
                                    or _case_ok(text[o0:o1], c)):
                                out.append((o0, o1, [c]))
                        else:
                            surface = text[o0:o1]
                            ok = [c for c in codes if c & _MATCH and _case_ok(surface, c)]
                            if ok:
                                out.append((o0, o1, ok))
                mask >>= 1
                if not mask:
                    break
                e = find(" ", e + 1)
                if e < 0:
                    break
        return out

    def _veto(self, text: str, hits: list[tuple[int, int, list[int]]]
              ) -> list[tuple[int, int, list[int]]]:
        """Drop readings of minor world places that look like part of another name.

        A one-word name of a place outside the focus area (a city, town or village that
        is not a capital and has under 500,000 people) is not read as that place when it
        is followed by a capitalised word ("Vladimir Putin", "Victoria Nuland"), preceded
        by a title ("Gen. Austin") or a foreign article ("La Republica"), or written in
        capitals where the name is not ("ANN" for Ann).
        """
        out = []
        prev_end = -1
        for o0, o1, codes in hits:
            surface = text[o0:o1]
            if o1 - o0 > 1 and not surface.isalpha() and _BAD_SEP.search(surface):
                continue  # "D,\nor", "St_Johns": a name does not span a comma or bracket
            if not (codes[0] & _MINOR if len(codes) == 1 else any(c & _MINOR for c in codes)):
                out.append((o0, o1, codes))
                prev_end = o1
                continue
            if " " in surface.strip():
                out.append((o0, o1, codes))
                prev_end = o1
                continue
            nxt = _next_word(text, o1)
            prv = _prev_word(text, o0)
            letters = [ch for ch in surface if ch.isalpha()]
            shouting = len(letters) >= 2 and all(ch.isupper() for ch in letters)
            headline = shouting and (nxt.isupper() or prv.isupper())
            after_name = (  # "Ruben Torres", "John Burke": a capitalised word just before
                prv[:1].isupper() and not prv.isupper() and text[o0 - 1:o0] == " "
                and o0 - len(prv) - 1 > prev_end
                and not _SENTENCE_END.search(text, max(0, o0 - len(prv) - 4), o0 - len(prv) - 1))
            suspicious = (
                (nxt and nxt[0].isupper() and nxt.lower() not in _HINT_WORDS
                 and text[o1:o1 + 1] == " ")
                or (prv and prv.lower().rstrip(".") in _TITLES)
                or (prv in _ARTICLES)
                or (shouting and not headline)
                or (after_name and prv.lower() not in _HINT_WORDS)
            )
            keep = [c for c in codes
                    if not (suspicious and c & _MINOR and not c & _ALLCAPS)]
            if keep:
                out.append((o0, o1, keep))
                prev_end = o1
        return out

    def _resolve(self, text: str, hits: list[tuple[int, int, list[int]]],
                 focus: tuple[float, float, float] | None) -> list[PlaceMention]:
        items = _merge_alternatives(text, _candidate_items(hits))
        # hint words; anchors: places of mentions that are unambiguous (one candidate,
        # or all candidates within 25 km of each other), countries by their code
        hints = [_hint(text, o0, o1) for o0, o1, _idxs in items]
        groups: dict[tuple[int, ...], tuple[list[Place], bool]] = {}
        for _o0, _o1, idxs in items:
            if idxs not in groups:
                groups[idxs] = self._group(idxs)
        anchors, countries = self._anchors(groups)
        # rank the candidates of each distinct (candidates, hint) once
        ranked: dict[tuple[tuple[int, ...], str | None], tuple[Place, ...]] = {}
        out: list[PlaceMention] = []
        for (o0, o1, idxs), hint in zip(items, hints, strict=True):
            key = (idxs, hint)
            cands_t = ranked.get(key)
            if cands_t is None:
                cands = groups[idxs][0]
                if len(cands) > 1:
                    cands = self._rank(cands, hint, anchors, countries, focus)
                cands_t = ranked[key] = tuple(cands)
            out.append(PlaceMention(o0, o1, text[o0:o1], cands_t[0] if cands_t else None,
                                    cands_t, hint))
        return out

    def _group(self, idxs: tuple[int, ...]) -> tuple[list[Place], bool]:
        """The places of a candidate group and whether it is unambiguous, cached per
        group: the same names recur in every text, and their places never change."""
        g = self._groups.get(idxs)
        if g is None:
            cands = [self._place(x) for x in idxs]
            g = self._groups[idxs] = (cands, _unambiguous(cands))
        return g

    def _anchors(self, groups: dict[tuple[int, ...], tuple[list[Place], bool]]
                 ) -> tuple[list[tuple[str, float, float]], set[str]]:
        """Anchor places (id and position in radians, at most 200) and anchor countries."""
        anchors: dict[str, tuple[str, float, float]] = {}
        countries: set[str] = set()
        for cands, unambiguous in groups.values():
            if not unambiguous:
                continue
            p = cands[0]
            if p.kind == "country":
                if p.country:
                    countries.add(p.country)
            elif len(anchors) < 200 and p.id not in anchors:
                lat, lon, _scale = self._radians(p)
                anchors[p.id] = (p.id, lat, lon)
        return list(anchors.values()), countries

    def _radians(self, p: Place) -> tuple[float, float, float]:
        """Latitude and longitude in radians and the cosine of the latitude, per place."""
        r = self._rad.get(p.id)
        if r is None:
            lat = math.radians(p.lat)
            r = self._rad[p.id] = (lat, math.radians(p.lon), math.cos(lat))
        return r

    def _rank(self, cands: list[Place], hint: str | None,
              anchors: list[tuple[str, float, float]], countries: set[str],
              focus: tuple[float, float, float] | None) -> list[Place]:
        """Order candidates by score (see docs/gazetteer.md); ties keep data order.

        Closeness to the anchors uses an equirectangular distance: exact enough for a
        weight that decays over 100 km, and an order of magnitude cheaper than haversine
        when a text names many places.
        """
        want = _HINT_KINDS.get(hint or "", frozenset())
        own = {p.id for p in cands}
        points = [(alat, alon) for aid, alat, alon in anchors if aid not in own]
        scored = []
        for order, p in enumerate(cands):
            sc = self._prior(p, focus)
            if p.kind in want:
                sc += W_HINT
            if points:
                lat, lon, scale = self._radians(p)
                nearest = min(
                    (alat - lat) ** 2 + ((alon - lon) * scale) ** 2 for alat, alon in points
                )
                sc += W_NEAR * math.exp(-_EARTH_KM * math.sqrt(nearest) / NEAR_KM)
            if p.country and p.country in countries:
                sc += W_COUNTRY
            scored.append((-sc, order, p))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [t[2] for t in scored]


def _candidate_items(hits: list[tuple[int, int, list[int]]]
                     ) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, de-duplicated place indexes) of each hit."""
    items = []
    for o0, o1, codes in hits:
        if len(codes) == 1:
            idxs: tuple[int, ...] = (codes[0] >> _SHIFT,)
        else:
            idxs = tuple(dict.fromkeys(c >> _SHIFT for c in codes))
        items.append((o0, o1, idxs))
    return items


def _merge_alternatives(text: str, items: list[tuple[int, int, tuple[int, ...]]]
                        ) -> list[tuple[int, int, tuple[int, ...]]]:
    """ "Shushi (Shusha)": an alternative name in parentheses right after a name is one
    mention, with the candidates the two names share."""
    merged = []
    i = 0
    n = len(items)
    while i < n:
        cur = items[i]
        if i + 1 < n and text.find("(", cur[1], items[i + 1][0]) >= 0:
            nxt = items[i + 1]
            gap = text[cur[1]:nxt[0]]
            close = _CLOSE_PAREN.match(text, nxt[1])
            common = tuple(x for x in cur[2] if x in nxt[2])
            if _OPEN_PAREN.match(gap) and close and common:
                merged.append((cur[0], close.end(), common))
                i += 2
                continue
        merged.append(cur)
        i += 1
    return merged


_EARTH_KM = 6371.0
_HINT_WORDS = frozenset((
    "district", "districts", "raion", "rayon", "region", "regions", "province", "provinces",
    "marz", "oblast", "governorate", "county", "municipality", "city", "town", "village",
    "villages", "settlement", "community", "direction", "directions", "front", "sector",
    "area", "highway", "road", "corridor", "river", "airport", "mountains", "range",
    "reservoir",
))
_WORD_AFTER = re.compile(r"[ \t]*([^\W\d_][\w'’.-]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)[ \t]*$")  # as _prev_word reads it
_WORD_PUNCT = "_'’.-"  # with letters and digits, the characters of [\w'’.-]


def _next_word(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text, pos)
    return m.group(1) if m else ""


def _prev_word(text: str, pos: int) -> str:
    """What ``_WORD_BEFORE.search(text, max(0, pos - 40), pos)`` finds, read backwards.

    The regex search retries the word at every start position in the window; here:
    skip one final newline and the spaces or tabs before ``pos``, take the run of word
    characters before them, and return it from its first letter on.
    """
    lo = max(0, pos - 40)
    end = pos
    if end > lo and text[end - 1] == "\n":
        end -= 1  # ``$`` also matches just before a final newline
    while end > lo and text[end - 1] in " \t":
        end -= 1
    start = end
    while start > lo and (text[start - 1].isalnum() or text[start - 1] in _WORD_PUNCT):
        start -= 1
    for i in range(start, end):
        if text[i].isalnum() and not text[i].isdecimal():  # [^\W\d_]
            return text[i:end]
    return ""


def _hint(text: str, start: int, end: int) -> str | None:
    nxt = text[end:end + 1]
    # _HINT_AFTER needs a space, ")" or the hint word itself right after the name
    m = _HINT_AFTER.match(text, end) if (
        nxt.isspace() or nxt == ")" or nxt.isalnum()) else None
    if m and "\n\n" not in m.group(0):
        w = m.group(1).lower()
        return _HINT_NORMAL.get(w, w)
    if not text.endswith(("of ", "of the "), max(0, start - 8), start):
        return None
    m = _HINT_BEFORE.search(text, max(0, start - 40), start)
    if m:
        w = m.group(1).lower()
        return _HINT_NORMAL.get(w, w)
    return None


def _unambiguous(cands: list[Place]) -> bool:
    if len(cands) == 1:
        return True
    if not cands:
        return False
    p0 = cands[0]
    return all(p.distance_km(p0) <= 25.0 for p in cands[1:])


def _longest(hits: list[tuple[int, int, list[int]]]) -> list[tuple[int, int, list[int]]]:
    """Of overlapping hits keep the longest (one left-to-right sweep), in text order."""
    chosen: list[tuple[int, int, list[int]]] = []
    for h in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if chosen and h[0] < chosen[-1][1]:
            if h[1] - h[0] > chosen[-1][1] - chosen[-1][0]:
                chosen[-1] = h
            continue
        chosen.append(h)
    return chosen


def _case_ok(surface: str, entry: int) -> bool:
    """Case follows the alias: acronyms in capitals, capitalised words capitalised."""
    if entry & _ALLCAPS:
        return case_matches(surface, ALLCAPS)
    return case_matches(surface, (entry >> _MASK_SHIFT) & 0xFF)
