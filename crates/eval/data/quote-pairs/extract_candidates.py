"""Candidate pairs of direct quotes carried by different PolNeAR outlets within two days.

Reads the PolNeAR train split (the stretches in quotation marks of each attribution's Content),
keeps quotes of at least 5 words, and pairs quotes of different publishers published at most two
days apart that share at least two content words and whose content-word containment (shared
words over the shorter quote's) is at least 0.3. The 45 most similar pairs are kept, and 35
spread evenly over the rest (deterministic), so the hand-labelled set has both easy and hard cases. Output: TSV with an empty `label` column.

With `same-speaker` as third argument it pairs instead quotes whose speakers end with the same
capitalized name (not a pronoun), from different articles at most seven days apart, any
publishers, and keeps the 40 most similar pairs: the hard negatives (same person, same campaign
themes, different statement) and the few real repeats.

usage: ${PYTHON:-.venv/bin/python} extract_candidates.py /work/shared/data/polnear > candidates.tsv
       ${PYTHON:-.venv/bin/python} extract_candidates.py /work/shared/data/polnear dev > dev-candidates.tsv
       ${PYTHON:-.venv/bin/python} extract_candidates.py /work/shared/data/polnear train same-speaker
(the split defaults to train, the tuning split; dev is held out)
"""
import csv
import datetime
import os
import re
import sys

from extract_candidates_common import toks

root = sys.argv[1]
split = sys.argv[2] if len(sys.argv) > 2 else "train"
same_speaker = len(sys.argv) > 3 and sys.argv[3] == "same-speaker"
meta = {}
with open(os.path.join(root, "metadata.tsv"), newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        meta[row["filename"]] = row

QUOTE_MARKS = "\"“”"
quotes = []
seen = set()
for ann in sorted(os.listdir(os.path.join(root, split, "attributions"))):
    article = ann.rsplit("_", 1)[0]
    m = meta.get(article)
    if m is None:
        continue
    text_path = os.path.join(root, split, "text", article + ".txt")
    if not os.path.exists(text_path):
        continue
    text = open(text_path, encoding="utf-8").read()
    spans = {}
    for line in open(os.path.join(root, split, "attributions", ann), encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and parts[0].startswith("T"):
            kind_span = parts[1].split(" ")
            if len(kind_span) == 3 and kind_span[0] in ("Source", "Content"):
                spans[parts[0]] = (kind_span[0], int(kind_span[1]), int(kind_span[2]))
        elif parts[0].startswith("E") and len(parts) >= 2:
            args = dict(a.split(":") for a in parts[1].split(" ") if ":" in a)
            content = spans.get(args.get("Content", ""))
            source = spans.get(args.get("Source", ""))
            if not content:
                continue
            s, e = content[1], content[2]
            speaker = text[source[1]:source[2]] if source else ""
            # The quoted stretches of the content (marks just outside the span count too).
            for words in re.findall(r'[“"]([^“”"]+)[”"]', text[max(0, s - 1):e + 1]):
                words = " ".join(words.split()).strip(" ,.")
                if len(words.split()) < 5:
                    continue
                key = (article, words)
                if key in seen:
                    continue
                seen.add(key)
                quotes.append((article, m["publisher"], m["publication_date"], speaker, words))


def day(d):
    return datetime.date.fromisoformat(d)


by_day = {}
for i, q in enumerate(quotes):
    by_day.setdefault(q[2], []).append(i)
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "his", "her"}


def speaker_name(speaker):
    """The last capitalized word of a speaker phrase, or None for pronouns and descriptions."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", speaker) if w[0].isupper()]
    if not words or words[-1].lower() in PRONOUNS:
        return None
    return words[-1].replace("’s", "").replace("'s", "")


pairs = []
for i, a in enumerate(quotes if same_speaker else []):
    name = speaker_name(a[3])
    ta = toks(a[4])
    for b in quotes[i + 1:]:
        if name is None or b[0] == a[0] or speaker_name(b[3]) != name:
            continue
        if abs((day(a[2]) - day(b[2])).days) > 7:
            continue
        tb = toks(b[4])
        if ta and tb:
            inter = len(ta & tb)
            pairs.append((round(inter / min(len(ta), len(tb)), 3), a, b))
if same_speaker:
    pairs.sort(key=lambda p: (-p[0], p[1][0], p[2][0], p[1][4], p[2][4]))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["label", "containment", "article_a", "speaker_a", "quote_a", "article_b", "speaker_b", "quote_b"])
    for cont, a, b in pairs[:40]:
        w.writerow(["", cont, a[0], a[3], a[4].replace("\t", " ").replace("\n", " "), b[0], b[3], b[4].replace("\t", " ").replace("\n", " ")])
    print(f"{len(quotes)} quotes, {len(pairs)} same-speaker pairs, {min(40, len(pairs))} written", file=sys.stderr)
    sys.exit(0)
for i, a in enumerate(quotes):
    ta = toks(a[4])
    for offset in (0, 1, 2):
        d = (day(a[2]) + datetime.timedelta(days=offset)).isoformat()
        for j in by_day.get(d, []):
            if j <= i and offset == 0:
                continue
            b = quotes[j]
            if a[1] == b[1]:
                continue
            tb = toks(b[4])
            if not ta or not tb:
                continue
            inter = len(ta & tb)
            jac = inter / len(ta | tb)
            cont = inter / min(len(ta), len(tb))
            if cont >= 0.3 and inter >= 2:
                pairs.append((round(cont, 3), a, b))
pairs.sort(key=lambda p: (-p[0], p[1][0], p[2][0], p[1][4], p[2][4]))
# The most similar pairs (where the true matches are), then an even spread of the rest.
rest = pairs[45:]
step = max(1, len(rest) // 35)
chosen = pairs[:45] + rest[::step][:35]
w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
w.writerow(["label", "containment", "article_a", "speaker_a", "quote_a", "article_b", "speaker_b", "quote_b"])
for cont, a, b in chosen:
    w.writerow(["", cont, a[0], a[3], a[4].replace("\t", " ").replace("\n", " "), b[0], b[3], b[4].replace("\t", " ").replace("\n", " ")])
print(f"{len(quotes)} quotes, {len(pairs)} candidate pairs, {len(chosen)} written", file=sys.stderr)
