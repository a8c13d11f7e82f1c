"""A short account of what the store holds: the end of the README's main job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store.schema import Claim, Document, Observation


@dataclass(slots=True)
class StoreSummary:
    documents: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_side: dict[str, int] = field(default_factory=dict)
    outlets: int = 0
    first: date | None = None
    last: date | None = None
    observations: int = 0
    observations_by_what: dict[str, int] = field(default_factory=dict)
    observations_none_found: int = 0
    claims: int = 0
    claims_by_type: dict[str, int] = field(default_factory=dict)
    claims_by_side: dict[str, int] = field(default_factory=dict)
    denials: int = 0


def summarise(session: Session) -> StoreSummary:
    summary = StoreSummary()
    summary.documents = session.scalar(select(func.count()).select_from(Document)) or 0
    summary.by_kind = dict(
        session.execute(select(Document.kind, func.count()).group_by(Document.kind)).all()
    )
    summary.by_side = {
        side or "unknown": n
        for side, n in session.execute(select(Document.side, func.count()).group_by(Document.side))
    }
    summary.outlets = session.scalar(select(func.count(func.distinct(Document.outlet)))) or 0
    summary.first, summary.last = session.execute(
        select(func.min(Document.published), func.max(Document.published))
    ).one()
    summary.observations = session.scalar(select(func.count()).select_from(Observation)) or 0
    summary.observations_by_what = dict(
        session.execute(
            select(Observation.what, func.count())
            .group_by(Observation.what)
            .order_by(func.count().desc())
        ).all()
    )
    summary.observations_none_found = (
        session.scalar(
            select(func.count()).select_from(Observation).where(Observation.result == "none_found")
        )
        or 0
    )
    summary.claims = session.scalar(select(func.count()).select_from(Claim)) or 0
    summary.claims_by_type = dict(
        session.execute(
            select(Claim.type, func.count()).group_by(Claim.type).order_by(func.count().desc())
        ).all()
    )
    summary.claims_by_side = {
        side or "outlet itself": n
        for side, n in session.execute(
            select(Claim.speaker_side, func.count())
            .group_by(Claim.speaker_side)
            .order_by(func.count().desc())
        )
    }
    summary.denials = (
        session.scalar(select(func.count()).select_from(Claim).where(Claim.polarity == "deny")) or 0
    )
    return summary
