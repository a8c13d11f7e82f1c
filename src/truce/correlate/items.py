"""Items: claims and observations reduced to what grouping compares, as numpy columns.

Every claim or observation becomes one *item* with an event family, a time window in
local days, a point with an uncertainty radius, its place and district ids, and a *tier*
that says how it takes part in grouping (docs/incidents.md, "Grouping"):

    A  precise (place within 5 km, time within 3 days): forms incidents with its links
    B  vague (a district, or "earlier this week"): joins the best matching A item's
       incident, or forms incidents with other vague items when there is none
    C  coarse (a region, a country, a month): groups only with other coarse items
    N  negative evidence (an observer checked and found nothing): joins an incident,
       never forms one
    P  passive negative evidence (a patrol that saw no activity while passing): joins
       only an incident whose whole time window it covers
    U  unplaced or undated: joins a compatible item of the same document, or stands alone
    X  not groupable (a kind with no family, an over-vague negative observation)

An item is identified by its *ref*: ``2 * claim_id`` or ``2 * observation_id + 1``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from truce.correlate.config import CorrelateConfig
from truce.correlate.geo import cell_of, destination
from truce.correlate.hierarchy import Hierarchy
from truce.correlate.vocab import FAMILIES, vocab

TIERS = "ABCNUXP"
A, B, C, N, U, X, P = range(7)
#: widest window (days) and largest radius (km) of each tier: window queries rely on them
MAX_WIDTH = {A: 3.0, B: 8.0, N: 7.0, P: 7.0}
MAX_RADIUS = {A: 5.0, B: 35.0, N: 35.0, P: 35.0}
#: coarse items are never wider than this (a year and a bit): bounds their window queries
MAX_COARSE_WIDTH = 400.0
EPOCH = np.datetime64("1970-01-01", "D")
#: uncertainty radius (km) of a place by its kind; None = compared by id only
KIND_RADIUS: dict[str, float | None] = {
    "feature": 1.0,
    "village": 1.0,
    "town": 2.0,
    "city": 5.0,
    "region": 60.0,
    "country": None,
}
KIND_RANK = {
    "feature": 0,
    "village": 1,
    "town": 2,
    "city": 3,
    "district": 4,
    "region": 5,
    "country": 6,
}
FIGURE_KINDS = ("killed", "wounded", "missing", "displaced", "personnel", "equipment")
#: UCDP-like location precision: 1 exact, 2 within 25 km, 3 district, 4 region, 6 country
PRECISION_BY_RADIUS = ((5.0, 1), (25.0, 2), (40.0, 3), (100.0, 4))


class Interner:
    """Strings to small integers (place ids, district ids) shared by all item sets."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def code(self, value: str | None) -> int:
        if not value:
            return -1
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found

    def codes_of(self, values: Sequence[str | None]) -> np.ndarray:
        return np.fromiter((self.code(v) for v in values), dtype=np.int64, count=len(values))

    def value(self, code: int) -> str | None:
        return self.values[code] if code >= 0 else None


@dataclass(slots=True)
class Items:
    """Columns of items; ``state`` columns (unit, anchor, cluster, incident) are -1 if unset."""

    ref: np.ndarray
    family: np.ndarray
    tier: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray
    place: np.ndarray
    district: np.ndarray
    area: np.ndarray
    doc: np.ndarray
    key64: np.ndarray
    fig_kind: np.ndarray
    fig_value: np.ndarray
    unit: np.ndarray
    anchor: np.ndarray
    cluster: np.ndarray
    incident: np.ndarray
    item_key: np.ndarray  # object: the content key (hex), for incident keys
    stored: np.ndarray  # bool: already has a row in incident_members
    extra: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ref)

    @classmethod
    def empty(cls) -> Items:
        return cls.build(0)

    @classmethod
    def build(cls, n: int, **columns: Any) -> Items:
        """Items with the given columns; the others filled with their 'unset' value."""
        defaults: dict[str, Any] = {
            "ref": np.zeros(n, np.int64),
            "family": np.zeros(n, np.int8),
            "tier": np.full(n, X, np.int8),
            "t0": np.full(n, np.nan),
            "t1": np.full(n, np.nan),
            "lat": np.full(n, np.nan),
            "lon": np.full(n, np.nan),
            "radius": np.full(n, np.nan),
            "place": np.full(n, -1, np.int64),
            "district": np.full(n, -1, np.int64),
            "area": np.zeros(n, bool),
            "doc": np.full(n, -1, np.int64),
            "key64": np.zeros(n, np.int64),
            "fig_kind": np.full(n, -1, np.int8),
            "fig_value": np.full(n, -1, np.int64),
            "unit": np.full(n, -1, np.int64),
            "anchor": np.full(n, -1, np.int64),
            "cluster": np.full(n, -1, np.int64),
            "incident": np.full(n, -1, np.int64),
            "item_key": np.empty(n, object),
            "stored": np.zeros(n, bool),
        }
        for name, values in columns.items():
            target = defaults[name]
            defaults[name] = np.asarray(values, dtype=target.dtype)
        return cls(**defaults)

    def take(self, index: np.ndarray) -> Items:
        return Items(**{f.name: getattr(self, f.name)[index] for f in _COLUMNS}, extra={})

    @staticmethod
    def concat(parts: Sequence[Items]) -> Items:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Items.empty()
        return Items(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in _COLUMNS},
            extra={},
        )

    def index_of(self) -> dict[int, int]:
        """ref -> row."""
        return {int(r): i for i, r in enumerate(self.ref)}


