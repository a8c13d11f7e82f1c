"""Ingest into a real store (SQLite and PostgreSQL): stored once, duplicates, observations."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import run_truce
from tests.ingest.helpers import article, observation_rows, write_csv, write_jsonl
from truce.ingest.runner import IngestEvent, Ingestor
from truce.ingest.sources import iter_inputs
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, Document, Observation


def _count(store: Store, table: type) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _ingest(store: Store, *paths: Path) -> tuple[object, list[IngestEvent]]:
    events: list[IngestEvent] = []
    summary = Ingestor(store, listener=events.append).run(iter_inputs(list(paths)))
    return summary, events


def test_ingest_stores_each_document_once(store: Store, tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"doc{n}.txt").write_text(article(n))
    summary, _ = _ingest(store, tmp_path)
    assert (summary.stored, summary.duplicates, summary.rejected) == (5, 0, 0)
    audit_before = _count(store, AuditEntry)

    # the same content again, and a copy that differs only in whitespace and line endings
    (tmp_path / "copy.txt").write_text("  " + article(2).replace(" ", "  \r\n", 3) + "\n\n")
    summary, events = _ingest(store, tmp_path)
    assert (summary.stored, summary.duplicates) == (0, 6)
    assert all(e.outcome == "duplicate" for e in events)
    assert _count(store, Document) == 5
    assert _count(store, AuditEntry) == audit_before  # a duplicate changes nothing
    with store.read() as session:
        assert verify(session).ok


def test_ingest_observations_with_times_places_and_row_dedup(store: Store, tmp_path: Path) -> None:
    rows = observation_rows(1, count=3)
    rows[0].update(distance_km="1-4.5", bearing="SSE", lat=39.76, lon=46.75)
    write_csv(tmp_path / "a.csv", rows)
    write_jsonl(tmp_path / "b.jsonl", rows[1:] + observation_rows(2, count=1))  # 2 known rows
    summary, _ = _ingest(store, tmp_path)
    assert summary.observations == 4 and summary.observation_duplicates == 2
    with store.read() as session:
        first = session.scalars(select(Observation).order_by(Observation.id)).first()
    assert first.time_start == datetime(2020, 11, 11, 3, 0, tzinfo=UTC)  # +04:00 -> UTC
    assert (first.distance_min_km, first.distance_max_km, first.bearing_deg) == (1.0, 4.5, 157.5)
    assert first.event_type == "ASSAULT" and first.source_kind == "observer"


def test_ingest_metadata_options_sidecar_and_text(store_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Wednesday, November 4, 2020\n\n" + article(1))
    (inputs / "b.txt").write_text(article(2))
    (inputs / "b.meta.json").write_text(
        json.dumps({"outlet": "Wire", "side": "media", "published": "2020-11-05"})
    )
    result = run_truce("--db", store_url, "ingest", str(inputs), "--language", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 stored, 0 duplicates, 0 rejected" in result.stdout
    listing = run_truce("--db", store_url, "documents", "--format", "json", cwd=tmp_path)
    docs = {d["source_name"]: d for d in json.loads(listing.stdout)}
    assert docs["a.txt"]["published"] == "2020-11-04"
    assert docs["b.txt"]["outlet"] == "Wire" and docs["b.txt"]["side"] == "media"
    assert docs["b.txt"]["published"] == "2020-11-05" and docs["a.txt"]["language"] == "en"
    filtered = run_truce(
        "--db",
        store_url,
        "documents",
        "--side",
        "media",
        "--since",
        "2020-11-05",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert [d["source_name"] for d in json.loads(filtered.stdout)] == ["b.txt"]
    shown = run_truce(
        "--db", store_url, "show", str(docs["b.txt"]["id"]), "--format", "json", cwd=tmp_path
    )
    assert json.loads(shown.stdout)["published_from"] == "sidecar"


def test_ingest_cli_reports_rejections_and_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(article(1))
    (tmp_path / "empty.txt").write_text("")
    result = run_truce("ingest", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "1 stored, 0 duplicates, 1 rejected" in result.stdout
    assert "error: empty.txt: empty file" in result.stderr
    again = run_truce("ingest", "good.txt", cwd=tmp_path)
    assert again.returncode == 0 and "duplicate: good.txt" in again.stderr
    # the store's own files in the folder are never ingested
    assert "truce.db" not in run_truce("ingest", ".", cwd=tmp_path).stderr


def test_ingest_published_option_wins(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("October 30, 2020\n\n" + article(3))
    run_truce("ingest", "a.txt", "--published", "2020-11-01", cwd=tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'truce.db'}")
    with store.read() as session:
        doc = session.scalars(select(Document)).one()
    assert doc.published == date(2020, 11, 1) and doc.published_from == "option"


def test_ingest_bad_option_is_one_line(tmp_path: Path) -> None:
    result = run_truce("ingest", ".", "--published", "yesterday", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "YYYY-MM-DD" in result.stderr
