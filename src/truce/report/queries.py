"""What situation reports read from the store, in a few aggregate queries.

Reports must render in seconds over millions of claims, so counts are grouped in SQL
(incidents are indexed by start date) and only the incidents of the period that are
listed are loaded with their members, documents and figures.

Which incidents count: an incident belongs to a period when its first day (``date_start``,
the local date the sources give) falls in it. Incidents merged into another, and
*aggregates* (claims covering more than a week or a whole region, which summarise the
incidents they overlap) are never counted. Refuted incidents are listed, but left out of
counts and totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from truce.store.schema import (
    Agreement,
    Claim,
    Document,
    Incident,
    IncidentFigure,
    IncidentMember,
    Observation,
)

TOTAL = "*"  # the source of an incident's total figure row (truce.correlate.figures)
#: listing order: what a monitor reads first
STATUS_ORDER = ("verified", "disputed", "corroborated", "single-source", "refuted")


def _counted(start: date, end: date) -> list[Any]:
    return [
        Incident.date_start >= start,
        Incident.date_start <= end,
        Incident.merged_into.is_(None),
        Incident.status != "merged",
        Incident.aggregate.is_(False),
    ]


def counts_by_type_area(session: Session, start: date, end: date) -> dict[tuple[str, str], int]:
    """Counted incidents (not refuted) per (type, area) in the period."""
    query = (
        select(Incident.type, Incident.area, func.count())
        .where(*_counted(start, end), Incident.status != "refuted")
        .group_by(Incident.type, Incident.area)
    )
    return {(t, a or ""): n for t, a, n in session.execute(query)}


def counts_by_status(session: Session, start: date, end: date) -> dict[str, int]:
    query = (
        select(Incident.status, func.count()).where(*_counted(start, end)).group_by(Incident.status)
    )
    return {status: n for status, n in session.execute(query)}


def daily_counts(session: Session, start: date, end: date) -> list[tuple[date, str, int]]:
    """Counted incidents (not refuted) per day and type, for the timeline."""
    query = (
        select(Incident.date_start, Incident.type, func.count())
        .where(*_counted(start, end), Incident.status != "refuted")
        .group_by(Incident.date_start, Incident.type)
        .order_by(Incident.date_start)
    )
    return [(_as_date(d), t, n) for d, t, n in session.execute(query)]


def denials_count(session: Session, start: date, end: date) -> int:
    """Claims dated in the period that deny an event (new denials)."""
    query = select(func.count()).where(
        Claim.polarity == "deny", Claim.date_start >= start, Claim.date_start <= end
    )
    return session.scalar(query.select_from(Claim)) or 0


@dataclass(slots=True)
class FigureSum:
    kind: str
    low: int = 0
    best: int = 0
    high: int = 0
    incidents: int = 0


def figure_totals(session: Session, start: date, end: date) -> dict[str, FigureSum]:
    """Totals per figure kind over the period: incidents are distinct events, so added.

    The incidents engine's roll-up (``truce.queries.incidents.figure_rollup``, the same
    rules as ``truce incidents figures``) per day, summed over the period's days.
    """
    from truce.queries.incidents import FigureFilter, figure_rollup

    out: dict[str, FigureSum] = {}
    for g in figure_rollup(session, FigureFilter(by="day", since=start, until=end)):
        total = out.setdefault(g["kind"], FigureSum(g["kind"]))
        total.low += int(g["low"])
        total.best += int(g["best"])
        total.high += int(g["high"])
        total.incidents += int(g["incidents"])
    return out


@dataclass(slots=True)
class IncidentRow:
    id: int
    type: str
    family: str
    status: str
    place_id: str | None
    place_name: str | None
    area: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    claim_count: int
    source_count: int
    summary: str | None
    extra: dict[str, Any]


#: an incident as reports and exports read it (exports add a few columns after these)
INCIDENT_COLUMNS = (
    Incident.id,
    Incident.type,
    Incident.family,
    Incident.status,
    Incident.place_id,
    Incident.place_name,
    Incident.area,
    Incident.lat,
    Incident.lon,
    Incident.geo_precision,
    Incident.date_start,
    Incident.date_end,
    Incident.date_precision,
    Incident.claim_count,
    Incident.source_count,
    Incident.summary,
    Incident.extra,
)


def _status_rank() -> Any:
    return case(
        {s: i for i, s in enumerate(STATUS_ORDER)}, value=Incident.status, else_=len(STATUS_ORDER)
    )


def incidents_in(
    session: Session, start: date, end: date, *, limit: int | None = None
) -> list[IncidentRow]:
    """The period's incidents (refuted ones too), most established first."""
    query: Select[Any] = (
        select(*INCIDENT_COLUMNS)
        .where(*_counted(start, end))
        .order_by(_status_rank(), Incident.date_start, Incident.type, Incident.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_incident(r) for r in session.execute(query)]


def map_points(session: Session, start: date, end: date) -> list[IncidentRow]:
    """Every located incident of the period (for the map), without members."""
    query = (
        select(*INCIDENT_COLUMNS)
        .where(*_counted(start, end), Incident.lat.is_not(None), Incident.lon.is_not(None))
        .order_by(Incident.id)
    )
    return [_incident(r) for r in session.execute(query)]


def _incident(r: Any) -> IncidentRow:
    return IncidentRow(
        *r[:10],
        _as_date(r[10]) if r[10] is not None else None,
        _as_date(r[11]) if r[11] is not None else None,
        *r[12:16],
        r[16] or {},
    )


@dataclass(slots=True)
class DocumentRef:
    id: int
    kind: str
    label: str  # outlet, else title, else file name
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None
    side: str | None


@dataclass(slots=True)
class MemberRow:
    """One claim or observation of an incident, with its document."""

    incident_id: int
    role: str  # support | deny | against | pending
    document: DocumentRef | None
    claim_id: int | None = None
    observation_id: int | None = None
    polarity: str | None = None  # assert | deny | observed | none_found
    type: str | None = None
    quote: str | None = None
    speaker: str | None = None
    side: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    what: str | None = None
    reporter: str | None = None
    source_kind: str | None = None
    time_start: datetime | None = None
    time_end: datetime | None = None
    count: int | None = None
    notes: str | None = None
    place_name: str | None = None
    figures: list[tuple[str, int | None, int | None, int | None]] = field(default_factory=list)

    @property
    def against(self) -> bool:
        return self.role in ("deny", "against") or self.polarity in ("deny", "none_found")


def members_of(session: Session, incident_ids: Sequence[int]) -> dict[int, list[MemberRow]]:
    """The claims and observations of these incidents, each with its document."""
    out: dict[int, list[MemberRow]] = defaultdict(list)
    for chunk in _chunks(incident_ids, 500):
        rows = session.execute(
            select(
                IncidentMember.incident_id,
                IncidentMember.role,
                IncidentMember.claim_id,
                IncidentMember.observation_id,
            )
            .where(IncidentMember.incident_id.in_(chunk))
            .order_by(IncidentMember.incident_id, IncidentMember.id)
        ).all()
        claim_ids = [r[2] for r in rows if r[2] is not None]
        obs_ids = [r[3] for r in rows if r[3] is not None]
        claims = _claims(session, claim_ids)
        observations = _observations(session, obs_ids)
        doc_ids = {c["document_id"] for c in claims.values()} | {
            o.document_id for o in observations.values()
        }
        docs = documents(session, doc_ids)
        figures = _claim_figures(session, claim_ids)
        for incident_id, role, claim_id, obs_id in rows:
            if claim_id is not None and claim_id in claims:
                c = claims[claim_id]
                out[incident_id].append(
                    MemberRow(
                        incident_id,
                        role,
                        docs.get(c["document_id"]),
                        claim_id=claim_id,
                        polarity=c["polarity"],
                        type=c["type"],
                        quote=" ".join(c["quote"].split()),
                        speaker=c["speaker_name"],
                        side=c["speaker_side"],
                        date_start=c["date_start"],
                        date_end=c["date_end"],
                        figures=figures.get(claim_id, []),
                    )
                )
            elif obs_id is not None and obs_id in observations:
                o = observations[obs_id]
                doc = docs.get(o.document_id)
                out[incident_id].append(
                    MemberRow(
                        incident_id,
                        role,
                        doc,
                        observation_id=obs_id,
                        polarity="none_found" if o.result == "none_found" else "observed",
                        type=o.event_type,
                        what=o.what,
                        reporter=o.reporter,
                        side=doc.side if doc else None,
                        source_kind=o.source_kind,
                        time_start=o.time_start,
                        time_end=o.time_end,
                        count=o.count,
                        notes=" ".join((o.notes or "").split()) or None,
                        place_name=o.place_name,
                    )
                )
    return out


def _claims(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    query = select(
        Claim.id,
        Claim.document_id,
        Claim.polarity,
        Claim.type,
        Claim.quote,
        Claim.speaker_name,
        Claim.speaker_side,
        Claim.date_start,
        Claim.date_end,
    ).where(Claim.id.in_(ids))
    return {r.id: r._asdict() for r in session.execute(query)}


def _observations(session: Session, ids: list[int]) -> dict[int, Observation]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Observation).where(Observation.id.in_(ids)))}


