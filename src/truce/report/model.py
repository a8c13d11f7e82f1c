"""The content of a situation report, as plain data that every format renders the same way.

``build_report(store, period)`` reads the store (``truce.report.queries``) and returns a
:class:`Report`. Nothing here is escaped or formatted for a medium: the HTML, Markdown
and PDF renderers do that, so hostile text from documents is handled in one place per
format. Every number points back to incidents, claims, observations and documents by id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from truce import __version__
from truce.report import queries as q
from truce.report.names import PlaceNames
from truce.report.period import Period, zone, zone_label
from truce.store import Store
from truce.store.types import utcnow

TYPE_LABELS = {
    "ASSAULT": "attacks and fire",
    "CASUALTIES": "casualties",
    "SEIZE": "seizures of ground or positions",
    "WITHDRAW": "withdrawals and handovers",
    "DEPLOY": "deployments",
    "RETURN": "returns of displaced people",
    "AID": "aid deliveries",
    "CEASEFIRE": "ceasefire statements",
    "ACCUSE": "accusations",
    "AGREE": "agreements",
    "REJECT": "rejections",
    "CONSULT": "talks",
    "REQUEST": "requests and appeals",
}
FIGURE_ORDER = ("killed", "wounded", "missing", "detained", "displaced", "personnel", "equipment")


def type_label(code: str) -> str:
    return TYPE_LABELS.get(code, code.lower())


def safe_url(url: str | None) -> str | None:
    """A document's URL if it is an ordinary web address (never ``javascript:`` and co.)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "\"'<> \n\r\t\\"):
        return None
    return url


@dataclass(slots=True)
class Change:
    """A count this period against the previous one."""

    label: str
    now: int
    before: int

    @property
    def delta(self) -> int:
        return self.now - self.before

    @property
    def delta_text(self) -> str:
        d = self.delta
        return "no change" if d == 0 else (f"+{d}" if d > 0 else f"\u2212{-d}")


@dataclass(slots=True)
class DocLink:
    id: int
    label: str
    url: str | None
    published: date | None
    title: str | None


@dataclass(slots=True)
class Account:
    """One source's account within an incident: who, which side, the evidence ids."""

    who: str
    side: str | None
    kind: str  # claim | observer | sensor
    claims: list[int] = field(default_factory=list)
    observations: list[int] = field(default_factory=list)
    documents: list[DocLink] = field(default_factory=list)

    @property
    def refs(self) -> str:
        parts = []
        if self.claims:
            parts.append("claim " + ", ".join(map(str, self.claims[:6])))
            if len(self.claims) > 6:
                parts[-1] += f" +{len(self.claims) - 6}"
        if self.observations:
            parts.append(_ranges("obs.", self.observations))
        return "; ".join(parts)

    @property
    def tag(self) -> str:
        bits = [b for b in (self.side, None if self.kind == "claim" else self.kind) if b]
        return ", ".join(bits)


@dataclass(slots=True)
class FigureLine:
    kind: str
    source: str
    side: str | None
    polarity: str
    low: int | None
    best: int | None
    high: int | None
    claims: int
    total: bool

    @property
    def range_text(self) -> str:
        return figure_range(self.low, self.best, self.high)


@dataclass(slots=True)
class IncidentView:
    id: int
    type: str
    type_label: str
    status: str
    status_reason: str
    place: str
    area: str
    when: str
    lat: float | None
    lon: float | None
    geo_precision: int | None
    summary: str
    claims: int
    sources: int
    support: list[Account]
    against: list[Account]
    figures: list[FigureLine]


@dataclass(slots=True)
class Statement:
    """A quote (or an observer's note) with who made it and the document it is in."""

    who: str
    side: str | None
    text: str
    claim_id: int | None
    observation_id: int | None
    document: DocLink | None


@dataclass(slots=True)
class Dispute:
    incident_id: int
    type: str
    status: str
    place: str
    when: str
    asserted: list[Statement]
    denied: list[Statement]


