"""Where the store lives and other settings, resolved once from options and environment.

Precedence: an explicit ``--db URL`` option, then ``TRUCE_DB``, then ``truce.db`` in the
working directory (SQLite). A bare path is accepted as shorthand for a SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_FILE = "truce.db"
ENV_DB = "TRUCE_DB"


def resolve_db_url(option: str | None = None) -> str:
    """Turn the --db option / TRUCE_DB / default into an SQLAlchemy URL."""
    raw = option or os.environ.get(ENV_DB) or DEFAULT_DB_FILE
    if "://" in raw:
        if raw.startswith("postgresql://") or raw.startswith("postgres://"):
            # the psycopg 3 driver is the one we ship
            raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
        return raw
    return f"sqlite:///{Path(raw).expanduser()}"
