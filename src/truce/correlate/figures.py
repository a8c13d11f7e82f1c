"""Figures by source, and totals that never count the same dead twice.

Within an incident, sources describe the same people, so their figures are compared and
never added. For each kind (killed, wounded, ...), each source's figure is kept with its
low, best and high values, and the incident's total is:

* **low** (conservative): the lowest figure any asserting source gives (ACLED's rule);
* **best**: the figure of the most reliable kind of source present (observers, then
  monitoring bodies, then media, then the parties), the lower median if several;
* **high**: the highest figure any asserting source gives (UCDP's high estimate).

Across incidents, totals are added: each incident is a distinct event. Figures in a
denial are shown but never counted. Roll-ups leave out refuted incidents, merged
incidents and *aggregates* (claims covering more than a week or a whole region, which
summarise the incidents they overlap).

The rules run in truce.correlate.derive, for many incidents at once.
"""

from __future__ import annotations

from typing import NamedTuple

TOTAL = "*"


class FigureRow(NamedTuple):
    kind: str
    source: str  # a source's label, or TOTAL
    side: str | None
    polarity: str
    low: int | None
    best: int | None
    high: int | None
    claims: int
