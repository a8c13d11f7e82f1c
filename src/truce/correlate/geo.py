"""Distances, observer projections and grid cells (vectorised with numpy)."""

from __future__ import annotations

import math

import numpy as np

EARTH_KM = 6371.0088
KM_PER_DEG = 111.195
#: size of the stored grid cells used by window queries (degrees of latitude and longitude)
CELL_DEG = 0.25
_CELL_ROW = 4000  # cells per row of the stored cell code


def haversine(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km, element-wise."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(
        haversine(np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2]))[0]
    )


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along ``bearing_deg`` (observer projections)."""
    d = km / EARTH_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def cell_of(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The stored grid cell of each point (-1 where there is no point)."""
    ok = ~(np.isnan(lat) | np.isnan(lon))
    row = np.floor((np.where(ok, lat, 0) + 90) / CELL_DEG).astype(np.int64)
    col = np.floor((np.where(ok, lon, 0) + 180) / CELL_DEG).astype(np.int64)
    return np.where(ok, row * _CELL_ROW + col, -1)


def cells_around(lat: float, lon: float, radius_km: float) -> list[int]:
    """Every stored cell that a disk of ``radius_km`` around the point touches."""
    dlat = radius_km / KM_PER_DEG
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01)
    dlon = min(radius_km / (KM_PER_DEG * coslat), 180.0)
    r0 = math.floor((max(lat - dlat, -90) + 90) / CELL_DEG)
    r1 = math.floor((min(lat + dlat, 90) + 90) / CELL_DEG)
    c0 = math.floor((lon - dlon + 180) / CELL_DEG)
    c1 = math.floor((lon + dlon + 180) / CELL_DEG)
    ncol = round(360 / CELL_DEG)
    cols = sorted({c % ncol for c in range(c0, c1 + 1)})
    return [r * _CELL_ROW + c for r in range(r0, r1 + 1) for c in cols]
