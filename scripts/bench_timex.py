"""dateparser's search_dates on the TempEval-3 sentences: speed, and predictions to score.

Reads the JSON lines written by `eval-timex sentences` (document, DCT, sentence offset,
text). Timing: `search_dates` once per sentence, single thread, RELATIVE_BASE = the
document's DCT, after one untimed warm-up pass; median of --runs passes. Predictions:
each found substring is located in its sentence and its value written as a TIMEX3 value at
the granularity dateparser reports for it (DateDataParser period: year, month, week, day,
time), for `eval-timex tempeval --predictions`.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import datetime

import dateparser
from dateparser.search import search_dates


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def settings_for(dct):
    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if dct:
        settings["RELATIVE_BASE"] = datetime.strptime(dct, "%Y-%m-%d")
    return settings


def run_once(sentences):
    found = 0
    for s in sentences:
        result = search_dates(s["text"], languages=["en"], settings=settings_for(s["dct"]))
        found += len(result or [])
    return found


def timex_value(substring, fallback, settings):
    """TIMEX3 value of one dateparser hit, at the period dateparser assigns to it."""
    data = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(substring)
    date, period = (data.date_obj, data.period) if data and data.date_obj else (fallback, "day")
    if period == "year":
        return date.strftime("%Y"), "DATE"
    if period == "month":
        return date.strftime("%Y-%m"), "DATE"
    if period == "week":
        iso = date.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}", "DATE"
    if period == "time" or (date.hour, date.minute) != (0, 0):
        return date.strftime("%Y-%m-%dT%H:%M"), "TIME"
    return date.strftime("%Y-%m-%d"), "DATE"


def predictions(sentences):
    out = {}
    for s in sentences:
        settings = settings_for(s["dct"])
        hits = search_dates(s["text"], languages=["en"], settings=settings) or []
        cursor = 0
        for substring, date in hits:
            at = s["text"].find(substring, cursor)
            if at < 0:
                continue
            cursor = at + len(substring)
            value, kind = timex_value(substring, date, settings)
            start = s["start"] + at
            out.setdefault(s["doc"], []).append({"start": start, "end": start + len(substring), "value": value, "type": kind})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--predictions", help="write predictions JSON here")
    args = parser.parse_args()
    sentences = load(args.input)
    run_once(sentences)
    rates = []
    found = 0
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        found = run_once(sentences)
        rates.append(len(sentences) / (time.perf_counter() - start))
    print(json.dumps({"tool": f"dateparser {dateparser.__version__} search_dates", "sentences": len(sentences), "expressions": found,
                      "runs": len(rates), "sentences_per_s_median": statistics.median(rates), "sentences_per_s_all": rates}))
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            json.dump(predictions(sentences), f)
        print(f"predictions written to {args.predictions}", file=sys.stderr)


if __name__ == "__main__":
    main()