@dataclass(slots=True)
class FigureTotal:
    kind: str
    low: int
    best: int
    high: int
    incidents: int
    before_low: int
    before_best: int
    before_high: int


@dataclass(slots=True)
class ProvisionRow:
    agreement: str
    provision: str
    kind: str
    status: str
    previous: str | None
    detail: str
    due: str | None

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.status


@dataclass(slots=True)
class DeadlineRow:
    when: str
    left: str
    agreement: str
    provision: str
    what: str
    status: str


@dataclass(slots=True)
class Report:
    title: str
    period: Period
    previous: Period
    tz: str
    tz_label: str
    generated: str
    store: str
    version: str
    summary: list[str]
    total: Change
    by_type: list[Change]
    by_area: list[Change]
    by_status: dict[str, int]
    type_area: list[tuple[str, str, int, int]]
    incidents: list[IncidentView]
    incidents_total: int
    disputes: list[Dispute]
    disputes_total: int
    denials: Change
    figures: list[tuple[IncidentView, list[FigureLine]]]
    totals: list[FigureTotal]
    provisions: list[ProvisionRow]
    deadlines: list[DeadlineRow]
    agreements_note: str | None
    timeline: list[tuple[date, str, int]]
    timeline_window: tuple[date, date]
    ceasefires: list[tuple[str, str, datetime]]
    points: list[q.IncidentRow]
    notes: list[str] = field(default_factory=list)

    @property
    def changed_provisions(self) -> list[ProvisionRow]:
        return [p for p in self.provisions if p.changed]


def build_report(
    store: Store,
    period: Period,
    *,
    tz: str | None = None,
    max_incidents: int = 150,
    max_disputes: int = 30,
    refresh: bool = True,
    actor: str = "truce report",
    names: PlaceNames | None = None,
) -> Report:
    """Everything a daily or period report shows, read from the store."""
    if refresh:
        _refresh(store, actor)
    names = names or PlaceNames()
    prev = period.previous
    with store.read() as session:
        zone_name = tz or q.agreement_zone(session) or "UTC"
        zone(zone_name)  # validate
        now_ta = q.counts_by_type_area(session, period.start, period.end)
        before_ta = q.counts_by_type_area(session, prev.start, prev.end)
        by_status = q.counts_by_status(session, period.start, period.end)
        rows = q.incidents_in(session, period.start, period.end, limit=max_incidents)
        total_listed = sum(by_status.values())
        ids = [r.id for r in rows]
        members = q.members_of(session, ids)
        figures = q.figures_of(session, ids)
        denials = Change(
            "denials",
            q.denials_count(session, period.start, period.end),
            q.denials_count(session, prev.start, prev.end),
        )
        totals_now = q.figure_totals(session, period.start, period.end)
        totals_before = q.figure_totals(session, prev.start, prev.end)
        window = period.timeline_window()
        timeline = q.daily_counts(session, *window)
        marks = [(m.agreement_id, m.title, m.effective_at) for m in q.ceasefire_marks(session)]
        points = q.map_points(session, period.start, period.end)
        with_agreements = q.has_agreements(session)
    views = [
        _incident_view(r, members.get(r.id, []), figures.get(r.id, []), names, zone_name)
        for r in rows
    ]
    by_type = _changes(now_ta, before_ta, 0, lambda t: f"{type_label(t)} ({t})")
    by_area = _changes(now_ta, before_ta, 1, names.area)
    type_area = sorted(
        (
            (t, names.area(a), now_ta.get((t, a), 0), before_ta.get((t, a), 0))
            for t, a in set(now_ta) | set(before_ta)
        ),
        key=lambda r: (-r[2], -r[3], r[0], r[1]),
    )
    total = Change("incidents", sum(now_ta.values()), sum(before_ta.values()))
    disputes = [_dispute(v, members.get(v.id, []), zone_name) for v in views]
    disputes = [d for d in disputes if (d.asserted and d.denied) or d.status == "disputed"]
    totals = [
        FigureTotal(
            kind,
            totals_now[kind].low if kind in totals_now else 0,
            totals_now[kind].best if kind in totals_now else 0,
            totals_now[kind].high if kind in totals_now else 0,
            totals_now[kind].incidents if kind in totals_now else 0,
            totals_before[kind].low if kind in totals_before else 0,
            totals_before[kind].best if kind in totals_before else 0,
            totals_before[kind].high if kind in totals_before else 0,
        )
        for kind in _figure_kinds(set(totals_now) | set(totals_before))
    ]
    provisions, deadlines, agreements_note = (
        _agreements(store, period, refresh=refresh, actor=actor)
        if with_agreements
        else ([], [], "no agreement is stored (truce agreement load FILE)")
    )
    report = Report(
        title=("Daily report" if period.kind == "daily" else "Situation report")
        + f" — {period.label()}",
        period=period,
        previous=prev,
        tz=zone_name,
        tz_label=zone_label(zone_name, period.end),
        generated=utcnow().astimezone(zone(zone_name)).strftime("%Y-%m-%d %H:%M %Z"),
        store=store.describe(),
        version=__version__,
        summary=[],
        total=total,
        by_type=by_type,
        by_area=by_area,
        by_status=by_status,
        type_area=type_area,
        incidents=views,
        incidents_total=total_listed,
        disputes=disputes[:max_disputes],
        disputes_total=len(disputes),
        denials=denials,
        figures=[(v, v.figures) for v in views if v.figures],
        totals=totals,
        provisions=provisions,
        deadlines=deadlines,
        agreements_note=agreements_note,
        timeline=timeline,
        timeline_window=window,
        ceasefires=marks,
        points=points,
    )
    report.summary = summary_bullets(report)
    return report


