"""Report and export benchmark over a generated store of 1,000,000 claims and incidents.

Generates a fresh SQLite store with bulk inserts (schema by truce's own migrations):
N documents' worth of claims spread over a year, one incident per claim with its member
row, status, place, area and figures (about a fifth of incidents carry casualty figures,
by source and in total). Then runs the real commands in child processes and prints the
wall time and the child's peak RSS (the kernel's accounting of that child alone):

* ``truce report daily --date D`` in html, pdf and md (with and without ``--no-refresh``:
  the default first checks for claims not yet grouped into incidents);
* ``truce report period`` over 7 days (html);
* ``truce export --format csv`` of every incident (and geojson, jsonl).

    python bench/report.py                      # 1,000,000 claims and incidents
    python bench/report.py --claims 100000 --keep /tmp/bench.db

Bars (issue 6): a report over a store of 1,000,000 claims in under 5 s; exporting
1,000,000 incidents to CSV in under 60 s with peak RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

START = date(2020, 1, 1)
DAYS = 365
TYPES = ["ASSAULT"] * 6 + ["CASUALTIES", "WITHDRAW", "DEPLOY", "RETURN", "CEASEFIRE", "REQUEST"]
STATUSES = ["single-source"] * 6 + ["corroborated"] * 2 + ["verified", "disputed", "refuted"]
PLACES = [
    ("nk:taghavard", "Taghavard", "Khojavend District", 39.668, 46.920),
    ("nk:khramort", "Khramort", "Askeran Province", 40.005, 46.817),
    ("nk:stepanakert", "Stepanakert", "Stepanakert", 39.815, 46.752),
    ("nk:shushi", "Shusha", "Shusha District", 39.760, 46.750),
    ("nk:askeran", "Askeran", "Askeran Province", 39.939, 46.832),
    ("nk:lachin", "Lachin", "Lachin District", 39.637, 46.550),
    ("nk:aghdam", "Aghdam", "Aghdam District", 39.991, 46.927),
    ("nk:karmir-shuka", "Karmir Shuka", "Khojavend District", 39.685, 46.905),
    ("nk:martakert", "Martakert", "Martakert Province", 40.215, 46.813),
    ("nk:hadrut", "Hadrut", "Hadrut Province", 39.517, 47.030),
]
SIDES = ["armenia", "azerbaijan", "artsakh", "russia", "media", "osce"]
OUTLETS = ["Ministry of Defence", "Defense Army", "Transcaucasus Press Agency", "Field team"]


def generate(db: Path, claims: int, seed: int = 7) -> float:
    """A store with ``claims`` claims and as many incidents; returns the seconds taken."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from truce.store import Store

    started = time.perf_counter()
    Store(f"sqlite:///{db}").close()  # the schema, by the real migrations
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
    now = "2021-01-01 00:00:00.000000"
    n_docs = max(claims // 50, 1)
    con.executemany(
        "INSERT INTO documents (id, content_hash, kind, title, outlet, url, published, side,"
        " text, meta, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                i,
                f"{i:064x}",
                "article",
                f"Report {i}",
                OUTLETS[i % len(OUTLETS)],
                f"https://example.org/report/{i}",
                (START + timedelta(days=(i * DAYS) // n_docs)).isoformat(),
                SIDES[i % len(SIDES)],
                "generated",
                "{}",
                now,
            )
            for i in range(1, n_docs + 1)
        ),
    )
    batch = 50_000
    for lo in range(1, claims + 1, batch):
        hi = min(lo + batch, claims + 1)
        claim_rows, incident_rows, member_rows, figure_rows = [], [], [], []
        for i in range(lo, hi):
            day = (START + timedelta(days=(i * DAYS) // (claims + 1))).isoformat()
            doc = 1 + (i * n_docs) // (claims + 1)
            type_ = TYPES[rng.randrange(len(TYPES))]
            status = STATUSES[rng.randrange(len(STATUSES))]
            pid, pname, area, lat, lon = PLACES[rng.randrange(len(PLACES))]
            side = SIDES[rng.randrange(len(SIDES))]
            deny = status == "disputed" and i % 2 == 0
            claim_rows.append(
                (i, doc, i, 0, 40, f"Generated claim {i} about {pname}.", type_,
                 "deny" if deny else "assert", OUTLETS[i % 4], side, day, day, "day", "{}")
            )  # fmt: skip
            extra = json.dumps(
                {"asserted_by": [side], "denied_by": ["azerbaijan"] if deny else [],
                 "observed_by": ["FMT-1"] if status == "verified" else [],
                 "status_reason": f"generated {status}"}
            )  # fmt: skip
            incident_rows.append(
                (i, f"k{i}", "force", type_, status, pid, pname,
                 lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02), 1, day, day,
                 1, 1, f"{type_} at {pname} {day}: asserted by {side}", extra, now, now,
                 area, f",{side},", "day", 0)
            )  # fmt: skip
            member_rows.append((i, i, i, "deny" if deny else "support", "{}", 0, now, doc))
            if type_ in ("ASSAULT", "CASUALTIES") and i % 5 == 0:
                k = rng.randrange(0, 4)
                figure_rows.append((i, "killed", side, side, "assert", k, k, k + 1, 1))
                figure_rows.append((i, "killed", "*", None, "assert", k, k, k + 1, 1))
        con.executemany(
            "INSERT INTO claims (id, document_id, seq, span_start, span_end, quote, type,"
            " polarity, speaker_name, speaker_side, date_start, date_end, date_precision,"
            " extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            claim_rows,
        )
        con.executemany(
            "INSERT INTO incidents (id, key, family, type, status, place_id, place_name, lat,"
            " lon, geo_precision, date_start, date_end, claim_count, source_count, summary,"
            " extra, created_at, updated_at, area, sides, date_precision, aggregate, status_locked)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            incident_rows,
        )
        con.executemany(
            "INSERT INTO incident_members (id, incident_id, claim_id, role, reason, pinned,"
            " added_at, document_id) VALUES (?,?,?,?,?,?,?,?)",
            member_rows,
        )
        con.executemany(
            "INSERT INTO incident_figures (incident_id, kind, source, side, polarity, low,"
            " best, high, claims) VALUES (?,?,?,?,?,?,?,?,?)",
            figure_rows,
        )
        con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return time.perf_counter() - started


def run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run ``truce ARGS`` in a child; (seconds, peak RSS in MB, exit status)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "truce", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode())
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the store here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="truce-bench-report-"))
    db = args.keep or folder / "bench.db"
    if not db.exists():
        seconds = generate(db, args.claims)
        print(f"generated {args.claims:,} claims and incidents in {seconds:.1f} s ({db})")
    else:
        print(f"reusing {db}")
    url = f"sqlite:///{db.resolve()}"
    day = (START + timedelta(days=200)).isoformat()
    week_end = (START + timedelta(days=206)).isoformat()
    cases = [
        ("report daily html", ["report", "daily", "--date", day, "-o", "d.html"]),
        ("report daily html --no-refresh",
         ["report", "daily", "--date", day, "--no-refresh", "-o", "d2.html"]),
        ("report daily pdf", ["report", "daily", "--date", day, "-f", "pdf", "-o", "d.pdf"]),
        ("report daily md", ["report", "daily", "--date", day, "-f", "md", "-o", "d.md"]),
        ("report period 7 days html",
         ["report", "period", "--from", day, "--to", week_end, "-o", "w.html"]),
        ("export csv (all incidents)", ["export", "-f", "csv", "-o", "all.csv"]),
        ("export geojson (all incidents)", ["export", "-f", "geojson", "-o", "all.geojson"]),
        ("export jsonl (all incidents)", ["export", "-f", "jsonl", "-o", "all.jsonl"]),
    ]  # fmt: skip
    print(f"{'command':34} {'seconds':>8} {'peak RSS MB':>12}")
    for label, argv in cases:
        seconds, rss, code = run(["--db", url, *argv], folder)
        flag = "" if code == 0 else f"  (exit {code})"
        print(f"{label:34} {seconds:8.2f} {rss:12.0f}{flag}", flush=True)
    rows = sum(1 for _ in (folder / "all.csv").open(encoding="utf-8")) - 1
    print(f"csv rows: {rows:,}; outputs in {folder}")


if __name__ == "__main__":
    main()
