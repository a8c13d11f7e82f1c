"""Document metadata from every place it can come from, with a stated precedence.

Precedence, strongest first: command-line options, the sidecar ``NAME.meta.json``, what
the file itself says (HTML meta, a JSON record's fields), a date stated in the text's
header. Each value remembers where it came from (``published_from``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from truce.errors import InputError

FIELDS = ("title", "outlet", "url", "published", "side", "language", "kind")
SIDE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
KINDS = ("article", "statement", "report", "observations", "sensor", "hotline")


@dataclass(slots=True)
class Meta:
    """What is known about a document besides its text."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    side: str | None = None
    language: str | None = None
    kind: str | None = None
    published_from: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def over(self, weaker: Meta) -> Meta:
        """These values, falling back to ``weaker`` where unset."""
        merged = {
            f.name: getattr(self, f.name)
            if getattr(self, f.name) is not None
            else getattr(weaker, f.name)
            for f in fields(self)
            if f.name not in ("extra", "published_from")
        }
        published_from = self.published_from if self.published else weaker.published_from
        return Meta(**merged, published_from=published_from, extra={**weaker.extra, **self.extra})


def meta_from_mapping(data: dict[str, Any], *, source: str, path: str) -> Meta:
    """Validate a metadata mapping (sidecar, JSON record, options); unknown keys go to extra."""
    meta = Meta()
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or value == "":
            continue
        if key == "published" or key == "date":
            meta.published = parse_iso_date(value, path=path, key=key)
            meta.published_from = source
        elif key == "side":
            meta.side = check_side(str(value), path=path)
        elif key == "kind":
            if value not in KINDS:
                raise InputError(path, f"kind {value!r} is not one of {', '.join(KINDS)}")
            meta.kind = value
        elif key in FIELDS:
            if not isinstance(value, str):
                raise InputError(path, f"metadata {key!r} must be text, not {type(value).__name__}")
            setattr(meta, key, value.strip())
        else:
            extra[key] = value
    meta.extra = extra
    return meta


def check_side(value: str, *, path: str) -> str:
    side = value.strip().lower()
    if not SIDE_PATTERN.match(side):
        raise InputError(path, f"side {value!r} is not a side id (lower-case letters, e.g. 'osce')")
    return side


def parse_iso_date(value: Any, *, path: str, key: str = "published") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(path, f"{key} {text!r} is not a date (YYYY-MM-DD)") from None


def sidecar_path(path: Path) -> Path | None:
    """``NAME.meta.json`` beside the file (``report.meta.json`` or ``report.txt.meta.json``)."""
    for candidate in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(".meta.json")


def read_sidecar(path: Path) -> Meta:
    side = sidecar_path(path)
    if side is None:
        return Meta()
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(side), f"unreadable sidecar metadata: {_short(exc)}") from None
    if not isinstance(data, dict):
        raise InputError(str(side), "sidecar metadata must be a JSON object")
    return meta_from_mapping(data, source="sidecar", path=str(side))


def with_source(meta: Meta, source: str) -> Meta:
    return replace(meta, published_from=source if meta.published else None)


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0]
