//! Matching the rules against a text and turning each match into a TIMEX3 value.

use chrono::{Datelike, NaiveDate};
use model::{Span, TimeExpr, TimexType};

use crate::calendar::{self, duration_value, Gran, Point, Tense, Unit};
use crate::grammar::{normalise_key, Grammar, Lexicon};
use crate::range::{self, Shape};

/// A rule match that passed the word-boundary checks.
#[derive(Debug)]
pub(crate) struct Candidate {
    /// The reported extent.
    pub span: Span,
    pub rule: usize,
    /// Named groups that took part: (slot name, byte range).
    pub groups: Vec<(String, Span)>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The match must not start or end inside a word or a number.
fn boundaries_ok(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    let (Some(first), Some(last)) = (matched.chars().next(), matched.chars().next_back()) else {
        return false;
    };
    let mut before = text[..start].chars().rev();
    if let Some(b) = before.next() {
        if is_word_char(first) && is_word_char(b) {
            return false;
        }
        // "1,990" or "3.1998": a number continues before the match.
        if first.is_ascii_digit() && matches!(b, '.' | ',' | ':' | '/' | '$' | '€' | '£')
            && (b == '$' || b == '€' || b == '£' || before.next().is_some_and(|p| p.is_ascii_digit())) {
                return false;
            }
    }
    let mut after = text[end..].chars();
    if let Some(a) = after.next() {
        if is_word_char(last) && is_word_char(a) {
            return false;
        }
        if last.is_ascii_digit() && matches!(a, '.' | ',' | ':' | '/' | '%')
            && (a == '%' || after.next().is_some_and(|n| n.is_ascii_digit())) {
                return false;
            }
    }
    true
}

/// All boundary-respecting matches of all rules, overlaps resolved: longer extents win,
/// then earlier rules.
pub(crate) fn find_candidates(grammar: &Grammar, text: &str) -> Vec<Candidate> {
    let mut all = Vec::new();
    for rule_index in grammar.prefilter.matches(text).iter() {
        let Some(rule) = grammar.rules.get(rule_index) else { continue };
        let names: Vec<Option<&str>> = rule.regex.capture_names().collect();
        let mut pos = 0;
        while pos <= text.len() {
            let Some(m) = rule.regex.find_at(text, pos) else { break };
            if m.is_empty() || !boundaries_ok(text, m.start(), m.end()) {
                // Retry one character later: a shorter alternative may fit the boundaries.
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            pos = m.end();
            let Some(caps) = rule.regex.captures_at(text, m.start()) else { continue };
            let mut groups = Vec::new();
            let mut span = Span::new(m.start(), m.end());
            for (i, name) in names.iter().enumerate() {
                let (Some(name), Some(g)) = (name, caps.get(i)) else { continue };
                if *name == "ext" {
                    span = Span::new(g.start(), g.end());
                } else {
                    groups.push((name.trim_end_matches(|c: char| c.is_ascii_digit()).to_string(), Span::new(g.start(), g.end())));
                }
            }
            if !span.is_empty() {
                all.push(Candidate { span, rule: rule_index, groups });
            }
        }
    }
    all.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.rule.cmp(&b.rule)).then(a.span.start.cmp(&b.span.start)));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in all {
        if chosen.iter().all(|k| !k.span.overlaps(&c.span)) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.span.start);
    chosen
}

/// A signed step with its anchor: `(-1, true)` is "one before the last mentioned date".
type Step = (i64, bool);

/// What a match says, slot by slot, in language-independent form.
#[derive(Debug, Default)]
struct Slots {
    year: Option<i32>,
    /// A year said in words, in two halves: "nineteen" "ninety-six".
    year_hundreds: Option<i32>,
    year_rest: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    weekday: Option<u32>,
    /// `Some(None)` for a vague amount ("several").
    num: Option<Option<f64>>,
    unit: Option<Unit>,
    dir: Option<Step>,
    shift: Option<Step>,
    dayword: Option<i64>,
    modifier: Option<String>,
    pod: Option<String>,
    season: Option<String>,
    quarter: Option<u32>,
    half: Option<u32>,
    decade: Option<i32>,
    decade_short: Option<i32>,
    century: Option<i32>,
    hour: Option<u32>,
    minute: Option<u32>,
    ampm: Option<String>,
    holiday: Option<String>,
    value: Option<String>,
    weekend: bool,
    keep: bool,
    /// Counted from the last mentioned date whatever the direction word says ("the next day").
    narrative: bool,
    /// The period last mentioned if it has this unit's granularity and is recent, else the
    /// DCT's moved by this many units ("the quarter" in an earnings report).
    recent: Option<i64>,
    quant: Option<String>,
    freq: Option<u32>,
    /// The year named relative to the DCT's ("this year's third quarter": 0, "next year's": 1).
    dct_year: Option<i32>,
    /// Years before the period resolved as usual ("the year-ago third quarter": 1).
    years_back: Option<i32>,
    /// "and a half" after the amount ("one and a half years", "2 1/2 hours").
    plus_half: bool,
    /// The written year names the period of the report last mentioned ("the 1988 quarter",
    /// "the 1989 period"): that quarter or half in this year.
    same_period: bool,
}

