#!/usr/bin/env python3
"""Runs trafilatura on the article-extraction-benchmark pages: exports its outputs in the
upstream format (scored afterwards by eval-extraction --reference) and times it.

Pages are decompressed into memory first; only extraction is timed.
Usage: bench_extraction.py --data DIR --runs N --out outputs.json --timing timing.json
"""
import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

import trafilatura


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timing", type=Path, required=True)
    args = parser.parse_args()

    gold = json.loads((args.data / "ground-truth.json").read_text(encoding="utf8"))
    pages = []
    for page_id in sorted(gold):
        raw = gzip.decompress((args.data / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, gold[page_id].get("url"), raw.decode("utf8", errors="replace")))

    outputs = {}
    rates = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        for page_id, url, html in pages:
            text = trafilatura.extract(html, url=url, include_comments=False) or ""
            outputs[page_id] = {"articleBody": text}
        rates.append(len(pages) / (time.perf_counter() - start))

    args.out.write_text(json.dumps(outputs, ensure_ascii=False), encoding="utf8")
    args.timing.write_text(json.dumps({
        "tool": f"trafilatura {trafilatura.__version__}",
        "pages": len(pages),
        "pages_per_second": rates,
        "median": statistics.median(rates),
    }), encoding="utf8")


if __name__ == "__main__":
    main()
