#!/usr/bin/env bash
# Speed of the web app (docs/bench/web.md): story page rendering for a 500-article
# story, search latency on 100,000 synthetic articles side by side with SQLite FTS5,
# and ingestion throughput and page latency through the running app on loopback.
#   scripts/bench-web.sh [ARTICLES=100000] [UPLOADS=200]
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${1:-100000}"
UPLOADS="${2:-200}"
DATA="${DATA:-../shared/data}"
[ -d "$DATA/fnc1" ] || DATA=/work/shared/data
TARGET="${CARGO_TARGET_DIR:-target}"
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3

nice cargo build -q --release -p web --example bench-web --bin web-serve
bench="$TARGET/release/examples/bench-web"
echo "== machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== story page"
"$bench" render 500
echo "== search"
nice "$bench" search "$DATA/fnc1" "$ARTICLES"

echo "== app on loopback"
work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
"$bench" articles "$DATA/fnc1" "$UPLOADS" "$work/articles"
port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$TARGET/release/web-serve" --db "$work/app.db" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stories" >/dev/null && break; sleep 0.2; done
start=$(date +%s.%N)
ls "$work/articles"/*.txt | xargs -P 4 -I{} curl -sf -o /dev/null --data-binary @{} "http://127.0.0.1:$port/api/articles?source=a.txt"
end=$(date +%s.%N)
"$PYTHON" -c "print(f'ingest uploads=$UPLOADS concurrency=4 seconds={$end-$start:.1f} articles_per_s={$UPLOADS/($end-$start):.1f}')"
story="$(curl -sf "http://127.0.0.1:$port/api/stories" | "$PYTHON" -c 'import json,sys; s=max(json.load(sys.stdin)["stories"], key=lambda s: s["articles"]); print(s["id"])')"
if command -v wrk >/dev/null; then
  echo "-- wrk, 10 s each, 2 threads, 8 connections"
  wrk -t2 -c8 -d10s --latency "http://127.0.0.1:$port/api/search?q=police" | grep -E "Requests/sec|50%|99%"
  wrk -t2 -c8 -d10s --latency "http://127.0.0.1:$port/stories/$story" | grep -E "Requests/sec|50%|99%"
else
  echo "wrk not installed (apt-get install wrk): page latency under load skipped"
fi
