"""Normalised text and its hash: the identity of a document.

Two files hold the same document when their texts differ only in Unicode composition,
line endings, runs of whitespace or a byte-order mark. Case and punctuation count.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