_COLUMNS = [f for f in fields(Items) if f.name != "extra"]


def claim_ref(claim_id: int) -> int:
    return 2 * claim_id


def observation_ref(observation_id: int) -> int:
    return 2 * observation_id + 1


def split_ref(ref: int) -> tuple[str, int]:
    return ("observation", ref // 2) if ref % 2 else ("claim", ref // 2)


def claim_item_key(doc_hash: str, span_start: int, span_end: int, type_: str, polarity: str) -> str:
    """A claim's identity by content: the same claim of the same text in any store."""
    raw = f"{doc_hash}:{span_start}:{span_end}:{type_}:{polarity}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def key64_of(keys: Sequence[str]) -> np.ndarray:
    """60-bit integers from hex keys: deterministic tie-breaks that ignore ingest order."""
    return np.fromiter((int(k[:15], 16) for k in keys), dtype=np.int64, count=len(keys))


def to_days(values: Sequence[Any]) -> np.ndarray:
    """Dates ('YYYY-MM-DD' strings or date objects, None allowed) as days since 1970."""
    if not len(values):
        return np.zeros(0)
    arr = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    days = (arr - EPOCH).astype("float64")
    days[np.isnat(arr)] = np.nan
    return days


def tier_of(
    radius: np.ndarray, width: np.ndarray, placed: np.ndarray, dated: np.ndarray
) -> np.ndarray:
    tier = np.full(len(radius), C, np.int8)
    r = np.where(np.isnan(radius), np.inf, radius)
    tier[(r <= MAX_RADIUS[B]) & (width <= MAX_WIDTH[B])] = B
    tier[(r <= MAX_RADIUS[A]) & (width <= MAX_WIDTH[A])] = A
    tier[width > MAX_COARSE_WIDTH] = X
    tier[~placed | ~dated] = U
    return tier


def precision_code(radius: float | None) -> int:
    """The UCDP-like location precision of an uncertainty radius (6 = a country)."""
    if radius is None or np.isnan(radius):
        return 6
    for limit, code in PRECISION_BY_RADIUS:
        if radius <= limit:
            return code
    return 5


@dataclass(slots=True)
class ClaimRows:
    """Claims as read for grouping, one list per column (see load.new_claims)."""

    id: list[int]
    document_id: list[int]
    type: list[str]
    polarity: list[str]
    date_start: list[Any]
    date_end: list[Any]
    date_precision: list[str | None]
    published: list[Any]
    doc_hash: list[str]
    span_start: list[int]
    span_end: list[int]
    place_id: list[str | None]
    place_kind: list[str | None]
    place_lat: list[float | None]
    place_lon: list[float | None]
    fig_kind: list[str | None]
    fig_value: list[int | None]
    speaker_name: list[str | None]
    speaker_side: list[str | None]
    place_name: list[str | None]
    outlet: list[str | None]  # the document's
    doc_side: list[str | None]
    copy_of: list[int | None]  # the representative of the document's copy cluster
    figures: list[list[tuple[str, Any, Any, Any]]]  # every figure: kind, value, low, high


def claim_items(
    rows: ClaimRows, config: CorrelateConfig, hierarchy: Hierarchy, interner: Interner
) -> Items:
    """Features of claims (vectorised; the hierarchy is asked once per distinct place)."""
    n = len(rows.id)
    v = vocab()
    family = np.array(
        [FAMILIES.index(v.claim_family[t]) if t in v.claim_family else -1 for t in rows.type],
        dtype=np.int8,
    )
    start, end = to_days(rows.date_start), to_days(rows.date_end)
    end = np.where(np.isnan(end), start, end)
    end = np.maximum(end, start)
    t0, t1 = start, end + 1.0
    published = to_days(rows.published)
    undated = np.isnan(start)
    # an undated claim in a report happened shortly before it was published
    t0 = np.where(undated, published - 3.0, t0)
    t1 = np.where(undated, published + 1.0, t1)

    infos = {pid: hierarchy.info(pid) for pid in set(rows.place_id) if pid}
    kind = [
        k or (infos[p].kind if p and infos.get(p) else None)
        for k, p in zip(rows.place_kind, rows.place_id, strict=True)
    ]
    lat = np.array(
        [_coord(la, p, infos, "lat") for la, p in zip(rows.place_lat, rows.place_id, strict=True)],
        dtype=float,
    )
    lon = np.array(
        [_coord(lo, p, infos, "lon") for lo, p in zip(rows.place_lon, rows.place_id, strict=True)],
        dtype=float,
    )
    radius = np.array([_radius(k, config) for k in kind], dtype=float)
    area = np.array(
        [
            k == "district" and bool(p) and infos.get(p) is not None
            for k, p in zip(kind, rows.place_id, strict=True)
        ],
        dtype=bool,
    )
    district_ids = [
        (p if a else (infos[p].district if p and infos.get(p) else None))
        for p, a in zip(rows.place_id, area, strict=True)
    ]
    id_only = np.array(
        [k == "country" and bool(p) for k, p in zip(kind, rows.place_id, strict=True)],
        dtype=bool,
    )
    placed = ~np.isnan(lat) | id_only
    tier = tier_of(radius, t1 - t0, placed, ~np.isnan(t0))
    tier[family < 0] = X
    keys = [
        claim_item_key(h, s, e, t, p)
        for h, s, e, t, p in zip(
            rows.doc_hash, rows.span_start, rows.span_end, rows.type, rows.polarity, strict=True
        )
    ]
    items = Items.build(
        n,
        ref=np.asarray(rows.id, dtype=np.int64) * 2,
        family=np.maximum(family, 0),
        tier=tier,
        t0=t0,
        t1=t1,
        lat=lat,
        lon=lon,
        radius=radius,
        place=interner.codes_of(rows.place_id),
        district=interner.codes_of(district_ids),
        area=area,
        doc=np.asarray(rows.document_id, dtype=np.int64),
        key64=key64_of(keys),
        fig_kind=[FIGURE_KINDS.index(k) if k in FIGURE_KINDS else -1 for k in rows.fig_kind],
        fig_value=[-1 if x is None else int(x) for x in rows.fig_value],
    )
    items.item_key[:] = keys
    return items


def _coord(value: float | None, place_id: str | None, infos: dict[str, Any], attr: str) -> float:
    if value is not None:
        return float(value)
    info = infos.get(place_id) if place_id else None
    got = getattr(info, attr, None) if info is not None else None
    return float(got) if got is not None else np.nan


def _radius(kind: str | None, config: CorrelateConfig) -> float:
    if kind == "district":
        return config.district_radius_km
    if kind in KIND_RADIUS:
        value = KIND_RADIUS[kind]
        return np.nan if value is None else value
    return 2.0  # a named place of unknown kind: a town


@dataclass(slots=True)
class ObservationRows:
    id: list[int]
    document_id: list[int]
    time_start: list[datetime | None]
    time_end: list[datetime | None]
    lat: list[float | None]
    lon: list[float | None]
    place_id: list[str | None]
    what: list[str]
    mode: list[str | None]
    distance_min_km: list[float | None]
    distance_max_km: list[float | None]
    bearing_deg: list[float | None]
    result: list[str]
    content_hash: list[str]
    killed: list[int | None]
    wounded: list[int | None]
    source_kind: list[str]
    reporter: list[str | None]
    confidence: list[float | None]
    place_name: list[str | None]
    outlet: list[str | None]  # the document's outlet, else its title
    doc_side: list[str | None]


def observation_items(
    rows: ObservationRows, config: CorrelateConfig, hierarchy: Hierarchy, interner: Interner
) -> Items:
    """Features of observations: where the event was (projected from the observer by
    distance and bearing when given) and when, in local days."""
    n = len(rows.id)
    v = vocab()
    zone = ZoneInfo(config.timezone) if config.timezone else None
    slack = config.slack_hours / 24.0
    cols: dict[str, list[Any]] = {
        k: []
        for k in ("family", "tier", "t0", "t1", "lat", "lon", "radius", "district", "fk", "fv")
    }
    for i in range(n):
        what = rows.what[i]
        family = v.observation_family.get(what)
        negative = rows.result[i] == "none_found" or what in v.negative_kinds
        lat, lon = rows.lat[i], rows.lon[i]
        info = hierarchy.info(rows.place_id[i])
        if lat is None and info is not None and info.lat is not None:
            lat, lon = info.lat, info.lon
        lat, lon, radius = _observed_point(rows, i, lat, lon, v.reported_kinds, config)
        t0, t1 = _local_window(rows.time_start[i], rows.time_end[i], lon, zone)
        t0, t1 = t0 - slack, t1 + slack
        width = t1 - t0
        placed, dated = lat is not None, not np.isnan(t0)
        if family is None:
            tier = X
        elif negative:
            kind = N if rows.result[i] == "none_found" else P
            usable = placed and dated and width <= MAX_WIDTH[N] and radius <= MAX_RADIUS[N]
            tier = kind if usable else X
        else:
            tier = int(
                tier_of(
                    np.array([radius]), np.array([width]), np.array([placed]), np.array([dated])
                )[0]
            )
        cols["family"].append(FAMILIES.index(family) if family else 0)
        cols["tier"].append(tier)
        cols["t0"].append(t0)
        cols["t1"].append(t1)
        cols["lat"].append(np.nan if lat is None else lat)
        cols["lon"].append(np.nan if lon is None else lon)
        cols["radius"].append(radius)
        cols["district"].append(info.district if info is not None else None)
        killed, wounded = rows.killed[i], rows.wounded[i]
        cols["fk"].append(0 if killed else (1 if wounded else -1))
        cols["fv"].append(killed if killed else (wounded if wounded else -1))
    items = Items.build(
        n,
        ref=np.asarray(rows.id, dtype=np.int64) * 2 + 1,
        family=cols["family"],
        tier=cols["tier"],
        t0=cols["t0"],
        t1=cols["t1"],
        lat=cols["lat"],
        lon=cols["lon"],
        radius=cols["radius"],
        place=interner.codes_of(rows.place_id),
        district=interner.codes_of(cols["district"]),
        doc=np.asarray(rows.document_id, dtype=np.int64),
        key64=key64_of(rows.content_hash),
        fig_kind=cols["fk"],
        fig_value=cols["fv"],
    )
    items.item_key[:] = [h[:32] for h in rows.content_hash]
    return items


def _observed_point(
    rows: ObservationRows,
    i: int,
    lat: float | None,
    lon: float | None,
    reported: frozenset[str],
    config: CorrelateConfig,
) -> tuple[float | None, float | None, float]:
    """Where the observed event was, and how uncertain that is (km)."""
    if lat is None or lon is None:
        return None, None, np.nan
    if rows.what[i] in reported:
        return lat, lon, config.district_radius_km
    dmin, dmax, bearing = rows.distance_min_km[i], rows.distance_max_km[i], rows.bearing_deg[i]
    if dmax is not None:
        dmin = dmax if dmin is None else dmin
        if bearing is not None:
            mid = (dmin + dmax) / 2
            plat, plon = destination(lat, lon, bearing, mid)
            # half the distance range, plus the sideways error of a 16-point compass bearing
            return plat, plon, (dmax - dmin) / 2 + 0.2 * dmax
        return lat, lon, dmax
    mode = rows.mode[i] or ""
    return lat, lon, (3.0 if "heard" in mode and "seen" not in mode else 1.0)


def _local_window(
    start: datetime | None, end: datetime | None, lon: float | None, zone: ZoneInfo | None
) -> tuple[float, float]:
    """A UTC window as local days since 1970 (zone if configured, else from longitude)."""
    if start is None:
        return np.nan, np.nan
    end = end or start

    def local_days(moment: datetime) -> float:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if zone is not None:
            offset = moment.astimezone(zone).utcoffset()
            hours = offset.total_seconds() / 3600 if offset is not None else 0.0
        else:
            hours = round((lon or 0.0) / 15.0)
        return moment.timestamp() / 86400.0 + hours / 24.0

    return local_days(start), local_days(end)


def cells(items: Items) -> np.ndarray:
    """The stored grid cell of each item (-1 for items found by time only: C, U, X)."""
    out = cell_of(items.lat, items.lon)
    out[(items.tier == C) | (items.tier == U) | (items.tier == X)] = -1
    return out
