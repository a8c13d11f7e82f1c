"""Expand the paths given on the command line into the files to read, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from truce.errors import InputError
from truce.ingest.metadata import is_sidecar


def iter_inputs(
    paths: Iterable[Path], *, exclude: frozenset[Path] = frozenset()
) -> Iterator[Path | InputError]:
    """Files under each path (recursively, sorted); a missing path comes as an error.

    Hidden files and folders and ``*.meta.json`` sidecars are skipped: sidecars are read
    with the file they describe. ``exclude`` lists files never to read (the store's own).
    """
    for path in paths:
        if path.is_dir():
            yield from (
                p for p in _walk(path) if not (isinstance(p, Path) and _excluded(p, exclude))
            )
        elif path.is_file():
            if not is_sidecar(path):
                yield path
        elif path.exists():
            yield InputError(str(path), "not a regular file")
        else:
            yield InputError(str(path), "no such file or directory")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file() and not is_sidecar(entry):
            yield entry


def _excluded(path: Path, exclude: frozenset[Path]) -> bool:
    return bool(exclude) and path.resolve() in exclude