def _claim_figures(
    session: Session, claim_ids: list[int]
) -> dict[int, list[tuple[str, int | None, int | None, int | None]]]:
    from truce.store.schema import Figure

    out: dict[int, list[tuple[str, int | None, int | None, int | None]]] = defaultdict(list)
    for chunk in _chunks(claim_ids, 900):
        query = select(Figure.claim_id, Figure.kind, Figure.value, Figure.low, Figure.high).where(
            Figure.claim_id.in_(chunk)
        )
        for claim_id, kind, value, low, high in session.execute(query):
            out[claim_id].append((kind, value, low, high))
    return out


def documents(session: Session, ids: Iterable[int]) -> dict[int, DocumentRef]:
    out: dict[int, DocumentRef] = {}
    for chunk in _chunks(sorted(ids), 900):
        query = select(
            Document.id,
            Document.kind,
            Document.outlet,
            Document.title,
            Document.url,
            Document.published,
            Document.side,
            Document.source_name,
        ).where(Document.id.in_(chunk))
        for d_id, kind, outlet, title, url, published, side, source_name in session.execute(query):
            label = outlet or _short(title) or source_name or f"document {d_id}"
            out[d_id] = DocumentRef(d_id, kind, label, outlet, title, url, published, side)
    return out


@dataclass(slots=True)
class SourceFigure:
    incident_id: int
    kind: str
    source: str
    side: str | None
    polarity: str
    low: int | None
    best: int | None
    high: int | None
    claims: int