fn parse_step(v: &str) -> Option<Step> {
    let narrative = v.ends_with('n');
    let n: i64 = v.trim_end_matches('n').trim_start_matches('+').parse().ok()?;
    Some((n, narrative))
}

fn parse_count(v: &str) -> Option<u32> {
    let digits = v.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
    digits.parse().ok()
}

impl Slots {
    /// Records one slot from its normalised value; false when the value makes no sense.
    fn set(&mut self, slot: &str, v: &str) -> bool {
        match slot {
            "year" => match v.trim_start_matches(['\'', '’']).parse::<i32>() {
                Ok(y) if v.len() <= 2 || (v.len() == 3 && v.starts_with(['\'', '’'])) => {
                    self.year = Some(if y < 30 { 2000 + y } else { 1900 + y })
                }
                Ok(y) => self.year = Some(y),
                Err(_) => return false,
            },
            "year_hundreds" | "year_rest" => match v.parse::<f64>() {
                Ok(n) if n.fract() == 0.0 && (0.0..100.0).contains(&n) => {
                    if slot == "year_hundreds" {
                        self.year_hundreds = Some(n as i32);
                    } else {
                        self.year_rest = Some(n as i32);
                    }
                }
                _ => return false,
            },
            "month" => match v.parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => self.month = Some(m),
                _ => return false,
            },
            "day" => match parse_count(v) {
                Some(d) if (1..=31).contains(&d) => self.day = Some(d),
                _ => return false,
            },
            "weekday" => match v.parse::<u32>() {
                Ok(d) if (1..=7).contains(&d) => self.weekday = Some(d),
                _ => return false,
            },
            "num" => {
                if v == "X" {
                    self.num = Some(None);
                } else {
                    match v.replace(',', "").parse::<f64>() {
                        Ok(n) if n.is_finite() && n >= 0.0 => self.num = Some(Some(n)),
                        _ => return false,
                    }
                }
            }
            "unit" => match Unit::from_code(v) {
                Some(u) => self.unit = Some(u),
                None => return false,
            },
            "dir" => match parse_step(v) {
                Some(s) => self.dir = Some(s),
                None => return false,
            },
            "shift" | "shiftword" => match parse_step(v) {
                Some(s) => self.shift = Some(s),
                None => return false,
            },
            "dayword" => match v.trim_start_matches('+').parse() {
                Ok(n) => self.dayword = Some(n),
                Err(_) => return false,
            },
            "mod" => {
                if !v.is_empty() {
                    self.modifier = Some(v.to_string());
                }
            }
            "pod" => self.pod = Some(v.to_string()),
            "season" => match calendar::season_month(v) {
                Some(_) => self.season = Some(v.to_string()),
                None => return false,
            },
            "quarter" => match parse_count(v) {
                Some(q) if (1..=4).contains(&q) => self.quarter = Some(q),
                _ => return false,
            },
            "half" => match parse_count(v) {
                Some(h) if (1..=2).contains(&h) => self.half = Some(h),
                _ => return false,
            },
            "decade" => match v.parse::<i32>() {
                Ok(y) => self.decade = Some(y / 10),
                Err(_) => return false,
            },
            "decade_short" => match v.parse::<i32>() {
                Ok(d) if (0..=9).contains(&d) => self.decade_short = Some(d),
                _ => return false,
            },
            "century" => match parse_count(v) {
                Some(c) if (1..=40).contains(&c) => self.century = Some(c as i32 - 1),
                _ => return false,
            },
            "hour" => match parse_count(v) {
                Some(h) if h <= 24 => self.hour = Some(h),
                _ => return false,
            },
            "minute" => match v.parse::<u32>() {
                Ok(m) if m < 60 => self.minute = Some(m),
                _ => return false,
            },
            "ampm" => self.ampm = Some(v.to_string()),
            "holiday" => self.holiday = Some(v.to_string()),
            "ref" | "setword" | "value" => self.value = Some(v.to_string()),
            "weekend" => self.weekend = v == "1",
            "keep" => self.keep = v == "1",
            "period" => self.same_period = v == "1",
            "plus_half" => self.plus_half = v == "1",
            "dct_year" => match v.trim_start_matches('+').parse() {
                Ok(n) => self.dct_year = Some(n),
                Err(_) => return false,
            },
            "years_back" => match v.parse() {
                Ok(n) => self.years_back = Some(n),
                Err(_) => return false,
            },
            "anchor" => self.narrative = v == "narr",
            "recent" => match v.trim_start_matches('+').parse() {
                Ok(n) => self.recent = Some(n),
                Err(_) => return false,
            },
            // Checked on the captured text by the caller.
            "capital" => {}
            "quant" => self.quant = Some(v.to_string()),
            "freq" => match parse_count(v) {
                Some(f) => self.freq = Some(f),
                None => return false,
            },
            // Matched only to be part of the extent.
            "timezone" => {}
            _ => return false,
        }
        true
    }
}

