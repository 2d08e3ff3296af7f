#!/usr/bin/env bash
# Whole per-article analysis side by side, one core: Triangulate (ingest: HTML bytes -> article
# text and metadata; analyze: sentences, time expressions, entities, quotes, citations, figures)
# and a Python pipeline (trafilatura -> spaCy en_core_web_sm full pipeline -> textacy
# direct_quotations), on the 181 HTML pages of the article-extraction benchmark, in one run.
# Reports articles per CPU second of one core (median of runs; wall-clock ratios beside, which
# suffer from other load on a shared machine) for the whole path and for each half; the analysis
# half of both sides reads the same texts (Triangulate's extraction).
# Usage: scripts/bench-analyze.sh [benchmark-dir] [runs]
#   PYTHON=... picks the interpreter (needs scripts/requirements/analyze.txt installed).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/article-extraction-benchmark}"
RUNS="${2:-3}"
PYTHON="${PYTHON:-.venv/bin/python}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build --quiet --release -p eval --bin bench-analyze
BIN="$CARGO_TARGET_DIR/release/bench-analyze"
PIN=""
if command -v taskset >/dev/null 2>&1; then PIN="taskset -c 0"; fi
echo "machine load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== triangulate (ingest + analyze), with the sentence encoder when models/use-m3 is installed"
$PIN "$BIN" --benchmark "$DATA" --runs "$RUNS" --export-texts "$WORK/texts.jsonl" --json > "$WORK/ours.json"
echo "== triangulate (ingest + analyze), extraction through figures: sentence encoder off"
mkdir -p "$WORK/no-models"
TRIANGULATE_MODELS="$WORK/no-models" $PIN "$BIN" --benchmark "$DATA" --runs "$RUNS" --json > "$WORK/ours-no-encoder.json"
echo "== trafilatura + spaCy en_core_web_sm + textacy"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $PIN "$PYTHON" scripts/bench_analyze_spacy.py \
  --data "$DATA" --texts "$WORK/texts.jsonl" --runs "$RUNS" --timing "$WORK/peer.json"
echo "machine load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PYTHON" - "$WORK/ours.json" "$WORK/peer.json" "$WORK/ours-no-encoder.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
bare = json.load(open(sys.argv[3]))
r = lambda xs: [round(x, 2) for x in xs]
print(f"peer: {peer['tool']}; spaCy pipeline {peer['pipeline']}")
for side, name, keys in [(bare, "triangulate, encoder off", ("whole", "ingest", "analyze")),
                         (ours, "triangulate, encoder on", ("whole", "ingest", "analyze")),
                         (peer, "peer", ("whole", "extract", "analyze"))]:
    print(f"{name} runs, articles per CPU second: " + "; ".join(f"{k} {r(side[k]['cpu'])}" for k in keys))
print(f"output, ours: {ours['totals']}")
print(f"output, peer (analysis of the same texts): {peer['analyze_totals']}")
print()
print("| step | triangulate articles/s | peer articles/s | ratio | ratio by wall clock |")
print("|---|---|---|---|---|")
for label, a, b in [("whole: HTML bytes → analysed article (extraction through figures)", bare["whole"], peer["whole"]),
                    ("whole, with the title-and-lead sentence embedding", ours["whole"], peer["whole"]),
                    ("HTML → text (ingest / trafilatura)", ours["ingest"], peer["extract"]),
                    ("text → analysis, same texts (through figures)", bare["analyze"], peer["analyze"]),
                    ("text → analysis, same texts, with the embedding", ours["analyze"], peer["analyze"])]:
    print(f"| {label} | {a['cpu_median']:.1f} | {b['cpu_median']:.2f} | {a['cpu_median'] / b['cpu_median']:.0f}× | "
          f"{a['wall_median'] / b['wall_median']:.0f}× |")
print("\narticles/s are per CPU second of one core (medians of runs); the wall-clock ratio is shown beside.")
PY
