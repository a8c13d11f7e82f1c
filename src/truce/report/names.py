"""Place names as a neutral report shows them: both sides' names where a place has two.

The gazetteer's :meth:`Place.display_names` gives the Armenian and the Azerbaijani
names ("Stepanakert / Khankendi"); the English name is kept where it is neither
("Nagorno-Karabakh (Artsakh / Daghlig Garabagh)"), and districts say so.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truce.reference.gazetteer import Gazetteer, Place

_GENERIC = re.compile(r"\b(district|province|region|rayon|marz)\b", re.IGNORECASE)


class PlaceNames:
    """Display names of gazetteer places by id, or by the name an incident carries."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._by_id: dict[str, str | None] = {}
        self._by_name: dict[str, str] = {}

    @property
    def gazetteer(self) -> Gazetteer | None:
        if self._gazetteer is None:
            try:
                from truce.reference.gazetteer import Gazetteer

                self._gazetteer = Gazetteer.default()
            except Exception:  # a broken user gazetteer must not stop a report
                return None
        return self._gazetteer

    def place(self, place_id: str | None, written: str | None) -> str:
        """The display name of ``place_id``, else the name as written."""
        if place_id:
            if place_id not in self._by_id:
                p = self.gazetteer.get(place_id) if self.gazetteer else None
                self._by_id[place_id] = display(p) if p is not None else None
            shown = self._by_id[place_id]
            if shown:
                return shown
        return written or "not located"

    def area(self, name: str | None) -> str:
        """An incident's area (a district's canonical name) with both names."""
        if not name:
            return "no place given"
        if name not in self._by_name:
            shown = name
            if self.gazetteer is not None:
                found = [p for p in self.gazetteer.lookup(name) if p.name == name]
                found.sort(key=lambda p: (not p.focus, p.kind not in ("district", "region")))
                if found:
                    shown = display(found[0])
            self._by_name[name] = shown
        return self._by_name[name]


def display(place: Place) -> str:
    both = place.display_names()
    if both == place.name:
        return place.name
    core = _GENERIC.sub("", place.name).strip(" -,")
    if core and all(w.casefold() in both.casefold() for w in core.split()):
        return f"{both} district" if place.kind == "district" else both
    return f"{place.name} ({both})"


@lru_cache(maxsize=1)
def default_names() -> PlaceNames:
    return PlaceNames()
