"""The status engine: each provision's status at a moment, from its linked evidence.

Rules, applied in this order (the first that holds decides; docs/agreements.md):

1. violated    a violation link whose evidence is at least the relation's threshold
               (default: corroborated) and happened after the provision took effect
               (and by the moment asked about);
2. disputed    otherwise, a violation link with weaker evidence (single-source or
               disputed) or evidence that may have happened before the provision took
               effect; or compliance evidence that is only disputed;
3. met         compliance evidence at least the threshold (default: single-source),
               or, for a standing obligation (a ceasefire), its effective time has
               passed with nothing of the above;
4. overdue     a deadline has passed without compliance evidence;
5. due soon    the deadline (or, for a standing obligation, the effective time) is
               within the due-soon window (default 3 days);
6. not yet due everything else.

Refuted incidents never count. Evidence counts from when it happened, so ``--at`` shows
the status as the evidence held now says it was then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from truce.agreement.amendments import in_force
from truce.agreement.criteria import Anchors, anchors, criteria_for
from truce.agreement.evidence import EvidenceItem
from truce.agreement.model import AgreementFile, Provision
from truce.agreement.terms import TermState, term_start, term_state
from truce.agreement.timeutil import Moment, format_delta, iso_utc
from truce.agreement.vocab import STRENGTH

DEFAULT_SOON = timedelta(days=3)
DEFAULT_THRESHOLD = {"violation": "corroborated", "compliance": "single-source"}


@dataclass(frozen=True, slots=True)
class Linked:
    """A piece of evidence linked to a provision, with how the link was made."""

    item: EvidenceItem
    relation: str
    origin: str  # auto | manual
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Counted:
    """Evidence as the engine weighed it."""

    linked: Linked
    start: datetime
    timing: str  # after | uncertain | before
    strong: bool


@dataclass(slots=True)
class ProvisionStatus:
    agreement_id: str
    agreement_title: str
    provision: str
    point: str | None
    kind: str
    mode: str
    status: str
    at: datetime
    since: datetime | None
    effective: Moment
    due: Moment | None  # the deadline in force (after amendments dated by ``at``)
    detail: str
    amendments: tuple[str, ...] = ()
    first_breach: dict[str, Any] | None = None
    term: TermState | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """A flat row for tables and JSON."""
        return {
            "agreement": self.agreement_id,
            "provision": self.provision,
            "point": self.point,
            "kind": self.kind,
            "status": self.status,
            "since": iso_utc(self.since) if self.since else None,
            "due": self.due.display() if self.due else None,
            "due_utc": iso_utc(self.due.end_of_day()) if self.due else None,
            "effective": self.effective.display(),
            "detail": self.detail,
            "violations": self.counts.get("violation", 0),
            "compliance": self.counts.get("compliance", 0),
            "amended_by": list(self.amendments),
            "first_breach": self.first_breach,
            "term": _term_json(self.term),
            "evidence": self.evidence,
        }


def _term_json(t: TermState | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "period": t.period,
        "period_start": iso_utc(t.period_start),
        "expires": iso_utc(t.period_end),
        "renews": t.renews,
        "notice_by": iso_utc(t.notice_by) if t.notice_by else None,
        "last_notice_day": t.last_notice_day.isoformat() if t.last_notice_day else None,
        "ended": t.ended,
        "final_end": iso_utc(t.final_end) if t.final_end else None,
        "describe": t.describe(),
    }


def threshold(provision: Provision, relation: str) -> str:
    """The weakest status that still counts fully for a relation (the most lenient given)."""
    given = [c.min_status for c in criteria_for(provision, relation) if c.min_status]
    if not given:
        return DEFAULT_THRESHOLD[relation]
    return min(given, key=lambda s: STRENGTH[s])


def provision_status(
    agreement: AgreementFile,
    provision: Provision,
    links: list[Linked],
    at: datetime,
    *,
    soon: timedelta | None = None,
) -> ProvisionStatus:
    """The status of one provision at ``at``."""
    values = in_force(agreement, at)[provision.id]
    effective: Moment = values.values["effective"] or agreement.effective
    deadline: Moment | None = values.values["deadline"]
    until: Moment | None = values.values["until"]
    soon = soon if soon is not None else _soon(agreement)
    zone = agreement.zone
    anchor = anchors(agreement, provision)
    term = _term(agreement, provision, effective, at)
    end_of_obligation = until.utc if until else (term.final_end if term and term.ended else None)

    counted: dict[str, list[Counted]] = {"violation": [], "compliance": []}
    for ln in links:
        span = ln.item.interval(zone)
        if span is None or ln.item.status == "refuted" or span[0] > at:
            continue
        start, end = span
        if ln.relation == "violation":
            if end_of_obligation is not None and start >= end_of_obligation:
                continue
            if end <= effective.utc and not (start == end == effective.utc):
                timing = "after" if ln.origin == "manual" else "before"
            elif start < effective.utc:
                timing = "uncertain"
            else:
                timing = "after"
            if timing == "before":
                continue
        else:
            timing = "after"
        strong = STRENGTH.get(ln.item.status, 0) >= STRENGTH[threshold(provision, ln.relation)]
        counted[ln.relation].append(
            Counted(
                ln,
                max(start, effective.utc) if ln.relation == "violation" else start,
                timing,
                strong,
            )
        )
    for rel in counted:
        counted[rel].sort(key=lambda c: (c.start, c.linked.item.kind, c.linked.item.id))

    status, since, detail, breach = _decide(
        provision, counted, at, effective, deadline, until, soon, zone, anchor
    )
    result = ProvisionStatus(
        agreement_id=agreement.id,
        agreement_title=agreement.short_title or agreement.title,
        provision=provision.id,
        point=provision.point,
        kind=provision.kind,
        mode=provision.mode,
        status=status,
        at=at,
        since=since,
        effective=effective,
        due=deadline,
        detail=detail,
        amendments=values.amendments,
        first_breach=breach,
        term=term,
        counts={rel: len(v) for rel, v in counted.items()},
        evidence=[_evidence_json(c) for rel in counted for c in counted[rel]],
    )
    if values.amendments:
        result.detail += f"; amended by {', '.join(values.amendments)}"
    if term is not None:
        result.detail = f"{result.detail}; {term.describe()}" if result.detail else term.describe()
    return result


def _soon(agreement: AgreementFile) -> timedelta:
    return agreement.due_soon.approx() if agreement.due_soon else DEFAULT_SOON


def _term(
    agreement: AgreementFile, provision: Provision, effective: Moment, at: datetime
) -> TermState | None:
    term = provision.term or agreement.term
    if term is None:
        return None
    start = term_start(term, agreement, effective)
    return term_state(term, start.utc, start.zone, at)


def _decide(
    provision: Provision,
    counted: dict[str, list[Counted]],
    at: datetime,
    effective: Moment,
    deadline: Moment | None,
    until: Moment | None,
    soon: timedelta,
    zone: str,
    anchor: Anchors,
) -> tuple[str, datetime | None, str, dict[str, Any] | None]:
    violations = counted["violation"]
    strong_v = [c for c in violations if c.strong and c.timing == "after"]
    weak_v = [c for c in violations if c not in strong_v]
    compliance = counted["compliance"]
    strong_c = [c for c in compliance if c.strong]
    weak_c = [c for c in compliance if not c.strong]
    due_end = deadline.end_of_day() if deadline else None

    if strong_v:
        first = strong_v[0]
        breach = _breach(first, effective)
        more = f"; {len(weak_v)} more alleged" if weak_v else ""
        detail = (
            f"first broke {breach['after_text']} at {breach['where']}, "
            f"by the account of {breach['accounts']}; {len(strong_v)} violation"
            f"{'s' if len(strong_v) != 1 else ''} ({breach['evidence']} first){more}"
        )
        return "violated", first.start, detail, breach
    if weak_v:
        first = weak_v[0]
        breach = _breach(first, effective)
        why = (
            "may predate the time it took effect"
            if first.timing == "uncertain"
            else f"{first.linked.item.status}"
        )
        detail = (
            f"alleged breach {breach['after_text']} at {breach['where']}, "
            f"by the account of {breach['accounts']} ({why}); "
            f"{len(weak_v)} allegation{'s' if len(weak_v) != 1 else ''}, none established"
        )
        return "disputed", first.start, detail, breach
    if strong_c:
        first = strong_c[0]
        when = first.start
        late = ""
        if due_end is not None and when >= due_end:
            late = f", {format_delta(when - due_end)} after the deadline"
        detail = (
            f"evidence of implementation from {_local(when, zone)} "
            f"({first.linked.item.label}, {first.linked.item.accounts_text()}){late}"
        )
        return "met", when, detail, None
    if weak_c:
        first = weak_c[0]
        detail = (
            f"implementation reported but {first.linked.item.status} "
            f"({first.linked.item.label}, {first.linked.item.accounts_text()})"
        )
        return "disputed", first.start, detail, None
    if provision.mode == "standing" and at >= effective.utc:
        if until is not None and at >= until.utc:
            return (
                "met",
                until.utc,
                f"ended {until.display()}; no violation evidence in the store",
                None,
            )
        return (
            "met",
            effective.utc,
            f"holding: no violation evidence in the store since {effective.display()}",
            None,
        )
    if due_end is not None and at >= due_end:
        return (
            "overdue",
            due_end,
            f"deadline {deadline.display() if deadline else ''} passed "
            f"{format_delta(at - due_end)} ago; no evidence of implementation",
            None,
        )
    target = due_end if provision.mode == "deliverable" else effective.utc
    if provision.mode == "deliverable" and due_end is None:
        if at < effective.utc:
            return "not yet due", None, f"takes effect {effective.display()}", None
        return "not yet due", None, "no deadline set; no evidence of implementation yet", None
    assert target is not None
    left = target - at
    what = "deadline" if provision.mode == "deliverable" else "takes effect"
    when = (
        deadline.display() if provision.mode == "deliverable" and deadline else effective.display()
    )
    if left <= soon:
        return "due soon", None, f"{what} {when}, in {format_delta(left)}", None
    return "not yet due", None, f"{what} {when}, in {format_delta(left)}", None


def _local(when: datetime, zone: str) -> str:
    from zoneinfo import ZoneInfo

    local = when.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def _breach(c: Counted, effective: Moment) -> dict[str, Any]:
    item = c.linked.item
    after = c.start - effective.utc
    if c.timing == "uncertain":
        after_text = f"on {_day_text(item)} (possibly before it took effect)"
    elif item.exact:
        after_text = f"{format_delta(after)} after it took effect"
    else:
        days = int(after.total_seconds() // 86400)
        after_text = (
            f"on {_day_text(item)}, within a day of taking effect"
            if days < 1
            else f"on {_day_text(item)}, day {days + 1} after it took effect"
        )
    return {
        "evidence": item.label,
        "kind": item.kind,
        "id": item.id,
        "status": item.status,
        "at": iso_utc(c.start),
        "precision": "exact" if item.exact else "day",
        "after_seconds": int(after.total_seconds()),
        "after_text": after_text,
        "where": item.where_text(),
        "accounts": item.accounts_text(),
        "origin": c.linked.origin,
    }


def _day_text(item: EvidenceItem) -> str:
    if item.day_start is None:
        return "an unknown day"
    if item.day_end and item.day_end != item.day_start:
        return f"{item.day_start.isoformat()} to {item.day_end.isoformat()}"
    return item.day_start.isoformat()


def _evidence_json(c: Counted) -> dict[str, Any]:
    item = c.linked.item
    return {
        "relation": c.linked.relation,
        "kind": item.kind,
        "id": item.id,
        "type": item.type,
        "status": item.status,
        "counted_as": "full" if c.strong and c.timing == "after" else "allegation",
        "timing": c.timing,
        "at": iso_utc(c.start),
        "where": item.where_text(),
        "accounts": item.accounts_text(),
        "origin": c.linked.origin,
        "reason": c.linked.reason,
    }
