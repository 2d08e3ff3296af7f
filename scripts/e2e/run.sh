#!/usr/bin/env bash
# Browser end-to-end test: the HTML report of examples/ and the web app fed
# through its API, driven in headless Chromium. Writes screenshots to
# docs/screenshots/ when SCREENSHOTS=1.
#   scripts/e2e/install.sh && scripts/e2e/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3   # the script needs only the standard library
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build -q -p triangulate -p web --bins
work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

"$TARGET/debug/triangulate" analyze examples/ --format html -o "$work/report.html"

port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
token="e2e-$RANDOM$RANDOM"
"$TARGET/debug/web-serve" --db "$work/app.db" --addr "127.0.0.1:$port" --token "$token" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stories" >/dev/null && break; sleep 0.2; done

# Feed the app through its API, keeping one article back for the test to add.
later="examples/text/kraft-shooting-nbcphiladelphia.txt"
find examples -type f ! -name README.md ! -path "$later" | sort | while read -r f; do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" --data-binary "@$f" \
    "http://127.0.0.1:$port/api/articles?source=$(basename "$f")" || echo "ingest failed: $f" >&2
done

shots=()
if [ "${SCREENSHOTS:-0}" = 1 ]; then shots=(--screenshots docs/screenshots); fi
status=0
"$PYTHON" scripts/e2e/e2e.py --report "$work/report.html" --app "http://127.0.0.1:$port" --token "$token" \
  --ingest-later "$later" "${shots[@]}" || status=$?

# Graceful shutdown keeps every acknowledged article.
before="$(curl -sf "http://127.0.0.1:$port/api/stories" | "$PYTHON" -c 'import json,sys; print(sum(s["articles"] for s in json.load(sys.stdin)["stories"]))')"
kill -TERM "$server"; wait "$server" || true; server=""
"$TARGET/debug/web-serve" --db "$work/app.db" --addr "127.0.0.1:$port" --token "$token" 2>>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stories" >/dev/null && break; sleep 0.2; done
after="$(curl -sf "http://127.0.0.1:$port/api/stories" | "$PYTHON" -c 'import json,sys; print(sum(s["articles"] for s in json.load(sys.stdin)["stories"]))')"
if [ "$before" = "$after" ] && [ "$before" -gt 0 ]; then echo "ok   restart keeps all $after articles"; else echo "FAIL restart: $before articles before, $after after"; status=1; fi
exit "$status"
