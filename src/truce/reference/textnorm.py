"""Offset-preserving text normalisation shared by the place and actor matchers.

Matching names in news text needs a forgiving form of the text (no case, no
diacritics, one kind of apostrophe, dash and space) while every match must still
point at the exact characters of the ORIGINAL text. Two forms are offered:

``fold(text)``
    Strictly length-preserving, character by character: lower case, diacritics
    stripped from precomposed letters (``Ş`` → ``s``, ``ə`` stays ``ə``), every
    apostrophe-like character → ``'``, double quotes → ``"``, dashes → ``-``,
    whitespace → `` ``. ``fold(t)[i]`` always corresponds to ``t[i]``.

``normalize(text)`` → :class:`NormText`
    The matching form: like ``fold`` but every character that is not a letter or
    digit becomes a space (so words are separated by spaces and a key `` name `` can
    only match whole words), combining marks and zero-width characters are deleted
    (so a decomposed ``S`` + U+0327 still reads ``s``) and runs of spaces collapse to
    one (so a name wrapped as "Foreign \nMinister" still matches). It carries an exact
    piecewise offset map back to the original (:meth:`NormText.span`), the identity
    in the usual case. Names become keys with :func:`key`, which applies the same rules.

Both are pure functions of the text; the per-character table is built lazily and
cached, so the cost is one ``str.translate`` plus a scan for runs of spaces.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "ALLCAPS",
    "NormText",
    "case_matches",
    "case_signature",
    "compact",
    "fold",
    "fold_char",
    "key",
    "key_variants",
    "normalize",
]

_APOSTROPHES = "'`´‘’‚‛′ʹʻʼʽʾʿˈˊˋ‵＇"
_DQUOTES = "\"“”„‟″«»‹›〝〞＂"
_DASHES = "-‐‑‒–—―−﹘﹣－⁃"
# deleted in the matching form (they never separate words)
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DEL = "\x00"  # internal marker for "delete this character"


def fold_char(c: str) -> str:
    """Fold one character to exactly one character (see module doc)."""
    if c in _APOSTROPHES:
        return "'"
    if c in _DQUOTES:
        return '"'
    if c in _DASHES:
        return "-"
    if c.isspace():
        return " "
    if c.isascii():
        return c.lower()
    base = "".join(
        ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch)
    ).lower()
    if len(base) == 1:
        return base
    low = c.lower()
    return low if len(low) == 1 else c


def _match_char(c: str) -> str:
    """Map one character for the matching form: a folded letter/digit, a space or DEL."""
    if c in _ZERO_WIDTH or unicodedata.combining(c):
        return _DEL
    f = fold_char(c)
    if f.isalnum():
        return f
    # letters that fold to something odd (e.g. a ligature kept as itself)
    return c.lower() if c.isalnum() and len(c.lower()) == 1 else " "


class _Table(dict):
    """A lazily filled translate table: ``str.translate`` calls ``__getitem__``."""

    def __init__(self, fn) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, code: int) -> str:
        v = self._fn(chr(code))
        self[code] = v
        return v


_FOLD = _Table(fold_char)
_MATCH = _Table(_match_char)
# pre-fill ASCII so the common case is a plain dict hit
for _i in range(128):
    _FOLD[_i]
    _MATCH[_i]
_MATCH[0] = _DEL  # DEL stays DEL: mapped characters are fixed points of the table

_SPACES = re.compile(" {2,}")
_SQUEEZE = re.compile(f"[ {_DEL}]{{2,}}|{_DEL}")


def fold(text: str) -> str:
    """Length-preserving fold (see module doc); ``len(fold(t)) == len(t)``."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class NormText:
    """The matching form of a text plus the map back to the original offsets.

    ``starts[k]`` is the normalised index where piece *k* begins and ``shifts[k]``
    the number of original characters dropped before it, so a normalised index
    ``i`` came from original index ``i + shifts[k]`` (k = last piece starting <= i).
    """

    text: str
    original: str
    starts: tuple[int, ...] = (0,)
    shifts: tuple[int, ...] = (0,)
    marks: bool = False  # characters were deleted (combining marks): use span() to map

    def orig(self, i: int) -> int:
        """Original index of normalised index ``i`` (``len(text)`` maps to the end)."""
        if i >= len(self.text):
            return len(self.original)
        if len(self.starts) == 1:
            return i + self.shifts[0]
        return i + self.shifts[bisect_right(self.starts, i) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the original text.

        The end is the original position of the last matched character plus one,
        extended over characters deleted right after it (combining marks), so a
        decomposed ``Laçın`` (``c`` + U+0327) is covered completely.
        """
        if end <= start:
            s = self.orig(start)
            return s, s
        o_start = self.orig(start)
        o_last = self.orig(end - 1)
        o_end = o_last + 1
        n = len(self.original)
        orig = self.original
        while o_end < n and (orig[o_end] in _ZERO_WIDTH or unicodedata.combining(orig[o_end])):
            o_end += 1
        return o_start, o_end


# a run of non-ASCII characters; not written "[...]+", as a pattern that starts with a
# repeat is searched for by a match attempt at every position, one that starts with a
# class by a fast scan for the class's characters
_NONASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")


def _translate(text: str) -> str:
    """``text.translate(_MATCH)``, fast for mostly-ASCII text.

    ``str.translate`` is quick only on pure ASCII input (it looks every character of any
    other string up in the table one by one), so the ASCII stretches between the few
    runs of non-ASCII characters of English news (quotes, dashes, accented or Cyrillic
    names) are translated on their own. The table maps one character to one, so the
    pieces join to the translation of the whole.
    """
    if text.isascii():
        return text.translate(_MATCH)
    extra = len(text.encode("utf-8")) - len(text)
    if extra * 20 > len(text):  # much non-Latin text: one generic pass
        return text.translate(_MATCH)
    parts: list[str] = []
    pos = 0
    for m in _NONASCII.finditer(text):
        a, b = m.span()
        parts.append(text[pos:a].translate(_MATCH))
        parts.append(m.group().translate(_MATCH))
        pos = b
    parts.append(text[pos:].translate(_MATCH))
    return "".join(parts)


def normalize(text: str) -> NormText:
    """Return the matching form of ``text`` with its offset map (see module doc).

    In the usual case (no runs of separators, no combining marks) the result is as long
    as the text and the map is the identity; runs are collapsed with C-speed regex
    calls and a piecewise map, so "Foreign \nMinister" still reads "foreign minister".
    """
    t = _translate(text)
    if _DEL in t:
        return _normalize_slow(t, text)
    if "  " not in t:
        return NormText(t, text)
    return _collapse_runs(t, text)


def _collapse_runs(t: str, text: str) -> NormText:
    """Collapse runs of spaces to one, with the piecewise map back to ``text``.

    Runs are found with ``str.find`` (C speed, no match objects): news text has one at
    every comma or full stop followed by a space, so there are many of them.
    """
    parts: list[str] = []
    starts = [0]
    shifts = [0]
    pos = shift = 0
    n = len(t)
    find = t.find
    a = find("  ")
    while a >= 0:
        b = a + 2
        while b < n and t[b] == " ":
            b += 1
        parts.append(t[pos:a + 1])  # up to and with the run's first space
        shift += b - a - 1
        starts.append(b - shift)
        shifts.append(shift)
        pos = b
        a = find("  ", b)
    parts.append(t[pos:])
    return NormText("".join(parts), text, tuple(starts), tuple(shifts))


def _normalize_slow(t: str, text: str) -> NormText:
    """Delete DEL characters and collapse separator runs, one run at a time."""
    parts: list[str] = []
    starts: list[int] = [0]
    shifts: list[int] = [0]
    pos = out = shift = 0
    for m in _SQUEEZE.finditer(t):
        a, b = m.span()
        parts.append(t[pos:a])
        out += a - pos
        run = m.group()
        rep = " " if " " in run else ""
        parts.append(rep)
        out += len(rep)
        if rep and run.index(" "):  # the kept space comes from inside the run
            starts.append(out - 1)
            shifts.append(a + run.index(" ") - (out - 1))
        shift += (b - a) - len(rep)
        pos = b
        starts.append(out)
        shifts.append(shift)
    parts.append(t[pos:])
    s2: list[int] = []
    h2: list[int] = []
    for st, h in zip(starts, shifts, strict=True):
        if s2 and s2[-1] == st:
            h2[-1] = h
        else:
            s2.append(st)
            h2.append(h)
    return NormText("".join(parts), text, tuple(s2), tuple(h2), True)


def key(name: str) -> str:
    """The normalised form of a name: :func:`normalize` with runs of spaces collapsed.

    Names are indexed with single spaces between words, so a multi-word name matches
    text where its words are separated by exactly one space, newline, dash or other
    non-letter (``Nagorno-Karabakh``, ``Nagorno Karabakh``, ``South\nCaucasus``).
    """
    return _SPACES.sub(" ", normalize(name).text).strip()


def key_variants(name: str) -> list[str]:
    """Keys under which a name is indexed: as written, and without apostrophes.

    ``Step'anakert`` is indexed as ``step anakert`` (matches ``Step’anakert``) and
    ``stepanakert`` (matches the common spelling), so matching and lookup are
    apostrophe-insensitive in the direction that matters.
    """
    out = [key(name)]
    stripped = "".join(ch for ch in name if ch not in _APOSTROPHES)
    if stripped != name:
        k2 = key(stripped)
        if k2 not in out:
            out.append(k2)
    return [k for k in out if k]


def compact(name: str) -> str:
    """Letters and digits only, folded: ``U.S.`` → ``us``, ``Nagorno-Karabakh`` →
    ``nagornokarabakh``. Used for loose equality of names, not for matching."""
    return key(name).replace(" ", "")


ALLCAPS = 1 << 8  # case signature bit: an acronym ("US", "NKR") must be written in capitals
_WORD = re.compile(r"[^\W_]+")


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def case_signature(alias: str) -> int:
    """How a name must be capitalised in running text, as a small int.

    Bits 0-7: word *i* of the alias is capitalised (Latin script only), so the text must
    capitalise it too; ``ALLCAPS``: the alias is an acronym of 2-5 Latin capitals and
    must appear in capitals. "line of contact" (0) matches in any case; "the Gulf" does
    not match "the gulf"; "US" does not match "us".
    """
    letters = [ch for ch in alias if ch.isalpha()]
    if 2 <= len(letters) <= 5 and all(ch.isupper() and _is_latin(ch) for ch in letters):
        return ALLCAPS
    mask = 0
    for i, w in enumerate(_WORD.findall(alias)[:8]):
        if w[0].isupper() and _is_latin(w[0]):
            mask |= 1 << i
    return mask


def case_matches(surface: str, signature: int) -> bool:
    """True if ``surface`` is capitalised as :func:`case_signature` requires."""
    if signature & ALLCAPS:
        letters = [ch for ch in surface if ch.isalpha()]
        return bool(letters) and all(ch.isupper() for ch in letters)
    if not signature:
        return True
    if signature == 1:
        ch = surface[:1]
        if ch.isupper():
            return True
    for i, w in enumerate(_WORD.findall(surface)[:8]):
        if signature >> i & 1 and not w[0].isupper() and _is_latin(w[0]):
            return False
    return True
