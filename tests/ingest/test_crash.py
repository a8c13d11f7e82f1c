"""A SIGKILL in the middle of an ingest loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.ingest.helpers import article
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, Document

N = 2000


def _stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar() or 0
    except Exception:
        return 0  # schema not created yet
    finally:
        engine.dispose()


@pytest.mark.slow
def test_ingest_killed_midway_then_rerun(store_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for n in range(N):
        (inputs / f"doc{n:04d}.txt").write_text(article(n, words=60))
    command = [sys.executable, "-m", "truce", "--db", store_url, "ingest", str(inputs), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _stored(store_url) < N // 4 and time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("ingest finished before it could be killed: make N larger")
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    partial = _stored(store_url)
    assert 0 < partial < N

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{N - partial} stored, {partial} duplicates, 0 rejected" in rerun.stdout

    store = Store(store_url)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == N
        assert session.scalar(select(func.count(func.distinct(Document.content_hash)))) == N
        names = session.scalars(select(Document.source_name)).all()
        assert sorted(names) == [f"doc{n:04d}.txt" for n in range(N)]
        actions = dict(
            session.execute(
                select(AuditEntry.action, func.count()).group_by(AuditEntry.action)
            ).all()
        )
        # each document was written once, with its claims and fingerprint, in one
        # transaction; incidents were grouped once, after the rerun stored the rest
        per_document = {"document.ingest", "claims.extract", "document.fingerprint"}
        assert {a: actions.pop(a, 0) for a in per_document} == dict.fromkeys(per_document, N)
        assert actions.pop("correlate.run", 0) == 1
        assert set(actions) <= {"incident.group"}
        assert (
            session.scalar(
                select(func.count()).select_from(Document).where(Document.extracted_at.is_(None))
            )
            == 0
        )
        result = verify(session)
    assert result.ok, result.describe()
