"""Does a piece of evidence meet a provision's criteria? (type, place, time, words)

All tests a criterion gives must pass; a provision's several criteria for one relation
are alternatives. Times are compared with the provision's values after every
amendment (the widest view); the status engine then places each piece of evidence
against the values in force at the moment asked about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from truce.agreement.amendments import in_force
from truce.agreement.evidence import EvidenceItem
from truce.agreement.model import AgreementFile, Criteria, Provision, Scope
from truce.agreement.places import Ancestry, in_scope
from truce.agreement.terms import last_period, period_end, term_start
from truce.agreement.timeutil import Moment, add_calendar, parse_duration
from truce.agreement.vocab import DEFAULT_CRITERIA

RELATIONS = ("violation", "compliance")


def criteria_for(provision: Provision, relation: str) -> list[Criteria]:
    """The provision's criteria for a relation, or the defaults for its kind."""
    if provision.evidence is not None:
        given = getattr(provision.evidence, relation)
        if given or provision.evidence.model_fields_set & {relation}:
            return given
    return [
        Criteria.model_validate(c)
        for c in DEFAULT_CRITERIA.get(provision.kind, {}).get(relation, [])
    ]


@dataclass(frozen=True, slots=True)
class Anchors:
    """The moments a window can refer to, for one provision (all amendments applied)."""

    signed: datetime
    effective: datetime
    deadline: datetime | None
    until: datetime | None
    zone: str


def anchors(agreement: AgreementFile, provision: Provision) -> Anchors:
    values = in_force(agreement, None)[provision.id].values
    effective: Moment = values["effective"] or agreement.effective
    deadline: Moment | None = values["deadline"]
    until: Moment | None = values["until"]
    until_utc = until.utc if until else None
    if until_utc is None and provision.term is not None:
        start = term_start(provision.term, agreement, effective)
        final = last_period(start.utc, provision.term, start.zone)
        if final is not None:
            until_utc = period_end(start.utc, provision.term, final, start.zone)
    signed = agreement.signed.utc if agreement.signed else agreement.effective.utc
    return Anchors(
        signed=min(signed, effective.utc),
        effective=effective.utc,
        deadline=deadline.end_of_day() if deadline else None,
        until=until_utc,
        zone=agreement.zone,
    )


def bound(value: object, at: Anchors) -> datetime | None:
    """A window bound: a Moment, or an anchor such as ``deadline + P7D``."""
    if value is None:
        return None
    if isinstance(value, Moment):
        return value.utc
    assert isinstance(value, str)
    name, _, rest = value.replace("+", " + ").replace("-", " - ").partition(" ")
    base = {
        "signed": at.signed,
        "effective": at.effective,
        "deadline": at.deadline,
        "until": at.until,
    }[name.strip()]
    if base is None:
        return None
    rest = rest.strip()
    if not rest:
        return base
    sign = -1 if rest.startswith("-") else 1
    return add_calendar(base, parse_duration(rest[1:].strip()), at.zone, sign)


def default_window(relation: str, at: Anchors) -> tuple[datetime | None, datetime | None]:
    """Violations count from the effective time (to ``until``); compliance from signature."""
    if relation == "violation":
        return at.effective, at.until
    return at.signed, None


def matches(
    item: EvidenceItem,
    crit: Criteria,
    relation: str,
    provision: Provision,
    at: Anchors,
    ancestry: Ancestry,
) -> bool:
    if item.status == "refuted":
        return False
    if crit.types and item.type not in crit.types:
        return False
    if crit.families and item.family not in crit.families:
        return False
    if crit.what and not set(crit.what) & set(item.what):
        return False
    if crit.mentions:
        text = item.text.casefold()
        if not any(m.casefold() in text for m in crit.mentions):
            return False
    scope: Scope | None = None
    if crit.within == "scope":
        scope = provision.scope
    elif isinstance(crit.within, Scope):
        scope = crit.within
    if (
        scope is not None
        and not scope.is_empty()
        and (item.where.is_empty() or not in_scope(item.where, scope, ancestry))
    ):
        return False
    span = item.interval(at.zone)
    if span is None:
        return False  # undated evidence is linked only by hand
    lo, hi = default_window(relation, at)
    if crit.window is not None:
        if crit.window.from_ is not None:
            lo = bound(crit.window.from_, at)
        if crit.window.to is not None:
            hi = bound(crit.window.to, at)
    start, end = span
    if lo is not None and end <= lo and not (start == end == lo):
        return False
    return not (hi is not None and start >= hi)


def relations_for(
    item: EvidenceItem,
    agreement: AgreementFile,
    provision: Provision,
    ancestry: Ancestry,
    at: Anchors | None = None,
) -> list[str]:
    """The relations (violation, compliance) in which the item is evidence for the provision."""
    at = at or anchors(agreement, provision)
    return [
        rel
        for rel in RELATIONS
        if any(matches(item, c, rel, provision, at, ancestry) for c in criteria_for(provision, rel))
    ]
