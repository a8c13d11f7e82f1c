"""What each incident is, derived from its members for many incidents at once.

The rules are those of sources.py, status.py, figures.py (docs/incidents.md); here they
run as grouped numpy operations over one table of members, so that describing 300,000
incidents costs seconds, not minutes. Only the texts (summary, status reason, labels)
are made one incident at a time.

Members are sorted by (incident, ref): everything derived is a function of the set of
members, never of the order they were stored in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from truce.correlate.describe import TYPE_ORDER, IncidentState
from truce.correlate.figures import TOTAL, FigureRow
from truce.correlate.graph import components, sorted_unique
from truce.correlate.items import MAX_WIDTH, PRECISION_BY_RADIUS, A, B, C
from truce.correlate.status import Verdict

EPOCH = date(1970, 1, 1)
ASSERT, DENY, OBSERVED, NONE_FOUND = 0, 1, 2, 3
CLAIM, OBSERVER, SENSOR = 0, 1, 2


class Codes:
    """Strings to integers; ``alpha`` ranks the codes in alphabetical order."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[str] = []

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        code = self.index.get(value)
        if code is None:
            code = self.index[value] = len(self.values)
            self.values.append(value)
        return code

    def __getstate__(self) -> list[str]:
        return self.values  # sent to the worker: the index is rebuilt there

    def __setstate__(self, values: list[str]) -> None:
        self.values = values
        self.index = {v: k for k, v in enumerate(values)}

    def alpha(self) -> np.ndarray:
        out = np.empty(len(self.values), np.int64)
        out[np.argsort(np.array(self.values, dtype=object), kind="stable")] = np.arange(
            len(self.values)
        )
        return out

    def text(self, code: int) -> str | None:
        return self.values[code] if code >= 0 else None


@dataclass(slots=True)
class MemberTable:
    """One row per member, sorted by (group, ref), as numpy columns; strings as codes of
    ``strings`` (sides, types, places, names, labels), source identities as token codes.
    Figures are rows of their own, pointing at their member."""

    g: np.ndarray
    ref: np.ndarray
    is_claim: np.ndarray
    tier: np.ndarray
    key64: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray
    district: np.ndarray
    polarity: np.ndarray
    kind: np.ndarray  # CLAIM | OBSERVER | SENSOR
    weak: np.ndarray
    side: np.ndarray
    type: np.ndarray
    place: np.ndarray
    place_name: np.ndarray
    what: np.ndarray
    who: np.ndarray  # reporter or outlet, for observers
    token1: np.ndarray
    token2: np.ndarray
    label: np.ndarray
    camp: np.ndarray
    rank: np.ndarray
    fig_member: np.ndarray
    fig_kind: np.ndarray
    fig_value: np.ndarray
    fig_low: np.ndarray
    fig_high: np.ndarray
    strings: Codes
    token_count: int  # how many source identities the token codes range over

    def __len__(self) -> int:
        return len(self.g)


def _starts(g: np.ndarray, n_groups: int) -> np.ndarray:
    """First row of each group (members sorted by group; every group has members)."""
    return np.searchsorted(g, np.arange(n_groups))


