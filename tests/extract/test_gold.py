"""Quality on annotated documents, scored by the project scorer; a regression fails CI.

The project's own gold set (tests/extract/gold, written and annotated independently of
the extractor) is always scored. The shared seed dev set is scored too when the shared
folder sits next to the checkout.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.extract import scorer
from truce.extract import extract
from truce.extract.output import document_json

HERE = Path(__file__).parent
OWN_GOLD = HERE / "gold" / "gold.jsonl"
OWN_DOCS = HERE / "gold" / "docs"
SEEDS = HERE.parents[2] / "shared"

#: floors a little under the figures measured when they were set, per set and metric
OWN_FLOORS = {
    "claims_f1": 0.77, "type_acc": 0.75, "polarity_acc": 0.91, "speaker_bloc_acc": 0.61,
    "date_acc": 0.73, "places_f1": 0.69, "figures_f1": 0.82,
}  # fmt: skip
SEED_FLOORS = {
    "claims_f1": 0.79, "type_acc": 0.89, "polarity_acc": 0.96, "speaker_bloc_acc": 0.90,
    "date_acc": 0.74, "places_f1": 0.84, "figures_f1": 0.95,
}  # fmt: skip


def score(gold: Path, docs: Path, tmp_path: Path) -> dict[str, float]:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            text = (docs / record["doc"]).read_text(encoding="utf-8")
            doc = extract(text, published=date.fromisoformat(record["published"]))
            out.write(json.dumps(document_json(record["doc"], doc)) + "\n")
    result = scorer.score(gold, pred, docs)
    assert not result["missing_docs"] and not result["unlocated_gold_quotes"]
    return {
        "claims_f1": result["claims_p_r_f1"][2],
        "type_acc": result["type_acc"],
        "polarity_acc": result["polarity_acc"],
        "speaker_bloc_acc": result["speaker_bloc_acc"],
        "date_acc": result["date_acc"],
        "places_f1": result["places_p_r_f1"][2],
        "figures_f1": result["figures_p_r_f1"][2],
    }


def _below(measured: dict[str, float], floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    return {k: (round(measured[k], 3), floor) for k, floor in floors.items() if measured[k] < floor}


def test_gold_own_set_holds_its_floors(tmp_path: Path) -> None:
    measured = score(OWN_GOLD, OWN_DOCS, tmp_path)
    assert _below(measured, OWN_FLOORS) == {}, measured


@pytest.mark.skipif(not (SEEDS / "eval" / "seeds.gold.jsonl").exists(), reason="no shared seeds")
def test_gold_seed_dev_set_holds_its_floors(tmp_path: Path) -> None:
    measured = score(SEEDS / "eval" / "seeds.gold.jsonl", SEEDS / "seeds", tmp_path)
    assert _below(measured, SEED_FLOORS) == {}, measured


def test_gold_scorer_copy_matches_the_shared_one() -> None:
    shared = SEEDS / "eval" / "score.py"
    if not shared.exists():
        pytest.skip("no shared scorer to compare with")
    ours = (HERE / "scorer.py").read_text(encoding="utf-8").splitlines()
    theirs = shared.read_text(encoding="utf-8").splitlines()
    assert [
        line
        for line in ours
        if not line.startswith("# Vendored") and "Keep it identical" not in line
    ] == theirs
