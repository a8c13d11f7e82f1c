"""A second core for large runs: incidents are derived in a forked worker process while
this one writes the previous chunk to the store.

The worker only computes: it receives each chunk's input pickled (numpy columns and
plain Python data), sends the result back pickled, and never touches the store's
connection. A large run forks it *before* reading the claims, while this process is
still small: a worker forked later shares a large heap copy-on-write, and every page
either process then touches is duplicated (at a million claims, some 700 MB).

Small runs, platforms without ``fork`` and ``TRUCE_WORKERS=0`` run in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

#: fewer chunks than this are derived in this process
MIN_CHUNKS = 2

Compute = Callable[[Any], Any]


class WorkerFailed(RuntimeError):
    """The worker process failed; the message holds its error."""


def fork_available() -> bool:
    if os.environ.get("TRUCE_WORKERS", "").strip() == "0":
        return False
    return "fork" in multiprocessing.get_all_start_methods()


class Worker:
    """A forked process applying ``compute`` to each payload sent to it, in order."""

    def __init__(self, compute: Compute) -> None:
        ctx = multiprocessing.get_context("fork")
        inbox, self._send_end = ctx.Pipe(duplex=False)
        self._recv_end, outbox = ctx.Pipe(duplex=False)
        gc.freeze()  # the worker then leaves the inherited objects' pages unwritten
        self._process = ctx.Process(
            target=_serve, args=(compute, inbox, outbox), name="truce-derive", daemon=True
        )
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        inbox.close()
        outbox.close()

    def map(self, payloads: Iterable[Any]) -> Iterator[Any]:
        """``compute(payload)`` for each payload, in order. The next payload is prepared
        (by the iterator) and computed while the caller uses the current result."""
        source = iter(payloads)
        current = next(source, _END)
        if current is _END:
            return
        self._send_end.send(current)
        while True:
            upcoming = next(source, _END)
            result = self._receive()
            if upcoming is not _END:
                self._send_end.send(upcoming)
            yield result
            if upcoming is _END:
                return

    def _receive(self) -> Any:
        try:
            kind, value = self._recv_end.recv()
        except EOFError:
            raise WorkerFailed("the grouping worker stopped without a result") from None
        if kind == "error":
            last = str(value).strip().splitlines()[-1]
            raise WorkerFailed(f"the grouping worker failed: {last}")
        return value

    def close(self) -> None:
        """Stop the worker (it may be busy: a failed run does not wait for it)."""
        self._send_end.close()
        self._recv_end.close()
        self._process.join(timeout=1.0)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()


_END = object()


def _serve(compute: Compute, inbox: Connection, outbox: Connection) -> None:
    try:
        while True:
            try:
                payload = inbox.recv()
            except EOFError:  # the run closed the pipe: done
                return
            outbox.send(("ok", compute(payload)))
    except BaseException:
        outbox.send(("error", traceback.format_exc(limit=5)))
    finally:
        outbox.close()


def computed(
    payloads: Iterable[Any], compute: Compute, worker: Worker | None = None
) -> Iterator[Any]:
    """``compute(payload)`` for each payload, in order: on ``worker`` if given, else here."""
    if worker is not None:
        yield from worker.map(payloads)
        return
    for payload in payloads:
        yield compute(payload)


def start_worker(compute: Compute, chunks: int) -> Worker | None:
    """A worker for a run of this many chunks, when it is worth one and can be forked."""
    return Worker(compute) if chunks >= MIN_CHUNKS and fork_available() else None
