#!/usr/bin/env python3
# Vendored copy of the project scorer (shared/eval/score.py) so the regression tests run
# on a clean checkout without the shared folder. Keep it identical to the original.
"""Score claim extraction output against a gold file (see GUIDELINE.md).

usage: score.py GOLD.jsonl PRED.jsonl DOCS_DIR [--json]

Both files hold one JSON object per document: {"doc", "published", "claims": [...]}.
Gold claims carry "quote" (an exact substring of the document); predicted claims
carry "span": [start, end]. A predicted claim matches a gold claim when their
character ranges overlap by at least half of the shorter one; pairs are taken
greedily by overlap, one to one. Fields are then compared on matched pairs.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

PLACE_KM = 25.0
BLOCS = {"armenia": "arm", "artsakh": "arm"}


def load(path: Path) -> dict[str, dict]:
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            out[Path(rec["doc"]).name] = rec
    return out


def locate(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    # tolerate differences in whitespace (hard-wrapped sources)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def overlap(a, b) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def km(p, q) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (p["lat"], p["lon"], q["lat"], q["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def set_match(gold: list, pred: list, same) -> tuple[int, int, int]:
    """(true positives, gold count, predicted count) with one-to-one matching."""
    used, tp = set(), 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                used.add(j)
                tp += 1
                break
    return tp, len(gold), len(pred)


def same_place(g, p) -> bool:
    try:
        return km(g, p) <= PLACE_KM
    except (KeyError, TypeError):
        return False


def same_figure(g, p) -> bool:
    return g.get("kind") == p.get("kind") and g.get("value") == p.get("value")


def date_range(d):
    """(start, end) as ISO day strings from "YYYY-MM-DD" or {"start", "end"} (or {"value"})."""
    if d is None:
        return None
    if isinstance(d, str):
        return d[:10], d[:10]
    if isinstance(d, dict):
        start = d.get("start") or d.get("value") or d.get("date")
        end = d.get("end") or start
        if start:
            return str(start)[:10], str(end)[:10]
    return None


def same_date(g, p) -> bool:
    g, p = date_range(g), date_range(p)
    if g is None or p is None:
        return g is None and p is None
    if g == p:
        return True
    # a predicted day or span inside the gold span counts
    return g[0] <= p[0] <= p[1] <= g[1]


def side(s):
    return (s or {}).get("side") if isinstance(s, dict) else None


def prf(tp, ng, np_):
    p = tp / np_ if np_ else (1.0 if ng == 0 else 0.0)
    r = tp / ng if ng else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold_path: Path, pred_path: Path, docs: Path) -> dict:
    gold, pred = load(gold_path), load(pred_path)
    c = dict.fromkeys(
        "claims_tp claims_gold claims_pred type_ok polarity_ok side_ok bloc_ok date_ok "
        "places_tp places_gold places_pred figures_tp figures_gold figures_pred matched".split(), 0)
    missing_docs, unlocated = [], []
    for name, g in gold.items():
        text = (docs / name).read_text(encoding="utf-8")
        p = pred.get(name)
        if p is None:
            missing_docs.append(name)
            p = {"claims": []}
        gspans = []
        for gc in g["claims"]:
            loc = locate(text, gc["quote"])
            if loc is None:
                unlocated.append((name, gc["quote"][:60]))
            gspans.append(loc)
        pairs = []
        for i, loc in enumerate(gspans):
            if loc is None:
                continue
            for j, pc in enumerate(p["claims"]):
                span = pc.get("span", [0, 0])
                ov = overlap(loc, span)
                if ov >= 0.5:
                    inter = min(loc[1], span[1]) - max(loc[0], span[0])
                    pairs.append((-ov, -inter, i, j))
        # best overlap first; ties go to the larger shared stretch, then the earlier claims
        pairs.sort()
        gi_used, pj_used, matched = set(), set(), []
        for _, _, i, j in pairs:
            if i not in gi_used and j not in pj_used:
                gi_used.add(i)
                pj_used.add(j)
                matched.append((g["claims"][i], p["claims"][j]))
        c["claims_tp"] += len(matched)
        c["claims_gold"] += len(g["claims"])
        c["claims_pred"] += len(p["claims"])
        # figures are scored over the whole document, matched claims or not
        gf = [f for gc in g["claims"] for f in gc.get("figures") or []]
        pf = [f for pc in p["claims"] for f in pc.get("figures") or []]
        tp, ng, np_ = set_match(gf, pf, same_figure)
        c["figures_tp"] += tp
        c["figures_gold"] += ng
        c["figures_pred"] += np_
        for gc, pc in matched:
            c["matched"] += 1
            c["type_ok"] += gc.get("type") == pc.get("type")
            c["polarity_ok"] += gc.get("polarity", "assert") == pc.get("polarity", "assert")
            gs, ps = side(gc.get("speaker")), side(pc.get("speaker"))
            c["side_ok"] += gs == ps
            c["bloc_ok"] += BLOCS.get(gs, gs) == BLOCS.get(ps, ps)
            c["date_ok"] += same_date(gc.get("date"), pc.get("date"))
            tp, ng, np_ = set_match(gc.get("places") or [], pc.get("places") or [], same_place)
            c["places_tp"] += tp
            c["places_gold"] += ng
            c["places_pred"] += np_
    m = max(c["matched"], 1)
    result = {
        "claims_p_r_f1": prf(c["claims_tp"], c["claims_gold"], c["claims_pred"]),
        "type_acc": c["type_ok"] / m,
        "polarity_acc": c["polarity_ok"] / m,
        "speaker_side_acc": c["side_ok"] / m,
        "speaker_bloc_acc": c["bloc_ok"] / m,
        "date_acc": c["date_ok"] / m,
        "places_p_r_f1": prf(c["places_tp"], c["places_gold"], c["places_pred"]),
        "figures_p_r_f1": prf(c["figures_tp"], c["figures_gold"], c["figures_pred"]),
        "counts": c,
        "missing_docs": missing_docs,
        "unlocated_gold_quotes": unlocated,
    }
    return result


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    r = score(Path(args[0]), Path(args[1]), Path(args[2]))
    if "--json" in argv:
        print(json.dumps(r, indent=2))
        return 0
    for k, v in r.items():
        if k in ("counts", "missing_docs", "unlocated_gold_quotes"):
            continue
        if isinstance(v, tuple):
            print(f"{k:18} P={v[0]:.3f} R={v[1]:.3f} F1={v[2]:.3f}")
        else:
            print(f"{k:18} {v:.3f}")
    print(f"matched claims     {r['counts']['matched']} of {r['counts']['claims_gold']} gold, "
          f"{r['counts']['claims_pred']} predicted")
    if r["missing_docs"]:
        print("documents with no prediction:", ", ".join(r["missing_docs"]))
    for name, q in r["unlocated_gold_quotes"]:
        print(f"gold quote not found in {name}: {q!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
