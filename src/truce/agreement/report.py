"""Status rows and deadlines for every stored agreement at a moment (what the CLI prints).

``status_rows(store, at=...)`` is the function the demo and reports call: it refreshes
automatic links (a write only when evidence changed), then computes each provision's
status at ``at`` from the links in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from truce.agreement import linker
from truce.agreement.amendments import in_force
from truce.agreement.model import AgreementFile
from truce.agreement.places import GazetteerLike
from truce.agreement.status import ProvisionStatus, provision_status
from truce.agreement.timeutil import Moment, format_delta, iso_utc
from truce.agreement.validate import load_body
from truce.errors import InputError
from truce.queries import agreements as q
from truce.store import Store
from truce.store.types import utcnow


def refresh_links(
    store: Store, *, actor: str, gazetteer: GazetteerLike | None = None
) -> linker.RefreshResult:
    """Bring automatic links up to date with the evidence in the store."""
    with store.write(actor) as txn:
        return linker.refresh(txn.session, txn.audit, gazetteer=gazetteer)


def status_rows(
    store: Store,
    *,
    at: datetime | str | None = None,
    agreement_id: str | None = None,
    soon: timedelta | None = None,
    refresh: bool = True,
    actor: str = "truce agreement status",
    gazetteer: GazetteerLike | None = None,
) -> list[ProvisionStatus]:
    """Each active provision's status at ``at`` (default: now), agreement by agreement."""
    if refresh:
        refresh_links(store, actor=actor, gazetteer=gazetteer)
    with store.read() as session:
        return statuses(session, at=at, agreement_id=agreement_id, soon=soon)


def statuses(
    session: Session,
    *,
    at: datetime | str | None = None,
    agreement_id: str | None = None,
    soon: timedelta | None = None,
) -> list[ProvisionStatus]:
    if isinstance(at, str):
        resolve_at(at, "UTC")  # a malformed --at is an error even with no agreements stored
    stored = q.agreements(session)
    if agreement_id is not None:
        stored = [a for a in stored if a.id == agreement_id]
        if not stored:
            raise InputError(agreement_id, "no such agreement (see truce agreement list)")
    rows = [p for p in q.provisions_for(session, [a.id for a in stored]) if p.active]
    evidence = q.evidence_by_key(q.load_evidence(session))
    links = linker.effective_links(q.links_for(session, [p.id for p in rows]), evidence)
    out: list[ProvisionStatus] = []
    for agreement in stored:
        model = load_body(agreement.body)
        moment = resolve_at(at, model.zone)
        for row in (r for r in rows if r.agreement_id == agreement.id):
            provision = model.provision(row.key)
            if provision is not None:
                out.append(
                    provision_status(model, provision, links.get(row.id, []), moment, soon=soon)
                )
    return out


def resolve_at(at: datetime | str | None, zone: str) -> datetime:
    """``--at``: a date-time (with offset or zone), or a date meaning the end of that day."""
    from truce.agreement.timeutil import parse_moment

    if at is None:
        return utcnow()
    if isinstance(at, datetime):
        if at.tzinfo is None:
            raise InputError(str(at), "a moment needs a time zone")
        return at
    try:
        m = parse_moment(at, zone)
    except ValueError as exc:
        raise InputError("--at", str(exc)) from None
    return m.end_of_day() - timedelta(microseconds=1) if m.precision == "day" else m.utc


@dataclass(frozen=True, slots=True)
class Deadline:
    when: datetime
    shown: str
    agreement: str
    provision: str
    what: str
    status: str
    left: str

    def row(self) -> dict[str, Any]:
        return {
            "when": self.shown,
            "when_utc": iso_utc(self.when),
            "in": self.left,
            "agreement": self.agreement,
            "provision": self.provision,
            "what": self.what,
            "status": self.status,
        }


def deadlines(
    session: Session,
    *,
    at: datetime | str | None = None,
    within: timedelta = timedelta(days=7),
    agreement_id: str | None = None,
) -> list[Deadline]:
    """Deadlines, effective times and term dates within ``within`` of ``at``; overdue ones too."""
    found: list[Deadline] = []
    for st in statuses(session, at=at, agreement_id=agreement_id):
        moment = st.at
        horizon = moment + within
        model_dates: list[tuple[datetime, str, str]] = []
        if st.due is not None:
            model_dates.append((st.due.end_of_day(), st.due.display(), "deadline"))
        if st.mode == "standing" or st.due is None:
            model_dates.append((st.effective.utc, st.effective.display(), "takes effect"))
        if st.term is not None and not st.term.ended:
            tz = st.term.zone
            model_dates.append(
                (
                    st.term.period_end,
                    _show(st.term.period_end, tz),
                    f"term period {max(st.term.period, 1)} expires",
                )
            )
            if st.term.notice_by is not None:
                model_dates.append(
                    (
                        st.term.notice_by,
                        _show(st.term.notice_by, tz),
                        "last moment to give notice of non-renewal",
                    )
                )
        for when, shown, what in model_dates:
            overdue = st.status == "overdue" and what == "deadline"
            if not (moment <= when <= horizon or overdue):
                continue
            left = format_delta(when - moment)
            found.append(
                Deadline(
                    when,
                    shown,
                    st.agreement_id,
                    st.provision,
                    what,
                    st.status,
                    f"{left.lstrip('-')} ago" if when < moment else left,
                )
            )
    return sorted(found, key=lambda d: (d.when, d.agreement, d.provision))


def _show(when: datetime, zone: str) -> str:
    return Moment(when, zone).display()


def agreement_rows(session: Session, *, at: datetime | str | None = None) -> list[dict[str, Any]]:
    """One row per agreement: version, dates, provisions, status counts at ``at``."""
    by_agreement: dict[str, dict[str, int]] = {}
    for st in statuses(session, at=at):
        counts = by_agreement.setdefault(st.agreement_id, {})
        counts[st.status] = counts.get(st.status, 0) + 1
    out = []
    for a in q.agreements(session):
        model: AgreementFile = load_body(a.body)
        amended = sum(1 for v in in_force(model, None).values() if v.amendments)
        counts = by_agreement.get(a.id, {})
        out.append(
            {
                "id": a.id,
                "title": model.short_title or a.title,
                "kind": model.kind,
                "effective": model.effective.display(),
                "signed": model.signed.display() if model.signed else None,
                "parties": ", ".join(p.id for p in model.parties if p.role == "party"),
                "provisions": sum(counts.values()),
                "amended": amended,
                "version": a.version,
                "status": ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
                "source_path": a.source_path,
            }
        )
    return out
