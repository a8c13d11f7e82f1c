"""Exports of incidents: CSV with ACLED's column conventions, GeoJSON and JSON Lines,
streamed in constant memory (docs/reports.md).

    export(store, "csv", stream, ExportFilter(since=..., until=...)) -> rows written
"""

from __future__ import annotations

from typing import IO

from truce.export.rows import COLUMNS, ExportFilter, iter_rows
from truce.export.writers import WRITERS
from truce.store import Store

__all__ = ["COLUMNS", "ExportFilter", "export"]


def export(store: Store, fmt: str, stream: IO[str], flt: ExportFilter | None = None) -> int:
    """Write every matching incident to ``stream`` in ``fmt``; return how many."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r} (csv, geojson, jsonl)")
    with store.read() as session:
        return WRITERS[fmt](iter_rows(session, flt or ExportFilter()), stream)
