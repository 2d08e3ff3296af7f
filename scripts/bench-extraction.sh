#!/usr/bin/env bash
# HTML extraction side by side: Triangulate's ingest::html::extract and trafilatura (pinned in
# scripts/requirements/html.txt) on the 181 pages of the article-extraction benchmark, in one run,
# pinned to one core. Both outputs are scored by the same Rust scorer (eval-extraction); speed is
# pages/s (median of runs, extraction only, pages already decompressed in memory).
# Usage: scripts/bench-extraction.sh [benchmark-dir] [runs]   (PYTHON=... to pick the interpreter, default
# .venv/bin/python, made and given trafilatura when it lacks it;
# EVAL_EXTRACTION_BIN=... to use an already built eval-extraction binary)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/article-extraction-benchmark}"
RUNS="${2:-5}"
PYTHON="${PYTHON:-.venv/bin/python}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ -z "${EVAL_EXTRACTION_BIN:-}" ]; then
  cargo build --quiet --release -p eval --bin eval-extraction
  EVAL_EXTRACTION_BIN="$CARGO_TARGET_DIR/release/eval-extraction"
fi
BIN="$EVAL_EXTRACTION_BIN"
if ! "$PYTHON" -c "import trafilatura" 2>/dev/null; then
  [ -x "$PYTHON" ] || python3 -m venv "$(dirname "$(dirname "$PYTHON")")"
  "$PYTHON" -m pip install --quiet -r scripts/requirements/html.txt
fi
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; fi

echo "== triangulate ingest::html"
$PIN "$BIN" --benchmark "$DATA" --bench "$RUNS" --json > "$WORK/ours-timing.json"
"$BIN" --benchmark "$DATA" --export "$WORK/ours.json" > /dev/null
"$BIN" --benchmark "$DATA" --reference "$WORK/ours.json"
echo "== trafilatura"
OMP_NUM_THREADS=1 $PIN "$PYTHON" scripts/bench_extraction.py --data "$DATA" --runs "$RUNS" \
  --out "$WORK/trafilatura.json" --timing "$WORK/trafilatura-timing.json"
"$BIN" --benchmark "$DATA" --reference "$WORK/trafilatura.json"

"$PYTHON" - "$WORK/ours-timing.json" "$WORK/trafilatura-timing.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
a, b = ours["median"], peer["median"]
print("runs (pages/s): triangulate", [round(r, 1) for r in ours["pages_per_second"]],
      f"/ {peer['tool']}", [round(r, 1) for r in peer["pages_per_second"]])
print(f"speed (one core, median of runs, {ours['pages']} pages): triangulate {a:.1f} pages/s, "
      f"{peer['tool']} {b:.1f} pages/s, ratio {a / b:.1f}x")
PY
