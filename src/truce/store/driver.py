"""Plain SQL straight to the database driver, for the few statements every write runs.

SQLAlchemy Core costs about 150 µs a statement on this class of machine (building,
caching and executing the construct), the driver about 10. Ingest writes a document in
its own transaction with its audit entries and fingerprint, so these few statements are
a large share of its time. Statements are written once with ``:name`` parameters; this
module renders them in the driver's own parameter style.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Connection, CursorResult

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@lru_cache(maxsize=64)
def render(sql: str, paramstyle: str) -> str:
    """``sql`` with ``:name`` parameters in the driver's style (sqlite3 takes them as is)."""
    if paramstyle == "named":
        return sql
    if paramstyle == "pyformat":
        return _NAMED.sub(r"%(\1)s", sql)
    raise ValueError(f"unsupported parameter style {paramstyle!r}")


def execute(
    conn: Connection, sql: str, params: Mapping[str, Any] | Sequence[Mapping[str, Any]] = ()
) -> CursorResult[Any]:
    """Run ``sql`` (``:name`` parameters) on the connection's driver; a list of mappings
    runs it once per mapping (``executemany``)."""
    style = "named" if conn.dialect.name == "sqlite" else conn.dialect.paramstyle
    rendered = render(sql, style)
    if isinstance(params, Mapping):
        return conn.exec_driver_sql(rendered, dict(params))
    return conn.exec_driver_sql(rendered, [dict(p) for p in params])
