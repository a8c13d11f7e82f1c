"""The append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash and a canonical serialisation of the
entry (sequence number, time, actor, action, entity, entity id and payload), so changing,
removing or reordering any stored entry breaks the chain from that point on.
``verify`` walks the chain in constant memory and names the first entry that fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truce.store import driver
from truce.store.schema import AuditEntry, AuditHead

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__} in an audit payload")


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no insignificant whitespace, UTF-8 text kept."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    payload: str,
) -> str:
    """The hash that links an entry to the one before it."""
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "payload": payload,
        }
    )
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def now_iso() -> str:
    """The time of an entry, as stored and hashed (UTC, microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class AuditWriter:
    """Appends entries inside one write transaction.

    The chain head row is locked on first use (``SELECT ... FOR UPDATE`` on PostgreSQL;
    SQLite write transactions are already exclusive), so concurrent writers append in
    turn and the chain never forks. Entries are hashed as they are appended and written
    together by ``flush`` (one multi-row insert and one head update, just before the
    transaction commits): an ORM object per entry would cost more than the document.
    """

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self._head: tuple[int, str] | None = None  # (seq, hash) of the newest entry
        self._new_head = False
        self._rows: list[dict[str, Any]] = []

    def _lock_head(self) -> tuple[int, str]:
        if self._head is None:
            conn = self.session.connection()
            lock = "" if conn.dialect.name == "sqlite" else " FOR UPDATE"
            row = driver.execute(conn, _HEAD + lock).first()
            if row is None:
                self._head, self._new_head = (0, GENESIS), True
            else:
                self._head = (int(row[0]), str(row[1]))
        return self._head

    def append(
        self,
        action: str,
        entity: str,
        entity_id: str | int | None,
        payload: Mapping[str, Any],
    ) -> None:
        prev_seq, prev_hash = self._lock_head()
        seq = prev_seq + 1
        at = now_iso()
        eid = None if entity_id is None else str(entity_id)
        body = canonical_json(dict(payload))
        digest = entry_hash(prev_hash, seq, at, self.actor, action, entity, eid, body)
        self._rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": self.actor,
                "action": action,
                "entity": entity,
                "entity_id": eid,
                "payload": body,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        self._head = (seq, digest)

    def flush(self) -> None:
        """Write the entries appended so far and move the chain head (same transaction)."""
        if not self._rows:
            return
        conn = self.session.connection()
        driver.execute(conn, _INSERT_ENTRY, self._rows)
        seq, digest = self._head  # type: ignore[misc]
        params = {"seq": seq, "hash": digest}
        driver.execute(conn, _NEW_HEAD if self._new_head else _MOVE_HEAD, params)
        self._new_head = False
        self._rows = []


_HEAD = "SELECT seq, hash FROM audit_head WHERE id = 1"
_INSERT_ENTRY = (
    "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, payload, prev_hash, hash)"
    " VALUES (:seq, :at, :actor, :action, :entity, :entity_id, :payload, :prev_hash, :hash)"
)
_NEW_HEAD = "INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"
_MOVE_HEAD = "UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of a chain check: ``ok`` and, if not, the first bad entry and why."""

    ok: bool
    entries: int
    head_hash: str
    bad_seq: int | None = None
    problem: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.entries} entries, head {self.head_hash[:16]}"
        return f"audit entry {self.bad_seq} does not verify: {self.problem}"


def verify(session: Session, *, batch: int = 5000) -> VerifyResult:
    """Recompute the whole chain; stop at the first entry that does not verify."""
    prev, expected_seq, count = GENESIS, 1, 0
    for row in _entries(session, batch):
        where = f"{row.action} {row.entity} {row.entity_id or ''}".strip()
        if row.seq != expected_seq:
            missing = expected_seq if row.seq > expected_seq else row.seq
            return VerifyResult(False, count, prev, missing, "entry missing from the chain")
        if row.prev_hash != prev:
            return VerifyResult(
                False, count, prev, row.seq, f"({where}) does not link to entry {row.seq - 1}"
            )
        digest = entry_hash(
            row.prev_hash,
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.entity,
            row.entity_id,
            row.payload,
        )
        if digest != row.hash:
            return VerifyResult(
                False,
                count,
                prev,
                row.seq,
                f"({where}, {row.at}) content was changed after it was written",
            )
        prev, expected_seq, count = row.hash, expected_seq + 1, count + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        if head.seq > count:
            return VerifyResult(False, count, prev, count + 1, "entry missing from the chain")
        return VerifyResult(False, count, prev, head.seq, "chain head does not match entries")
    return VerifyResult(True, count, prev)


def _entries(session: Session, batch: int) -> Iterator[AuditEntry]:
    """Stream entries in order, one batch at a time, in constant memory."""
    last = 0
    while True:
        rows = (
            session.execute(
                select(AuditEntry)
                .where(AuditEntry.seq > last)
                .order_by(AuditEntry.seq)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
