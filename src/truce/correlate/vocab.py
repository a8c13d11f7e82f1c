"""The vocabularies grouping relies on: event families, camps of sides, source classes.

They are data files (``data/*.yaml``) so that a mission can adapt them to another
conflict without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from truce.errors import DataError
from truce.ingest.observations import observation_kinds

#: families, in a fixed order: the code of a family is its index (used in numpy keys)
FAMILIES = ("force", "territory", "presence", "return", "aid", "ceasefire", "talks", "access")


@dataclass(frozen=True, slots=True)
class Vocab:
    claim_family: dict[str, str]
    observation_family: dict[str, str]
    negative_kinds: frozenset[str]
    reported_kinds: frozenset[str]
    camp_of: dict[str, str]
    monitors: frozenset[str]
    media: frozenset[str]

    def family_code(self, family: str) -> int:
        return FAMILIES.index(family)

    def camp(self, side: str | None) -> str | None:
        """The camp a side belongs to (itself if listed in no camp); None for media."""
        if side is None or side in self.media:
            return None
        return self.camp_of.get(side, side)

    def source_class(self, side: str | None, *, observer: bool = False) -> int:
        """Reliability rank of a source for figures: 0 observer, 1 monitor, 2 media, 3 party."""
        if observer:
            return 0
        if side in self.monitors:
            return 1
        if side is None or side in self.media:
            return 2
        return 3


def _read(name: str) -> dict:
    path = resources.files("truce.correlate").joinpath(f"data/{name}")
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise DataError(f"{name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    families = _read("families.yaml")
    sides = _read("sides.yaml")
    claim_family = {str(k): str(v) for k, v in (families.get("claim_types") or {}).items()}
    observation_family = {k: v["family"] for k, v in observation_kinds().items()}
    for family in (*claim_family.values(), *observation_family.values()):
        if family not in FAMILIES:
            raise DataError(f"families.yaml: unknown family {family!r} (known: {FAMILIES})")
    camp_of: dict[str, str] = {}
    for camp, members in (sides.get("camps") or {}).items():
        for side in members or []:
            camp_of[str(side)] = str(camp)
    return Vocab(
        claim_family=claim_family,
        observation_family=observation_family,
        negative_kinds=frozenset(families.get("negative_kinds") or []),
        reported_kinds=frozenset(families.get("reported_kinds") or []),
        camp_of=camp_of,
        monitors=frozenset(sides.get("monitors") or []),
        media=frozenset(sides.get("media") or []),
    )
