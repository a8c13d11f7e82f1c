"""A second core for large runs: incidents are derived in a forked worker process while
this one writes the previous chunk to the store.

The worker only computes (from numpy columns and plain Python data inherited at the
fork); it never touches the store's connection, and its results come back pickled.
Small runs, platforms without ``fork`` and ``TRUCE_WORKERS=0`` run in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: fewer chunks than this are derived in this process
MIN_CHUNKS = 2


class WorkerFailed(RuntimeError):
    """The worker process failed; the message holds its error."""


def _fork_available() -> bool:
    if os.environ.get("TRUCE_WORKERS", "").strip() == "0":
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def derived_chunks(chunks: Sequence[T], compute: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """``(chunk, compute(chunk))`` for each chunk, in order; computed one chunk ahead in
    a forked worker when there are enough chunks."""
    if len(chunks) < MIN_CHUNKS or not _fork_available():
        for chunk in chunks:
            yield chunk, compute(chunk)
        return
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            for chunk in chunks:
                send.send(("ok", compute(chunk)))
        except BaseException:
            send.send(("error", traceback.format_exc(limit=5)))
        finally:
            send.close()

    gc.freeze()  # the worker then leaves the inherited objects' pages unwritten
    worker = ctx.Process(target=work, name="truce-derive", daemon=True)
    try:
        worker.start()
    finally:
        gc.unfreeze()
    send.close()
    try:
        for chunk in chunks:
            try:
                kind, value = receive.recv()
            except EOFError:
                raise WorkerFailed("the grouping worker stopped without a result") from None
            if kind == "error":
                last = str(value).strip().splitlines()[-1]
                raise WorkerFailed(f"the grouping worker failed: {last}")
            yield chunk, value
    finally:
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()