def figures_of(session: Session, incident_ids: Sequence[int]) -> dict[int, list[SourceFigure]]:
    """Each source's figures per incident, and the total rows (source ``*``)."""
    out: dict[int, list[SourceFigure]] = defaultdict(list)
    for chunk in _chunks(incident_ids, 900):
        query = (
            select(
                IncidentFigure.incident_id,
                IncidentFigure.kind,
                IncidentFigure.source,
                IncidentFigure.side,
                IncidentFigure.polarity,
                IncidentFigure.low,
                IncidentFigure.best,
                IncidentFigure.high,
                IncidentFigure.claims,
            )
            .where(IncidentFigure.incident_id.in_(chunk))
            .order_by(IncidentFigure.incident_id, IncidentFigure.kind, IncidentFigure.id)
        )
        for row in session.execute(query):
            out[row[0]].append(SourceFigure(*row))
    return out


@dataclass(slots=True)
class CeasefireMark:
    agreement_id: str
    title: str
    effective_at: datetime


def ceasefire_marks(session: Session) -> list[CeasefireMark]:
    """When each stored agreement took effect (marked on the timeline)."""
    query = select(Agreement.id, Agreement.title, Agreement.effective_at, Agreement.body).order_by(
        Agreement.effective_at
    )
    out = []
    for a_id, title, effective, body in session.execute(query):
        if effective is not None:
            short = (body or {}).get("short_title") if isinstance(body, dict) else None
            out.append(CeasefireMark(a_id, short or title, effective))
    return out


def agreement_zone(session: Session) -> str | None:
    """The time zone of the newest stored agreement (the report's default zone)."""
    body = session.scalar(
        select(Agreement.body).order_by(Agreement.effective_at.desc(), Agreement.id).limit(1)
    )
    return body.get("timezone") if isinstance(body, dict) else None


def has_agreements(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Agreement)) != 0


def everything_grouped(session: Session) -> bool:
    """True when every claim and observation has its incident member row."""
    claims = session.scalar(select(func.count()).select_from(Claim)) or 0
    observations = session.scalar(select(func.count()).select_from(Observation)) or 0
    members = session.execute(
        select(func.count(IncidentMember.claim_id), func.count(IncidentMember.observation_id))
    ).one()
    return (claims, observations) == (members[0], members[1])


def newest_incident_day(session: Session) -> date | None:
    value = session.scalar(
        select(func.max(Incident.date_start)).where(
            and_(Incident.merged_into.is_(None), Incident.aggregate.is_(False))
        )
    )
    return _as_date(value) if value is not None else None


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value  # type: ignore[no-any-return]


def _short(text: str | None, limit: int = 70) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _chunks(values: Sequence[int], size: int) -> Iterable[list[int]]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]
