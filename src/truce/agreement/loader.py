"""Load agreement files into the store: all or nothing, versioned, audited.

A file is validated completely before the store is touched. Loading an unchanged file
again changes nothing (the hash is of the validated content, so comments and layout do
not count); a changed file becomes a new version: provisions are updated in place by
id (so evidence links and analysts' decisions survive), new ones are added, dropped ones
are kept but marked inactive, and the whole version is recorded with an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from truce.agreement import linker
from truce.agreement.amendments import in_force
from truce.agreement.model import AgreementFile
from truce.agreement.places import GazetteerLike
from truce.agreement.validate import Parsed, read_agreement
from truce.store import Store
from truce.store.audit import AuditWriter
from truce.store.schema import Agreement, AgreementVersion, Provision
from truce.store.types import utcnow


@dataclass(frozen=True, slots=True)
class LoadResult:
    agreement_id: str
    version: int
    action: str  # loaded | updated | unchanged
    path: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.action == "unchanged":
            return f"{self.agreement_id}: unchanged (version {self.version})"
        if self.action == "loaded":
            return f"{self.agreement_id}: loaded version 1 with {len(self.added)} provisions"
        parts = [
            f"{len(v)} {k}"
            for k, v in (
                ("added", self.added),
                ("changed", self.changed),
                ("removed", self.removed),
            )
            if v
        ]
        what = ", ".join(parts) or "metadata changed"
        return f"{self.agreement_id}: version {self.version} ({what})"


def shipped_files() -> list[Path]:
    """The agreements shipped with truce (``truce/agreement/data/*.yaml``)."""
    folder = Path(str(resources.files("truce.agreement").joinpath("data")))
    return sorted(folder.glob("*.yaml"))


def load_file(
    store: Store, path: str | Path, *, actor: str, gazetteer: GazetteerLike | None = None
) -> LoadResult:
    """Validate ``path`` and store it in one transaction (with its automatic links)."""
    parsed = read_agreement(path, gazetteer=gazetteer)
    with store.write(actor) as txn:
        result = store_parsed(txn.session, txn.audit, parsed)
        if result.action != "unchanged":
            linker.refresh(
                txn.session, txn.audit, agreement_ids=[result.agreement_id], gazetteer=gazetteer
            )
    return result


def load_shipped(
    store: Store, *, actor: str, gazetteer: GazetteerLike | None = None
) -> list[LoadResult]:
    """Load (or keep, if unchanged) every shipped agreement; idempotent."""
    return [load_file(store, p, actor=actor, gazetteer=gazetteer) for p in shipped_files()]


def _provision_values(model: AgreementFile) -> dict[str, dict[str, Any]]:
    final = in_force(model, None)
    out: dict[str, dict[str, Any]] = {}
    for p in model.provisions:
        values = final[p.id].values
        deadline = values["deadline"]
        effective = values["effective"] or model.effective
        body = p.model_dump(mode="json", by_alias=True, exclude_none=True)
        out[p.id] = {
            "kind": p.kind,
            "text": values["text"] or p.text,
            "obligated": list(p.obligated),
            "beneficiaries": list(p.beneficiaries),
            "deadline_at": deadline.end_of_day() if deadline else None,
            "effective_at": effective.utc,
            "scope": body.get("scope", {}),
            "evidence": body.get("evidence", {}),
            "body": body,
        }
    return out


def store_parsed(session: Session, audit: AuditWriter, parsed: Parsed) -> LoadResult:
    """Insert or version one validated agreement inside the caller's transaction."""
    model = parsed.agreement
    now = utcnow()
    existing = session.get(Agreement, model.id, with_for_update=True)
    if existing is not None and existing.content_hash == parsed.content_hash:
        return LoadResult(model.id, existing.version, "unchanged", parsed.path)
    values = _provision_values(model)
    head = {
        "title": model.title,
        "source_path": parsed.path,
        "content_hash": parsed.content_hash,
        "signed_at": model.signed.utc if model.signed else None,
        "effective_at": model.effective.utc,
        "body": parsed.body,
        "loaded_at": now,
    }
    if existing is None:
        agreement = Agreement(id=model.id, version=1, **head)
        session.add(agreement)
        session.flush()
        for key, v in values.items():
            session.add(Provision(agreement_id=model.id, key=key, active=True, **v))
        result = LoadResult(model.id, 1, "loaded", parsed.path, added=list(values))
        action = "agreement.load"
    else:
        previous_hash = existing.content_hash
        rows = {p.key: p for p in session.query(Provision).filter_by(agreement_id=model.id)}
        added, changed, removed = [], [], []
        for key, v in values.items():
            row = rows.get(key)
            if row is None:
                session.add(Provision(agreement_id=model.id, key=key, active=True, **v))
                added.append(key)
                continue
            if not row.active or any(getattr(row, k) != val for k, val in v.items()):
                changed.append(key)
            for k, val in v.items():
                setattr(row, k, val)
            row.active = True
        for key, row in rows.items():
            if key not in values and row.active:
                row.active = False
                removed.append(key)
        existing.version += 1
        for k, val in head.items():
            setattr(existing, k, val)
        result = LoadResult(
            model.id, existing.version, "updated", parsed.path, added, changed, removed
        )
        action = "agreement.update"
    summary = {"added": result.added, "changed": result.changed, "removed": result.removed}
    session.add(
        AgreementVersion(
            agreement_id=model.id,
            version=result.version,
            content_hash=parsed.content_hash,
            source_path=parsed.path,
            body=parsed.body,
            summary=summary,
            actor=audit.actor,
            loaded_at=now,
        )
    )
    session.flush()
    payload: dict[str, Any] = {
        "version": result.version,
        "content_hash": parsed.content_hash,
        "source_path": parsed.path,
        **summary,
    }
    if existing is not None:
        payload["previous_hash"] = previous_hash
    audit.append(action, "agreement", model.id, payload)
    return result
