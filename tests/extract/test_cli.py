"""`truce extract` (the JSON Lines contract) and claims stored on ingest (`truce claims`)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import run_truce
from truce.extract.persist import ClaimWriter
from truce.ingest.runner import Ingestor
from truce.ingest.sources import iter_inputs
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import AuditEntry, Claim, ClaimPlace, Figure, Place

STATEMENT = (
    "Wednesday, November 18, 2020\n\n"
    "Azerbaijan's Defense Ministry said Armenian forces shelled Tartar overnight, killing two "
    "civilians. Armenia's Defense Ministry denied the report.\n\n"
    "Russian peacekeepers deployed along the Lachin corridor on Sunday."
)


def test_extract_jsonl_contract(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STATEMENT, encoding="utf-8")
    result = run_truce("extract", str(tmp_path / "a.txt"), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc"] == "a.txt" and record["published"] == "2020-11-18"  # from the text
    first = record["claims"][0]
    assert set(first) >= {"span", "type", "polarity", "speaker", "places", "date", "figures"}
    start, end = first["span"]
    assert "shelled Tartar" in STATEMENT[start:end]
    assert first["speaker"]["side"] == "azerbaijan"
    assert first["date"] == "2020-11-17"
    assert {
        k: first["figures"][0][k] for k in ("kind", "value")
    } == {"kind": "killed", "value": 2} | {}
    assert first["places"][0]["name"] == "Tartar"
    assert abs(first["places"][0]["lat"] - 40.34) < 0.1


def test_extract_published_option_and_table(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Troops shelled Shusha on Tuesday.", encoding="utf-8")
    result = run_truce("extract", str(tmp_path / "b.txt"), "--published", "2020-11-04")
    assert json.loads(result.stdout)["claims"][0]["date"] == "2020-11-03"
    table = run_truce(
        "extract", str(tmp_path / "b.txt"), "--format", "table", "--published", "2020-11-04"
    )
    assert table.returncode == 0 and "ASSAULT" in table.stdout


def test_extract_bad_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    result = run_truce("extract", str(tmp_path / "junk.txt"), str(tmp_path / "missing.txt"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2
    bad_date = run_truce("extract", str(tmp_path / "junk.txt"), "--published", "soon")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_ingest_stores_claims_with_places_figures_and_audit(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STATEMENT, encoding="utf-8")
    writer = ClaimWriter()
    summary = Ingestor(store, processors=[writer]).run(iter_inputs([tmp_path]))
    assert summary.stored == 1 and writer.claims >= 2
    with store.read() as session:
        claims = session.scalars(select(Claim).order_by(Claim.seq)).all()
        assert [c.polarity for c in claims][:2] == ["assert", "deny"]
        assert claims[0].speaker_side == "azerbaijan" and claims[1].speaker_side == "armenia"
        assert session.scalar(select(func.count()).select_from(Figure)) >= 1
        assert (
            session.scalar(select(ClaimPlace.name).where(ClaimPlace.claim_id == claims[0].id))
            == "Tartar"
        )
        tartar = session.scalar(select(Place).where(Place.name == "Tartar"))
        assert tartar is not None and any(n["text"] == "Tərtər" for n in tartar.names)
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        assert actions == ["document.ingest", "claims.extract"]
        assert verify(session).ok


def test_claims_command_filters(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STATEMENT, encoding="utf-8")
    assert run_truce("ingest", "in", cwd=tmp_path).returncode == 0

    def rows(*args: str) -> list[dict]:
        result = run_truce("claims", "--format", "json", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert {r["type"] for r in rows()} >= {"CASUALTIES", "DEPLOY"}
    assert [r["side"] for r in rows("--polarity", "deny")] == ["armenia"]
    assert all(r["side"] == "azerbaijan" for r in rows("--side", "azerbaijan"))
    assert [r["type"] for r in rows("--place", "Tərtər")][:1] == ["CASUALTIES"]  # any spelling
    assert [r["type"] for r in rows("--type", "deploy", "--since", "2020-11-15")] == ["DEPLOY"]
    assert rows("--until", "2020-11-01") == []
    csv_out = run_truce("claims", "--format", "csv", cwd=tmp_path).stdout.splitlines()
    assert csv_out[0].startswith("id,document_id,source")
