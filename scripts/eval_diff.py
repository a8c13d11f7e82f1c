"""Show where `truce extract` disagrees with a gold file, field by field (a dev tool).

    python scripts/eval_diff.py GOLD DOCS [--field FIELD ...]

FIELD: type, polarity, side, date, places, figures, missed, extra (default: all).

Matching is the scorer's (score.py): spans overlapping by half of the shorter, greedy.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

from truce.extract import extract
from truce.extract.output import document_json

HERE = Path(__file__).resolve().parent
ALL_FIELDS = ("type", "polarity", "side", "date", "places", "figures", "missed", "extra")


def scorer():  # type: ignore[no-untyped-def]
    path = HERE.parent.parent / "shared" / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _who(speaker: dict | None, side: str | None) -> object:
    return speaker and (speaker["name"], side)


def _names(places: list[dict]) -> list[str]:
    return [x["name"] for x in places]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("docs")
    parser.add_argument("--field", action="append")
    args = parser.parse_args()
    sc = scorer()
    fields = set(args.field or ALL_FIELDS)
    for line in Path(args.gold).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        text = (Path(args.docs) / gold["doc"]).read_text(encoding="utf-8")
        doc = extract(text, published=date.fromisoformat(gold["published"]))
        pred = document_json(gold["doc"], doc)
        spans = [sc.locate(text, g["quote"]) for g in gold["claims"]]
        pairs = []
        for i, loc in enumerate(spans):
            for j, p in enumerate(pred["claims"]):
                if loc and sc.overlap(loc, p["span"]) >= 0.5:
                    inter = min(loc[1], p["span"][1]) - max(loc[0], p["span"][0])
                    pairs.append((-sc.overlap(loc, p["span"]), -inter, i, j))
        pairs.sort()
        gi, pj, matched = set(), set(), []
        for _, _, i, j in pairs:
            if i not in gi and j not in pj:
                gi.add(i)
                pj.add(j)
                matched.append((i, j))
        print(f"\n##### {gold['doc']}")
        for i, j in sorted(matched):
            g, p = gold["claims"][i], pred["claims"][j]
            notes = []
            if "type" in fields and g["type"] != p["type"]:
                notes.append(f"type {p['type']} (gold {g['type']})")
            if "polarity" in fields and g.get("polarity", "assert") != p["polarity"]:
                notes.append(f"polarity {p['polarity']} (gold {g['polarity']})")
            gs, ps = sc.side(g.get("speaker")), sc.side(p.get("speaker"))
            if "side" in fields and sc.BLOCS.get(gs, gs) != sc.BLOCS.get(ps, ps):
                notes.append(f"speaker {_who(p['speaker'], ps)} (gold {_who(g['speaker'], gs)})")
            if "date" in fields and not sc.same_date(g.get("date"), p.get("date")):
                notes.append(f"date {p['date']} (gold {g['date']})")
            if "places" in fields:
                tp, ng, np_ = sc.set_match(g["places"], p["places"], sc.same_place)
                if tp != ng or tp != np_:
                    notes.append(f"places {_names(p['places'])} (gold {_names(g['places'])})")
            if "figures" in fields:
                gf = [(f["kind"], f["value"]) for f in g["figures"]]
                pf = [(f["kind"], f["value"]) for f in p["figures"]]
                if sorted(map(str, gf)) != sorted(map(str, pf)):
                    notes.append(f"figures {pf} (gold {gf})")
            if notes:
                print(f"- {' '.join(g['quote'].split())[:110]}")
                for n in notes:
                    print(f"     {n}")
        if "missed" in fields:
            for i, g in enumerate(gold["claims"]):
                if i not in gi:
                    print(f"  MISSED {g['type']}: {' '.join(g['quote'].split())[:120]}")
        if "extra" in fields:
            for j, p in enumerate(pred["claims"]):
                if j not in pj:
                    print(f"  EXTRA {p['type']}: {' '.join(p['text'].split())[:120]}")


if __name__ == "__main__":
    sys.exit(main())