/// Lexicon sections a slot's words are listed in.
fn sections_for(slot: &str) -> &'static [&'static str] {
    match slot {
        "month" => &["month", "month_name"],
        "weekday" => &["weekday", "weekday_name", "weekday_plural"],
        "num" => &["number", "number_tens", "number_unit"],
        "unit" => &["unit", "unit_calendar", "unit_plural"],
        "season" => &["season", "season_name"],
        "shiftword" => &["shiftword"],
        "day" | "quarter" | "half" | "century" | "hour" => &["ordinal", "number"],
        "year_hundreds" => &["year_hundreds"],
        "year_rest" => &["number", "number_tens", "number_unit"],
        "dir" => &["dir"],
        "dayword" => &["dayword"],
        "mod" => &["mod"],
        "pod" => &["pod"],
        "ampm" => &["ampm"],
        "timezone" => &["timezone"],
        "ref" => &["ref"],
        "setword" => &["setword"],
        "holiday" => &["holiday"],
        "freq" => &["freq"],
        _ => &[],
    }
}

/// The normalised value of captured text for a slot: the lexicon's value, the sum of the
/// parts for compound numbers ("twenty four"), or the text itself (digits).
fn slot_value(lexicon: &Lexicon, slot: &str, text: &str) -> String {
    let sections = sections_for(slot);
    let key = normalise_key(text);
    for section in sections {
        if let Some(v) = lexicon.lookup_key(section, &key) {
            return v.to_string();
        }
    }
    if sections.contains(&"number") {
        let key = normalise_key(text);
        let parts: Vec<&str> = key.split(' ').collect();
        if parts.len() > 1 {
            let values: Option<Vec<f64>> = parts.iter().map(|p| lexicon.lookup("number", p).and_then(|v| v.parse::<f64>().ok())).collect();
            if let Some(values) = values {
                return format!("{}", values.iter().sum::<f64>());
            }
        }
    }
    text.trim().trim_end_matches('.').to_string()
}

/// A resolved date before formatting: a point, or a value with X placeholders.
#[derive(Debug, Clone)]
enum Date {
    Point(Point),
    Text(String),
}

/// The outcome for one match.
struct Resolved {
    kind: TimexType,
    value: String,
    modifier: Option<String>,
    quant: Option<String>,
    freq: Option<String>,
    point: Option<Point>,
}

/// Document state while resolving in text order.
struct Context<'a> {
    text: &'a str,
    lexicon: &'a Lexicon,
    sentences: &'a [Span],
    dct: Option<NaiveDate>,
    /// The last date mentioned and its sentence.
    narrative: Option<(Point, usize)>,
    /// The last quarter or half-year mentioned: the period an earnings report is about, which
    /// "a year ago" and "the 1988 quarter" refer back to however many sentences later.
    report_period: Option<Point>,
}

impl Context<'_> {
    fn sentence_of(&self, pos: usize) -> usize {
        self.sentences.partition_point(|s| s.start <= pos).saturating_sub(1)
    }

    fn dct_point(&self) -> Option<Point> {
        self.dct.map(|d| Point::new(d, Gran::Day))
    }

    /// The reference of a relative expression: the last mentioned date for anaphoric ones
    /// (the DCT when nothing was mentioned yet), the DCT for deictic ones.
    fn anchor(&self, narrative: bool) -> Option<Point> {
        if narrative {
            self.narrative.map(|(p, _)| p).or_else(|| self.dct_point())
        } else {
            self.dct_point()
        }
    }

    /// Tense of the sentence around `pos`: the verb cue nearest to the expression decides.
    fn tense_at(&self, sentence: usize, at: Span) -> Tense {
        let Some(span) = self.sentences.get(sentence).copied() else { return Tense::Unknown };
        let Some(sentence_text) = self.text.get(span.start..span.end) else { return Tense::Unknown };
        nearest_tense_cue(self.lexicon, sentence_text, at.start.saturating_sub(span.start), at.end.saturating_sub(span.start))
    }
}

