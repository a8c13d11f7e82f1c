"""Measure the reference matchers: cold-process load time and matching speed.

Why: docs/gazetteer.md and docs/actors.md quote these figures; this reproduces them.

    python -m truce.reference.bench ARTICLE.txt [ARTICLE.txt ...] [--mb 5] [--runs 5]

Load time is measured in fresh processes (import, then ``default()`` from a warm user
cache); matching speed is CPU time of ``find()`` over the given texts concatenated up to
``--mb`` megabytes (best of three).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

_PROBE = """
import time
t0 = time.perf_counter()
from truce.reference.gazetteer import Gazetteer
from truce.reference.actors import ActorIndex
t1 = time.perf_counter(); g = Gazetteer.default(); t2 = time.perf_counter()
a = ActorIndex.default(); t3 = time.perf_counter()
g.find("Fighting near Shushi."); a.find("Putin said.")
print(t1 - t0, t2 - t1, t3 - t2)
"""


def cold_load(runs: int) -> tuple[float, float, float]:
    """Median (import, gazetteer load, actors load) seconds over fresh processes."""
    subprocess.run([sys.executable, "-c", _PROBE], check=True, capture_output=True)  # warm
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _PROBE], check=True, capture_output=True,
                             text=True).stdout.split()
        rows.append(tuple(float(x) for x in out))
    return tuple(statistics.median(r[i] for r in rows) for i in range(3))  # type: ignore[return-value]


def speed(texts: list[str], mb: float) -> dict[str, tuple[float, int]]:
    """MB/s (CPU time, best of three) and mention count for each matcher."""
    from truce.reference.actors import ActorIndex
    from truce.reference.gazetteer import Gazetteer

    base = "\n\n".join(texts)
    big = (base + "\n\n") * max(1, int(mb * 1e6 // max(1, len(base))) + 1)
    out = {}
    for name, fn in (("places", Gazetteer.default().find), ("actors", ActorIndex.default().find)):
        fn(base)
        best, count = float("inf"), 0
        for _ in range(3):
            t = time.process_time()
            count = len(fn(big))
            best = min(best, time.process_time() - t)
        out[name] = (len(big) / 1e6 / best, count)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Measure gazetteer and actor matching.")
    ap.add_argument("files", nargs="+", type=Path, help="English news text files")
    ap.add_argument("--mb", type=float, default=5.0, help="size of the matched text in MB")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes for the load time")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in args.files]
    imp, gaz, act = cold_load(args.runs)
    print(f"cold process: imports {imp:.3f}s, gazetteer load {gaz:.3f}s, "
          f"actors load {act:.3f}s (median of {args.runs})")
    for name, (mbps, count) in speed(texts, args.mb).items():
        print(f"{name}: {mbps:.1f} MB/s CPU over {args.mb:g} MB, {count} mentions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
