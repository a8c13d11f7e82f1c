"""Bring a database to the current schema with Alembic, without loading Alembic when it
already is (Alembic takes most of a second to import on a small machine).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

#: the newest revision in ``migrations/versions`` (a test keeps this in step)
HEAD_REVISION = "0005"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The head according to Alembic itself (slow; for tests and tooling)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection) -> bool:
    """Migrate to head; return True if anything was applied."""
    if current_revision(conn) == HEAD_REVISION:
        return False
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    return True