/// True when the sentence around `t` (byte spans) tells it as still to come.
pub(crate) fn told_as_future(lexicon: &Lexicon, text: &str, sentences: &[Span], t: &TimeExpr) -> bool {
    let Some(span) = sentences.get(t.sentence) else { return false };
    let Some(sentence) = text.get(span.start..span.end) else { return false };
    nearest_tense_cue(lexicon, sentence, t.span.start.saturating_sub(span.start), t.span.end.saturating_sub(span.start)) == Tense::Future
}

/// True when the sentence around `t` has a word of plan, hope, deadline or condition (lexicon
/// sections `prospective` and `future_cue`, one or two words), wherever it stands.
pub(crate) fn prospective(lexicon: &Lexicon, text: &str, sentences: &[Span], t: &TimeExpr) -> bool {
    let Some(sentence) = sentences.get(t.sentence).and_then(|s| text.get(s.start..s.end)) else { return false };
    let words: Vec<String> = sentence.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).map(normalise_key).collect();
    let listed = |w: &str| lexicon.lookup_key("prospective", w).is_some() || lexicon.lookup_key("future_cue", w).is_some();
    (0..words.len()).any(|i| listed(&words[i]) || words.get(i + 1).is_some_and(|n| listed(&format!("{} {n}", words[i]))))
}

/// How far (bytes) a tense cue may be from the expression it decides for; tuned on
/// TempEval train.
const TENSE_CUE_REACH: usize = 40;

/// Value of the `past_cue` words that are adverbs ("ago", "yesterday"): past whatever verb
/// they stand by, never a participle.
const ADVERB: &str = "A";

/// True when the past form `words[i]` is a participle whose tense is not its own: after a
/// passive or progressive auxiliary ("is to be voted", "will be held", one `-ly` adverb may
/// stand between), before a trailing one (German "unterzeichnet werden"), or, for a regular
/// `-ed` form, as an adjective after a determiner ("the proposed vote"). The auxiliary chain
/// then decides: "is to" and "will" are future cues, "was" a past one.
fn is_bare_participle(lexicon: &Lexicon, words: &[(usize, String)], i: usize, regular: bool) -> bool {
    let word_before = |back: usize| i.checked_sub(back).and_then(|j| words.get(j)).map(|(_, w)| w.as_str());
    let aux = |w: Option<&str>| w.is_some_and(|w| lexicon.lookup_key("participle_aux", w).is_some());
    let adverb = word_before(1).is_some_and(|w| w.len() > 4 && w.ends_with("ly"));
    if aux(word_before(1)) || (adverb && aux(word_before(2))) {
        return true;
    }
    if words.get(i + 1).is_some_and(|(_, w)| lexicon.lookup_key("participle_aux_after", w).is_some()) {
        return true;
    }
    regular && word_before(1).is_some_and(|w| lexicon.lookup_key("participle_adjective", w).is_some())
}

