"""The real command line: load, list, status with --at, deadlines, links, refused files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agreement.helpers import MALFORMED
from tests.conftest import run_truce
from truce.agreement.loader import shipped_files


def truce(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_truce("--db", f"sqlite:///{tmp_path / 'truce.db'}", *args, cwd=tmp_path)


def test_agreement_commands_end_to_end(tmp_path: Path) -> None:
    files = [str(p) for p in shipped_files()]
    loaded = truce(tmp_path, "agreement", "load", *files)
    assert loaded.returncode == 0, loaded.stderr
    assert "nk-2020-11-10: loaded version 1 with 15 provisions" in loaded.stdout
    assert "unchanged" in truce(tmp_path, "agreement", "load", files[-1]).stdout

    listed = json.loads(truce(tmp_path, "agreement", "list", "--format", "json").stdout)
    assert {a["id"] for a in listed} == {
        "nk-2020-10-10",
        "nk-2020-10-17",
        "nk-2020-10-25",
        "nk-2020-11-10",
    }

    status = truce(
        tmp_path, "agreement", "status", "nk-2020-11-10", "--at", "2020-11-14", "--format", "json"
    )
    assert status.returncode == 0, status.stderr
    rows = {r["provision"]: r for r in json.loads(status.stdout)}
    assert rows["p6-kalbajar"]["status"] == "due soon"
    assert rows["p1-ceasefire"]["status"] == "met"
    assert rows["p2-aghdam"]["due_utc"] == "2020-11-20T20:00:00Z"

    deadlines = truce(
        tmp_path,
        "agreement",
        "deadlines",
        "--at",
        "2020-11-14",
        "--within",
        "7d",
        "--format",
        "json",
    )
    due = [(d["provision"], d["what"]) for d in json.loads(deadlines.stdout)]
    assert due == [("p6-kalbajar", "deadline"), ("p2-aghdam", "deadline")]

    table = truce(tmp_path, "agreement", "status", "--at", "2020-11-14")
    assert table.returncode == 0 and "p6-kalbajar" in table.stdout and "due soon" in table.stdout
    assert truce(tmp_path, "audit", "verify").returncode == 0


def test_refused_file_prints_one_line_per_problem_and_stores_nothing(tmp_path: Path) -> None:
    bad = MALFORMED / "07_no_time_zone.yaml"
    result = truce(tmp_path, "agreement", "load", str(bad))
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 4 and all(f"{bad}:" in ln for ln in errors)
    assert "Traceback" not in result.stderr
    listed = truce(tmp_path, "agreement", "list", "--format", "json")
    assert json.loads(listed.stdout) == []


def test_manual_link_through_the_cli_is_checked(tmp_path: Path) -> None:
    truce(tmp_path, "agreement", "load", *(str(p) for p in shipped_files()))
    missing = truce(
        tmp_path,
        "agreement",
        "link",
        "nk-2020-11-10/p1-ceasefire",
        "--incident",
        "5",
        "--relation",
        "violation",
        "--reason",
        "seen",
    )
    assert missing.returncode == 1 and "no such evidence" in missing.stderr
    ambiguous = truce(tmp_path, "agreement", "links", "p1-ceasefire")
    assert ambiguous.returncode == 1 and "ambiguous provision" in ambiguous.stderr


def test_demo_shows_agreement_status_on_the_sample_data(tmp_path: Path) -> None:
    result = run_truce("demo", cwd=tmp_path, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "agreement status at the end of 2020-12-01" in text
    lines = {ln.split("│")[2].strip(): ln for ln in text.splitlines() if ln.count("│") > 4}
    # the first breach is the shelling of Taghavard, not the observers' base it was heard from
    assert "violated" in lines["p1-ceasefire"] and "at Taghavard" in lines["p1-ceasefire"]
    for key in ("p2-aghdam", "p6-kalbajar", "p6-lachin"):
        assert "│ met" in lines[key], lines[key]
    assert "amended by a1-kalbajar-extension" in text
