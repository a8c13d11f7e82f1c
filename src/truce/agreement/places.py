"""Where evidence happened relative to a provision's scope.

A scope names gazetteer places (a place counts with everything inside it, by the
gazetteer's parent chain, and with an optional radius around its point) and hand-drawn
areas (circle, polygon, or a corridor: a band along a road). The gazetteer is used
through two calls, ``lookup(name)`` and ``get(id)``, so tests can pass a small stub.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Protocol

from truce.agreement.model import Area, LatLon, Scope, ScopePlace

EARTH_KM = 6371.0088


class PlaceLike(Protocol):
    id: str
    name: str
    lat: float
    lon: float
    parent: str | None


class GazetteerLike(Protocol):
    def lookup(self, name: str) -> list[Any]: ...
    def get(self, place_id: str) -> Any | None: ...


def default_gazetteer() -> GazetteerLike:
    """The project gazetteer (imported here: loading it is not free)."""
    from truce.reference.gazetteer import Gazetteer

    return Gazetteer.default()


def resolve(ref: str, gazetteer: GazetteerLike) -> PlaceLike:
    """A place by id (``nk:d-aghdam``) or by an unambiguous name; ValueError otherwise."""
    if ":" in ref:
        place = gazetteer.get(ref)
        if place is None:
            raise ValueError(f"unknown place id {ref!r} (not in the gazetteer)")
        return place
    found = gazetteer.lookup(ref)
    if not found:
        raise ValueError(f"unknown place {ref!r} (not in the gazetteer; use a gazetteer id)")
    ids = list(dict.fromkeys(p.id for p in found))
    exact = [p for p in found if p.name.casefold() == ref.casefold()]
    if len(ids) > 1 and len(exact) != 1:
        options = ", ".join(f"{p.id} ({p.name})" for p in found[:4])
        raise ValueError(f"place {ref!r} is ambiguous: write one of {options}")
    return exact[0] if len(ids) > 1 else found[0]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _xy(lat: float, lon: float, lat0: float) -> tuple[float, float]:
    """Local equirectangular projection in km (good to a few hundred km)."""
    return (
        math.radians(lon) * EARTH_KM * math.cos(math.radians(lat0)),
        math.radians(lat) * EARTH_KM,
    )


def _segment_km(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    length2 = ax * ax + ay * ay
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length2))
    )
    dx, dy = p[0] - (a[0] + t * ax), p[1] - (a[1] + t * ay)
    return math.hypot(dx, dy)


def in_area(lat: float, lon: float, area: Area) -> bool:
    if area.circle is not None:
        c = area.circle
        return haversine_km(lat, lon, c.center.lat, c.center.lon) <= c.radius_km
    if area.polygon is not None:
        return _in_polygon(lat, lon, area.polygon)
    assert area.corridor is not None
    line = area.corridor.line
    p = _xy(lat, lon, lat)
    pts = [_xy(q.lat, q.lon, lat) for q in line]
    return any(_segment_km(p, a, b) <= area.corridor.width_km / 2 for a, b in pairwise(pts))


def _in_polygon(lat: float, lon: float, ring: list[LatLon]) -> bool:
    inside = False
    j = len(ring) - 1
    for i, pi in enumerate(ring):
        pj = ring[j]
        if (pi.lat > lat) != (pj.lat > lat):
            cross = pi.lon + (lat - pi.lat) * (pj.lon - pi.lon) / (pj.lat - pi.lat)
            if lon < cross:
                inside = not inside
        j = i
    return inside


@dataclass(frozen=True, slots=True)
class Located:
    """Where a piece of evidence is: gazetteer ids and/or points."""

    place_ids: tuple[str, ...] = ()
    points: tuple[tuple[float, float], ...] = ()

    def is_empty(self) -> bool:
        return not self.place_ids and not self.points


class Ancestry:
    """Gazetteer parent chains, cached; without a gazetteer, a place is only itself."""

    def __init__(self, gazetteer: GazetteerLike | None) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[str, frozenset[str]] = {}

    def of(self, place_id: str) -> frozenset[str]:
        hit = self._cache.get(place_id)
        if hit is not None:
            return hit
        chain: list[str] = [place_id]
        if self.gazetteer is not None:
            place = self.gazetteer.get(place_id)
            if place is not None and place.id != place_id:
                chain.append(place.id)  # a redirected id
            seen = set(chain)
            while place is not None and place.parent and place.parent not in seen:
                seen.add(place.parent)
                chain.append(place.parent)
                place = self.gazetteer.get(place.parent)
        result = frozenset(chain)
        self._cache[place_id] = result
        return result


def in_scope(where: Located, scope: Scope, ancestry: Ancestry) -> bool:
    """True if any of the evidence's places or points lies in the scope (empty = anywhere)."""
    if scope.is_empty():
        return True
    ids = {sp.id for sp in scope.places if sp.id}
    for pid in where.place_ids:
        if ancestry.of(pid) & ids:
            return True
    for lat, lon in where.points:
        if any(_near(lat, lon, sp) for sp in scope.places):
            return True
        if any(in_area(lat, lon, area) for area in scope.areas):
            return True
    return False


def _near(lat: float, lon: float, sp: ScopePlace) -> bool:
    return (
        sp.radius_km is not None
        and sp.lat is not None
        and sp.lon is not None
        and haversine_km(lat, lon, sp.lat, sp.lon) <= sp.radius_km
    )


def describe_scope(scope: Scope) -> str:
    parts: Iterable[str] = [
        *(
            (sp.name or sp.place) + (f" +{sp.radius_km:g} km" if sp.radius_km else "")
            for sp in scope.places
        ),
        *(a.name for a in scope.areas),
    ]
    return ", ".join(parts) or "anywhere"
