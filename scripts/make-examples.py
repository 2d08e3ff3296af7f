#!/usr/bin/env python3
"""Builds examples/ from ECB+ news texts (../shared/data/ecbplus, texts not
copyrighted per the corpus README) in all five input formats Triangulate reads.

The texts are rebuilt from ECB+ tokens (detokenised); sentence 0 of an ECB+
`ecbplus` file is the source URL, sentence 1 the headline and, where the
original had one, sentence 2 a dateline. Nothing is invented: no author or
date that the text itself does not carry.

    python3 scripts/make-examples.py ../shared/data/ecbplus/docs.tar.gz examples/
"""
import gzip
import io
import json
import re
import sys
import tarfile
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from datetime import datetime, timezone
from html import escape

STORIES = {
    # Greek bank firebombing during the austerity strike, 5 May 2010.
    "8": ["8_1ecbplus.xml", "8_2ecbplus.xml", "8_3ecbplus.xml", "8_4ecbplus.xml", "8_5ecbplus.xml"],
    # Death of Esther Williams, 6 June 2013.
    "4": ["4_1ecbplus.xml", "4_2ecbplus.xml", "4_3ecbplus.xml", "4_10ecbplus.xml", "4_11ecbplus.xml"],
    # Shooting at the Kraft Foods plant in Philadelphia, 9 September 2010.
    "22": ["22_1ecbplus.xml", "22_2ecbplus.xml", "22_3ecbplus.xml", "22_12ecbplus.xml", "22_13ecbplus.xml"],
}

