"""Why each claim or observation is in its incident (``truce incident ID --why``).

Explanations are recomputed from the stored grouping features with the same link rule
the grouping used, so they always describe the incident as it is now: which member a
claim links to and by which rule (same place, inside a district, how many km apart,
how the dates overlap), which item a vague claim was attached to and why that one, and
which analyst decisions hold it there.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from truce.correlate.bulk import Bulk
from truce.correlate.compat import RULE_DISTRICT, RULE_NEAR, RULE_SAME_PLACE, check
from truce.correlate.config import load_config
from truce.correlate.items import TIERS, Interner, Items
from truce.correlate.load import MEMBER_SQL, stored_items

EPOCH = date(1970, 1, 1)
ROLE_TEXT = {
    "A": "a precise report (place within 5 km, dates within 3 days)",
    "B": "a vague report (a district, or a span of days)",
    "C": "a coarse report (a region, a country, or weeks)",
    "N": "an observer's negative finding",
    "P": "a patrol that saw no activity",
    "U": "a report without a place or a date of its own",
    "X": "a report too vague to group",
}


def _name(ref: int) -> str:
    return f"observation {ref // 2}" if ref % 2 else f"claim {ref // 2}"


def _days(t0: float, t1: float) -> str:
    if math.isnan(t0):
        return "undated"
    start = EPOCH + timedelta(days=math.floor(t0))
    end = EPOCH + timedelta(days=math.floor(math.nextafter(t1, -math.inf)))
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def explain(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """One entry per member: what kind of report it is and why it is in this incident."""
    bulk = Bulk(session.connection())
    config = load_config(session)
    interner = Interner()
    items = stored_items(bulk.fetch(f"{MEMBER_SQL} WHERE incident_id = ?", [incident_id]), interner)
    if len(items) == 0:
        return []
    n = len(items)
    i, j = np.triu_indices(n, 1)
    pairs = check(items, i.astype(np.int64), j.astype(np.int64), config.distance_km)
    links: dict[int, list[tuple[int, int, float]]] = {k: [] for k in range(n)}
    for a, b, rule, dist in zip(
        pairs.i.tolist(), pairs.j.tolist(), pairs.rule.tolist(), pairs.dist.tolist(), strict=True
    ):
        links[a].append((b, rule, dist))
        links[b].append((a, rule, dist))
    row_of = {int(r): k for k, r in enumerate(items.ref.tolist())}
    decisions = _decisions(bulk, set(row_of))
    out = []
    for k in range(n):
        ref = int(items.ref[k])
        tier = TIERS[int(items.tier[k])]
        reasons: list[str] = []
        anchor = int(items.anchor[k])
        if anchor >= 0:
            reasons.append(_anchored(items, k, anchor, row_of, interner, config.distance_km))
        elif tier in "ABC":
            reasons.append(_linked(items, k, links[k], interner, config.distance_km))
        elif tier == "U":
            reasons.append("stands alone: no place or date to compare")
        for d in decisions.get(ref, []):
            reasons.append(d)
        out.append(
            {
                "member": _name(ref),
                "kind": ROLE_TEXT.get(tier, tier),
                "when": _days(float(items.t0[k]), float(items.t1[k])),
                "why": "; ".join(r for r in reasons if r),
            }
        )
    return out


def _place(items: Items, k: int, interner: Interner) -> str:
    place = interner.value(int(items.place[k]))
    if place:
        return place
    if math.isnan(items.lat[k]):
        return "no place"
    return f"{items.lat[k]:.3f},{items.lon[k]:.3f} (±{items.radius[k]:.0f} km)"


def _rule(rule: int, dist: float, distance_km: float) -> str:
    if rule == RULE_DISTRICT:
        return "placed at a district that contains the other"
    if rule == RULE_SAME_PLACE:
        return "the same place"
    if rule == RULE_NEAR:
        return "the same place" if dist < 0.05 else f"{dist:.1f} km apart"
    return ""


def _linked(
    items: Items,
    k: int,
    partners: list[tuple[int, int, float]],
    interner: Interner,
    distance_km: float,
) -> str:
    if not partners:
        when = _days(float(items.t0[k]), float(items.t1[k]))
        return f"the only report of its kind at {_place(items, k, interner)} on {when}"
    partners = sorted(
        partners, key=lambda p: (p[2] if not math.isnan(p[2]) else 0.0, int(items.ref[p[0]]))
    )
    parts = []
    for other, rule, dist in partners[:3]:
        parts.append(
            f"{_name(int(items.ref[other]))} ({_rule(rule, dist, distance_km)}; "
            f"dates overlap: {_days(float(items.t0[other]), float(items.t1[other]))})"
        )
    more = f" and {len(partners) - 3} more" if len(partners) > 3 else ""
    return "links to " + ", ".join(parts) + more + f" (same event kind, within {distance_km:g} km)"


def _anchored(
    items: Items,
    k: int,
    anchor: int,
    row_of: dict[int, int],
    interner: Interner,
    distance_km: float,
) -> str:
    a = row_of.get(anchor)
    if a is None:
        return f"attached to {_name(anchor)}, now in another incident"
    pair = check(items, np.array([k]), np.array([a]), distance_km)
    how = (
        _rule(int(pair.rule[0]), float(pair.dist[0]), distance_km)
        if len(pair)
        else "the same document"
    )
    hints = []
    if int(items.doc[k]) == int(items.doc[a]):
        hints.append("same document")
    if (
        items.fig_kind[k] >= 0
        and items.fig_kind[k] == items.fig_kind[a]
        and items.fig_value[k] == items.fig_value[a]
    ):
        hints.append("same figure")
    why = f" ({', '.join(hints)})" if hints else " (the closest match in time, then in space)"
    return (
        f"attached to {_name(anchor)}{why}: {how}; its dates "
        f"{_days(float(items.t0[k]), float(items.t1[k]))} "
        f"include {_days(float(items.t0[a]), float(items.t1[a]))}"
    )


def _decisions(bulk: Bulk, refs: set[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for id_, kind, payload, reason, actor, active in bulk.fetch(
        "SELECT id, kind, payload, reason, actor, active FROM incident_decisions ORDER BY id"
    ):
        if not active:
            continue
        data = json.loads(payload) if isinstance(payload, str) else payload
        for r in {int(x) for x in data.get("refs", [])} & refs:
            what = {
                "merge": "merged in",
                "split": "split off",
                "status": f"status set to {data.get('status')}",
            }.get(kind, kind)
            out.setdefault(r, []).append(f"{what} by {actor} (decision {id_}: {reason})")
        for r in {int(x) for x in data.get("rest", [])} & refs:
            out.setdefault(r, []).append(
                f"kept apart from a split by {actor} (decision {id_}: {reason})"
            )
    return out
