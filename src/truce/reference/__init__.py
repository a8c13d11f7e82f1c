"""Reference data and matchers: places (gazetteer) and actors, with shared text folding.

Imports are lazy so that ``import truce.reference`` stays cheap; use
``from truce.reference import Gazetteer`` or the submodules directly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "Actor",
    "ActorIndex",
    "ActorMention",
    "ActorsError",
    "Gazetteer",
    "GazetteerError",
    "Name",
    "Place",
    "PlaceMention",
    "Side",
]

_WHERE = {
    "Gazetteer": "gazetteer", "GazetteerError": "gazetteer", "Name": "gazetteer",
    "Place": "gazetteer", "PlaceMention": "gazetteer",
    "Actor": "actors", "ActorIndex": "actors", "ActorMention": "actors",
    "ActorsError": "actors", "Side": "actors",
}


def __getattr__(name: str) -> Any:
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'truce.reference' has no attribute {name!r}")
    return getattr(import_module(f"truce.reference.{mod}"), name)
