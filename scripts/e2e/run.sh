#!/usr/bin/env bash
# Browser end-to-end test: the HTML report of examples/ and the web app
# (`triangulate serve`) fed through its API, driven in headless Chromium.
# Part of `cargo test` (crates/triangulate/tests/browser.rs runs it with
# TRIANGULATE set to the binary under test); on its own:
#   scripts/setup.sh && scripts/e2e/run.sh
# Writes screenshots to docs/screenshots/ when SCREENSHOTS=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3   # the script needs only the standard library
for tool in chromium chromedriver curl; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
done
if [ -z "${TRIANGULATE:-}" ]; then
  cargo build -q -p triangulate
  TRIANGULATE="${CARGO_TARGET_DIR:-target}/debug/triangulate"
fi
work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

# start_app: runs the app on $port in the background and waits until it answers.
start_app() {
  "$TRIANGULATE" serve --db "$work/app.db" --addr "127.0.0.1:$port" --token "$token" 2>>"$work/serve.log" &
  server=$!
  for _ in $(seq 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/stories" && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  echo "FAIL the app did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}
stored_articles() {
  curl -sf "http://127.0.0.1:$port/api/stories" | "$PYTHON" -c 'import json,sys; print(sum(s["articles"] for s in json.load(sys.stdin)["stories"]))'
}

"$TRIANGULATE" analyze examples/ --format html -o "$work/report.html"

port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
token="e2e-$RANDOM$RANDOM"
start_app

# Feed the app through its API, keeping one article back for the test to add.
later="examples/text/kraft-shooting-nbcphiladelphia.txt"
while read -r f; do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" --data-binary "@$f" \
    "http://127.0.0.1:$port/api/articles?source=$(basename "$f")" || { echo "FAIL ingest through the API: $f" >&2; exit 1; }
done < <(find examples -type f ! -name README.md ! -path "$later" | sort)

shots=()
if [ "${SCREENSHOTS:-0}" = 1 ]; then shots=(--screenshots docs/screenshots); fi
status=0
"$PYTHON" scripts/e2e/e2e.py --report "$work/report.html" --app "http://127.0.0.1:$port" --token "$token" \
  --ingest-later "$later" "${shots[@]}" || status=$?

# Graceful shutdown keeps every acknowledged article.
before="$(stored_articles)"
kill -TERM "$server"; wait "$server" || true; server=""
start_app
after="$(stored_articles)"
if [ "$before" = "$after" ] && [ "$before" -gt 0 ]; then echo "ok   restart keeps all $after articles"; else echo "FAIL restart: $before articles before, $after after"; status=1; fi
exit "$status"
