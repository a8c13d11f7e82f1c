"""Incidents: claims from every source and observations grouped, corroborated, disputed
or verified (docs/incidents.md).

    update(store, actor=...)      group what is new (run at the end of every ingest)
    regroup(store, actor=...)     recompute everything, honouring analysts' decisions
    merge / split / set_status    analysts' decisions (truce.correlate.manual)
"""

from __future__ import annotations

from truce.correlate.config import CorrelateConfig
from truce.correlate.engine import RunSummary, regroup, update
from truce.correlate.manual import merge, revoke, set_status, split

__all__ = [
    "CorrelateConfig",
    "RunSummary",
    "merge",
    "regroup",
    "revoke",
    "set_status",
    "split",
    "update",
]
