"""Peer segmenter for `eval-segmentation --bench`: pySBD (rule-based, Python) on the same texts.

Reads a JSON list of texts from argv[1]; segments every text `argv[2]` times and prints one JSON
object: the median seconds of one pass over all texts, and for each text the code-point offsets
where pySBD's sentences start.
"""
import json
import statistics
import sys
import time

import pysbd


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        texts = json.load(f)
    runs = int(sys.argv[2])
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    times = []
    starts = []
    for _ in range(runs):
        began = time.perf_counter()
        starts = [[span.start for span in segmenter.segment(text)] for text in texts]
        times.append(time.perf_counter() - began)
    # pySBD keeps leading white space in its spans; report where the words begin.
    starts = [
        [s + (len(text[s:]) - len(text[s:].lstrip())) for s in doc]
        for text, doc in zip(texts, starts)
    ]
    json.dump({"median_seconds": statistics.median(times), "starts": starts}, sys.stdout)


if __name__ == "__main__":
    main()
