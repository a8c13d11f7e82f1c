"""Bytes to text: byte-order marks, UTF-8 first, then detection; binary is refused.

Why UTF-8 first: nearly every input is UTF-8 and a strict decode is exact and fast,
while statistical detection is slow and can mistake short UTF-8 for a legacy code page.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: code pages to prefer when detection cannot tell them apart (short texts)
PREFERRED = (
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1254",
    "iso8859_9",
    "cp1250",
    "iso8859_2",
    "cp1253",
    "cp1255",
    "cp1256",
    "utf_16_le",
    "utf_16_be",
)

#: control characters (but tab, newlines, form feed), replacement, surrogates, private use
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]")

#: share of characters that may be control or replacement characters in real text
MAX_JUNK_SHARE = 0.02


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell (the message says why)."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`DecodeError`."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} text after its byte-order mark") from exc
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise DecodeError("binary file (not text)")
        return utf16
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except (UnicodeDecodeError, DecodeError):
        pass
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    """Statistical detection; among equally plausible code pages prefer the common ones."""
    matches = [m for m in from_bytes(data) if m.encoding]
    if not matches:
        raise DecodeError("binary file or unknown text encoding")
    least_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least_chaos + 0.01]
    most_coherent = max(m.coherence for m in close)
    close = [m for m in close if m.coherence >= most_coherent - 0.1]
    best = min(close, key=lambda m: (_rank(m.encoding), -m.coherence))
    return _checked(str(best)), best.encoding


def _rank(encoding: str) -> int:
    try:
        return PREFERRED.index(encoding)
    except ValueError:
        return len(PREFERRED)


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM shows as zero bytes at every other position."""
    sample = data[:4096]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    encoding = None
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        encoding = "utf-16-le"
    elif even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return _checked(data.decode(encoding)), encoding
    except (UnicodeDecodeError, DecodeError):
        return None


def _checked(text: str) -> str:
    """Refuse decodes that are mostly control characters (binary that happened to decode)."""
    if not text.strip():
        raise DecodeError("empty file")
    sample = text[:20000]
    if len(_JUNK.findall(sample)) > MAX_JUNK_SHARE * len(sample):
        raise DecodeError("binary file (not text)")
    return text
