"""Streamed writers for export rows: CSV, GeoJSON (RFC 7946) and JSON Lines.

Each writer consumes an iterator and writes as it goes, so a million incidents need no
more memory than one. CSV cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return) are prefixed with ``'`` (OWASP's CSV-injection rule);
lists are joined with ``"; "``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from truce.export.rows import COLUMNS, LIST_COLUMNS

_FORMULA = frozenset("=+-@\t\r")


#: columns that may hold text from documents (checked for formulas), lists, booleans
_TEXT = tuple(
    i
    for i, c in enumerate(COLUMNS)
    if c
    in (
        "event_type", "sub_event_type", "actor1", "actor2", "location", "source", "notes",
        "truce_type", "family", "status", "status_reason", "place_id", "area",
    )
)  # fmt: skip
_LISTS = tuple(COLUMNS.index(c) for c in LIST_COLUMNS)
_BOOLS = (COLUMNS.index("aggregate"),)


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """CSV (RFC 4180, CRLF line ends); ``None`` is an empty cell, lists join with ``; ``."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        values = [row[c] for c in COLUMNS]  # csv writes None as an empty cell
        for i in _LISTS:
            values[i] = "; ".join(values[i])
        for i in _TEXT + _LISTS:
            v = values[i]
            if v and v[0] in _FORMULA:
                values[i] = "'" + v
        for i in _BOOLS:
            values[i] = "true" if values[i] else "false"
        writer.writerow(values)
        count += 1
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in rows:
        stream.write(dumps(row))
        stream.write("\n")
        count += 1
    return count


def write_geojson(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A FeatureCollection (RFC 7946: WGS 84 longitude, latitude; no ``crs`` member).

    Incidents without coordinates are kept, with a null geometry (RFC 7946, 3.2).
    """
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    stream.write('{"type":"FeatureCollection","features":[')
    count = 0
    for row in rows:
        lon, lat = row["longitude"], row["latitude"]
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lon is not None and lat is not None
            else None
        )
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "id": row["incident_id"],
            "geometry": geometry,
            "properties": props,
        }
        stream.write(("\n" if count == 0 else ",\n") + dumps(feature))
        count += 1
    stream.write("\n]}\n")
    return count


WRITERS = {"csv": write_csv, "geojson": write_geojson, "jsonl": write_jsonl}
__all__ = ["LIST_COLUMNS", "WRITERS", "write_csv", "write_geojson", "write_jsonl"]
