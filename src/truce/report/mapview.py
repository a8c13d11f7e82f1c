"""The incident map: borders and the region's outline from bundled data, markers by type
(shape) and status (colour), labels for places. No tile server, nothing downloaded.

The geometry is ``data/region.geojson`` (see ``data/NOTICE.md`` and
``scripts/build_map_data.py``): Natural Earth country borders (public domain) and an
approximate outline of Nagorno-Karabakh, drawn dashed and labelled as approximate.
Coordinates are plotted equirectangular with the aspect corrected for the latitude,
which is exact enough for a window a few hundred kilometres wide.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from truce.report.charts import new_figure, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from truce.report.model import Report
    from truce.report.names import PlaceNames

STATUS_COLOURS = {
    "verified": "#009E73",
    "corroborated": "#0072B2",
    "disputed": "#E69F00",
    "single-source": "#8C8C8C",
    "refuted": "#FFFFFF",
}
#: marker shape by family of incident type
TYPE_MARKERS = {
    "ASSAULT": "^", "CASUALTIES": "^", "ACCUSE": "^",
    "SEIZE": "s", "WITHDRAW": "s",
    "DEPLOY": "D",
    "RETURN": "o", "AID": "o",
    "CEASEFIRE": "p", "AGREE": "p", "REJECT": "p", "CONSULT": "p", "REQUEST": "p",
}  # fmt: skip
MARKER_LABELS = {
    "^": "attacks, casualties",
    "s": "ground taken or handed over",
    "D": "deployments",
    "o": "returns, aid",
    "p": "statements, talks",
}
CREDIT = (
    "Borders: Natural Earth (public domain). Nagorno-Karabakh outline: approximate, derived\n"
    "from truce's gazetteer. Places: GeoNames (CC BY 4.0) and truce."
)
MAX_LABELS = 14


@lru_cache(maxsize=1)
def region_data() -> dict[str, Any]:
    """The bundled borders and outline (about 30 KB of GeoJSON)."""
    text = resources.files("truce.report").joinpath("data/region.geojson").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def incident_map(report: Report, names: PlaceNames) -> Figure:
    import matplotlib

    with matplotlib.rc_context(style()):
        data = region_data()
        fig = new_figure(7.2, 5.0)
        ax = fig.add_subplot()
        points = [p for p in report.points if p.lat is not None and p.lon is not None]
        west, south, east, north = _extent(points, data)
        lat0 = (south + north) / 2
        ax.set_facecolor("#DCEBF5")  # the Caspian; every land area here is a country
        for feature in data["features"]:
            _draw_feature(ax, feature)
        _country_labels(ax, data, (west, south, east, north))
        placed: list[tuple[float, float, float, float]] = []
        _draw_points(ax, points)
        _place_labels(ax, points, names, (west, south, east, north), placed)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(1 / math.cos(math.radians(lat0)))
        ax.tick_params(labelsize=7, colors="#555555")
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.1f}°E"))
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.1f}°N"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
        _scale_bar(ax, west, south, east, north, lat0)
        _legend(ax, points)
        ax.set_title(
            f"Incidents of {report.period.label()} by type and status ({len(points)} located)",
            fontsize=9,
            loc="left",
        )
        ax.set_xlabel(CREDIT, fontsize=6, color="#555555", wrap=True)
        return fig


def _extent(points: list[Any], data: dict[str, Any]) -> tuple[float, float, float, float]:
    box = data["bbox"]
    region = next(f for f in data["features"] if f["properties"]["kind"] == "region")
    rx = [c[0] for c in _rings(region["geometry"])[0]]
    ry = [c[1] for c in _rings(region["geometry"])[0]]
    lons = [p.lon for p in points] + [min(rx), max(rx)]
    lats = [p.lat for p in points] + [min(ry), max(ry)]
    # the middle 96 % of points, so one far-away claim does not shrink everything
    lons.sort()
    lats.sort()
    cut = len(lons) // 50
    if cut:
        lons, lats = [*lons[cut:-cut], min(rx), max(rx)], [*lats[cut:-cut], min(ry), max(ry)]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (w + e) / 2, (s + n) / 2
    half_w = max((e - w) / 2 + 0.25, 0.9)
    half_h = max((n - s) / 2 + 0.2, 0.7)
    # keep the map's shape near 4:3 (in km) so labels have room
    k = math.cos(math.radians(cy))
    if half_w * k < half_h * 1.2:
        half_w = half_h * 1.2 / k
    else:
        half_h = max(half_h, half_w * k / 1.6)
    west, east = max(cx - half_w, box[0]), min(cx + half_w, box[2])
    south, north = max(cy - half_h, box[1]), min(cy + half_h, box[3])
    return west, south, east, north


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def _draw_feature(ax: Axes, feature: dict[str, Any]) -> None:
    from matplotlib.patches import Polygon

    props = feature["properties"]
    region = props["kind"] == "region"
    for i, ring in enumerate(_rings(feature["geometry"])):
        ax.add_patch(
            Polygon(
                ring,
                closed=True,
                facecolor="#F2E6D0" if region else "#F7F5EF",
                edgecolor="#8B4513" if region else "#6E6E6E",
                linewidth=1.0 if region else 0.8,
                linestyle=(0, (4, 2)) if region else "-",
                alpha=0.9 if region else 1.0,
                zorder=2 if region else 1,
                label="Nagorno-Karabakh (approximate outline)" if region and i == 0 else None,
            )
        )


def _country_labels(ax: Axes, data: dict[str, Any], ext: tuple[float, ...]) -> None:
    west, south, east, north = ext
    for f in data["features"]:
        p = f["properties"]
        if p["kind"] != "country":
            continue
        x = min(max(p["label_lon"], west + 0.15 * (east - west)), east - 0.1 * (east - west))
        y = min(max(p["label_lat"], south + 0.08 * (north - south)), north - 0.08 * (north - south))
        if _inside(f["geometry"], x, y):
            ax.text(
                x,
                y,
                p["name"].upper(),
                fontsize=9,
                color="#9A9A9A",
                ha="center",
                va="center",
                zorder=1.5,
                fontweight="bold",
            )


def _inside(geometry: dict[str, Any], x: float, y: float) -> bool:
    hit = False
    for ring in _rings(geometry):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                hit = not hit
    return hit


def _draw_points(ax: Axes, points: list[Any]) -> None:
    groups: dict[tuple[str, str], list[Any]] = {}
    for p in points:
        groups.setdefault((TYPE_MARKERS.get(p.type, "p"), p.status), []).append(p)
    order = {
        s: i
        for i, s in enumerate(("refuted", "single-source", "corroborated", "disputed", "verified"))
    }
    for (marker, status), ps in sorted(groups.items(), key=lambda kv: order.get(kv[0][1], 0)):
        ax.scatter(
            [p.lon for p in ps],
            [p.lat for p in ps],
            marker=marker,
            s=46 if len(points) < 200 else 18,
            c=STATUS_COLOURS.get(status, "#8C8C8C"),
            edgecolors="#B22222" if status == "refuted" else "#222222",
            linewidths=0.9 if status == "refuted" else 0.6,
            zorder=5,
        )


def _place_labels(
    ax: Axes,
    points: list[Any],
    names: PlaceNames,
    ext: tuple[float, float, float, float],
    placed: list[tuple[float, float, float, float]],
) -> None:
    """Label the most frequent places, skipping labels that would overlap another."""
    west, south, east, north = ext
    # one label per place (its incidents' mean position); unnamed points by position
    groups: dict[tuple[str, float, float], list[Any]] = {}
    for p in points:
        if west <= p.lon <= east and south <= p.lat <= north:
            label = names.place(p.place_id, p.place_name)
            key = (label, 0.0, 0.0) if p.place_id else (label, round(p.lon, 2), round(p.lat, 2))
            groups.setdefault(key, []).append(p)
    counts: Counter[tuple[str, float, float]] = Counter()
    for (label, _, _), ps in groups.items():
        lon = sum(p.lon for p in ps) / len(ps)
        lat = sum(p.lat for p in ps) / len(ps)
        counts[(label, lon, lat)] = len(ps)
    char_w = (east - west) / 95  # at 7 pt on a 7 in wide map
    line_h = (north - south) / 45
    shown = 0
    for (label, lon, lat), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if shown >= MAX_LABELS or label == "not located":
            break
        text = label if n == 1 else f"{label} ({n})"
        w = char_w * len(text)
        for dx, ha in ((0.02 * (east - west), "left"), (-0.02 * (east - west), "right")):
            x0 = lon + dx if ha == "left" else lon + dx - w
            box = (x0, lat - line_h / 2, x0 + w, lat + line_h / 2)
            if box[0] < west or box[2] > east:
                continue
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                ax.text(
                    lon + dx,
                    lat,
                    text,
                    fontsize=7,
                    ha=ha,
                    va="center",
                    zorder=6,
                    color="#111111",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
                )
                shown += 1
                break


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _scale_bar(ax: Axes, west: float, south: float, east: float, north: float, lat0: float) -> None:
    km_per_deg = 111.32 * math.cos(math.radians(lat0))
    width_km = (east - west) * km_per_deg
    length = next(v for v in (10, 20, 25, 50, 100, 200) if v >= width_km / 8)
    x0 = west + 0.04 * (east - west)
    y0 = south + 0.05 * (north - south)
    x1 = x0 + length / km_per_deg
    ax.plot([x0, x1], [y0, y0], color="#222222", linewidth=2.5, zorder=7, solid_capstyle="butt")
    ax.text(
        (x0 + x1) / 2,
        y0 + 0.012 * (north - south),
        f"{length} km",
        fontsize=7,
        ha="center",
        va="bottom",
        zorder=7,
    )


def _legend(ax: Axes, points: list[Any]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    present_markers = sorted(
        {TYPE_MARKERS.get(p.type, "p") for p in points}, key=list(MARKER_LABELS).index
    )
    present_status = [s for s in STATUS_COLOURS if any(p.status == s for p in points)]
    handles: list[Any] = [
        Line2D(
            [], [], marker=m, linestyle="", color="#444444", markersize=6, label=MARKER_LABELS[m]
        )
        for m in present_markers
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor=STATUS_COLOURS[s],
            markeredgecolor="#B22222" if s == "refuted" else "#222222",
            label=s,
        )
        for s in present_status
    ]
    handles.append(
        Patch(
            facecolor="#F2E6D0",
            edgecolor="#8B4513",
            linestyle="--",
            label="Nagorno-Karabakh\n(approximate outline)",
        )
    )
    legend = ax.legend(
        handles=handles,
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
        title="shape: type\ncolour: status",
        title_fontsize=7,
        alignment="left",
    )
    legend.set_zorder(10)