def _refresh(store: Store, actor: str) -> None:
    """Group new claims into incidents first, so the report shows everything stored.

    The grouping engine is only loaded when some claim or observation has no member row
    (member rows are unique per claim and observation and cascade with them, so equal
    counts mean every one is grouped).
    """
    with store.read() as session:
        if q.everything_grouped(session):
            return
    from truce.correlate import update

    update(store, actor=actor)


def _changes(
    now: dict[tuple[str, str], int],
    before: dict[tuple[str, str], int],
    index: int,
    label: Any,
) -> list[Change]:
    a: dict[str, int] = defaultdict(int)
    b: dict[str, int] = defaultdict(int)
    for key, n in now.items():
        a[key[index]] += n
    for key, n in before.items():
        b[key[index]] += n
    keys = sorted(set(a) | set(b), key=lambda k: (-a.get(k, 0), -b.get(k, 0), k))
    return [Change(label(k), a.get(k, 0), b.get(k, 0)) for k in keys]


def _figure_kinds(kinds: set[str]) -> list[str]:
    order = {k: i for i, k in enumerate(FIGURE_ORDER)}
    return sorted(kinds, key=lambda k: (order.get(k, 99), k))


def figure_range(low: int | None, best: int | None, high: int | None) -> str:
    values = [v for v in (low, best, high) if v is not None]
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    b = best if best is not None else lo
    if lo == hi:
        return f"{b:,}"
    return f"{lo:,}\u2013{hi:,} (best {b:,})"


def _when(row: q.IncidentRow, members: list[q.MemberRow], tz: str) -> str:
    times = [m for m in members if m.time_start is not None and m.polarity == "observed"]
    if times:
        z = zone(tz)
        first = min(m.time_start for m in times if m.time_start).astimezone(z)
        last = max((m.time_end or m.time_start) for m in times if m.time_start).astimezone(z)
        if first.date() == last.date():
            text = f"{first:%Y-%m-%d %H:%M}\u2013{last:%H:%M}"
        else:
            text = f"{first:%Y-%m-%d %H:%M} \u2013 {last:%Y-%m-%d %H:%M}"
        return text if first != last else f"{first:%Y-%m-%d %H:%M}"
    if row.date_start is None:
        return "undated"
    if row.date_end in (None, row.date_start):
        return row.date_start.isoformat()
    precision = f" ({row.date_precision})" if row.date_precision else ""
    return f"{row.date_start.isoformat()} \u2013 {row.date_end.isoformat()}{precision}"


