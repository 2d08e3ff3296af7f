#!/usr/bin/env bash
# Scale of the cross-document stage (story assignment + corroborate: stories, derivation,
# accounts) on 10k, 20k, 50k and 100k articles built from every news text in the shared
# data (see crates/eval/src/bin/bench-xdoc.rs for the controlled variation), wall time and
# peak memory from /usr/bin/time -v; then, on the same texts, near-duplicate detection by our
# MinHash LSH and by datasketch MinHash LSH side by side in one run (one thread each, same
# shingling, 128 permutations, threshold 0.5), and how far their pairs agree.
#
#   scripts/bench-xdoc.sh [SIZES] [DATA]     e.g. scripts/bench-xdoc.sh "10000 100000"
# PYTHON (default .venv/bin/python) gets datasketch from scripts/requirements/datasketch.txt.
# The analysed corpus is cached in $XDOC_CACHE (default target/bench-xdoc-cache, beside the build; not committed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${1:-10000 20000 50000 100000}"
DATA="${2:-$ROOT/../shared/data}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
THRESHOLD="${THRESHOLD:-0.5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
CACHE="${XDOC_CACHE:-$CARGO_TARGET_DIR/bench-xdoc-cache}"
BIN="$CARGO_TARGET_DIR/release/bench-xdoc"

cd "$ROOT"
cargo build --quiet --release -p eval --bin bench-xdoc
if ! "$PYTHON" -c "import datasketch" 2>/dev/null; then
  [ -x "$PYTHON" ] || python3 -m venv "$(dirname "$(dirname "$PYTHON")")"
  "$PYTHON" -m pip install --quiet -r scripts/requirements/datasketch.txt
fi
mkdir -p "$CACHE"
[ -s "$CACHE/base.jsonl" ] || "$BIN" prepare --data "$DATA" --cache "$CACHE"

# Peak resident memory (MiB) and wall seconds of one command, its stdout's last line after them.
measure() {
  local log; log="$(mktemp)"
  local out; out="$(/usr/bin/time -v "$@" 2>"$log" | tail -1)"
  local kb; kb="$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')"
  local wall; wall="$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')"
  rm -f "$log"
  echo "$((kb / 1024)) $wall $out"
}

echo "## cross-document stage (2 cores)"
echo "| articles | wall (m:ss) | peak RSS (MiB) | result |"
echo "|---|---|---|---|"
for n in $SIZES; do
  read -r mib wall out <<<"$(measure "$BIN" run --cache "$CACHE" --n "$n")"
  echo "| $n | $wall | $mib | \`$out\` |"
done

echo
echo "## near-duplicates, MinHash LSH (1 thread each)"
echo "| articles | tool | wall (m:ss) | peak RSS (MiB) | result |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
  texts="$CACHE/texts-$n.jsonl"
  [ -s "$texts" ] || "$BIN" texts --cache "$CACHE" --n "$n" --out "$texts"
  read -r mib wall out <<<"$(RAYON_NUM_THREADS=1 measure "$BIN" near-dup --texts "$texts" --out "$CACHE/ours-$n.tsv" --threshold "$THRESHOLD")"
  echo "| $n | triangulate | $wall | $mib | \`$out\` |"
  read -r mib wall out <<<"$(measure "$PYTHON" scripts/bench_minhash.py "$texts" "$CACHE/datasketch-$n.tsv" "$THRESHOLD")"
  echo "| $n | datasketch | $wall | $mib | \`$out\` |"
  echo "| $n | agreement | | | \`$("$BIN" compare --texts "$texts" --ours "$CACHE/ours-$n.tsv" --theirs "$CACHE/datasketch-$n.tsv" --threshold "$THRESHOLD")\` |"
done
