"""Builders for test inputs: plausible reports with unique content."""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["Martuni", "Shushi", "Stepanakert", "Aghdam", "Lachin", "Kalbajar", "Hadrut", "Askeran"]
VERBS = ["shelled", "fired on", "attacked", "struck", "targeted"]


def article(n: int, words: int = 120, seed: int = 0) -> str:
    """A unique short news text (number ``n`` makes it unique)."""
    rng = random.Random(seed * 1_000_003 + n)
    sentences = [f"Report number {n}."]
    while sum(len(s.split()) for s in sentences) < words:
        place = rng.choice(PLACES)
        sentences.append(
            f"The ministry said forces {rng.choice(VERBS)} positions near {place} on "
            f"November {rng.randint(10, 30)}, and {rng.randint(1, 9)} soldiers were wounded."
        )
    return " ".join(sentences)


def observation_rows(n: int, count: int = 3) -> list[dict[str, object]]:
    return [
        {
            "time": f"2020-11-{10 + (n + i) % 20:02d}T{(n * 7 + i) % 24:02d}:{i % 60:02d}:00+04:00",
            "place": PLACES[(n + i) % len(PLACES)],
            "what": "explosion",
            "count": i + 1,
            "mode": "heard",
            "reporter": f"patrol-{n}",
        }
        for i in range(count)
    ]


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(str(r.get(h, "")) for h in header) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
