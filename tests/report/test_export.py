"""Exports: CSV that round-trips, valid GeoJSON (RFC 7946), JSON Lines, filters."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.report import known
from truce.export import COLUMNS, ExportFilter, export
from truce.export.rows import iter_rows
from truce.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    known.build(store)
    return store


def _rows(store: Store, flt: ExportFilter | None = None) -> list[dict]:
    with store.read() as session:
        return list(iter_rows(session, flt or ExportFilter()))


def test_rows_follow_acled_conventions(filled: Store) -> None:
    rows = {r["incident_id"]: r for r in _rows(filled)}
    assert sorted(rows) == [1, 2, 3, 4]  # no aggregate (5), no merged (6) by default
    one = rows[1]
    assert one["event_date"] == "2020-11-17" and one["year"] == 2020
    assert one["time_precision"] == 1 and one["geo_precision"] == 1
    assert (one["event_type"], one["sub_event_type"]) == ("Battles", "Armed clash")
    assert (one["actor1"], one["actor2"]) == ("artsakh", "azerbaijan")
    assert one["location"] == "Taghavard / Taghaverd"
    assert one["fatalities"] == 1 and one["killed_high"] == 1 and one["wounded_best"] == 2
    assert one["status"] == "disputed" and "denied by azerbaijan" in one["notes"].lower()
    assert rows[2]["fatalities"] == 2 and rows[2]["killed_high"] == 5  # the conservative low
    assert rows[4]["fatalities"] == 7
    assert len(_rows(filled, ExportFilter(aggregates=True, merged=True))) == 6


def test_filters(filled: Store) -> None:
    ids = lambda flt: [r["incident_id"] for r in _rows(filled, flt)]  # noqa: E731
    assert ids(ExportFilter(since=known.DAY)) == [1, 2, 3]
    assert ids(ExportFilter(until=known.BEFORE)) == [4]
    assert ids(ExportFilter(types=("casualties",))) == [2]
    assert ids(ExportFilter(statuses=("refuted", "disputed"))) == [1, 3]
    assert ids(ExportFilter(area="Khojavend District")) == [1, 3, 4]


def test_csv_round_trips(filled: Store) -> None:
    buf = io.StringIO()
    assert export(filled, "csv", buf) == 4
    back = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(back[0]) == list(COLUMNS)
    for row, original in zip(back, _rows(filled), strict=True):
        for column in COLUMNS:
            value = original[column]
            if value is None:
                expected = ""
            elif isinstance(value, list):
                expected = "; ".join(value)
            elif isinstance(value, bool):
                expected = "true" if value else "false"
            else:
                expected = str(value)
            if expected.startswith(("=", "+", "-", "@")):
                expected = "'" + expected
            assert row[column] == expected, column
    hostile = next(r for r in back if r["incident_id"] == "2")
    assert hostile["notes"].startswith("<script>")  # kept verbatim (CSV is data, not markup)


def test_csv_neutralises_spreadsheet_formulas(store: Store) -> None:
    known.build(store)
    from truce.store.schema import Incident

    with store.write("test") as txn:
        txn.session.get(Incident, 1).summary = '=HYPERLINK("http://evil")'
    buf = io.StringIO()
    export(store, "csv", buf)
    row = next(r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["incident_id"] == "1")
    assert row["notes"].startswith("'=HYPERLINK")


def test_geojson_is_rfc7946(filled: Store) -> None:
    buf = io.StringIO()
    export(filled, "geojson", buf)
    doc = json.loads(buf.getvalue())
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == 4
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        g = f["geometry"]
        if g is None:
            continue
        assert g["type"] == "Point" and len(g["coordinates"]) == 2
        lon, lat = g["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    one = next(f for f in doc["features"] if f["id"] == 1)
    assert one["geometry"]["coordinates"] == [46.92, 39.668]  # longitude first
    assert next(f for f in doc["features"] if f["id"] == 4)["geometry"] is None


def test_jsonl(filled: Store) -> None:
    buf = io.StringIO()
    export(filled, "jsonl", buf)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 4
    first = json.loads(lines[0])
    assert first["asserted_by"] == ["armenia / artsakh"] and first["denied_by"] == ["azerbaijan"]


def test_rows_stream(filled: Store) -> None:
    with filled.read() as session:
        rows = iter_rows(session, ExportFilter())
        assert next(rows)["incident_id"] == 1  # a generator: nothing is collected first