def _first_by(g: np.ndarray, mask: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """For each group, the row (among ``mask``) that sorts first by ``keys`` (most
    important last); -1 where the group has no such row."""
    rows = np.nonzero(mask)[0]
    out = np.full(int(g.max()) + 1 if len(g) else 0, -1, np.int64)
    if len(rows) == 0:
        return out
    order = rows[np.lexsort((*(k[rows] for k in keys), g[rows]))]
    first = np.ones(len(order), bool)
    first[1:] = g[order][1:] != g[order][:-1]
    out[g[order][first]] = order[first]
    return out


def _counts_of_pair(g: np.ndarray, value: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each row, how many rows of its group (among ``mask``) share its value."""
    out = np.zeros(len(g), np.int64)
    rows = np.nonzero(mask & (value >= 0))[0]
    if len(rows) == 0:
        return out
    code = g[rows] * (int(value.max()) + 1) + value[rows]
    _, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    out[rows] = counts[inverse]
    return out


def _any(g: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(g[mask], minlength=n) > 0


def derive(
    table: MemberTable,
    n_groups: int,
    manual: dict[int, tuple[str, str]],
    names: dict[str, str | None],
    family_of: Sequence[str],
) -> list[IncidentState]:
    """The state of each group 0..n_groups-1 (see describe.py for the fields)."""
    a = table
    strings = table.strings
    n = n_groups
    starts = _starts(a.g, n)
    alpha = strings.alpha()

    def alpha_of(codes: np.ndarray) -> np.ndarray:
        return np.where(codes >= 0, alpha[np.maximum(codes, 0)], -1)

    # -- sources: members sharing an identity token within an incident are one ---------------
    t_count = max(table.token_count, 1)
    node1 = a.g * t_count + a.token1
    has2 = a.token2 >= 0
    node2 = a.g[has2] * t_count + a.token2[has2]
    nodes, inv = np.unique(np.concatenate([node1, node2]), return_inverse=True)
    n1, n2 = inv[: len(node1)], inv[len(node1) :]
    label_nodes = components(len(nodes), n1[has2], n2)
    source = label_nodes[n1]  # a source id (a node index) per member
    supports = ((a.polarity == ASSERT) | (a.polarity == OBSERVED)) & ~a.weak
    src_ids, src_of_member = np.unique(source, return_inverse=True)
    s_n = len(src_ids)
    s_g = np.zeros(s_n, np.int64)
    s_g[src_of_member] = a.g
    s_rank = np.full(s_n, 9, np.int64)
    np.minimum.at(s_rank, src_of_member, a.rank)
    s_camp = np.full(s_n, -1, np.int64)
    np.maximum.at(s_camp, src_of_member, a.camp)
    s_asserts = np.bincount(src_of_member[supports], minlength=s_n) > 0
    s_denies = np.bincount(src_of_member[a.polarity == DENY], minlength=s_n) > 0
    s_observed = np.bincount(src_of_member[a.polarity == OBSERVED], minlength=s_n) > 0
    s_label, s_side = _source_labels(a, src_of_member, s_n, strings, alpha)
    label_alpha = {lab: k for k, lab in enumerate(sorted(set(s_label)))}
    s_order_key = np.array([label_alpha[lab] for lab in s_label], dtype=np.int64)
    # sources of each incident, sorted by (rank, label)
    s_sorted = np.lexsort((s_order_key, s_rank, s_g))
    s_start = np.searchsorted(s_g[s_sorted], np.arange(n + 1))
    n_assert = np.bincount(s_g[s_asserts], minlength=n)

    # -- observers, sensors ------------------------------------------------------------------
    observer = a.kind == OBSERVER
    seen = observer & (a.polarity == OBSERVED)
    checked = observer & (a.polarity == NONE_FOUND)
    detected = (a.kind == SENSOR) & supports
    any_seen, any_checked, any_detected = (
        _any(a.g, seen, n),
        _any(a.g, checked, n),
        _any(a.g, detected, n),
    )

    # -- tier, dates ---------------------------------------------------------------------------
    formable = (a.tier == A) | (a.tier == B) | (a.tier == C)
    best_tier = np.full(n, 99, np.int64)
    np.minimum.at(best_tier, a.g[formable], a.tier[formable])
    has_tier = best_tier < 99
    core = np.where(has_tier[a.g], a.tier == best_tier[a.g], True)
    dated = core & ~np.isnan(a.t0)
    lo = np.full(n, -np.inf)
    hi = np.full(n, np.inf)
    np.maximum.at(lo, a.g[dated], a.t0[dated])
    np.minimum.at(hi, a.g[dated], a.t1[dated])
    lo_all = np.full(n, np.inf)
    hi_all = np.full(n, -np.inf)
    np.minimum.at(lo_all, a.g[dated], a.t0[dated])
    np.maximum.at(hi_all, a.g[dated], a.t1[dated])
    disjoint = lo >= hi
    lo, hi = np.where(disjoint, lo_all, lo), np.where(disjoint, hi_all, hi)
    any_dated = _any(a.g, dated, n)

    # -- place -----------------------------------------------------------------------------------
    named_all = a.is_claim & (a.place >= 0)
    named_core = named_all & core
    use_core = _any(a.g, named_core, n)
    named = np.where(use_core[a.g], named_core, named_all)
    place_count = _counts_of_pair(a.g, a.place, named)
    radius_key = np.where(np.isnan(a.radius), 1e9, a.radius)
    best_named = _first_by(a.g, named, a.key64, radius_key, -place_count)
    best_named = np.concatenate([best_named, np.full(n - len(best_named), -1)])
    # the written name of the chosen place most used (ties: alphabetical)
    chosen_place = np.where(best_named >= 0, a.place[np.maximum(best_named, 0)], -1)
    same_place = named & (a.place == chosen_place[a.g]) & (a.place_name >= 0)
    name_count = _counts_of_pair(a.g, a.place_name, same_place)
    best_written = _first_by(a.g, same_place, alpha_of(a.place_name), -name_count)
    best_written = np.concatenate([best_written, np.full(n - len(best_written), -1)])
    # no named place: the middle of the points
    pointed_core = core & ~np.isnan(a.lat)
    use_core_pts = _any(a.g, pointed_core, n)
    pointed = np.where(use_core_pts[a.g], pointed_core, ~np.isnan(a.lat))
    mid_lat = _lower_median(a.g, a.lat, pointed, n)
    mid_lon = _lower_median(a.g, a.lon, pointed, n)
    pt_name = pointed & (a.place_name >= 0)
    pt_count = _counts_of_pair(a.g, a.place_name, pt_name)
    best_pt_name = _first_by(a.g, pt_name, alpha_of(a.place_name), -pt_count)
    best_pt_name = np.concatenate([best_pt_name, np.full(n - len(best_pt_name), -1)])
    has_obs_point = _any(a.g, pointed & ~a.is_claim, n)
    chosen_pt_name = np.where(best_pt_name >= 0, a.place_name[np.maximum(best_pt_name, 0)], -1)
    claim_with_name = _any(a.g, pt_name & a.is_claim & (a.place_name == chosen_pt_name[a.g]), n)

    # -- precision, area, type, counts, key --------------------------------------------------
    r_ok = formable & ~np.isnan(a.radius)
    min_radius = np.full(n, np.inf)
    np.minimum.at(min_radius, a.g[r_ok], a.radius[r_ok])
    any_place_id = _any(a.g, a.place >= 0, n)
    district_count = _counts_of_pair(a.g, a.district, a.district >= 0)
    best_district = _first_by(a.g, a.district >= 0, alpha_of(a.district), -district_count)
    best_district = np.concatenate([best_district, np.full(n - len(best_district), -1)])
    asserted_type = (a.type >= 0) & (a.polarity != DENY)
    use_asserted = _any(a.g, asserted_type, n)
    typed = np.where(use_asserted[a.g], asserted_type, a.type >= 0)
    type_count = _counts_of_pair(a.g, a.type, typed)
    order_rank = {t: i for i, t in enumerate(TYPE_ORDER)}
    type_rank = np.array([order_rank.get(v, 99) for v in strings.values], dtype=np.int64)
    t_rank = np.where(a.type >= 0, type_rank[np.maximum(a.type, 0)], 99)
    best_type = _first_by(a.g, typed, alpha_of(a.type), t_rank, -type_count)
    best_type = np.concatenate([best_type, np.full(n - len(best_type), -1)])
    claim_count = np.bincount(a.g[a.is_claim], minlength=n)
    obs_count = np.bincount(a.g[~a.is_claim], minlength=n)
    mixed = (a.key64.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (
        a.key64.astype(np.uint64) >> np.uint64(17)
    )
    key_xor = (
        np.bitwise_xor.reduceat(a.key64.astype(np.uint64), starts)
        if len(a.g)
        else np.zeros(n, np.uint64)
    )
    key_sum = np.add.reduceat(mixed, starts) if len(a.g) else np.zeros(n, np.uint64)
    side_pairs = np.unique(a.g[a.side >= 0] * (len(strings.values) + 1) + a.side[a.side >= 0])

    figures = _figures(a, table, src_of_member, s_label, s_side, s_rank, s_sorted, s_start, strings)
    sides_of: list[list[str]] = [[] for _ in range(n)]
    for code in side_pairs.tolist():
        sides_of[code // (len(strings.values) + 1)].append(
            strings.values[code % (len(strings.values) + 1)]
        )

    # per incident values as Python lists: the loop below only assembles them
    text = strings.values
    b = np.maximum(best_named, 0)
    named_ok = (best_named >= 0).tolist()
    place_ids = [text[c] for c in a.place[b].tolist()]
    written = [
        text[c] if c >= 0 else None
        for c in np.where(best_written >= 0, a.place_name[np.maximum(best_written, 0)], -1).tolist()
    ]
    named_lat, named_lon = a.lat[b].tolist(), a.lon[b].tolist()
    mid_lats, mid_lons = mid_lat.tolist(), mid_lon.tolist()
    pt_names = [text[c] if c >= 0 else None for c in chosen_pt_name.tolist()]
    near = (has_obs_point & ~claim_with_name).tolist()
    first_day = np.where(any_dated, np.floor(lo), 0).astype(np.int64).tolist()
    last_day = np.where(any_dated, np.floor(np.nextafter(hi, -np.inf)), 0).astype(np.int64).tolist()
    dated_list = any_dated.tolist()
    geo_list = [
        _precision(r) if math.isfinite(r) else (6 if has else None)
        for r, has in zip(min_radius.tolist(), any_place_id.tolist(), strict=True)
    ]
    tiers = [t if t < 99 else None for t in best_tier.tolist()]
    districts = [
        text[c] if c >= 0 else None
        for c in np.where(best_district >= 0, a.district[np.maximum(best_district, 0)], -1).tolist()
    ]
    types = [
        text[c] if c >= 0 else "ASSAULT"
        for c in np.where(best_type >= 0, a.type[np.maximum(best_type, 0)], -1).tolist()
    ]
    keys = [
        f"{x:016x}{y & 0xFFFFFFFF:08x}"
        for x, y in zip(key_xor.tolist(), key_sum.tolist(), strict=True)
    ]
    claims_n, obs_n, sources_n = claim_count.tolist(), obs_count.tolist(), n_assert.tolist()
    s_sorted_l, s_start_l = s_sorted.tolist(), s_start.tolist()
    s_asserts_l, s_denies_l = s_asserts.tolist(), s_denies.tolist()
    s_rank_l, s_observed_l, s_camp_l = s_rank.tolist(), s_observed.tolist(), s_camp.tolist()
    evidence = _Observers(a, table, seen, checked, starts)
    flags = (any_seen.tolist(), any_checked.tolist(), any_detected.tolist())
    days: dict[int, date] = {}

    def day(n_: int) -> date:
        found = days.get(n_)
        if found is None:
            found = days[n_] = EPOCH + timedelta(days=n_)
        return found

    out: list[IncidentState] = []
    for k in range(n):
        ss = s_sorted_l[s_start_l[k] : s_start_l[k + 1]]
        asserting = [x for x in ss if s_asserts_l[x]]
        denying = [x for x in ss if s_denies_l[x]]
        who = {
            "asserted_by": [s_label[x] for x in asserting if s_rank_l[x] != 0],
            "denied_by": [s_label[x] for x in denying],
            "observed_by": [s_label[x] for x in ss if s_rank_l[x] == 0 and s_observed_l[x]],
        }
        verdict = _verdict(k, manual, flags, asserting, denying, s_label, s_camp_l, evidence)
        start = end = None
        if dated_list[k]:
            start, end = day(first_day[k]), day(last_day[k])
        if named_ok[k]:
            place_id = place_ids[k]
            place_name = names.get(place_id) or written[k] or place_id
            lat = None if named_lat[k] != named_lat[k] else named_lat[k]
            lon = None if named_lon[k] != named_lon[k] else named_lon[k]
        elif mid_lats[k] == mid_lats[k]:  # not NaN
            place_id, lat, lon = None, mid_lats[k], mid_lons[k]
            place_name = pt_names[k]
            if place_name and near[k]:
                place_name = f"near {place_name}"
        else:
            place_id = place_name = lat = lon = None
        width = (last_day[k] - first_day[k] + 1) if start else None
        tier = tiers[k]
        aggregate = tier == C or (width is not None and width > MAX_WIDTH[B])
        district = districts[k]
        area = (names.get(district) or district) if district else place_name
        sides = sides_of[k]
        out.append(
            IncidentState(
                key=keys[k],
                family=family_of[k],
                type=types[k],
                verdict=verdict,
                place_id=place_id,
                place_name=place_name,
                lat=lat,
                lon=lon,
                geo_precision=geo_list[k],
                date_start=start,
                date_end=end,
                date_precision=_date_precision(width),
                area=area,
                sides="," + ",".join(sorted(sides)) + "," if sides else "",
                claim_count=claims_n[k],
                source_count=sources_n[k],
                aggregate=bool(aggregate),
                summary=_summary(types[k], place_name, start, end, who),
                extra={
                    **who,
                    "observations": obs_n[k],
                    "tier": "ABC"[tier] if tier is not None else None,
                    "status_rule": verdict.rule,
                },
                figures=figures.get(k, []),
            )
        )
    return out


class _Observers:
    """Who observed, or checked and found nothing, in each incident (for the reasons)."""

    def __init__(
        self,
        a: MemberTable,
        table: MemberTable,
        seen: np.ndarray,
        checked: np.ndarray,
        starts: np.ndarray,
    ) -> None:
        self.text = table.strings.text
        self.who, self.what = a.who.tolist(), a.what.tolist()
        self.seen, self.checked = seen.tolist(), checked.tolist()
        self.bounds = [*starts.tolist(), len(a.g)]

    def rows(self, k: int) -> range:
        return range(self.bounds[k], self.bounds[k + 1])

    def names(self, k: int, which: list[bool], field: str) -> list[str]:
        codes = self.who if field == "who" else self.what
        fallback = "observers" if field == "who" else ""
        return [self.text(codes[r]) or fallback for r in self.rows(k) if which[r]]


def _lower_median(g: np.ndarray, values: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, np.nan)
    rows = np.nonzero(mask)[0]
    if len(rows) == 0:
        return out
    order = rows[np.lexsort((values[rows], g[rows]))]
    gs = g[order]
    first = np.searchsorted(gs, np.arange(n))
    count = np.bincount(gs, minlength=n)
    has = count > 0
    pick = first[has] + (count[has] - 1) // 2
    out[has] = values[order[pick]]
    return out


def _source_labels(
    a: MemberTable, src: np.ndarray, s_n: int, strings: Codes, alpha: np.ndarray
) -> tuple[list[str], list[str | None]]:
    """Each source's label (its members' labels, sorted, up to three) and side (the most
    common; ties alphabetical)."""
    text = strings.values
    pairs = sorted_unique(src * (len(text) + 1) + a.label)
    p_src, p_lab = pairs // (len(text) + 1), pairs % (len(text) + 1)
    count = np.bincount(p_src, minlength=s_n)
    first = np.searchsorted(p_src, np.arange(s_n))
    labels = [text[c] for c in p_lab[np.minimum(first, len(p_lab) - 1)].tolist()]
    for s in np.nonzero(count > 1)[0].tolist():  # a source of several labels: a few
        texts = sorted(text[c] for c in p_lab[first[s] : first[s] + count[s]].tolist())
        labels[s] = " / ".join(texts[:3])
    with_side = a.side >= 0
    side_count = np.zeros(len(src), np.int64)
    rows = np.nonzero(with_side)[0]
    if len(rows):
        code = src[rows] * (len(text) + 1) + a.side[rows]
        _, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
        side_count[rows] = counts[inverse]
    best = _first_by(
        src, with_side, np.where(with_side, alpha[np.maximum(a.side, 0)], 0), -side_count
    )
    best = np.concatenate([best, np.full(max(s_n - len(best), 0), -1)])
    sides = [text[int(a.side[r])] if r >= 0 else None for r in best[:s_n].tolist()]
    return labels, sides


def _names(values: Sequence[str]) -> str:
    seen: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return ", ".join(seen) if seen else "unknown"


def _verdict(
    k: int,
    manual: dict[int, tuple[str, str]],
    flags: tuple[list[bool], list[bool], list[bool]],
    asserting: list[int],
    denying: list[int],
    s_label: list[str],
    s_camp: list[int],
    observers: _Observers,
) -> Verdict:
    """The status rules of status.py, in their order."""
    any_seen, any_checked, any_detected = flags
    if not denying and not any_seen[k] and not any_checked[k] and k not in manual:
        if len(asserting) >= 2:
            labels = _names([s_label[s] for s in asserting])
            return Verdict(
                "corroborated", f"{len(asserting)} independent sources: {labels}", "independent"
            )
        if asserting:
            return Verdict("single-source", f"only {s_label[asserting[0]]}", "single")
    if k in manual:
        status, reason = manual[k]
        return Verdict(status, f"set by an analyst: {reason}", "manual")
    if any_seen[k]:
        who = _names(observers.names(k, observers.seen, "who"))
        what = _names(observers.names(k, observers.seen, "what"))
        return Verdict("verified", f"observed by {who} ({what})", "observer")
    if any_checked[k] and not any_detected[k]:
        who = _names(observers.names(k, observers.checked, "who"))
        return Verdict("refuted", f"{who} found no evidence at the place and time", "none_found")
    for x in asserting:
        for d in denying:
            if d != x and (s_camp[x] < 0 or s_camp[d] < 0 or s_camp[x] != s_camp[d]):
                return Verdict(
                    "disputed",
                    f"asserted by {_names([s_label[s] for s in asserting])}, "
                    f"denied by {_names([s_label[s] for s in denying])}",
                    "dispute",
                )
    if len(asserting) >= 2:
        labels = _names([s_label[s] for s in asserting])
        return Verdict(
            "corroborated", f"{len(asserting)} independent sources: {labels}", "independent"
        )
    if asserting:
        return Verdict("single-source", f"only {s_label[asserting[0]]}", "single")
    if denying:
        return Verdict(
            "single-source", f"only a denial, by {_names([s_label[s] for s in denying])}", "single"
        )
    return Verdict("single-source", "no source asserts it with confidence", "single")


def _figures(
    a: MemberTable,
    t: MemberTable,
    src: np.ndarray,
    s_label: list[str],
    s_side: list[str | None],
    s_rank: np.ndarray,
    s_sorted: np.ndarray,
    s_start: np.ndarray,
    strings: Codes,
) -> dict[int, list[FigureRow]]:
    """Every source's figure per kind, then the totals (see figures.py), as sorted
    reductions over all figures at once."""
    if len(t.fig_member) == 0:
        return {}
    member, kind = t.fig_member, t.fig_kind
    value, low, high = t.fig_value, t.fig_low, t.fig_high
    best = np.where(np.isnan(value), np.where(np.isnan(low), high, low), value)
    lo = np.where(np.isnan(low), best, low)
    hi = np.where(np.isnan(high), best, high)
    s = src[member]
    deny = (a.polarity[member] == DENY).astype(np.int64)
    position = np.empty(len(s_sorted), np.int64)
    position[s_sorted] = np.arange(len(s_sorted))
    kind_alpha = strings.alpha()[kind]
    order = np.lexsort((deny, kind_alpha, position[s]))
    s, kind, deny = s[order], kind[order], deny[order]
    lo, best, hi = lo[order], best[order], hi[order]
    new = np.ones(len(order), bool)
    new[1:] = (s[1:] != s[:-1]) | (kind[1:] != kind[:-1]) | (deny[1:] != deny[:-1])
    starts = np.nonzero(new)[0]
    counts = np.diff(np.append(starts, len(order)))
    big = np.finfo(float).max

    def reduce(ufunc: np.ufunc, values: np.ndarray, fill: float) -> np.ndarray:
        out = ufunc.reduceat(np.where(np.isnan(values), fill, values), starts)
        return np.where(out == fill, np.nan, out)

    r_low, r_best, r_high = (
        reduce(np.minimum, lo, big),
        reduce(np.maximum, best, -big),
        reduce(np.maximum, hi, -big),
    )
    r_s, r_kind, r_deny = s[starts], kind[starts], deny[starts]
    r_g = a.g[member[order][starts]]
    out: dict[int, list[FigureRow]] = {}
    for k in range(len(starts)):
        g = int(r_g[k])
        out.setdefault(g, []).append(
            FigureRow(
                strings.values[int(r_kind[k])],
                s_label[int(r_s[k])],
                s_side[int(r_s[k])],
                "deny" if r_deny[k] else "assert",
                _int_or_none(r_low[k]),
                _int_or_none(r_best[k]),
                _int_or_none(r_high[k]),
                int(counts[k]),
            )
        )
    # totals per incident and kind: low the lowest, high the highest, best the lower
    # median of the most reliable sources' figures, between the two
    use = (r_deny == 0) & ~np.isnan(r_best)
    if not use.any():
        return out
    tg, tk, tr = r_g[use], r_kind[use], s_rank[r_s[use]]
    tl, tb, th, tc = r_low[use], r_best[use], r_high[use], counts[use]
    order = np.lexsort((tb, tr, strings.alpha()[tk], tg))
    tg, tk, tr, tl, tb, th, tc = (x[order] for x in (tg, tk, tr, tl, tb, th, tc))
    new = np.ones(len(tg), bool)
    new[1:] = (tg[1:] != tg[:-1]) | (tk[1:] != tk[:-1])
    starts = np.nonzero(new)[0]
    t_low = np.minimum.reduceat(np.where(np.isnan(tl), big, tl), starts)
    t_high = np.maximum.reduceat(np.where(np.isnan(th), -big, th), starts)
    t_claims = np.add.reduceat(tc, starts)
    top = tr[starts]
    same_top = np.add.reduceat(
        (tr == np.repeat(top, np.diff(np.append(starts, len(tg))))).astype(np.int64), starts
    )
    t_best = tb[starts + (same_top - 1) // 2]
    t_best = np.minimum(np.maximum(t_best, t_low), t_high)
    for k in range(len(starts)):
        g = int(tg[starts[k]])
        out[g].append(
            FigureRow(
                strings.values[int(tk[starts[k]])],
                TOTAL,
                None,
                "assert",
                int(t_low[k]),
                int(t_best[k]),
                int(t_high[k]),
                int(t_claims[k]),
            )
        )
    return out


def _int_or_none(value: float) -> int | None:
    return None if value is None or math.isnan(value) else int(value)


def _precision(radius: float) -> int:
    for limit, code in PRECISION_BY_RADIUS:
        if radius <= limit:
            return code
    return 5


def _date_precision(days: int | None) -> str | None:
    if days is None:
        return None
    if days <= 1:
        return "day"
    if days <= 6:
        return "span"
    if days <= 8:
        return "week"
    if days <= 31:
        return "month"
    return "year"


_PREPOSITIONS = frozenset(
    {"near", "between", "outside", "around", "in", "at", "north", "south", "east", "west"}
)


def _summary(
    type_: str, place: str | None, start: date | None, end: date | None, who: dict[str, Any]
) -> str:
    when = ""
    if start:
        when = (
            start.isoformat() if end in (None, start) else f"{start.isoformat()}..{end.isoformat()}"
        )
    where = ""
    if place:  # "near X", "between X and Y" carry their own preposition
        where = place if place.split(" ", 1)[0] in _PREPOSITIONS else f"at {place}"
    head = " ".join(p for p in (type_, where, when) if p)
    parts = []
    if who["asserted_by"]:
        parts.append("asserted by " + ", ".join(who["asserted_by"][:4]))
    if who["denied_by"]:
        parts.append("denied by " + ", ".join(who["denied_by"][:4]))
    if who["observed_by"]:
        parts.append("observed by " + ", ".join(who["observed_by"][:3]))
    return f"{head}: {'; '.join(parts)}" if parts else head
