"""Near-duplicate pairs with datasketch MinHash LSH, timed, for scripts/bench-xdoc.sh.

Same shingling as `bench-xdoc near-dup`: lowercased alphanumeric words, word 5-grams; the
same number of permutations (128) and the same threshold; datasketch picks its own bands.
Candidates from the index are kept when the MinHash estimate is at or above the threshold,
as the Rust side does. Prints one JSON line; writes the pairs (id TAB id) to the output file.

    python scripts/bench_minhash.py texts.jsonl pairs.tsv [threshold]
"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
WORD = re.compile(r"[^\W_]+")


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def main():
    texts_path, out_path = sys.argv[1], sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    rows = [json.loads(line) for line in open(texts_path, encoding="utf-8")]
    started = time.perf_counter()
    sets = [shingles(r["text"]) for r in rows]
    shingle_s = time.perf_counter() - started
    hashes = []
    for s in sets:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(s)
        hashes.append(m)
    signature_s = time.perf_counter() - started - shingle_s
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    pairs = []
    for j, (row, s, m) in enumerate(zip(rows, sets, hashes)):
        if not s:
            continue
        for i in lsh.query(m):
            if hashes[i].jaccard(m) >= threshold:
                pairs.append((i, j))
        lsh.insert(j, m)
    total_s = time.perf_counter() - started
    with open(out_path, "w", encoding="utf-8") as out:
        for i, j in pairs:
            out.write(f"{rows[i]['id']}\t{rows[j]['id']}\n")
    print(json.dumps({"tool": "datasketch", "texts": len(rows), "threads": 1, "shingle_s": shingle_s, "signature_s": signature_s,
                      "index_query_s": total_s - shingle_s - signature_s, "total_s": total_s, "pairs": len(pairs),
                      "bands_rows": [lsh.b, lsh.r]}))


if __name__ == "__main__":
    main()