/// Finds the tense cue word closest to the expression at bytes `pos..end` of the sentence.
fn nearest_tense_cue(lexicon: &Lexicon, sentence: &str, pos: usize, end: usize) -> Tense {
    let is_word_part = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    // Only words starting within reach of `pos` can decide, plus the word after the last of
    // them (two-word cues): tokenising just that window keeps long sentences cheap.
    let mut from = pos.saturating_sub(TENSE_CUE_REACH).min(sentence.len());
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    // A word cut by the window's start began out of reach: skip its rest.
    let cut = sentence[..from].chars().next_back().is_some_and(is_word_part);
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut start = None;
    let mut skipping = cut;
    let mut words_after_reach = 0;
    for (i, c) in sentence[from..].char_indices().map(|(i, c)| (from + i, c)).chain(std::iter::once((sentence.len(), ' '))) {
        let part = is_word_part(c);
        if skipping {
            skipping = part;
            continue;
        }
        match (part, start) {
            (true, None) => {
                if i > pos + TENSE_CUE_REACH {
                    words_after_reach += 1;
                    if words_after_reach > 1 {
                        break;
                    }
                }
                start = Some(i);
            }
            (false, Some(s)) => {
                words.push((s, normalise_key(&sentence[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    // "said Monday", "announced on Tuesday": the day of the report, which lies before the
    // report itself whatever the reported clause says ("said Monday it would …").
    let mut before = words.iter().rev().filter(|(offset, _)| *offset < pos);
    let previous = before.next().filter(|(offset, w)| pos - offset <= w.len() + 2);
    let reporting = |w: &str| lexicon.lookup_key("reporting", w).is_some();
    if let Some((_, word)) = previous {
        if reporting(word) || (lexicon.lookup_key("report_gap", word).is_some() && before.next().is_some_and(|(_, w)| reporting(w))) {
            return Tense::Past;
        }
    }
    // The same with the verb right after the day: "Am Dienstag sagte der Minister", "the
    // company Tuesday said".
    if words.iter().find(|(offset, _)| *offset >= end).is_some_and(|(offset, w)| *offset <= end + 2 && reporting(w)) {
        return Tense::Past;
    }
    // "by August", "until May": a deadline, told by the verb before it ("will double its
    // flights … by August", "had fallen by January"); with no such verb, still to come.
    let deadline = previous.is_some_and(|(_, w)| lexicon.lookup_key("deadline", w).is_some());
    let suffixes: Vec<&str> = lexicon.keys("past_suffix").collect();
    let mut best: Option<(usize, Tense)> = None;
    for i in 0..words.len() {
        let (offset, word) = (&words[i].0, &words[i].1);
        if offset.abs_diff(pos) > TENSE_CUE_REACH || (deadline && *offset >= pos) {
            continue;
        }
        let two = words.get(i + 1).map(|(_, w)| format!("{word} {w}"));
        let is_future = lexicon.lookup_key("future_cue", word).is_some() || two.as_deref().is_some_and(|t| lexicon.lookup_key("future_cue", t).is_some());
        let listed_past = lexicon.lookup_key("past_cue", word);
        let past_suffix = suffixes.iter().any(|s| word.len() >= s.len() + 3 && word.ends_with(s) && word.chars().all(char::is_alphabetic));
        let is_past = !is_future
            && lexicon.lookup_key("reporting", word).is_none()
            && (listed_past.is_some() || past_suffix)
            && !(listed_past != Some(ADVERB) && is_bare_participle(lexicon, &words, i, past_suffix && listed_past.is_none()));
        if !(is_future || is_past) {
            continue;
        }
        let distance = offset.abs_diff(pos);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, if is_future { Tense::Future } else { Tense::Past }));
        }
    }
    // A cue far from the expression belongs to another clause.
    let untold = if deadline { Tense::Future } else { Tense::Unknown };
    best.filter(|(distance, _)| *distance <= TENSE_CUE_REACH).map_or(untold, |(_, t)| t)
}

/// Resolves every candidate in text order.
pub(crate) fn resolve_all(grammar: &Grammar, text: &str, sentences: &[Span], dct: Option<NaiveDate>, candidates: Vec<Candidate>) -> Vec<TimeExpr> {
    let mut ctx = Context { text, lexicon: &grammar.lexicon, sentences, dct, narrative: None, report_period: None };
    let mut out = Vec::with_capacity(candidates.len());
    let mut shapes = Vec::with_capacity(candidates.len());
    for cand in candidates {
        let Some(rule) = grammar.rules.get(cand.rule) else { continue };
        let Some(kind) = rule.kind else { continue };
        let capital_ok = rule.attrs.iter().filter(|(k, _)| k == "capital").all(|(_, slot)| {
            cand.groups.iter().filter(|(name, _)| name == slot).all(|(_, g)| text[g.start..g.end].chars().next().is_some_and(char::is_uppercase))
        });
        if !capital_ok {
            continue;
        }
        let mut slots = Slots::default();
        let mut ok = true;
        for (name, span) in &cand.groups {
            let Some(captured) = text.get(span.start..span.end) else { continue };
            let value = slot_value(&grammar.lexicon, name, captured);
            ok &= slots.set(name, &value);
        }
        for (name, value) in &rule.attrs {
            ok &= slots.set(name, value);
        }
        if slots.plus_half {
            slots.num = Some(slots.num.unwrap_or(Some(1.0)).map(|n| n + 0.5));
        }
        if let (Some(n), Some(d), None) = (slots.dct_year, dct, slots.year) {
            slots.year = Some(d.year() + n);
        }
        if let Some(h) = slots.year_hundreds {
            slots.year = Some(h * 100 + slots.year_rest.unwrap_or(0));
        }
        if !ok {
            continue;
        }
        let sentence = ctx.sentence_of(cand.span.start);
        let Some(resolved) = resolve_one(&ctx, kind, &slots, sentence, cand.span) else { continue };
        if let Some(p) = resolved.point {
            // A year-on-year comparison ("a year earlier") is not where the story is.
            let comparison = (slots.shift.is_some() && slots.unit == Some(Unit::Year) && p.gran != Gran::Year) || slots.years_back.is_some();
            if !comparison {
                ctx.narrative = Some((p, sentence));
            }
            if matches!(p.gran, Gran::Quarter | Gran::Half) && slots.shift.is_none() && !slots.same_period && slots.years_back.is_none() {
                ctx.report_period = Some(p);
            }
        }
        out.push(TimeExpr {
            span: cand.span,
            text: text[cand.span.start..cand.span.end].to_string(),
            kind: resolved.kind,
            value: resolved.value,
            modifier: resolved.modifier,
            quant: resolved.quant,
            freq: resolved.freq,
            sentence,
            range_end: None,
            ends_range: false,
        });
        let weekday_only = slots.weekday.is_some() && slots.month.is_none();
        let past = weekday_only && ctx.tense_at(sentence, cand.span) == Tense::Past;
        shapes.push(Shape { has_year: slots.year.is_some(), weekday_only, past });
    }
    range::link(&grammar.lexicon, text, sentences, out, shapes)
}

fn resolve_one(ctx: &Context, kind: TimexType, slots: &Slots, sentence: usize, at: Span) -> Option<Resolved> {
    let modifier = slots.modifier.clone();
    let mut out = Resolved { kind, value: String::new(), modifier, quant: slots.quant.clone(), freq: slots.freq.map(|f| format!("{f}X")), point: None };
    if let Some(v) = &slots.value {
        out.value = v.clone();
        return Some(out);
    }
    match kind {
        TimexType::Duration => {
            let unit = slots.unit?;
            out.value = duration_value(slots.num.unwrap_or(Some(1.0)), unit);
            Some(out)
        }
        TimexType::Set => {
            if let Some(wd) = slots.weekday {
                out.value = format!("XXXX-WXX-{wd}");
            } else if let Some(m) = slots.month {
                out.value = format!("XXXX-{m:02}");
            } else {
                let unit = slots.unit?;
                out.value = duration_value(slots.num.unwrap_or(Some(1.0)), unit);
            }
            Some(out)
        }
        TimexType::Date | TimexType::Time => {
            let date = resolve_date(ctx, slots, sentence, at)?;
            let with_time = add_time_of_day(slots, date)?;
            if let Date::Point(p) = &with_time.0 {
                out.point = Some(*p);
            }
            out.value = with_time.1;
            out.kind = if out.value.contains('T') && kind == TimexType::Date { TimexType::Time } else { kind };
            Some(out)
        }
    }
}

fn integer(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() < 1e6).then_some(n as i64)
}

fn resolve_date(ctx: &Context, slots: &Slots, sentence: usize, at: Span) -> Option<Date> {
    let dct = ctx.dct;
    let point_or = |p: Option<Point>, gran: Gran| -> Date { p.map_or_else(|| Date::Text(calendar::unknown_value(gran).to_string()), Date::Point) };
    if let Some(n) = slots.dayword {
        let p = ctx.anchor(false).and_then(|a| a.shift(n, Unit::Day, false));
        return Some(point_or(p, Gran::Day));
    }
    if let Some((sign, narrative)) = slots.shift.map(|(n, a)| (n, a || slots.narrative)) {
        let unit = slots.unit?;
        let amount = match slots.num.unwrap_or(Some(1.0)) {
            Some(n) => n,
            None => return Some(Date::Text(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string())),
        };
        let n = sign * integer(amount)?;
        // Year-on-year comparisons keep the period just mentioned: "a year earlier" after
        // "the third quarter" is that quarter a year before.
        let recent_period = ctx.narrative.filter(|(p, s)| {
            matches!(p.gran, Gran::Quarter | Gran::Half | Gran::Month) && (slots.keep || (amount == 1.0 && sentence.saturating_sub(*s) <= 1))
        });
        if unit == Unit::Year {
            if let Some((p, _)) = recent_period {
                return Some(point_or(p.shift(n, unit, true), p.gran));
            }
            // "a year ago" in an earnings report: the reported quarter a year before.
            if let Some(p) = ctx.report_period.filter(|_| amount == 1.0) {
                return Some(point_or(p.shift(n, unit, true), p.gran));
            }
        }
        let p = ctx.anchor(narrative).and_then(|a| a.shift(n, unit, false));
        return Some(point_or(p, unit.gran()));
    }
    if let Some(back) = slots.recent {
        let unit = slots.unit?;
        let recent = ctx.narrative.filter(|(p, s)| p.gran == unit.gran() && sentence.saturating_sub(*s) <= 1).map(|(p, _)| p);
        let p = recent.or_else(|| ctx.dct_point().and_then(|d| d.shift(back, unit, false)));
        return Some(point_or(p, unit.gran()));
    }
    let tense = ctx.tense_at(sentence, at);
    if let Some((dir, narrative)) = slots.dir.map(|(n, a)| (n, a || slots.narrative)) {
        if let Some(wd) = slots.weekday.and_then(calendar::weekday) {
            let reference = ctx.anchor(narrative).map(|p| p.date);
            return Some(match reference {
                Some(r) => Date::Point(Point::new(calendar::weekday_in_direction(wd, dir, tense, r)?, Gran::Day)),
                None => Date::Text(format!("XXXX-WXX-{}", slots.weekday.unwrap_or(1))),
            });
        }
        if let Some(m) = slots.month {
            return Some(match dct {
                Some(d) => Date::Point(Point::new(NaiveDate::from_ymd_opt(calendar::month_year_in_direction(m, dir, d), m, 1)?, Gran::Month)),
                None => Date::Text(format!("XXXX-{m:02}")),
            });
        }
        if let Some(season) = &slots.season {
            return Some(match dct {
                Some(d) => Date::Point(calendar::resolve_season(season, Some(dir), tense, d)?),
                None => Date::Text(format!("XXXX-{season}")),
            });
        }
        let unit = slots.unit?;
        // "that day", "the same day" after a year told alone name no day of it ("trades made
        // that day" after "1987" is no date of the story): not tagged.
        if narrative && dir == 0 && ctx.narrative.is_some_and(|(p, _)| p.gran < unit.gran()) {
            return None;
        }
        let p = ctx.anchor(narrative).and_then(|a| a.shift(dir, unit, false));
        return Some(point_or(p, unit.gran()));
    }
    if let Some(h) = &slots.holiday {
        return resolve_holiday(h, slots.year, tense, dct);
    }
    if let Some(year) = slots.year {
        let first = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
        if let Some(period) = ctx.report_period.filter(|_| slots.same_period) {
            return Some(Date::Point(Point::new(first(period.date.month(), 1)?, period.gran)));
        }
        let p = if let (Some(m), Some(d)) = (slots.month, slots.day) {
            Point::new(first(m, d)?, Gran::Day)
        } else if let Some(m) = slots.month {
            Point::new(first(m, 1)?, Gran::Month)
        } else if let Some(s) = &slots.season {
            Point::new(first(calendar::season_month(s)?, 1)?, Gran::Season)
        } else if let Some(q) = slots.quarter {
            Point::new(first(q * 3 - 2, 1)?, Gran::Quarter)
        } else if let Some(h) = slots.half {
            Point::new(first(h * 6 - 5, 1)?, Gran::Half)
        } else {
            Point::new(first(1, 1)?, Gran::Year)
        };
        return Some(Date::Point(p));
    }
    if let Some(decade) = slots.decade {
        return Some(Date::Point(Point::new(NaiveDate::from_ymd_opt(decade * 10, 1, 1)?, Gran::Decade)));
    }
    if let Some(d) = slots.decade_short {
        // "the '90s": the most recent such decade not after the DCT's, 20th century otherwise.
        let century = match dct {
            Some(t) if d * 10 <= t.year() % 100 => t.year() / 100,
            Some(t) => t.year() / 100 - 1,
            None => 19,
        };
        return Some(Date::Point(Point::new(NaiveDate::from_ymd_opt(century * 100 + d * 10, 1, 1)?, Gran::Decade)));
    }
    if let Some(c) = slots.century {
        return Some(Date::Point(Point::new(NaiveDate::from_ymd_opt(c * 100, 1, 1)?, Gran::Century)));
    }
    if let Some(m) = slots.month {
        return Some(match dct {
            Some(d) => {
                let year = calendar::resolve_year(m, slots.day, tense, d);
                match slots.day {
                    Some(day) => Date::Point(Point::new(NaiveDate::from_ymd_opt(year, m, day)?, Gran::Day)),
                    None => Date::Point(Point::new(NaiveDate::from_ymd_opt(year, m, 1)?, Gran::Month)),
                }
            }
            None => Date::Text(match slots.day {
                Some(day) => format!("XXXX-{m:02}-{day:02}"),
                None => format!("XXXX-{m:02}"),
            }),
        });
    }
    if let Some(q) = slots.quarter {
        return Some(match dct {
            Some(d) => {
                let year = calendar::resolve_quarter_year(q, tense, d) - slots.years_back.unwrap_or(0);
                Date::Point(Point::new(NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?, Gran::Quarter))
            }
            None => Date::Text(format!("XXXX-Q{q}")),
        });
    }
    if let Some(h) = slots.half {
        return Some(match dct {
            Some(d) => Date::Point(Point::new(NaiveDate::from_ymd_opt(d.year(), h * 6 - 5, 1)?, Gran::Half)),
            None => Date::Text(format!("XXXX-H{h}")),
        });
    }
    if let Some(season) = &slots.season {
        return Some(match dct {
            Some(d) => Date::Point(calendar::resolve_season(season, None, tense, d)?),
            None => Date::Text(format!("XXXX-{season}")),
        });
    }
    if let Some(wd) = slots.weekday {
        let weekday = calendar::weekday(wd)?;
        return Some(match dct {
            Some(d) => Date::Point(Point::new(calendar::resolve_weekday(weekday, tense, d)?, Gran::Day)),
            None => Date::Text(format!("XXXX-WXX-{wd}")),
        });
    }
    if slots.weekend {
        return Some(match dct {
            Some(d) => Date::Point(Point::new(calendar::resolve_weekday(chrono::Weekday::Sat, tense, d)?, Gran::Weekend)),
            None => Date::Text("XXXX-WXX-WE".to_string()),
        });
    }
    if slots.hour.is_some() {
        // A clock time alone: on the day last mentioned in this sentence, else the DCT.
        let day = ctx.narrative.filter(|(p, s)| *s == sentence && p.gran == Gran::Day).map(|(p, _)| p).or_else(|| ctx.dct_point());
        return Some(point_or(day, Gran::Day));
    }
    None
}

fn resolve_holiday(spec: &str, year: Option<i32>, tense: Tense, dct: Option<NaiveDate>) -> Option<Date> {
    let parts: Vec<&str> = spec.split([':', '-']).collect();
    let month: u32 = parts.first()?.parse().ok()?;
    let fixed_day: Option<u32> = if spec.contains('-') { parts.get(1)?.parse().ok() } else { None };
    let year = match (year, dct) {
        (Some(y), _) => y,
        (None, Some(d)) => calendar::resolve_year(month, fixed_day.or(Some(15)), tense, d),
        (None, None) => {
            return Some(Date::Text(match fixed_day {
                Some(day) => format!("XXXX-{month:02}-{day:02}"),
                None => format!("XXXX-{month:02}-XX"),
            }))
        }
    };
    let date = match fixed_day {
        Some(day) => NaiveDate::from_ymd_opt(year, month, day)?,
        None => {
            let wd = calendar::weekday(parts.get(1)?.parse().ok()?)?;
            calendar::nth_weekday(year, month, wd, parts.get(2)?.parse().ok()?)?
        }
    };
    Some(Date::Point(Point::new(date, Gran::Day)))
}

/// Adds the part of day or clock time; the value and the date it stands on.
fn add_time_of_day(slots: &Slots, date: Date) -> Option<(Date, String)> {
    let value = match &date {
        Date::Point(p) => p.value(),
        Date::Text(t) => t.clone(),
    };
    let time = if let Some(h) = slots.hour {
        let hour = match slots.ampm.as_deref() {
            Some("PM") if h < 12 => h + 12,
            Some("AM") if h == 12 => 0,
            _ => h,
        };
        Some(format!("T{hour:02}:{:02}", slots.minute.unwrap_or(0)))
    } else {
        slots.pod.as_ref().map(|pod| format!("T{pod}"))
    };
    match time {
        None => Some((date, value)),
        Some(t) => {
            let day_like = match &date {
                Date::Point(p) => p.gran == Gran::Day,
                Date::Text(v) => v.len() == 10 || v.starts_with("XXXX-WXX-"),
            };
            if !day_like {
                return None;
            }
            Some((date, format!("{value}{t}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert!(boundaries_ok("in 1990 the", 3, 7));
        assert!(!boundaries_ok("in 11990 the", 4, 8));
        assert!(!boundaries_ok("cost 1,990 dollars", 7, 10));
        assert!(!boundaries_ok("cost $1990 now", 6, 10));
        assert!(!boundaries_ok("Mayday", 0, 3));
    }

    #[test]
    fn tense_cues_only_within_reach() {
        let grammar = Grammar::compile(include_str!("../resources/en/lexicon.txt"), include_str!("../resources/en/rules.txt")).expect("compiles");
        let tense = |s: &str, at: &str| {
            let pos = s.find(at).expect("in sentence");
            nearest_tense_cue(&grammar.lexicon, s, pos, pos + at.len())
        };
        assert_eq!(tense("The minister resigned on Tuesday.", "Tuesday"), Tense::Past);
        assert_eq!(tense("The minister is going to resign on Tuesday.", "Tuesday"), Tense::Future);
        // A cue out of reach, and a word cut by the window's start, decide nothing.
        let far = "He resigned, and many, many, many, many, many people heard about it Tuesday.";
        assert_eq!(tense(far, "Tuesday"), Tense::Past, "heard is in reach");
        let cut = "Xyzzyxyzzyxyzzyxyzzyfrobnicated and the other one is for us on Tuesday.";
        assert_eq!(tense(cut, "Tuesday"), Tense::Unknown);
        assert_eq!(tense("The officials said Monday that talks will go on.", "Monday"), Tense::Past);
        assert_eq!(tense("The company Monday said it will cut jobs.", "Monday"), Tense::Past);
    }
}
