"""Run extraction over many documents on every core.

The pipeline is pure Python and holds the GIL, so threads do not help; worker processes
do. Workers load the reference data once (forked from a parent that already holds it
where the platform allows) and send back only plain data, so little crosses processes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: documents per task: enough to amortise the messaging, few enough to balance the load
CHUNK = 4


def default_processes() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def warm() -> None:
    """Load the lexicons, gazetteer and actors (once per process)."""
    from datetime import date

    from truce.extract import extract

    extract("The ministry said troops shelled Shusha.", published=date(2020, 11, 4))


class Workers:
    """A pool of extraction processes, or none: ``map`` then runs here."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = default_processes() if processes is None else max(1, processes)
        warm()  # before forking, so that the workers share the loaded data
        self._pool: Any = None
        if self.processes > 1:
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            self._pool = mp.get_context(method).Pool(self.processes, initializer=warm)

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items``, results in order."""
        if self._pool is None:
            return map(fn, items)
        return self._pool.imap(fn, items, chunksize=CHUNK)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None and exc[0] is not None:
            self._pool.terminate()
            self._pool = None
        self.close()


def extract_json(job: tuple[str, str, Any]) -> dict[str, Any]:
    """A worker's task for `truce extract`: one document in, its JSON record out."""
    from truce.extract import extract
    from truce.extract.output import document_json

    name, text, published = job
    return document_json(name, extract(text, published=published))
