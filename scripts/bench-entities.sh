#!/usr/bin/env bash
# NER side by side: Triangulate's tagger and spaCy en_core_web_sm on the same dev split
# (MEANTIME + GUM news), F1 per kind (exact / overlap) and tokens/s on one core.
# Usage: scripts/bench-entities.sh [shared-data-dir]   (PYTHON=... to pick the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
PYTHON="${PYTHON:-.venv/bin/python}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build --quiet --release -p eval --bin eval-entities
BIN="$CARGO_TARGET_DIR/release/eval-entities"
"$BIN" --data "$DATA" --export-dev "$WORK/dev.jsonl"
OMP_NUM_THREADS=1 "$PYTHON" scripts/bench_entities.py --dev "$WORK/dev.jsonl" --out "$WORK/peer.jsonl" --timing "$WORK/peer-timing.json" --repeat 3
"$BIN" --data "$DATA" --peer "$WORK/peer.jsonl" --peer-timing "$WORK/peer-timing.json" --repeat 20
