#!/usr/bin/env bash
# Peak memory of `triangulate extract` and `triangulate ingest` on one large RSS feed
# (docs/bench/web.md, "Memory on a large feed"): the pipeline streams inputs in chunks, so the
# peak should not grow with the size of the feed.
#   scripts/bench-memory.sh [MEGABYTES=1024]
# The feed is generated from FNC-1 bodies (../shared/data/fnc1): item i is body i mod 904 with
# its sentences rotated by a seeded amount, one sentence naming the item (so that no two items
# are the same article), wrapped in the paragraph markup feeds carry in content:encoded.
# BEFORE=/path/to/an/older/triangulate measures that binary too, on the same feed.
# TRIANGULATE_MODELS=/nowhere runs without the sentence encoder (faster, lexical signals only).
# COMMANDS="extract" measures only extract (default: "extract ingest").
# BODIES_PER_ITEM=N makes each item N bodies long (default 1, ~2.9 KB): fewer, longer items.
set -euo pipefail
cd "$(dirname "$0")/.."
MEGABYTES="${1:-1024}"
COMMANDS="${COMMANDS:-extract ingest}"
BODIES_PER_ITEM="${BODIES_PER_ITEM:-1}"
DATA="${DATA:-../shared/data}"
[ -d "$DATA/fnc1" ] || DATA=/work/shared/data
TARGET="${CARGO_TARGET_DIR:-target}"
PYTHON="${PYTHON:-python3}"   # standard library only
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"

nice cargo build -q --release -p triangulate --bin triangulate
triangulate="$TARGET/release/triangulate"
feed="$WORK/feed-${MEGABYTES}mb-x${BODIES_PER_ITEM}.xml"
if [ ! -s "$feed" ]; then
  "$PYTHON" - "$DATA/fnc1/competition_test_bodies.csv" "$feed" "$MEGABYTES" "$BODIES_PER_ITEM" <<'PY'
import csv, html, random, re, sys
bodies_path, out_path, megabytes, per_item = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(bodies_path, newline="", encoding="utf-8") as f:
    bodies = [row["articleBody"] for row in csv.DictReader(f)]
split = re.compile(r"(?<=[.!?])\s+")
sentences = [[s for s in split.split(b.replace("\n", " ")) if s.strip()] for b in bodies]
rng = random.Random(7)
limit = megabytes * 1024 * 1024
with open(out_path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
              "<channel><title>Synthetic wire</title><link>https://wire.example/</link><description>bench</description>\n")
    i = 0
    while out.tell() < limit:
        body = [s for k in range(per_item) for s in sentences[(i * per_item + k) % len(sentences)]]
        shift = rng.randrange(len(body)) if body else 0
        rotated = body[shift:] + body[:shift]
        paragraphs = [" ".join(rotated[j:j + 3]) for j in range(0, len(rotated), 3)]
        paragraphs.append(f"This is report number {i} of the synthetic wire.")
        content = "".join(f'<p class="article-paragraph">{html.escape(p)}</p>' for p in paragraphs)
        day = 1 + i % 28
        out.write(f"<item><title>Report {i}: {html.escape(' '.join(rotated[:1])[:90])}</title>"
                  f"<link>https://wire.example/{i}</link><guid>https://wire.example/{i}</guid>"
                  f"<pubDate>Tue, {day:02d} Feb 2017 08:00:00 +0000</pubDate>"
                  f"<content:encoded><![CDATA[{content}]]></content:encoded></item>\n")
        i += 1
    out.write("</channel></rss>\n")
    print(f"feed: {i} items, {out.tell() / 1024 / 1024:.0f} MB", file=sys.stderr)
PY
fi
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ); feed $(du -m "$feed" | cut -f1) MB, $(grep -c '<item>' "$feed") items"

# measure LABEL COMMAND...: peak resident memory and wall time of one run.
measure() {
  local label="$1"; shift
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || true
  local rss wall user
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/time.txt")"
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")"
  user="$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$WORK/time.txt")"
  echo "$label: peak RSS ${rss} MB, wall ${wall}, user CPU ${user} s, $(grep -c . "$WORK/stderr.txt" || true) stderr lines"
}

for binary in "$triangulate" ${BEFORE:+"$BEFORE"}; do
  name="$( [ "$binary" = "$triangulate" ] && echo after || echo before)"
  case " $COMMANDS " in *" extract "*) measure "$name extract" "$binary" extract -q "$feed" ;; esac
  case " $COMMANDS " in *" ingest "*)
    rm -f "$WORK/corpus.db"*
    measure "$name ingest" "$binary" ingest -q "$feed" --db "$WORK/corpus.db"
    echo "$name ingest: $(sqlite3 "$WORK/corpus.db" 'SELECT COUNT(*) FROM articles' 2>/dev/null || echo '?') articles stored" ;;
  esac
done
