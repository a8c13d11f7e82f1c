"""The store: schema and migrations on both backends, atomic writes with their audit."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from truce.errors import StoreError
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, Base, Document
from truce.store.types import utcnow


def _doc(n: int) -> Document:
    return Document(content_hash=f"{n:064d}", text=f"text {n}", ingested_at=utcnow())


def test_store_migrations_match_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_store_reopening_is_idempotent(store_url: str) -> None:
    first = Store(store_url)
    assert first.migrate() is False  # already at head
    first.close()
    Store(store_url).close()


def test_store_write_commits_document_and_audit_together(store: Store) -> None:
    with store.write("tester") as txn:
        txn.session.add(_doc(1))
        txn.session.flush()
        txn.audit.append("document.ingest", "document", 1, {"n": 1})
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        assert verify(session).ok


def test_store_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write("tester") as txn:
        txn.session.add(_doc(1))
        txn.session.flush()
        txn.audit.append("document.ingest", "document", 1, {"n": 1})
        raise RuntimeError("crash in the middle")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_store_unique_content_hash_is_enforced(store: Store) -> None:
    with store.write("tester") as txn:
        txn.session.add(_doc(7))
    with pytest.raises(StoreError), store.write("tester") as txn:
        txn.session.add(_doc(7))


def test_store_datetimes_come_back_aware_utc(store: Store) -> None:
    with store.write("tester") as txn:
        txn.session.add(_doc(3))
    with store.read() as session:
        doc = session.scalars(select(Document)).one()
    assert doc.ingested_at.tzinfo is not None
    assert doc.ingested_at.utcoffset().total_seconds() == 0


def test_store_bad_url_is_one_line_error(tmp_path) -> None:
    with pytest.raises(StoreError) as info:
        Store(f"sqlite:///{tmp_path}/missing/dir/x.db")
    assert "\n" not in str(info.value)
    with pytest.raises(StoreError):
        Store("mysql://nobody@localhost/x")


def test_store_head_revision_constant_matches_alembic() -> None:
    from truce.store.migrate import HEAD_REVISION, head_revision

    assert head_revision() == HEAD_REVISION
