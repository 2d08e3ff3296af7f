#!/usr/bin/env bash
# Speed of the web app (docs/bench/web.md), release build:
#  1. story page rendering for a 500-article story, in process;
#  2. search latency on ARTICLES synthetic articles side by side with SQLite FTS5, in process;
#  3. the running app (`triangulate serve`) under a load generator (wrk, from Debian; installed
#     here when missing): search p50/p99 on ARTICLES articles, the page of a 500-article story,
#     and ingestion through the API into a corpus of CORPUS articles: UPLOADS articles posted
#     one by one, each followed by a read of its story (as a reader waiting for it), then
#     UPLOADS more posted by 4 clients at once.
#   scripts/bench-web.sh [ARTICLES=100000] [CORPUS=3000] [UPLOADS=100]
# BEFORE=/path/to/an/older/triangulate runs the ingestion part with that binary too, on a copy
# of the same corpus, for a before/after comparison in one run. PROFILE=debug checks the
# script quickly on a debug build (its figures are not the ones to quote). REFRESH="N M" runs
# the in-process refresh comparison on N articles and M ingests instead of CORPUS and UPLOADS.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${1:-100000}"
CORPUS="${2:-3000}"
UPLOADS="${3:-100}"
DATA="${DATA:-../shared/data}"
[ -d "$DATA/fnc1" ] || DATA=/work/shared/data
TARGET="${CARGO_TARGET_DIR:-target}"
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3   # standard library only
SECONDS_EACH="${SECONDS_EACH:-10}"
STORY="${STORY:-500}"   # articles in the story whose page is loaded

if ! command -v wrk >/dev/null; then
  sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "== installing wrk (Debian package)"
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then build=(--release); else build=(); fi
# BUILD=0 measures the binaries already built (when the tree changes under a long run).
if [ "${BUILD:-1}" != 0 ]; then
  nice cargo build -q "${build[@]}" -p triangulate -p web --bin triangulate --example bench-web
fi
bench="$TARGET/$PROFILE/examples/bench-web"
triangulate="$TARGET/$PROFILE/triangulate"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
# PARTS picks what runs (all by default): in-process, app-search, app-story, app-ingest.
PARTS=" ${PARTS:-in-process app-search app-story app-ingest} "
part() { [[ "$PARTS" == *" $1 "* ]]; }
if part in-process; then
echo "== story page, in process"
"$bench" render 500
echo "== search, in process, tantivy vs SQLite FTS5"
nice "$bench" search "$DATA/fnc1" "$ARTICLES"
# The whole-report side costs seconds per ingest on thousands of articles: REFRESH="600 15"
# (corpus, ingests) keeps this part short; REFRESH=none skips it.
read -r refresh_corpus refresh_uploads <<<"${REFRESH:-$CORPUS $UPLOADS}"
if [ "$refresh_corpus" != none ]; then
  echo "== report after each of $refresh_uploads ingests into $refresh_corpus articles, in process: kept up to date vs corroborated whole"
  nice "$bench" refresh "$DATA/fnc1" "$refresh_corpus" "$refresh_uploads"
fi
fi

work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
app="http://127.0.0.1:$port"

# serve BINARY DB: starts the app and waits until it answers (opening rebuilds the search index).
serve() {
  stop
  "$1" serve --db "$2" --addr "127.0.0.1:$port" 2>>"$work/serve.log" &
  server=$!
  local start=$SECONDS
  until curl -sf -o /dev/null "$app/api/search?q=x"; do
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "app up in $((SECONDS - start)) s ($2)"
}
stop() { if [ -n "$server" ]; then kill -TERM "$server"; wait "$server" || true; server=""; fi; }
# load PATH_OR_SCRIPT CONNECTIONS: wrk for SECONDS_EACH seconds; throughput and latency percentiles.
load() {
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local target=("$app$1")
  if [ -f "$1" ]; then target=(-s "$1" "$app"); fi
  wrk -t"$threads" -c"$2" -d"${SECONDS_EACH}s" --latency "${target[@]}" \
    | awk -v what="${1#"$work/"} connections=$2" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
        END {print what": requests/s=" rps " p50=" p50 " p99=" p99 (bad ? " NON-2xx=" bad : "")}'
}

if part app-search; then
echo "== app: search on $ARTICLES articles (wrk, ${SECONDS_EACH} s each)"
nice "$bench" search-store "$DATA/fnc1" "$ARTICLES" "$work/search.db"
serve "$triangulate" "$work/search.db"
# The in-process query mix: 14 texts x {no filter, outlet, 3-month range, quotes only}.
"$PYTHON" - "$work/queries.lua" <<'PY'
import sys, urllib.parse
texts = ["police", "president", "islamic state", "apple watch", '"islamic state"', '"told reporters"', "ebola outbreak",
         "kim jong", '"white house"', "isis fighters killed", "banksy", "hostage video", "said", "the"]
