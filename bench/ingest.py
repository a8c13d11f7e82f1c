"""Ingest benchmark: N generated 5 KB text documents into a fresh SQLite store.

Prints documents/s and the peak resident memory of the ingest process at each size, so
that memory can be seen to stay flat as the count grows. The ingest runs as the real
command (``truce ingest DIR``) in a child process; its peak RSS is read from the kernel's
accounting of that child alone. Two modes are measured: storing documents only
(``--no-extract``: reading, decoding, hashing, metadata, one transaction and one audit
entry per document), and the full default ingest that also extracts and stores claims
(on worker processes, one per core; peak RSS is then the main process's).

    python bench/ingest.py                 # 1,000 and 10,000 documents, both modes
    python bench/ingest.py --sizes 500 2000 --bytes 5000 --modes store

Bars (issue 2, set for storing documents): >= 500 documents/s on 2 cores, peak RSS
< 300 MB, flat between sizes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the",
    "ministry",
    "of",
    "defence",
    "said",
    "forces",
    "shelled",
    "positions",
    "near",
    "the",
    "village",
    "overnight",
    "and",
    "two",
    "soldiers",
    "were",
    "wounded",
    "while",
    "the",
    "other",
    "side",
    "denied",
    "the",
    "report",
    "calling",
    "it",
    "a",
    "provocation",
    "observers",
    "could",
    "not",
    "confirm",
    "either",
    "account",
    "peacekeepers",
    "reported",
    "that",
    "the",
    "ceasefire",
    "was",
    "holding",
    "along",
    "the",
    "line",
    "of",
    "contact",
    "despite",
    "isolated",
    "incidents",
    "residents",
    "returned",
    "to",
    "their",
    "homes",
    "in",
    "the",
    "district",
    "as",
    "humanitarian",
    "convoys",
    "arrived",
]

MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "elapsed = time.perf_counter() - t\n"
    "peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(rc, elapsed, peak_kb)\n"
)


def generate(folder: Path, count: int, size: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(count):
        words = [f"Report {seed}-{n}."]
        length = len(words[0])
        while length < size:
            word = rng.choice(WORDS)
            words.append(word)
            length += len(word) + 1
        (folder / f"doc{n:06d}.txt").write_text(" ".join(words)[:size], encoding="utf-8")


MODES = {"store": ["--no-extract"], "extract": []}


def run(count: int, size: int, extra: list[str]) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="truce-bench-"))
    try:
        docs = work / "docs"
        docs.mkdir()
        generate(docs, count, size, seed=count)
        db = work / "bench.db"
        command = [
            sys.executable,
            "-c",
            MEASURE,
            sys.executable,
            "-m",
            "truce",
            "--db",
            f"sqlite:///{db}",
            "ingest",
            str(docs),
            "-q",
            *extra,
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
        rc, elapsed, peak_kb = int(out[0]), float(out[1]), int(out[2])
        if rc != 0:
            raise SystemExit(f"ingest failed with exit status {rc}")
        return {
            "documents": count,
            "seconds": elapsed,
            "docs_per_s": count / elapsed,
            "peak_rss_mb": peak_kb / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--bytes", type=int, default=5000, help="size of each document")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--modes", nargs="+", choices=sorted(MODES), default=["store", "extract"])
    parser.add_argument("extra", nargs="*", help="extra options for truce ingest (after --)")
    args = parser.parse_args()
    everything = []
    for mode in args.modes:
        results = []
        for count in args.sizes:
            result = run(count, args.bytes, MODES[mode] + args.extra)
            result["mode"] = mode
            results.append(result)
            if not args.json:
                print(
                    f"{mode:8} {count:>7} documents of {args.bytes} B: {result['seconds']:6.1f} s  "
                    f"{result['docs_per_s']:7.0f} documents/s  "
                    f"peak RSS {result['peak_rss_mb']:6.1f} MB",
                    flush=True,
                )
        if len(results) > 1 and not args.json:
            growth = results[-1]["peak_rss_mb"] / results[0]["peak_rss_mb"]
            print(
                f"{mode:8} peak RSS ratio {results[-1]['documents']}/{results[0]['documents']} "
                f"documents: {growth:.2f} (flat memory: close to 1.0)"
            )
        everything.extend(results)
    if args.json:
        print(json.dumps(everything, indent=2))


if __name__ == "__main__":
    time.sleep(0)
    main()
