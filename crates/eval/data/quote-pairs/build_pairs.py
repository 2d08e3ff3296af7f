"""Builds `pairs.tsv`: the hand-labelled quote pairs, split into a tuning and a held-out part.

Sources (all labels by hand, in the candidate files' `label` column, except the derived rows):
- the first 140 rows, kept as they are (`polnear-train`, `ecbplus-1-35`; labelled first);
- `speaker-candidates.tsv` (`polnear-train-speaker`): PolNeAR train quotes of one speaker in
  different articles (`extract_candidates.py … train same-speaker`) — hard negatives;
- `ecb-heldout-candidates.tsv` (`ecbplus-36-45`), `dev-candidates.tsv` (`polnear-dev`),
  `dev-speaker-candidates.tsv` (`polnear-dev-speaker`): the same extractions on the held-out
  ECB+ topics 36-45 and the PolNeAR dev split;
- `written.tsv`: back-translations and translations written for this set by the author of
  `corroborate::quotes` from real quotes of the other rows (English → French/German/Spanish →
  English, done by hand; `written-backtranslation`, `written-translation-<lang>`), with a few
  translated different statements of the same event as negatives;
- derived meaning changes (`derived-negation`, `derived-modal`, `derived-number`): for real
  same-quote pairs, in file order, the shorter wording (written second, so that the change lies
  in the stretch both wordings cover) changed by one documented transformation (below), cycling
  through the three kinds; the pair stays the same quote (label 1) and its
  `meaning_change` column names the kind. Their split is their source row's split.

Transformations (first applicable place in the second wording):
- negation: a negative contraction loses its negation ("don't" → "do", "won't" → "will"), else
  "not" (not in "not only") or "never" is removed, else "no" becomes "some", else "not" is inserted after the first
  auxiliary ("is" → "is not");
- modal: the first modal is replaced (must→may, may→must, will→may, would→might, can→might,
  could→would, should→could, might→will, shall→may; "'ll" → " may");
- number: the first number is changed (digits: ×1.5 rounded, at least +1; number words: the
  next in a fixed list, "three" → "five").

Rows repeating an earlier pair's two wordings (up to case, spacing and punctuation) are dropped.

usage: python3 build_pairs.py   (run in this folder; rewrites pairs.tsv)
"""
import csv
import re

COLUMNS = ["label", "origin", "containment", "article_a", "speaker_a", "quote_a", "article_b", "speaker_b", "quote_b", "split", "meaning_change"]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None))


def key(a, b):
    norm = lambda s: " ".join(re.findall(r"\w+", s.lower().replace("’", "'")))
    return (norm(a), norm(b))


rows = []
for r in read("pairs.tsv"):
    if r["origin"] in ("polnear-train", "ecbplus-1-35"):
        r["split"] = "tuning"
        r["meaning_change"] = ""
        rows.append(r)
seen = {key(r["quote_a"], r["quote_b"]) for r in rows}


def add(r):
    k = key(r["quote_a"], r["quote_b"])
    if k in seen or (k[1], k[0]) in seen:
        return
    seen.add(k)
    rows.append(r)


for path, origin, split in [
    ("speaker-candidates.tsv", "polnear-train-speaker", "tuning"),
    ("ecb-heldout-candidates.tsv", "ecbplus-36-45", "held-out"),
    ("dev-candidates.tsv", "polnear-dev", "held-out"),
    ("dev-speaker-candidates.tsv", "polnear-dev-speaker", "held-out"),
]:
    for r in read(path):
        r.update(origin=origin, split=split, meaning_change="")
        add(r)
for r in read("written.tsv"):
    add({"label": r["label"], "origin": "written-" + r["origin"], "containment": "", "article_a": "", "speaker_a": "",
         "quote_a": r["quote_a"], "article_b": "", "speaker_b": "", "quote_b": r["quote_b"], "split": r["split"], "meaning_change": ""})

NEG_CONTRACTIONS = {"don't": "do", "doesn't": "does", "didn't": "did", "isn't": "is", "aren't": "are", "wasn't": "was",
                    "weren't": "were", "won't": "will", "can't": "can", "couldn't": "could", "wouldn't": "would",
                    "shouldn't": "should", "haven't": "have", "hasn't": "has", "hadn't": "had", "cannot": "can"}
