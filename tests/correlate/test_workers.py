"""The worker that derives incidents on a second core: same results, clear failures."""

from __future__ import annotations

import pytest

from truce.correlate.workers import WorkerFailed, derived_chunks


def _square(x: int) -> int:
    return x * x


def test_results_come_in_order_whether_forked_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    chunks = list(range(7))
    forked = list(derived_chunks(chunks, _square))
    monkeypatch.setenv("TRUCE_WORKERS", "0")
    inline = list(derived_chunks(chunks, _square))
    assert forked == inline == [(x, x * x) for x in chunks]


def test_a_failing_worker_is_reported_in_one_line() -> None:
    def boom(x: int) -> int:
        if x == 2:
            raise ValueError("bad chunk 2")
        return x

    with pytest.raises(WorkerFailed, match="ValueError: bad chunk 2") as info:
        list(derived_chunks([0, 1, 2, 3], boom))
    assert "\n" not in str(info.value)
