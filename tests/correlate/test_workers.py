"""The worker that derives incidents on a second core: same results, clear failures."""

from __future__ import annotations

import pytest

from truce.correlate.workers import Worker, WorkerFailed, computed, start_worker


def _square(x: int) -> int:
    return x * x


def test_results_come_in_order_whether_forked_or_not() -> None:
    payloads = list(range(7))
    worker = Worker(_square)
    try:
        forked = list(computed(payloads, _square, worker))
    finally:
        worker.close()
    inline = list(computed(payloads, _square, None))
    assert forked == inline == [x * x for x in payloads]


def test_no_worker_for_one_chunk_or_when_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert start_worker(_square, 1) is None
    monkeypatch.setenv("TRUCE_WORKERS", "0")
    assert start_worker(_square, 10) is None


def test_a_failing_worker_is_reported_in_one_line() -> None:
    def boom(x: int) -> int:
        if x == 2:
            raise ValueError("bad chunk 2")
        return x

    worker = Worker(boom)
    try:
        with pytest.raises(WorkerFailed, match="ValueError: bad chunk 2") as info:
            list(computed([0, 1, 2, 3], boom, worker))
    finally:
        worker.close()
    assert "\n" not in str(info.value)
