#!/usr/bin/env bash
# The meetup planner against the exact optimum of its own problem (issue 13, item 7): 10 hosts × capacity 24/40
# × radius 100/300 km on a demo directory, each plan solved exactly by scripts/meetup-optimum.py (scipy).
#   scripts/meetup-compare.sh [BAILANYS_BINARY] [ALUMNI]
# Prints one JSON line per plan, then a summary (mean and worst share of the optimum, plans where the larger
# radius scored less). The figures in docs/algorithms.md come from this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/bailanys}
alumni=${2:-8900}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" sample --alumni "$alumni" --db "$work/demo.sqlite" >/dev/null
# Planning is a coordinator's: the first one the directory lists.
coordinator=$("$bin" export --format json --kind people --where role=coordinator --db "$work/demo.sqlite" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["people"][0]["id"])')
for host in Astana Almaty Shymkent Aktau Aktobe Karaganda Pavlodar Oskemen Kyzylorda Taraz; do
  for capacity in 24 40; do
    for radius in 100 300; do
      "$bin" meetup plan --host "$host" --date 2026-12-10T18:30 --capacity "$capacity" --radius "$radius" \
        --db "$work/demo.sqlite" --as "$coordinator" --json --problem > "$work/plan.json"
      python3 scripts/meetup-optimum.py "$work/plan.json"
    done
  done
done | tee "$work/results.jsonl"
python3 - "$work/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ratios = [r["ratio"] for r in rows]
print(f"plans {len(rows)}: mean {100 * sum(ratios) / len(ratios):.1f} % of the optimum, worst {100 * min(ratios):.1f} %, "
      f"proven optimal {sum(r['proven'] for r in rows)}")
worse = 0
for small in rows:
    for large in rows:
        if (small["host"], small["capacity"]) == (large["host"], large["capacity"]) and small["radiusKm"] < large["radiusKm"]:
            worse += large["objective"] < small["objective"] - 1e-9
print(f"larger radius scored less: {worse} of {len(rows) // 2} pairs")
PY