filters = [{}, {"outlet": "outlet7.example"}, {"from": "2017-03-01", "to": "2017-05-31"}, {"kind": "quote"}]
paths = ["/api/search?" + urllib.parse.urlencode({"q": t, **f}) for t in texts for f in filters]
with open(sys.argv[1], "w") as out:
    out.write("local paths = {\n" + ",\n".join('  "%s"' % p for p in paths) + "\n}\n")
    out.write("local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
PY
load "$work/queries.lua" 1
load "$work/queries.lua" 8
stop
rm -rf "$work/search.db"*
fi

if part app-story; then
echo "== app: the page of one $STORY-article story"
nice "$bench" story-store "$DATA/fnc1" "$STORY" "$work/story.db"
serve "$triangulate" "$work/story.db"
cold="$(curl -sf -o /dev/null -w '%{time_total}' "$app/stories/s-bench")"
echo "first request (corroborates the story): ${cold} s"
load "/stories/s-bench" 1
load "/stories/s-bench" 8
load "/api/stories/s-bench" 8
stop
fi

part app-ingest || exit 0
echo "== app: ingestion through the API into a corpus of $CORPUS articles"
"$bench" articles "$DATA/fnc1" $((CORPUS + 2 * UPLOADS)) "$work/articles"
mkdir -p "$work/one-by-one" "$work/concurrent"
ls "$work/articles"/*.txt | tail -n $((2 * UPLOADS)) | head -n "$UPLOADS" | xargs mv -t "$work/one-by-one"
ls "$work/articles"/*.txt | tail -n "$UPLOADS" | xargs mv -t "$work/concurrent"
start=$SECONDS
# Exit status 1: some synthetic texts are no article (rejected and named), the rest is stored.
nice "$triangulate" ingest "$work/articles" --db "$work/corpus.db" -q || [ $? -eq 1 ]
echo "corpus: $CORPUS articles ingested by the CLI in $((SECONDS - start)) s"
cp "$work/corpus.db" "$work/corpus-before.db"

# ingest_run LABEL BINARY DB: the two ingestion loads against one binary.
ingest_run() {
  serve "$2" "$3"
  "$PYTHON" - "$app" "$work/one-by-one" "$1" <<'PY'
import glob, json, statistics, sys, time, urllib.error, urllib.request
app, folder, label = sys.argv[1:]
start = time.perf_counter()
with urllib.request.urlopen(app + "/api/stories", timeout=3600) as r:
    stories = len(json.load(r)["stories"])
print(f"{label}: first story list (corroborates every story): {time.perf_counter() - start:.2f} s, {stories} stories")
posts, reads, cycles = [], [], []
for path in sorted(glob.glob(folder + "/*.txt")):
    with open(path, "rb") as f:
        body = f.read()
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(app + "/api/articles?source=a.txt", data=body, method="POST"), timeout=3600) as r:
            answer = json.load(r)
    except urllib.error.HTTPError as e:
        if e.code != 422:  # 422: the text holds no article, which the answer names
            raise
        answer = json.load(e)
    t1 = time.perf_counter()
    for article in answer["added_ids"]:
        with urllib.request.urlopen(app + "/api/stories/" + answer["stories"][article], timeout=3600) as r:
            story = json.load(r)
        assert article in story["articles"], "the new article is in its story"
    t2 = time.perf_counter()
    posts.append(t1 - t0); reads.append(t2 - t1); cycles.append(t2 - t0)
q = lambda xs, p: sorted(xs)[min(len(xs) - 1, round((len(xs) - 1) * p))] * 1000
print(f"{label}: post then read its story, one by one: {len(cycles)} articles in {sum(cycles):.1f} s = {len(cycles) / sum(cycles):.1f} articles/s;"
      f" post p50={q(posts, .5):.0f} ms p99={q(posts, .99):.0f} ms; story read p50={q(reads, .5):.0f} ms p99={q(reads, .99):.0f} ms")
PY
  local start end
  start=$(date +%s.%N)
  ls "$work/concurrent"/*.txt | xargs -P 4 -I{} curl -s -o /dev/null --data-binary @{} "$app/api/articles?source=a.txt"
  end=$(date +%s.%N)
  "$PYTHON" -c "print(f'$1: posts by 4 clients, no reads: $UPLOADS articles in {$end-$start:.1f} s = {$UPLOADS/($end-$start):.1f} articles/s')"
  stop
}
ingest_run after "$triangulate" "$work/corpus.db"
if [ -n "${BEFORE:-}" ]; then
  ingest_run before "$BEFORE" "$work/corpus-before.db"
fi