NO_SPACE_BEFORE = {"’", ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "’s"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def detokenize(tokens):
    out = ""
    open_quote = False
    prev = None
    for tok in tokens:
        space = bool(out)
        if tok in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER:
            space = False
        if tok.startswith('"') and len(tok) > 1:
            open_quote = True  # an opening mark glued to its word by the ECB+ tokeniser
        elif tok == '"':
            if open_quote:
                space = False
            open_quote = not open_quote
        elif prev == '"' and open_quote:
            space = False
        if tok == "-" and prev is not None and out and not out.endswith(" "):
            space = False
        if prev == "’" and tok in ("s", "t", "re", "ve", "ll", "d", "m"):
            space = False
        if prev == "-" and out.endswith("-") and not out.endswith(" -"):
            space = False
        out += (" " if space else "") + tok
        prev = tok
    out = re.sub(r"(\d) / (?=\d)", r"\1/", out)
    return re.sub(r"(\d) ?: (?=\d)", r"\1:", out)


def sentences(xml_bytes):
    root = ET.fromstring(xml_bytes)
    by_sentence = {}
    for t in root.iter("token"):
        by_sentence.setdefault(int(t.get("sentence")), []).append(t.text or "")
    return [detokenize(v) for _, v in sorted(by_sentence.items())]


DATE_PATTERNS = [
    (r"(\w+ \d{1,2}, \d{4})", ["%B %d, %Y", "%b %d, %Y"]),
    (r"(\d{1,2}/\d{1,2}/\d{4})", ["%m/%d/%Y"]),
]


def dateline(line):
    for pattern, formats in DATE_PATTERNS:
        m = re.search(pattern, line.replace(" / ", "/").replace(" :", ":"))
        if not m:
            continue
        for fmt in formats:
            try:
                return datetime.strptime(m.group(1), fmt).date()
            except ValueError:
                pass
    return None


def article(name, xml_bytes):
    s = sentences(xml_bytes)
    url = s[0].replace(" ", "")
    head = s[1:3]
    date = None
    for i, line in enumerate(head):
        if len(line.split()) <= 10 and dateline(line):
            date = dateline(line)
            head = head[:i] + head[i + 1:]
            break
    title = head[0]
    body = head[1:] + s[3:]
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    # Paragraphs of two sentences: ECB+ keeps no paragraph breaks.
    paragraphs = [" ".join(body[i:i + 2]) for i in range(0, len(body), 2)]
    return {"name": name, "url": url, "title": title, "date": date, "outlet": host, "paragraphs": paragraphs}


def html_page(a):
    meta_date = f'<meta property="article:published_time" content="{a["date"].isoformat()}">' if a["date"] else ""
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in a["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(a['title'])} | {escape(a['outlet'])}</title>
<meta property="og:title" content="{escape(a['title'])}">
<meta property="og:site_name" content="{escape(a['outlet'])}">
<link rel="canonical" href="{escape(a['url'])}">
{meta_date}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>{escape(a['title'])}</h1>
<div class="share">Share on Facebook · Share on Twitter · Email</div>
{paras}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Markets fall on debt fears</a></li><li><a href="/b">Weather: storms expected this weekend</a></li></ul></aside>
</main>
<footer>© {escape(a['outlet'])}. All rights reserved. <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></footer>
</body></html>
"""


def text_file(a):
    lines = [a["title"], ""]
    if a["date"]:
        lines.append(a["date"].strftime("%a, %d %b %Y"))
    lines.append(a["url"])
    lines.append("")
    lines.append("\n\n".join(a["paragraphs"]))
    return "\n".join(lines) + "\n"


def rss(items):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           "<channel><title>Examples feed</title><link>https://example.org/</link><description>News items</description>"]
    for a in items:
        pub = f"<pubDate>{format_datetime(datetime(a['date'].year, a['date'].month, a['date'].day, 12, tzinfo=timezone.utc))}</pubDate>" if a["date"] else ""
        body = "".join(f"<p>{escape(p)}</p>" for p in a["paragraphs"])
        out.append(f"<item><title>{escape(a['title'])}</title><link>{escape(a['url'])}</link>{pub}"
                   f"<description>{escape(a['paragraphs'][0] if a['paragraphs'] else '')}</description>"
                   f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def warc(items):
    buf = io.BytesIO()
    for i, a in enumerate(items):
        payload = html_page(a).encode("utf-8")
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                + str(len(payload)).encode() + b"\r\n\r\n" + payload)
        headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{i:012d}>\r\n"
                   f"WARC-Date: 2014-01-15T10:00:00Z\r\nWARC-Target-URI: {a['url']}\r\n"
                   f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
        record = headers + http + b"\r\n\r\n"
        buf.write(gzip.compress(record, mtime=0))  # one gzip member per record, as crawlers write them
    return buf.getvalue()


def jsonl(items):
    lines = []
    for a in items:
        rec = {"url": a["url"], "title": a["title"], "outlet": a["outlet"], "text": "\n\n".join(a["paragraphs"])}
        if a["date"]:
            rec["published"] = a["date"].isoformat()
        lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main(tar_path, out_dir):
    wanted = {f"docs/{t}/{n}": t for t, names in STORIES.items() for n in names}
    arts = {}
    with tarfile.open(tar_path) as tar:
        for member in tar.getmembers():
            if member.name in wanted:
                arts[member.name.split("/")[-1]] = article(member.name, tar.extractfile(member).read())
    g, e, k = ([arts[n] for n in STORIES[t]] for t in ("8", "4", "22"))
    files = {
        "html/greece-bank-thenational.html": html_page(g[0]),
        "html/greece-bank-inquirer.html": html_page(g[1]),
        "html/esther-williams-buenosairesherald.html": html_page(e[0]),
        "html/esther-williams-chicagotribune.html": html_page(e[1]),
        "text/greece-bank-usatoday.txt": text_file(g[2]),
        "text/esther-williams-cir.txt": text_file(e[2]),
        "text/kraft-shooting-nbcphiladelphia.txt": text_file(k[0]),
        "feeds/kraft-shooting.rss": rss(k[1:4]),
        "jsonl/esther-williams-and-kraft.jsonl": jsonl([e[3], e[4], k[4]]),
    }
    import os
    for rel, content in files.items():
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    os.makedirs(os.path.join(out_dir, "warc"), exist_ok=True)
    with open(os.path.join(out_dir, "warc/greece-bank.warc.gz"), "wb") as f:
        f.write(warc(g[3:5]))
    for a in arts.values():
        print(a["name"], a["outlet"], a["date"], a["title"], sep=" | ")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
