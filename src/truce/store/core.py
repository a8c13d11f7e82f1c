"""The Store: one object that opens the database, migrates it and hands out transactions.

Reads and writes go through ``store.read()`` and ``store.write(actor)``. A write
transaction carries an :class:`~truce.store.audit.AuditWriter`, so code that changes the
store records what it changed in the same transaction: either both land or neither.
"""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from truce.errors import StoreError
from truce.settings import resolve_db_url
from truce.store import migrate
from truce.store.audit import AuditWriter
from truce.store.engine import WRITE_OPTION, make_engine


def default_actor(command: str) -> str:
    """Who or what is writing: the user (``TRUCE_USER`` or login), host and command."""
    try:
        user = os.environ.get("TRUCE_USER") or getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()} truce {command}".strip()


@dataclass(slots=True)
class WriteTxn:
    """A write transaction: an ORM session plus the audit writer bound to it."""

    session: Session
    audit: AuditWriter


class Store:
    """The truce database (SQLite by default, PostgreSQL for teams)."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True) -> None:
        self.url = resolve_db_url(url)
        self.engine: Engine = make_engine(self.url)
        self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        if migrate_schema:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def own_files(self) -> frozenset[Path]:
        """The files of an SQLite store (database, WAL, shared memory), to keep out of ingest."""
        database = self.engine.url.database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            return frozenset()
        base = Path(database).resolve()
        return frozenset(
            {base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))}
        )

    def describe(self) -> str:
        """The URL without a password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def migrate(self) -> bool:
        try:
            with self._write_engine.begin() as conn:
                return migrate.upgrade(conn)
        except OperationalError as exc:
            raise StoreError(
                f"cannot open the store {self.describe()}: {_first_line(exc)}"
            ) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session; closing it discards any change and keeps loaded objects usable."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self, actor: str) -> Iterator[WriteTxn]:
        """One atomic write: committed with its audit entries, or not at all."""
        session = Session(self._write_engine, expire_on_commit=False)
        try:
            txn = WriteTxn(session, AuditWriter(session, actor))
            yield txn
            session.flush()  # pending objects first: entries may name their ids
            txn.audit.flush()
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"write to {self.describe()} failed: {_first_line(exc)}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
