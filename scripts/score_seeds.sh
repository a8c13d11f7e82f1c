#!/usr/bin/env bash
# Score `truce extract` on a gold set: scripts/score_seeds.sh [GOLD DOCS]
# (default: the shared seed dev set). Prints the scorer's figures.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gold=${1:-$here/../shared/eval/seeds.gold.jsonl}
docs=${2:-$here/../shared/seeds}
pred=$(mktemp)
python3 - "$gold" > "$pred.args" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        print(r["doc"] + "\t" + r["published"])
PY
while IFS=$'\t' read -r doc published; do
  "$here/.venv/bin/truce" extract "$docs/$doc" --format jsonl --published "$published" >> "$pred"
done < "$pred.args"
python3 "$here/../shared/eval/score.py" "$gold" "$pred" "$docs"
rm -f "$pred" "$pred.args"