def _doclink(doc: q.DocumentRef | None) -> DocLink | None:
    if doc is None:
        return None
    return DocLink(doc.id, doc.label, safe_url(doc.url), doc.published, doc.title)


def _accounts(members: list[q.MemberRow]) -> tuple[list[Account], list[Account]]:
    support: dict[tuple[str, str | None, str], Account] = {}
    against: dict[tuple[str, str | None, str], Account] = {}
    for m in members:
        if m.role == "pending":
            continue
        if m.claim_id is not None:
            who = m.speaker or (m.document.label if m.document else "unknown source")
            kind = "claim"
        else:
            who = m.reporter or (m.document.label if m.document else "observers")
            kind = "sensor" if m.source_kind == "sensor" else "observer"
        key = (who, m.side, kind)
        bucket = against if m.against else support
        acc = bucket.get(key)
        if acc is None:
            acc = bucket[key] = Account(who, m.side, kind)
        if m.claim_id is not None:
            acc.claims.append(m.claim_id)
        if m.observation_id is not None:
            acc.observations.append(m.observation_id)
        link = _doclink(m.document)
        if link is not None and all(d.id != link.id for d in acc.documents):
            acc.documents.append(link)
    return list(support.values()), list(against.values())


def _incident_view(
    row: q.IncidentRow,
    members: list[q.MemberRow],
    figures: list[q.SourceFigure],
    names: PlaceNames,
    tz: str,
) -> IncidentView:
    support, against = _accounts(members)
    lines = [
        FigureLine(
            f.kind,
            f.source,
            f.side,
            f.polarity,
            f.low,
            f.best,
            f.high,
            f.claims,
            f.source == q.TOTAL,
        )
        for f in figures
    ]
    order = {k: i for i, k in enumerate(FIGURE_ORDER)}
    lines.sort(key=lambda f: (order.get(f.kind, 99), f.kind, f.total, f.source))
    return IncidentView(
        id=row.id,
        type=row.type,
        type_label=type_label(row.type),
        status=row.status,
        status_reason=str(row.extra.get("status_reason") or ""),
        place=names.place(row.place_id, row.place_name),
        area=names.area(row.area),
        when=_when(row, members, tz),
        lat=row.lat,
        lon=row.lon,
        geo_precision=row.geo_precision,
        summary=row.summary or "",
        claims=row.claim_count,
        sources=row.source_count,
        support=support,
        against=against,
        figures=lines,
    )


def _statement(m: q.MemberRow) -> Statement:
    if m.claim_id is not None:
        who = m.speaker or (m.document.label if m.document else "unknown source")
        text = m.quote or ""
    else:
        who = m.reporter or (m.document.label if m.document else "observers")
        found = "checked: nothing found" if m.polarity == "none_found" else "observed"
        text = f"{found}: {m.what or m.type or ''}" + (f" \u2014 {m.notes}" if m.notes else "")
    return Statement(who, m.side, text, m.claim_id, m.observation_id, _doclink(m.document))


def _dispute(view: IncidentView, members: list[q.MemberRow], tz: str) -> Dispute:
    asserted = [_statement(m) for m in members if m.role != "pending" and not m.against]
    denied = [_statement(m) for m in members if m.role != "pending" and m.against]
    # observers first, then claims; cap long lists (ids stay in the incident table)
    return Dispute(view.id, view.type, view.status, view.place, view.when, asserted[:8], denied[:8])