AUXILIARIES = ["is", "are", "was", "were", "will", "would", "can", "could", "should", "must", "has", "have", "had"]
MODALS = {"must": "may", "may": "must", "will": "may", "would": "might", "can": "might", "could": "would",
          "should": "could", "might": "will", "shall": "may"}
NUMBER_WORDS = ["one", "two", "three", "five", "seven", "ten", "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", "thousand", "million"]


def replace_word(text, pattern, repl):
    """Replaces the first whole-word match of `pattern` (case-insensitive), keeping a leading capital."""
    m = re.search(r"(?<![\w'’])" + pattern + r"(?![\w'’])", text, flags=re.IGNORECASE)
    if not m:
        return None
    found = m.group(0)
    new = repl(found) if callable(repl) else repl
    if new and found[0].isupper():
        new = new[0].upper() + new[1:]
    out = text[:m.start()] + new + text[m.end():]
    return re.sub(r"  +", " ", out).strip()


def negation(text):
    t = text.replace("’", "'")
    for neg, pos in NEG_CONTRACTIONS.items():
        out = replace_word(t, re.escape(neg), pos)
        if out:
            return out
    # Tokenized text writes "do n't".
    out = replace_word(t, "n't", "")
    if out:
        return out
    for word in ("not(?! only)", "never"):
        out = replace_word(t, word, "")
        if out:
            return out
    out = replace_word(t, "no", "some")
    if out:
        return out
    for aux in AUXILIARIES:
        # "have" is an auxiliary only before a participle ("have come", not "have problems").
        participle = r" (?=been|\w+ed\b|\w+en\b)" if aux in ("has", "have", "had") else ""
        m = re.search(r"(?<![\w'])" + aux + r"(?![\w'])" + participle, t, flags=re.IGNORECASE)
        if m:
            end = m.start() + len(aux)
            return t[:end] + " not" + t[end:]
    return None


def modal(text):
    t = text.replace("’", "'")
    m = re.search(r"(?<![\w'])(" + "|".join(MODALS) + r")(?![\w'])|'ll\b", t, flags=re.IGNORECASE)
    if not m:
        return None
    found = m.group(0)
    new = " may" if found == "'ll" else MODALS[found.lower()]
    if found[0].isupper():
        new = new[0].upper() + new[1:]
    return t[:m.start()] + new + t[m.end():]


def number(text):
    m = re.search(r"\d[\d,]*", text)
    if m:
        n = int(m.group(0).replace(",", ""))
        changed = max(n + 1, round(n * 1.5))
        formatted = f"{changed:,}" if "," in m.group(0) else str(changed)
        return text[:m.start()] + formatted + text[m.end():]
    for i, w in enumerate(NUMBER_WORDS[:-1]):
        out = replace_word(text, w, NUMBER_WORDS[i + 1])
        if out:
            return out
    return None


KINDS = [("negation", negation), ("modal", modal), ("number", number)]
sources = [r for r in rows if r["label"] == "1" and not r["origin"].startswith("written")]
turn = 0
used = set()
for r in sources:
    if r["quote_b"] in used:
        continue
    # The shorter wording is changed (as the second quote), so that the change lies in the
    # stretch both wordings cover: what one outlet cut off is not a change of meaning.
    if len(r["quote_a"].split()) < len(r["quote_b"].split()):
        r = dict(r, quote_a=r["quote_b"], quote_b=r["quote_a"], article_a=r["article_b"], article_b=r["article_a"],
                 speaker_a=r["speaker_b"], speaker_b=r["speaker_a"])
    for k in range(len(KINDS)):
        kind, transform = KINDS[(turn + k) % len(KINDS)]
        changed = transform(r["quote_b"])
        if changed and changed != r["quote_b"]:
            used.add(r["quote_b"])
            turn = (turn + k + 1) % len(KINDS)
            d = dict(r)
            d.update(origin="derived-" + kind, quote_b=changed, meaning_change=kind, containment="")
            add(d)
            break

with open("pairs.tsv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None)
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in COLUMNS})
counts = {}
for r in rows:
    counts[(r["split"], r["origin"], r["label"])] = counts.get((r["split"], r["origin"], r["label"]), 0) + 1
for k in sorted(counts):
    print(*k, counts[k], sep="\t")
