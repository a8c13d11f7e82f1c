"""Where compiled reference data is cached, and how cache files are keyed and written.

Why: loading must be fast in a cold process, so the parsed form of the data files is
stored under the user's cache directory (never inside the package), keyed by a hash of
the files' contents; any failure to read or write the cache falls back to building in
memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ENV_CACHE = "TRUCE_CACHE_DIR"


def cache_dir() -> Path:
    """``$TRUCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/truce``, else ``~/.cache/truce``."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "truce"
    try:
        return Path.home() / ".cache" / "truce"
    except (KeyError, RuntimeError, OSError):  # no home directory: a per-user temp folder
        uid = os.getuid() if hasattr(os, "getuid") else 0
        return Path(tempfile.gettempdir()) / f"truce-cache-{uid}"


def content_hash(paths: Iterable[Path], salt: str) -> str:
    """A hash of the salt (format version) and the bytes of every file, in order."""
    h = hashlib.sha256(salt.encode())
    for p in paths:
        try:
            data = Path(p).read_bytes()
        except OSError:
            data = b""
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def write_atomic(path: Path, writer: Callable[[str], None]) -> bool:
    """Write ``path`` via ``writer(tmp_path)`` and an atomic rename; False on any error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        try:
            writer(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, ValueError):
        return False
    return True
