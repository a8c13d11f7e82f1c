"""The commands as a user runs them: the demo's daily report, report and export options."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import run_truce


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = run_truce("demo", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "daily report for 2020-12-01:" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("daily report for 2020-12-01:")
    return folder


def test_demo_ends_with_the_daily_report(demo_dir: Path) -> None:
    page = (demo_dir / "truce-report-2020-12-01.html").read_text(encoding="utf-8")
    assert "Daily report — 1 December 2020" in page
    assert "All times Asia/Baku (UTC+04:00)" in page
    assert "Berdzor / Lachin" in page  # both names of the place
    assert "Agreement status" in page and "p6-lachin" in page
    assert page.count("data:image/svg+xml;base64,") == 2


def test_report_formats(demo_dir: Path) -> None:
    result = run_truce(
        "report", "period", "--from", "2020-11-16", "--to", "2020-11-22", "-f", "pdf",
        "-o", "week.pdf", cwd=demo_dir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (demo_dir / "week.pdf").read_bytes().startswith(b"%PDF-")
    result = run_truce("report", "daily", "--date", "2020-11-17", "-f", "md", "-o", "-",
                       "--no-refresh", cwd=demo_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Daily report — 17 November 2020")
    assert "## Disputed claims" in result.stdout


def test_report_errors_are_one_line(demo_dir: Path) -> None:
    bad = run_truce("report", "daily", "--date", "17/11/2020", cwd=demo_dir)
    assert bad.returncode == 1 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    zone = run_truce("report", "daily", "--tz", "Mars/Olympus", cwd=demo_dir)
    assert zone.returncode == 1 and "unknown time zone" in zone.stderr
    order = run_truce("report", "period", "--from", "2020-11-20", "--to", "2020-11-10",
                      cwd=demo_dir)  # fmt: skip
    assert order.returncode == 1 and "ends before it starts" in order.stderr


def test_export_command(demo_dir: Path) -> None:
    result = run_truce("export", "-f", "csv", "-o", "all.csv", cwd=demo_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((demo_dir / "all.csv").open(encoding="utf-8", newline="")))
    assert rows and {"event_date", "fatalities", "status", "killed_best"} <= set(rows[0])
    # the night shelling of 16-17 November near Taghavard, confirmed by an observer patrol
    night = [r for r in rows if r["event_date"] == "2020-11-16" and r["truce_type"] == "ASSAULT"]
    assert any(r["status"] == "verified" and "FMT-2" in r["source"] for r in night)
    result = run_truce("export", "-f", "geojson", "--status", "verified", cwd=demo_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["features"] and all(f["properties"]["status"] == "verified" for f in doc["features"])
