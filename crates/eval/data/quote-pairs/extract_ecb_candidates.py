"""Candidate pairs of direct quotes carried by different ECB+ articles of one sub-topic.

ECB+ gathers many outlets' reports of one event, and they often quote the same official in
slightly different words. Reads `docs.tar.gz`, topics 1-35 only (the tuning split), rejoins
each sentence's tokens, takes the stretches between double quotation marks of at least 5
words, and pairs quotes of different articles of the same sub-topic (topic + ecb/ecbplus half)
that share at least two content words with a content-word containment of at least 0.3.
Output: TSV in the same columns as extract_candidates.py, `label` empty.

usage: ${PYTHON:-.venv/bin/python} extract_ecb_candidates.py /work/shared/data/ecbplus > ecb-candidates.tsv
       ${PYTHON:-.venv/bin/python} extract_ecb_candidates.py /work/shared/data/ecbplus 36 45 > ecb-heldout-candidates.tsv
(the optional topic range defaults to 1-35; 36-45 is the held-out split)
"""
import csv
import re
import sys
import tarfile
import xml.etree.ElementTree as ET

from extract_candidates_common import toks

root = sys.argv[1]
first_topic, last_topic = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (1, 35)
quotes = []
with tarfile.open(root + "/docs.tar.gz") as tar:
    for member in sorted(tar.getmembers(), key=lambda m: m.name):
        if not member.name.endswith(".xml"):
            continue
        name = member.name.rsplit("/", 1)[-1][:-4]
        topic = int(name.split("_")[0])
        if not first_topic <= topic <= last_topic:
            continue
        sub = f"{topic}{'plus' if name.endswith('ecbplus') else ''}"
        tree = ET.fromstring(tar.extractfile(member).read())
        words = [t.text or "" for t in tree.iter("token")]
        text = " ".join(words)
        text = text.replace("``", '"').replace("''", '"')
        seen = set()
        for q in re.findall(r'"\s*([^"]+?)\s*"', text):
            q = re.sub(r"\s+([,.;:!?'])", r"\1", q).strip(" ,.")
            if len(q.split()) >= 5 and q not in seen:
                seen.add(q)
                quotes.append((name, sub, q))

pairs = []
for i, a in enumerate(quotes):
    ta = toks(a[2])
    for b in quotes[i + 1:]:
        if b[1] != a[1] or b[0] == a[0]:
            continue
        tb = toks(b[2])
        if not ta or not tb:
            continue
        inter = len(ta & tb)
        cont = inter / min(len(ta), len(tb))
        if cont >= 0.3 and inter >= 2:
            pairs.append((round(cont, 3), a, b))
pairs.sort(key=lambda p: (-p[0], p[1][0], p[2][0]))
rest = pairs[40:]
step = max(1, len(rest) // 20)
chosen = pairs[:40] + rest[::step][:20]
w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
w.writerow(["label", "containment", "article_a", "speaker_a", "quote_a", "article_b", "speaker_b", "quote_b"])
for cont, a, b in chosen:
    w.writerow(["", cont, a[0], "", a[2], b[0], "", b[2]])
print(f"{len(quotes)} quotes, {len(pairs)} candidate pairs, {len(chosen)} written", file=sys.stderr)
