"""Browser end-to-end test of the HTML report and the web app, as a person uses them.

Drives Debian's Chromium through chromedriver's W3C WebDriver protocol (plain
HTTP, Python standard library only). Run through scripts/e2e/run.sh, which
builds the binaries, makes the report and starts the app.

usage: e2e.py --report FILE.html --app http://127.0.0.1:PORT --token TOKEN
              --ingest-later FILE [--screenshots DIR]
"""

import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1000",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=60):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Browser:
    def __init__(self, chromedriver="chromedriver", chromium="/usr/bin/chromium"):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="e2e-chromium-")
        self.driver = subprocess.Popen([chromedriver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                if http("GET", self.base + "/status", headers={})[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium, "args": CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]}}}}
        status, body = http("POST", self.base + "/session", caps)
        if status != 200:
            self.driver.kill()
            raise SystemExit(f"cannot start Chromium: {body[:500]!r}")
        self.session = json.loads(body)["value"]["sessionId"]

    def cmd(self, method, path, body=None):
        status, raw = http(method, f"{self.base}/session/{self.session}{path}", body if body is not None else ({} if method == "POST" else None))
        value = json.loads(raw or b"{}").get("value")
        if status != 200:
            raise AssertionError(f"WebDriver {method} {path}: {value}")
        return value

    def go(self, url):
        self.cmd("POST", "/url", {"url": url})

    def find(self, css, wait=5.0):
        deadline = time.time() + wait
        while True:
            found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
            if found:
                return found[0][ELEMENT]
            if time.time() > deadline:
                raise AssertionError(f"no element matches {css} on {self.url()}")
            time.sleep(0.1)

    def all(self, css):
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, css):
        self.cmd("POST", f"/element/{self.find(css)}/click")

    def type(self, css, text):
        el = self.find(css)
        self.cmd("POST", f"/element/{el}/clear")
        self.cmd("POST", f"/element/{el}/value", {"text": text})

    def text(self, css):
        return self.cmd("GET", f"/element/{self.find(css)}/text")

    def displayed(self, element):
        return self.cmd("GET", f"/element/{element}/displayed")

    def url(self):
        return self.cmd("GET", "/url")

    def script(self, source, *args):
        return self.cmd("POST", "/execute/sync", {"script": source, "args": list(args)})

    def screenshot(self, path, full_height=True):
        if full_height:
            height = min(int(self.script("return document.documentElement.scrollHeight")), 6000)
            self.cmd("POST", "/window/rect", {"width": 1280, "height": max(height, 800)})
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        self.cmd("POST", "/window/rect", {"width": 1280, "height": 1000})

    def phone(self, on):
        self.cmd("POST", "/window/rect", {"width": 400 if on else 1280, "height": 860 if on else 1000})

    def close(self):
        try:
            self.cmd("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=10)


CHECKS = []


def check(name):
    def wrap(f):
        CHECKS.append((name, f))
        return f
    return wrap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--app", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--ingest-later", required=True)
    ap.add_argument("--screenshots")
    args = ap.parse_args()
    shots = args.screenshots
    if shots:
        os.makedirs(shots, exist_ok=True)
    b = Browser()
    passed = failed = 0

    @check("report: one self-contained page, story filter narrows the list")
    def _():
        b.go("file://" + os.path.abspath(args.report))
        assert "Triangulate report" in b.text("h1")
        stories = b.all("#story-list li")
        assert len(stories) >= 2, f"{len(stories)} stories"
        if shots:
            b.screenshot(os.path.join(shots, "report.png"))
        first_title = b.text("#story-list li a")
        b.type("#story-filter", first_title.split()[0])
        visible = [e for e in b.all("#story-list li") if b.displayed(e)]
        assert 1 <= len(visible) < len(stories), "typing narrows the list"
        b.type("#story-filter", "zzzz-no-such-story")
        assert b.displayed(b.find("#story-none")), "says when nothing matches"
        b.script("var i = document.getElementById('story-filter'); i.value = ''; i.dispatchEvent(new Event('input'));")
        assert all(b.displayed(e) for e in b.all("#story-list li")), "clearing the filter shows every story"
        # No request left the page: every resource is inline.
        entries = b.script("return performance.getEntriesByType('resource').length")
        assert entries == 0, f"{entries} resources fetched"

    @check("report: a timeline entry's evidence is one click away")
    def _():
        summaries = b.all("details.evidence summary")
        assert summaries, "some claim has evidence"
        b.cmd("POST", f"/element/{summaries[0]}/click")
        link = b.find("details.evidence[open] a.sentence")
        assert b.displayed(link)
        href = b.cmd("GET", f"/element/{link}/attribute/href")
        assert "#art-" in href, href
        # A link wrapped over several lines has its centre between them: click it as a script does.
        b.script("arguments[0].click()", {ELEMENT: link})
        assert b.script("return document.querySelector(':target') !== null && document.querySelector(':target').id.startsWith('art-')")

    @check("report: readable on a phone")
    def _():
        b.phone(True)
        b.go("file://" + os.path.abspath(args.report))
        overflow = b.script("return document.documentElement.scrollWidth - window.innerWidth")
        if shots:
            b.screenshot(os.path.join(shots, "report-phone.png"), full_height=False)
        b.phone(False)
        assert overflow <= 1, f"page is {overflow}px wider than the phone"

    @check("app: story list, then a story")
    def _():
        b.go(args.app + "/")
        assert b.text("h1") == "Stories"
        if shots:
            b.screenshot(os.path.join(shots, "app-stories.png"))
        b.click("#story-list li a")
        b.find("article.story h2")
        assert "/stories/" in b.url()
        if shots:
            b.screenshot(os.path.join(shots, "app-story.png"))

    @check("app: follow evidence to the sentence in its article")
    def _():
        b.go(args.app + "/")
        for story in [b.cmd("GET", f"/element/{e}/attribute/href") for e in b.all("#story-list li a")]:
            b.go(urllib.parse.urljoin(args.app, story))
            if b.all("details.evidence summary"):
                break
        b.click("details.evidence summary")
        link = b.find("details.evidence[open] a.sentence")
        assert b.displayed(link)
        b.script("arguments[0].click()", {ELEMENT: link})
        assert "/articles/" in b.url(), b.url()
        target = b.find("#evidence")
        assert b.displayed(target)
        assert "sent-target" in b.cmd("GET", f"/element/{target}/attribute/class")
        if shots:
            b.screenshot(os.path.join(shots, "app-article.png"))

    @check("app: search for a quote")
    def _():
        status, raw = http("GET", args.app + "/api/search?kind=quote&q=said&limit=1", headers={})
        hits = json.loads(raw)["hits"]
        assert hits, "the corpus has a quote"
        tokens = [w.strip(".,;:!?\"'“”‘’()") for w in hits[0]["snippet"].split()]
        words = next((tokens[i:i + 3] for i in range(len(tokens) - 2) if all(t.isalpha() for t in tokens[i:i + 3])), tokens[:1])
        phrase = " ".join(words)
        b.go(args.app + "/search")
        b.type("#search-q", f'"{phrase}"' if len(words) > 1 else phrase)
        b.click("form.search-form button")
        assert "results" in b.text("#search-total")
        marks = b.all("ol.hits mark")
        assert marks, f"matches are marked for {phrase}"
        if shots:
            b.screenshot(os.path.join(shots, "app-search.png"))

    @check("app: an article ingested through the API appears in its story")
    def _():
        with open(args.ingest_later, "rb") as f:
            body = f.read()
        name = os.path.basename(args.ingest_later)
        status, raw = http("POST", args.app + "/api/articles?source=" + urllib.parse.quote(name), body,
                           {"Authorization": "Bearer " + args.token, "Content-Type": "application/octet-stream"})
        assert status == 201, f"{status} {raw[:300]!r}"
        answer = json.loads(raw)
        article = answer["added_ids"][0]
        story = answer["stories"][article]
        b.go(args.app + "/stories/" + urllib.parse.quote(story))
        links = [b.cmd("GET", f"/element/{e}/attribute/href") for e in b.all("table.articles a")]
        assert any(article in l for l in links), "the new article is listed in its story"
        status, _ = http("POST", args.app + "/api/articles", body, {"Content-Type": "text/plain"})
        assert status == 401, "ingestion without the token is refused"

    try:
        for name, f in CHECKS:
            try:
                f()
                passed += 1
                print(f"ok   {name}")
            except Exception as e:  # report every failed check, then fail
                failed += 1
                print(f"FAIL {name}: {e}")
    finally:
        b.close()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
