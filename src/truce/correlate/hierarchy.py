"""Which district a place lies in: the gazetteer's hierarchy, if there is one.

Grouping asks one question of the hierarchy: "is this village in that district?". The
answer comes from a lookup callback (``place_id -> Place-like`` with ``kind``, ``lat``,
``lon``, ``parent``, ``name``), by default the store's ``places`` table and then the
bundled gazetteer. Where neither knows a place, grouping falls back to distances.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.store.schema import Place as PlaceRow

log = logging.getLogger(__name__)

AREA_KINDS = ("district", "region", "country")


class PlaceLike(Protocol):
    kind: str | None
    lat: float | None
    lon: float | None
    name: str


PlaceLookup = Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """What grouping needs to know about a place id."""

    kind: str | None
    lat: float | None
    lon: float | None
    district: str | None  # the district it lies in; itself for a district
    name: str | None


def _parent(place: Any) -> str | None:
    return getattr(place, "parent", None) or getattr(place, "parent_id", None)


def gazetteer_lookup() -> PlaceLookup | None:
    """The bundled gazetteer's ``get``, or None when it cannot be loaded."""
    try:
        from truce.reference.gazetteer import Gazetteer

        return Gazetteer.default().get
    except Exception as exc:  # the gazetteer is optional: fall back to distances
        log.info("gazetteer unavailable, grouping by distance only: %s", exc)
        return None


class Hierarchy:
    """Resolves place ids to kind, point and district, caching every answer."""

    def __init__(self, lookup: PlaceLookup | None = None, *, use_gazetteer: bool = True) -> None:
        self._lookups: list[PlaceLookup] = [lookup] if lookup is not None else []
        self._use_gazetteer = use_gazetteer and lookup is None
        self._gazetteer_tried = False
        self._raw: dict[str, Any] = {}
        self._not_stored: set[str] = set()  # looked up in the store's table: not there
        self._cache: dict[str, PlaceInfo | None] = {}
        self._session: Session | None = None

    def preload(self, session: Session, ids: Iterable[str]) -> None:
        """Read the store's own ``places`` rows for these ids and all their parents."""
        self._session = session
        wanted = {i for i in ids if i and i not in self._raw and i not in self._not_stored}
        for _ in range(6):  # a district's region, a region's country...
            if not wanted:
                return
            parents: set[str] = set()
            chunk_ids = sorted(wanted)
            for start in range(0, len(chunk_ids), 500):
                chunk = chunk_ids[start : start + 500]
                for row in session.scalars(select(PlaceRow).where(PlaceRow.id.in_(chunk))):
                    self._raw[row.id] = row
                    if row.parent_id and row.parent_id not in self._raw:
                        parents.add(row.parent_id)
            self._not_stored |= {i for i in chunk_ids if i not in self._raw}
            wanted = parents - self._not_stored

    def _get(self, place_id: str) -> Any:
        if place_id in self._raw:
            return self._raw[place_id]
        if self._session is not None and place_id not in self._not_stored:
            row = self._session.get(PlaceRow, place_id)
            if row is not None:
                self._raw[place_id] = row
                return row
        for lookup in self._lookups:
            place = lookup(place_id)
            if place is not None:
                self._raw[place_id] = place
                return place
        if self._use_gazetteer and not self._gazetteer_tried:
            self._gazetteer_tried = True
            found = gazetteer_lookup()
            if found is not None:
                self._lookups.append(found)
                return self._get(place_id)
        self._raw[place_id] = None
        return None

    def info(self, place_id: str | None) -> PlaceInfo | None:
        if not place_id:
            return None
        if place_id in self._cache:
            return self._cache[place_id]
        place = self._get(place_id)
        result = None
        if place is not None:
            result = PlaceInfo(
                kind=getattr(place, "kind", None),
                lat=getattr(place, "lat", None),
                lon=getattr(place, "lon", None),
                district=self._district(place_id, place),
                name=_display(place),
            )
        self._cache[place_id] = result
        return result

    def _district(self, place_id: str, place: Any) -> str | None:
        """Walk up the parents to the district (at most six steps: no cycles)."""
        current_id, current = place_id, place
        for _ in range(6):
            kind = getattr(current, "kind", None)
            if kind == "district":
                return current_id
            if kind in ("region", "country"):
                return None
            parent = _parent(current)
            if not parent:
                return None
            current_id, current = parent, self._get(parent)
            if current is None:
                return None
        return None


def _display(place: Any) -> str | None:
    names = getattr(place, "display_names", None)
    if callable(names):
        try:
            return str(names())
        except Exception:  # a malformed place falls back to its name
            pass
    return getattr(place, "name", None)
