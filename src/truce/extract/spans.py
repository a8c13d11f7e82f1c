"""A sorted index of spans: "the triggers in this sentence" in O(log n), not O(n)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class HasStart(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=HasStart)


class SpanIndex(Generic[T]):
    """Items ordered by start offset."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items: list[T] = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def within(self, start: int, end: int) -> list[T]:
        """Items that start in ``[start, end)``."""
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def before(self, position: int) -> list[T]:
        """Items that start before ``position``, in order."""
        return self.items[: bisect_left(self.starts, position)]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
