#!/usr/bin/env bash
# Speed of the temporal tagger against dateparser's search_dates, side by side in one run,
# on the same TempEval-3 sentences, each pinned to one core; then dateparser's TIMEX3
# scores on the TempEval dev split with our scorer.
#
#   scripts/bench-timex.sh            # PYTHON defaults to .venv/bin/python
#   RUNS=5 PYTHON=/path/to/python scripts/bench-timex.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
RUNS="${RUNS:-3}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="${EVAL_TIMEX:-}"
if [[ -z "$BIN" ]]; then
  cargo build --release -p eval --bin eval-timex
  BIN="$TARGET/release/eval-timex"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi

"$BIN" sentences --out "$WORK/sentences.jsonl"
echo "== speed (sentences/s, median of $RUNS runs after one warm-up, one core)"
ours_json="$("${PIN[@]}" "$BIN" bench --input "$WORK/sentences.jsonl" --runs "$RUNS")"
theirs_json="$("${PIN[@]}" "$PYTHON" scripts/bench_timex.py --input "$WORK/sentences.jsonl" --runs "$RUNS" --predictions "$WORK/dateparser.json")"
echo "$ours_json"
echo "$theirs_json"
"$PYTHON" - "$ours_json" "$theirs_json" <<'PY'
import json, sys
ours, theirs = (json.loads(a) for a in sys.argv[1:3])
print(f"ratio ours/dateparser: {ours['sentences_per_s_median'] / theirs['sentences_per_s_median']:.1f}x")
PY
echo "== dateparser on TempEval dev (its hits mapped to TIMEX3 DATE/TIME values)"
"$BIN" tempeval --split dev --predictions "$WORK/dateparser.json"
echo "== triangulate timex on TempEval dev"
"$BIN" tempeval --split dev
