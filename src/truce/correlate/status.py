"""The status of an incident, by rules applied in a fixed order (docs/incidents.md).

1. an analyst's decision (``truce incident status``) stands until revoked;
2. **verified**: an observer patrol observed it (heard or saw it, or its traces);
3. **refuted**: an observer checked the place and time and found nothing, no observer
   saw it and no confident sensor detected it;
4. **disputed**: one source asserts it and a source of another side denies it;
5. **corroborated**: at least two independent sources assert it (a sensor network
   counts as one source; wire copies and one camp's statements count once);
6. **single-source** otherwise.

Sensor detections are weaker than patrols: they never verify, a confident one (at least
``sensor_min_confidence``) counts as one independent source and prevents a refutation,
and one below that threshold counts for nothing.

The rules run in truce.correlate.derive, for many incidents at once.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("verified", "corroborated", "disputed", "single-source", "refuted")
MERGED = "merged"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str
    reason: str
    rule: str  # manual | observer | none_found | dispute | independent | single
