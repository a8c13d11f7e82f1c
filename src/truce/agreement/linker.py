"""Links between evidence and provisions: made by the criteria, corrected by analysts.

Automatic links are derived data: :func:`refresh` recomputes them from all evidence and
stores the difference (one audit entry per provision whose links changed; nothing is
written when nothing changed). A manual decision is one row per provision, evidence and
relation (``active`` true: link it; false: never link it), updated in place when the
analyst changes their mind; every decision, with its reason, is in the audit log.
The links in force are (automatic + manual includes) - manual excludes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truce.agreement.criteria import RELATIONS, anchors, relations_for
from truce.agreement.evidence import KINDS, EvidenceItem
from truce.agreement.model import AgreementFile
from truce.agreement.places import Ancestry, GazetteerLike
from truce.agreement.status import Linked
from truce.agreement.validate import load_body
from truce.errors import InputError
from truce.queries import agreements as q
from truce.store.audit import AuditWriter
from truce.store.schema import Agreement, EvidenceLink, Provision
from truce.store.types import utcnow

Key = tuple[str, int, str]  # evidence kind, id, relation


@dataclass(frozen=True, slots=True)
class RefreshResult:
    added: int
    removed: int
    provisions_changed: int

    def describe(self) -> str:
        return f"links: {self.added} added, {self.removed} removed"


def _columns(kind: str, ident: int) -> dict[str, Any]:
    return {f"{kind}_id": ident}


def refresh(
    session: Session,
    audit: AuditWriter,
    *,
    agreement_ids: list[str] | None = None,
    evidence: list[EvidenceItem] | None = None,
    gazetteer: GazetteerLike | None = None,
) -> RefreshResult:
    """Recompute automatic links (all agreements, or some) inside a write transaction."""
    items = evidence if evidence is not None else q.load_evidence(session)
    ancestry = Ancestry(gazetteer if gazetteer is not None else _gazetteer())
    rows = [p for p in q.provisions_for(session, agreement_ids) if p.active]
    models: dict[str, AgreementFile] = {}
    existing: dict[int, dict[Key, EvidenceLink]] = defaultdict(dict)
    for link in q.links_for(session, [p.id for p in rows]):
        if link.origin == "auto":
            kind, ident = q.link_key(link)
            existing[link.provision_id][(kind, ident, link.relation)] = link
    added = removed = changed = 0
    now = utcnow()
    for row in rows:
        model = models.get(row.agreement_id)
        if model is None:
            agreement = session.get(Agreement, row.agreement_id)
            assert agreement is not None
            model = models[row.agreement_id] = load_body(agreement.body)
        provision = model.provision(row.key)
        if provision is None:
            continue
        at = anchors(model, provision)
        wanted: set[Key] = set()
        for item in items:
            for rel in relations_for(item, model, provision, ancestry, at):
                wanted.add((item.kind, item.id, rel))
        have = existing.get(row.id, {})
        new = sorted(wanted - have.keys())
        gone = sorted(have.keys() - wanted)
        if not new and not gone:
            continue
        for kind, ident, rel in new:
            session.add(
                EvidenceLink(
                    provision_id=row.id,
                    relation=rel,
                    origin="auto",
                    active=True,
                    reason="matches the provision's criteria",
                    actor=audit.actor,
                    at=now,
                    **_columns(kind, ident),
                )
            )
        for key in gone:
            session.delete(have[key])
        audit.append(
            "agreement.links.auto",
            "provision",
            f"{row.agreement_id}/{row.key}",
            {
                "added": [{"kind": k, "id": i, "relation": r} for k, i, r in new],
                "removed": [{"kind": k, "id": i, "relation": r} for k, i, r in gone],
            },
        )
        added, removed, changed = added + len(new), removed + len(gone), changed + 1
    session.flush()
    return RefreshResult(added, removed, changed)


def _gazetteer() -> GazetteerLike | None:
    try:
        from truce.agreement.places import default_gazetteer

        return default_gazetteer()
    except Exception:  # without a gazetteer, places match by id and coordinates only
        return None


def find_provision(session: Session, ref: str) -> Provision:
    """``AGREEMENT/PROVISION`` (or a provision id unique across agreements)."""
    agreement_id, _, key = ref.rpartition("/")
    rows = [
        p
        for p in q.provisions_for(session, [agreement_id] if agreement_id else None)
        if p.key == key
    ]
    if not rows:
        raise InputError(
            ref, "no such provision (write AGREEMENT/PROVISION; see truce agreement status)"
        )
    if len(rows) > 1:
        options = ", ".join(f"{p.agreement_id}/{p.key}" for p in rows)
        raise InputError(ref, f"ambiguous provision: write one of {options}")
    return rows[0]


def set_manual(
    session: Session,
    audit: AuditWriter,
    provision: Provision,
    kind: str,
    ident: int,
    relation: str,
    *,
    include: bool,
    reason: str,
) -> EvidenceLink:
    """Record an analyst's decision to link (include) or unlink (exclude) evidence."""
    if kind not in KINDS:
        raise InputError(kind, f"evidence kind must be one of {', '.join(KINDS)}")
    if relation not in RELATIONS:
        raise InputError(relation, f"relation must be one of {', '.join(RELATIONS)}")
    if not reason.strip():
        raise InputError("--reason", "a manual link or unlink needs a reason")
    if not q.evidence_exists(session, kind, ident):
        raise InputError(f"{kind} {ident}", "no such evidence in the store")
    current = next(
        (
            ln
            for ln in q.links_for(session, [provision.id])
            if ln.origin == "manual" and ln.relation == relation and q.link_key(ln) == (kind, ident)
        ),
        None,
    )
    previous = None
    if current is None:
        current = EvidenceLink(
            provision_id=provision.id,
            relation=relation,
            origin="manual",
            active=include,
            reason=reason.strip(),
            actor=audit.actor,
            at=utcnow(),
            **_columns(kind, ident),
        )
        session.add(current)
    else:
        previous = {
            "decision": "include" if current.active else "exclude",
            "reason": current.reason,
            "actor": current.actor,
        }
        current.active, current.reason = include, reason.strip()
        current.actor, current.at = audit.actor, utcnow()
    session.flush()
    audit.append(
        "agreement.links.manual",
        "provision",
        f"{provision.agreement_id}/{provision.key}",
        {
            "evidence": {"kind": kind, "id": ident},
            "relation": relation,
            "decision": "include" if include else "exclude",
            "reason": reason.strip(),
            "previous": previous,
        },
    )
    return current


