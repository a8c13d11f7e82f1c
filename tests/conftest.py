"""Shared fixtures: a store on SQLite and on a real PostgreSQL server.

PostgreSQL tests use a throwaway database created on the server named by
``TRUCE_TEST_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``).
They are skipped when no server answers, unless ``TRUCE_REQUIRE_PG=1`` (set by CI),
in which case they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from truce.store import Store

PG_ADMIN_URL = os.environ.get(
    "TRUCE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("TRUCE_REQUIRE_PG") == "1"
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session; dropped at the end."""
    engine = _pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # no server
        engine.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required (TRUCE_REQUIRE_PG=1) but not reachable: {exc}")
        pytest.skip("no PostgreSQL server reachable")
    name = f"truce_test_{uuid.uuid4().hex[:10]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The session database, emptied before each test (schemas dropped and recreated)."""
    engine = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield pg_server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL on each backend (the test runs once per backend)."""
    if request.param == "sqlite":
        folder = tmp_path / ".store"  # hidden: never picked up when a test ingests tmp_path
        folder.mkdir()
        return f"sqlite:///{folder / 'truce.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store(store_url)
    try:
        yield s
    finally:
        s.close()


def run_truce(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (as a user would)."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "truce", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