def _agreements(
    store: Store, period: Period, *, refresh: bool, actor: str
) -> tuple[list[ProvisionRow], list[DeadlineRow], str | None]:
    from truce.agreement.report import deadlines, status_rows, statuses

    at = period.end.isoformat()
    before_at = (period.start - timedelta(days=1)).isoformat()
    now = status_rows(store, at=at, refresh=refresh, actor=actor)
    with store.read() as session:
        earlier = {(s.agreement_id, s.provision): s.status for s in statuses(session, at=before_at)}
        due = deadlines(session, at=at, within=timedelta(days=7))
    rows = [
        ProvisionRow(
            s.agreement_id,
            s.provision,
            s.kind,
            s.status,
            earlier.get((s.agreement_id, s.provision)),
            s.detail,
            s.due.display() if s.due else None,
        )
        for s in now
    ]
    dl = [DeadlineRow(d.shown, d.left, d.agreement, d.provision, d.what, d.status) for d in due]
    note = (
        f"status at the end of {period.end.isoformat()} in each agreement's own time zone, "
        f"compared with the end of {before_at}"
    )
    return rows, dl, note


def summary_bullets(r: Report) -> list[str]:
    """The report's opening bullets (OSCE style: counts against the previous period)."""
    noun = r.period.noun()
    out = []
    status = ", ".join(f"{n} {s}" for s, n in _ordered_status(r.by_status) if s != "refuted")
    refuted = r.by_status.get("refuted", 0)
    out.append(
        f"{_n(r.total.now, 'incident')} recorded ({r.total.delta_text} against the previous "
        f"{noun}: {r.total.before})"
        + (f"; by status: {status}" if status else "")
        + (f"; {refuted} more refuted by observers, not counted" if refuted else "")
        + "."
    )
    if r.by_type:
        out.append(
            "By type: "
            + "; ".join(f"{c.label} {c.now} ({c.delta_text})" for c in r.by_type[:8])
            + "."
        )
    if r.by_area:
        out.append(
            "By area: "
            + "; ".join(f"{c.label} {c.now} ({c.delta_text})" for c in r.by_area[:8])
            + "."
        )
    disputed = [d for d in r.disputes if d.status == "disputed"]
    contested = [d for d in r.disputes if d.status != "disputed"]
    text = f"{_n(r.denials.now, 'new denial')} ({r.denials.delta_text})"
    if disputed:
        text += "; disputed: " + ", ".join(
            f"incident {d.incident_id} ({d.place})" for d in disputed
        )
    if contested:
        text += "; denied but " + ", ".join(
            f"{d.status} (incident {d.incident_id})" for d in contested
        )
    out.append(text + ".")
    for t in r.totals:
        if t.incidents:
            out.append(
                f"{t.kind.capitalize()}: {figure_range(t.low, t.best, t.high)} over "
                f"{_n(t.incidents, 'incident')} (previous {noun}: "
                f"{figure_range(t.before_low, t.before_best, t.before_high)})."
            )
    changed = r.changed_provisions
    if changed:
        out.append(
            "Provisions whose status changed: "
            + "; ".join(
                f"{p.agreement}/{p.provision} {p.previous} \u2192 {p.status}" for p in changed
            )
            + "."
        )
    if r.deadlines:
        out.append(
            "Falling due: "
            + "; ".join(
                f"{d.agreement}/{d.provision} {d.what} {d.when} ({d.left})" for d in r.deadlines[:6]
            )
            + "."
        )
    return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _ordered_status(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = {s: i for i, s in enumerate(q.STATUS_ORDER)}
    return sorted(counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))


def _ranges(prefix: str, ids: list[int]) -> str:
    ids = sorted(set(ids))
    parts: list[str] = []
    start = prev = ids[0]
    for i in [*ids[1:], None]:  # type: ignore[list-item]
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}\u2013{prev}")
        if i is not None:
            start = prev = i
    return f"{prefix} " + ", ".join(parts)
