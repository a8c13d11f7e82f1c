"""Sanity check for gold.jsonl: every quote is found in its document (same rule as
locate() in the shared scorer), and every field uses the guideline's vocabulary.

usage: python3 tests/extract/gold/check_gold.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {
    "ASSAULT",
    "SEIZE",
    "CEASEFIRE",
    "AGREE",
    "REJECT",
    "CONSULT",
    "DEPLOY",
    "WITHDRAW",
    "RETURN",
    "AID",
    "ACCUSE",
    "REQUEST",
    "CASUALTIES",
}
SIDES = {
    "armenia",
    "artsakh",
    "azerbaijan",
    "russia",
    "turkey",
    "usa",
    "france",
    "iran",
    "osce",
    "un",
    "icrc",
    "eu",
    "media",
    "other",
}
KINDS = {"killed", "wounded", "missing", "displaced", "personnel", "equipment"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def locate(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def problems() -> list[str]:
    out = []
    for line in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = (HERE / "docs" / rec["doc"]).read_text(encoding="utf-8")
        where = rec["doc"]
        if not DAY.match(rec["published"]):
            out.append(f"{where}: bad published date")
        for c in rec["claims"]:
            q = c["quote"][:50]
            if locate(text, c["quote"]) is None:
                out.append(f"{where}: quote not found: {q!r}")
            if c["type"] not in TYPES:
                out.append(f"{where}: bad type {c['type']} in {q!r}")
            if c["polarity"] not in ("assert", "deny"):
                out.append(f"{where}: bad polarity in {q!r}")
            spk = c["speaker"]
            if spk is not None and (spk.get("side") not in SIDES or not spk.get("name")):
                out.append(f"{where}: bad speaker in {q!r}")
            for p in c["places"]:
                if not (-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["name"]):
                    out.append(f"{where}: bad place in {q!r}")
            d = c["date"]
            days = [d] if isinstance(d, str) else [] if d is None else [d["start"], d["end"]]
            if any(not DAY.match(x) for x in days) or (len(days) == 2 and days[0] > days[1]):
                out.append(f"{where}: bad date in {q!r}")
            for f in c["figures"]:
                if f["kind"] not in KINDS or set(f) != {"kind", "value", "low", "high"}:
                    out.append(f"{where}: bad figure in {q!r}")
    return out


if __name__ == "__main__":
    found = problems()
    print("\n".join(found) or "gold.jsonl: all quotes located, all fields valid")
    sys.exit(1 if found else 0)
