"""The bundled map data: small, valid, credited, and the region marked approximate."""

from __future__ import annotations

from importlib import resources

from truce.report.mapview import _inside, region_data


def test_bundled_geojson_is_small_and_valid() -> None:
    path = resources.files("truce.report").joinpath("data/region.geojson")
    assert len(path.read_bytes()) < 300_000
    data = region_data()
    assert data["type"] == "FeatureCollection"
    west, south, east, north = data["bbox"]
    names = set()
    for f in data["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        polys = f["geometry"]["coordinates"]
        polys = [polys] if f["geometry"]["type"] == "Polygon" else polys
        for poly in polys:
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(west <= x <= east and south <= y <= north for x, y in ring)
        names.add(f["properties"]["name"])
    assert {"Armenia", "Azerbaijan", "Georgia", "Iran"} <= names
    assert "Natural Earth" in data["source"]["countries"]


def test_region_outline_is_approximate_and_in_place() -> None:
    region = next(f for f in region_data()["features"] if f["properties"]["kind"] == "region")
    assert region["properties"]["approximate"] is True
    assert _inside(region["geometry"], 46.752, 39.8153)  # Stepanakert
    assert not _inside(region["geometry"], 44.5126, 40.17765)  # Yerevan
    azerbaijan = next(
        f for f in region_data()["features"] if f["properties"]["name"] == "Azerbaijan"
    )
    assert _inside(azerbaijan["geometry"], 46.752, 39.8153)
    assert _inside(azerbaijan["geometry"], 49.87, 40.41)  # Baku


def test_notice_names_sources_and_licences() -> None:
    text = resources.files("truce.report").joinpath("data/NOTICE.md").read_text("utf-8")
    assert "public domain" in text and "approximate" in text and "CC BY 4.0" in text
