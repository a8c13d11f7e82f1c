"""The command line: truce incidents / incident / figures, analysts' commands, and one-line
errors for bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_truce
from tests.correlate.factory import Corpus
from tests.correlate.helpers import NIGHT, group, incident_of
from truce.store import Store

SHELLING = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, dict[str, int]]:
    """A small store: a disputed, verified shelling at Taghavard and a claim at Shosh."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    c = Corpus(store)
    _, (a,), _ = c.document(
        outlet="Defense Army",
        side="artsakh",
        claims=[
            {
                **SHELLING,
                "date": NIGHT,
                "side": "artsakh",
                "speaker": "Defense Army",
                "quote": "mortars fired at Taghavard",
                "figures": [("killed", 1), ("wounded", 2)],
            }
        ],
    )
    _, (d,), _ = c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[
            {**SHELLING, "side": "azerbaijan", "polarity": "deny", "quote": "the report is false"}
        ],
    )
    _, (s,), _ = c.document(
        outlet="MoD",
        side="azerbaijan",
        claims=[
            {**SHELLING, "place": "v:shosh", "side": "azerbaijan", "figures": [("wounded", 1)]}
        ],
    )
    heard = {
        "time": "2020-11-16T23:41:00+04:00",
        "place": "v:karmir",
        "distance": (2, 4),
        "bearing": 270,
        "what": "explosion",
    }
    c.document(outlet="OSCE", side="osce", kind="observation", observations=[heard])
    group(store)
    ids = {
        "taghavard": incident_of(store, claim=a),
        "shosh": incident_of(store, claim=s),
        "claim": a,
        "denial": d,
    }
    store.close()
    return url, ids


def test_incidents_list_and_filters(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run_truce("--db", url, "incidents", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)}
    assert rows[ids["taghavard"]]["status"] == "verified"
    assert rows[ids["taghavard"]]["denied_by"] == ["azerbaijan"]
    only = json.loads(
        run_truce("--db", url, "incidents", "--side", "osce", "--format", "json").stdout
    )
    assert [r["id"] for r in only] == [ids["taghavard"]]
    only = json.loads(
        run_truce("--db", url, "incidents", "--place", "shosh", "--format", "json").stdout
    )
    assert [r["id"] for r in only] == [ids["shosh"]]
    table = run_truce("--db", url, "incidents", "--status", "verified")
    assert "Taghavard" in table.stdout and "Shosh" not in table.stdout


def test_incidents_as_csv_and_geojson(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    rows = list(
        csv.DictReader(io.StringIO(run_truce("--db", url, "incidents", "--format", "csv").stdout))
    )
    assert {int(r["id"]) for r in rows} == {ids["taghavard"], ids["shosh"]}
    geo = json.loads(run_truce("--db", url, "incidents", "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection"
    point = next(f for f in geo["features"] if f["id"] == ids["taghavard"])
    assert point["geometry"]["coordinates"] == [46.92, 39.668]
    assert point["properties"]["status"] == "verified"


def test_incident_shows_claims_figures_history_and_why(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run_truce("--db", url, "incident", str(ids["taghavard"]), "--why")
    assert done.returncode == 0, done.stderr
    for text in (
        "verified",
        "mortars fired at Taghavard",
        "the report is false",
        "Defense Army",
        "figures by source",
        "status history",
        "why each member is here",
        "observation 1",
    ):
        assert text in done.stdout, text
    detail = json.loads(
        run_truce(
            "--db", url, "incident", str(ids["taghavard"]), "--why", "--format", "json"
        ).stdout
    )
    why = {w["member"]: w["why"] for w in detail["why"]}
    assert "links to" in why[f"claim {ids['claim']}"]
    assert [
        f["best"] for f in detail["figures"] if f["kind"] == "killed" and f["source"] == "total"
    ] == [1]


def test_figures_by_side(db: tuple[str, dict[str, int]]) -> None:
    url, _ = db
    rows = json.loads(run_truce("--db", url, "figures", "--by", "side", "--format", "json").stdout)
    assert {(r["side"], r["kind"]): (r["incidents"], r["best"]) for r in rows} == {
        ("artsakh", "killed"): (1, 1),
        ("artsakh", "wounded"): (1, 2),
        ("azerbaijan", "wounded"): (1, 1),
    }


def test_analyst_commands(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run_truce(
        "--db",
        url,
        "incident",
        "status",
        str(ids["shosh"]),
        "disputed",
        "--reason",
        "Armenia denied it by phone",
    )
    assert done.returncode == 0 and "set to disputed" in done.stdout, done.stderr
    done = run_truce(
        "--db",
        url,
        "incident",
        "merge",
        str(ids["taghavard"]),
        str(ids["shosh"]),
        "--reason",
        "one barrage",
    )
    assert done.returncode == 0 and "merged into incident" in done.stdout, done.stderr
    done = run_truce("--db", url, "incident", "regroup", "--distance", "4")
    assert done.returncode == 0 and "incidents:" in done.stdout, done.stderr
    listed = json.loads(run_truce("--db", url, "incidents", "--format", "json").stdout)
    assert len(listed) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["incident", "999"], "error: no incident 999"),
        (["incident", "merge", "1", "999", "--reason", "x"], "error: no incident 999"),
        (["incident", "split", "1", "--claims", "abc", "--reason", "x"], "is not a list of ids"),
        (["incident", "status", "1", "unsure", "--reason", "x"], "error: unknown status 'unsure'"),
        (["incident", "merge", "1", "2"], "Missing option '--reason'"),
        (["incidents", "--since", "yesterday"], "is not YYYY-MM-DD"),
        (["incidents", "--status", "likely"], "one of verified"),
        (
            ["incident", "regroup", "--distance", "-1"],
            "error: --distance: must be between 0 and 200 km",
        ),
    ],
)
def test_bad_input_is_one_line_never_a_traceback(
    db: tuple[str, dict[str, int]], args: list[str], message: str
) -> None:
    url, _ = db
    done = run_truce("--db", url, *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_ingest_groups_what_it_stores(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "patrol.jsonl").write_text(
        '{"time": "2020-11-16T23:41:00+04:00", "place": "Karmir Shuka", "lat": 39.676, '
        '"lon": 46.949, "what": "explosion", "count": 3, "mode": "heard", "reporter": "FMT-2"}\n',
        encoding="utf-8",
    )
    done = run_truce("--db", str(tmp_path / "t.db"), "ingest", str(reports))
    assert done.returncode == 0, done.stderr
    assert "incidents: 1 new" in done.stdout and "1 verified" in done.stdout


def test_ingest_fingerprints_documents_and_finds_wire_copies(tmp_path: Path) -> None:
    from tests.correlate.factory import WIRE_TEXT, wire_copy

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "tpa.txt").write_text(WIRE_TEXT, encoding="utf-8")
    (reports / "courier.txt").write_text(
        wire_copy(WIRE_TEXT, "The Highland Courier"), encoding="utf-8"
    )
    db = tmp_path / "t.db"
    # two runs: the copy, published a day later, meets the stored original
    for name, day in (("tpa.txt", "2020-11-17"), ("courier.txt", "2020-11-18")):
        done = run_truce("--db", str(db), "ingest", str(reports / name), "--published", day)
        assert done.returncode == 0, done.stderr
    store = Store(f"sqlite:///{db}")
    with store.read() as session:
        from sqlalchemy import select

        from truce.store.schema import DocumentCopy

        reps = dict(session.execute(select(DocumentCopy.document_id, DocumentCopy.copy_of)).all())
    store.close()
    assert reps == {1: 1, 2: 1}
