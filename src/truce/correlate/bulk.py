"""Fast bulk reads and writes on SQLite and PostgreSQL, inside the caller's transaction.

Grouping a million claims writes a million member rows: the ORM (tens of microseconds a
row) would take longer than the grouping itself, so rows go straight to the driver's
``executemany`` with values converted the way SQLAlchemy's column types store them
(UTC datetimes as naive ISO text on SQLite, JSON as text or JSONB).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection

CHUNK = 20_000
BULK_ROWS = 50_000  # writes at least this large rebuild the indexes afterwards
IN_CHUNK = 900  # bound parameters per IN (...) list (SQLite allows 32766; keep queries small)


#: parameter types every driver takes as they are (bool is not one: SQLite wants 0/1)
_AS_IS = frozenset({int, float, str, type(None)})


def chunks(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(values)
    while batch := list(islice(it, size)):
        yield batch


class Bulk:
    """Row-level writes through the DB-API cursor of the session's connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.empty_json: Any = "{}"
        if self.sqlite:  # big runs: keep more pages in memory than the 2 MB default
            conn.connection.driver_connection.execute("PRAGMA cache_size = -131072")  # type: ignore[union-attr]
        if not self.sqlite:
            from psycopg.types.json import Jsonb

            self._jsonb = Jsonb
            self.empty_json = Jsonb({})

    def value(self, v: Any) -> Any:
        if self.sqlite:
            if isinstance(v, datetime):
                return v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
            if isinstance(v, date):
                return v.isoformat()
            if isinstance(v, dict | list):
                return json.dumps(v, ensure_ascii=False)
            if isinstance(v, bool):
                return int(v)
            return v
        if isinstance(v, dict | list):
            return self._jsonb(v)
        return v

    def constant(self, value: Any) -> Any:
        """A value converted once, to repeat in many rows (conversion then skips it)."""
        return self.value(value)

    def _converter(self, sample: Any) -> Any:
        """The conversion a column needs, judged from one of its values (None if none)."""
        if self.sqlite:
            if isinstance(sample, datetime):
                return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
            if isinstance(sample, date):
                return date.isoformat
            if isinstance(sample, dict | list):
                return lambda v: json.dumps(v, ensure_ascii=False)
            return None
        if isinstance(sample, dict | list):
            return self._jsonb
        return None

    def convert(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        """Rows with the values of each column converted for the driver (column-wise)."""
        if not rows:
            return []
        converters = []
        for c in range(len(rows[0])):
            sample = next((r[c] for r in rows if r[c] is not None), None)
            f = self._converter(sample)
            if f is not None:
                converters.append((c, f))
        if not converters:
            return list(rows)
        out = []
        for row in rows:
            values = list(row)
            for c, f in converters:
                if values[c] is not None:
                    values[c] = f(values[c])
            out.append(tuple(values))
        return out

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        converted = self.convert(rows)
        raw = self.conn.connection.driver_connection
        if self.sqlite:
            raw.executemany(sql, converted)  # type: ignore[union-attr]
        else:
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.executemany(sql, converted)

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([self.mark] * len(columns))})"
        )
        count = 0
        for batch in chunks(rows, CHUNK):
            self._execute_many(sql, batch)
            count += len(batch)
        return count

    def update(
        self, table: str, key: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """``rows`` are (value of each column..., key value)."""
        sets = ", ".join(f"{c} = {self.mark}" for c in columns)
        sql = f"UPDATE {table} SET {sets} WHERE {key} = {self.mark}"
        count = 0
        for batch in chunks(rows, CHUNK):
            self._execute_many(sql, batch)
            count += len(batch)
        return count

    def delete_in(self, table: str, column: str, values: Iterable[Any]) -> None:
        for batch in chunks(values, IN_CHUNK):
            marks = ", ".join(["?"] * len(batch))
            self.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", batch)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query written with ``?`` placeholders (converted for PostgreSQL)."""
        return self._run(sql, params, rows=True)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A statement that returns no rows, written with ``?`` placeholders."""
        self._run(sql, params, rows=False)

    def _run(self, sql: str, params: Sequence[Any], *, rows: bool) -> list[tuple[Any, ...]]:
        values = [v if type(v) in _AS_IS else self.value(v) for v in params]
        raw = self.conn.connection.driver_connection
        if not self.sqlite:
            sql = sql.replace("%", "%%").replace("?", "%s")
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.execute(sql, values)
                return cur.fetchall() if rows else []
        cursor = raw.execute(sql, values)  # type: ignore[union-attr]
        return cursor.fetchall() if rows else []

    def fetch_in(
        self, sql: str, values: Iterable[Any], params: Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows of a query with one ``IN ({})`` list, run in chunks."""
        out: list[tuple[Any, ...]] = []
        for batch in chunks(values, IN_CHUNK):
            out.extend(self.fetch(sql.format(", ".join(["?"] * len(batch))), [*params, *batch]))
        return out

    def next_id(self, table: str) -> int:
        return int(self.fetch(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]) + 1

    def sync_sequence(self, table: str) -> None:
        """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
        if self.sqlite:
            return
        self.fetch(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )

    @contextmanager
    def indexes_dropped(self, table: str, rows: int) -> Iterator[None]:
        """For a large write (``rows`` at least BULK_ROWS), drop the table's secondary
        indexes and build them again afterwards, in the same transaction: one sort per
        index instead of a B-tree insert per row and index (three times faster)."""
        from sqlalchemy.schema import CreateIndex, DropIndex

        from truce.store.schema import Base

        if rows < BULK_ROWS:
            yield
            return
        indexes = sorted(Base.metadata.tables[table].indexes, key=lambda i: str(i.name))
        for index in indexes:
            self.conn.execute(DropIndex(index))
        yield
        for index in indexes:
            self.conn.execute(CreateIndex(index))

    def lock(self) -> None:
        """Serialise grouping runs (SQLite write transactions already are)."""
        if not self.sqlite:
            self.fetch("SELECT pg_advisory_xact_lock(4242001)")


def parse_utc(value: Any) -> datetime | None:
    """A UTC datetime column value as an aware datetime (SQLite gives naive text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