def clear_manual(
    session: Session,
    audit: AuditWriter,
    provision: Provision,
    kind: str,
    ident: int,
    relation: str,
    *,
    reason: str,
) -> bool:
    """Withdraw an analyst's decision, so the criteria alone decide again."""
    for ln in q.links_for(session, [provision.id]):
        if ln.origin == "manual" and ln.relation == relation and q.link_key(ln) == (kind, ident):
            audit.append(
                "agreement.links.reset",
                "provision",
                f"{provision.agreement_id}/{provision.key}",
                {
                    "evidence": {"kind": kind, "id": ident},
                    "relation": relation,
                    "withdrawn": "include" if ln.active else "exclude",
                    "reason": reason.strip(),
                },
            )
            session.delete(ln)
            session.flush()
            return True
    return False


def effective_links(
    links: list[EvidenceLink], evidence: dict[tuple[str, int], EvidenceItem]
) -> dict[int, list[Linked]]:
    """Per provision id: the links in force, (auto + manual includes) - manual excludes."""
    manual: dict[tuple[int, str, int, str], EvidenceLink] = {}
    for ln in links:
        if ln.origin == "manual":
            kind, ident = q.link_key(ln)
            manual[(ln.provision_id, kind, ident, ln.relation)] = ln
    out: dict[int, list[Linked]] = defaultdict(list)
    seen: set[tuple[int, str, int, str]] = set()
    for ln in links:
        kind, ident = q.link_key(ln)
        key = (ln.provision_id, kind, ident, ln.relation)
        if key in seen:
            continue
        decision = manual.get(key)
        if decision is not None and not decision.active:
            continue
        if ln.origin == "auto" and decision is not None:
            continue  # the manual row speaks for this evidence
        item = evidence.get((kind, ident))
        if item is None:
            continue
        seen.add(key)
        out[ln.provision_id].append(Linked(item, ln.relation, ln.origin, ln.reason))
    return out
