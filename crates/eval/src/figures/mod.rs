//! Figures scored against MEANTIME (English): its VALUE markables (types MONEY, PERCENT and
//! QUANTITY, all three mapped) are the gold figures.
//!
//! The text of each document is rebuilt from its tokens (a space between tokens except before
//! closing punctuation and `%` and after opening brackets and currency signs); the gold
//! sentences are MEANTIME's own, so that only figure extraction is measured. A predicted figure
//! and a gold VALUE match when their spans overlap (one to one, in text order). MEANTIME
//! annotates durations as TIMEX3, not VALUE, while Triangulate counts them as figures
//! ("a 40-minute meeting"), so precision is also given without the predictions that overlap a
//! TIMEX3. MEANTIME annotates VALUE and TIMEX3 only in the title and the first sentences of each
//! article (sentence numbers 0–5, the date line being 1); predictions after the last annotated
//! sentence (the later of sentence 5 and the last sentence holding a VALUE or TIMEX3) are not
//! scored. A VALUE nested in another VALUE (MEANTIME marks some ranges and their parts) is
//! dropped in favour of the outer one.

use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use model::Span;
use regex::Regex;
use crate::metrics::Prf;

/// A MEANTIME document with its gold VALUE and TIMEX3 spans.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// `corpus_airbus/100911_…` style name.
    pub name: String,
    pub text: String,
    pub sentences: Vec<Span>,
    /// Gold VALUE markables: span and type (MONEY, PERCENT, QUANTITY).
    pub values: Vec<(Span, String)>,
    /// TIMEX3 markables with tokens (dates, durations, times, sets).
    pub timexes: Vec<Span>,
    /// End of the annotated part of the text (see the module documentation).
    pub annotated_end: usize,
}

/// Sentences annotated in every MEANTIME document: the title, the date line and four more.
const ANNOTATED_SENTENCES: usize = 6;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<token number="\d+" sentence="(\d+)" t_id="(\d+)">([^<]*)</token>"#).expect("token regex"));
static MARKABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?s)<(VALUE|TIMEX3)\b([^>]*[^/])>(.*?)</(?:VALUE|TIMEX3)>"#).expect("markable regex"));
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<token_anchor t_id="(\d+)"/>"#).expect("anchor regex"));
static TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\btype="([A-Z]+)""#).expect("type regex"));

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Whether no space goes before this token.
fn attaches_left(token: &str) -> bool {
    matches!(token, "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "n't" | "'")
}

/// Whether no space goes after this token.
fn attaches_right(token: &str) -> bool {
    matches!(token, "(" | "[" | "$" | "US$" | "€" | "£" | "#")
}

/// Parses one MEANTIME XML document.
pub fn parse_document(name: &str, xml: &str) -> GoldDoc {
    let mut text = String::new();
    let mut sentences: Vec<Span> = Vec::new();
    let mut token_spans: std::collections::HashMap<String, Span> = std::collections::HashMap::new();
    let mut current_sentence: Option<String> = None;
    let mut previous = String::new();
    for cap in TOKEN.captures_iter(xml) {
        let sentence = cap[1].to_string();
        let form = unescape(&cap[3]);
        if current_sentence.as_deref() != Some(sentence.as_str()) {
            if let Some(last) = sentences.last_mut() {
                last.end = text.len();
            }
            if !text.is_empty() {
                text.push(' ');
            }
            sentences.push(Span::new(text.len(), text.len()));
            current_sentence = Some(sentence);
        } else if !attaches_left(&form) && !attaches_right(&previous) {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&form);
        token_spans.insert(cap[2].to_string(), Span::new(start, text.len()));
        previous = form;
    }
    if let Some(last) = sentences.last_mut() {
        last.end = text.len();
    }
    let mut values = Vec::new();
    let mut timexes = Vec::new();
    for cap in MARKABLE.captures_iter(xml) {
        let spans: Vec<Span> = ANCHOR.captures_iter(&cap[3]).filter_map(|a| token_spans.get(&a[1]).copied()).collect();
        let (Some(start), Some(end)) = (spans.iter().map(|s| s.start).min(), spans.iter().map(|s| s.end).max()) else { continue };
        let span = Span::new(start, end);
        if &cap[1] == "VALUE" {
            let kind = TYPE.captures(&cap[2]).map(|t| t[1].to_string()).unwrap_or_default();
            values.push((span, kind));
        } else {
            timexes.push(span);
        }
    }
    // MEANTIME sometimes marks a range and its parts ("20 to 25 percent", "20", "25 percent"):
    // the parts inside another VALUE are dropped, the outermost one stays.
    values.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut outermost: Vec<(Span, String)> = Vec::new();
    for (span, kind) in values {
        if !outermost.iter().any(|(o, _)| o.contains(&span)) {
            outermost.push((span, kind));
        }
    }
    let values = outermost;
    let last_marked = values.iter().map(|(s, _)| s.end).chain(timexes.iter().map(|s| s.end)).max().unwrap_or(0);
    let annotated_end = sentences.get(ANNOTATED_SENTENCES - 1).map_or(text.len(), |s| s.end).max(last_marked);
    let annotated_end = sentences.iter().find(|s| s.start <= annotated_end && annotated_end <= s.end).map_or(annotated_end, |s| s.end);
    GoldDoc { name: name.to_string(), text, sentences, values, timexes, annotated_end }
}

/// Loads every document of `intra_cross-doc_annotation/corpus_*/`, sorted by path.
pub fn load_meantime(dir: &Path) -> Result<Vec<GoldDoc>> {
    let root = dir.join("intra_cross-doc_annotation");
    let mut paths = Vec::new();
    for topic in std::fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))? {
        let topic = topic?.path();
        if topic.is_dir() {
            for file in std::fs::read_dir(&topic)? {
                let file = file?.path();
                if file.extension().is_some_and(|x| x == "xml") {
                    paths.push(file);
                }
            }
        }
    }
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let xml = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().into_owned();
        docs.push(parse_document(&name, &xml));
    }
    Ok(docs)
}

/// The dev half (tuning allowed): documents at even positions in path order; the rest is held out.
pub fn is_dev(index: usize) -> bool {
    index % 2 == 0
}

/// Counts of one scoring run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    /// Predicted figures that overlap a gold VALUE (one to one).
    pub matched: usize,
    /// Predictions overlapping no VALUE but a TIMEX3 (durations and the like).
    pub predicted_in_timex: usize,
    /// Matched pairs whose gold text holds digits, and those where our value agrees.
    pub value_checked: usize,
    pub value_agrees: usize,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.predicted_in_timex += o.predicted_in_timex;
        self.value_checked += o.value_checked;
        self.value_agrees += o.value_agrees;
    }
    /// Precision, recall and F1 of figures against gold VALUEs.
    pub fn prf(&self) -> Prf {
        Prf::from_counts(self.matched as f64, self.predicted as f64, self.gold as f64)
    }
    /// Precision counting predictions inside a TIMEX3 as neither right nor wrong.
    pub fn precision_without_timex(&self) -> f64 {
        ratio(self.matched, self.predicted.saturating_sub(self.predicted_in_timex))
    }
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_agrees, self.value_checked)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

static GOLD_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"-?\d[\d,]*(?:\.\d+)?").expect("number regex"));

/// The number a gold VALUE states, read independently of the extractor: its first run of digits
/// (commas as thousands separators, a minus sign glued before it) times the first scale word.
/// `None` without digits.
pub fn gold_value(text: &str) -> Option<f64> {
    let digits = GOLD_NUMBER.find(text)?.as_str().replace(',', "");
    let value: f64 = digits.parse().ok()?;
    let lower = text.to_lowercase();
    let scale = [("trillion", 1e12), ("billion", 1e9), ("bn", 1e9), ("million", 1e6), ("thousand", 1e3)]
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map_or(1.0, |(_, f)| *f);
    Some(value * scale)
}

/// Outcome of scoring one document: counts, then missed gold and spurious predicted texts.
pub struct DocScore {
    pub counts: Counts,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Matched pairs whose values disagree: (gold text, predicted text, predicted value).
    pub wrong_values: Vec<(String, String, f64)>,
    /// Recall per VALUE type: type → (gold, matched).
    pub by_type: Vec<(String, bool)>,
}

/// Scores predicted figures of one document.
pub fn score(doc: &GoldDoc, predicted: &[model::Figure]) -> DocScore {
    let predicted: Vec<&model::Figure> = predicted.iter().filter(|f| f.span.start < doc.annotated_end).collect();
    let mut used = vec![false; predicted.len()];
    let mut counts = Counts { gold: doc.values.len(), predicted: predicted.len(), ..Counts::default() };
    let mut missed = Vec::new();
    let mut wrong_values = Vec::new();
    let mut by_type = Vec::new();
    for (span, kind) in &doc.values {
        let gold_text = &doc.text[span.start..span.end];
        let found = predicted.iter().enumerate().find(|(i, f)| !used[*i] && f.span.overlaps(span));
        by_type.push((kind.clone(), found.is_some()));
        match found {
            Some((i, f)) => {
                used[i] = true;
                counts.matched += 1;
                if let Some(gold) = gold_value(gold_text) {
                    counts.value_checked += 1;
                    if (gold - f.value).abs() <= 1e-6 * gold.abs().max(1.0) {
                        counts.value_agrees += 1;
                    } else {
                        wrong_values.push((gold_text.to_string(), f.text.clone(), f.value));
                    }
                }
            }
            None => missed.push(context(&doc.text, *span)),
        }
    }
    let mut spurious = Vec::new();
    for f in predicted.iter().zip(&used).filter(|(_, u)| !**u).map(|(f, _)| *f) {
        if doc.timexes.iter().any(|t| t.overlaps(&f.span)) {
            counts.predicted_in_timex += 1;
        } else {
            spurious.push(context(&doc.text, f.span));
        }
    }
    DocScore { counts, missed, spurious, wrong_values, by_type }
}

fn context(text: &str, span: Span) -> String {
    let mut from = span.start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (span.end + 30).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    format!("{}⟦{}⟧{}", &text[from..span.start], &text[span.start..span.end], &text[span.end..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<Document doc_id="1">
<token number="0" sentence="0" t_id="1">Boeing</token>
<token number="1" sentence="0" t_id="2">wins</token>
<token number="2" sentence="0" t_id="3">US$</token>
<token number="3" sentence="0" t_id="4">40</token>
<token number="4" sentence="0" t_id="5">billion</token>
<token number="5" sentence="1" t_id="6">Shares</token>
<token number="6" sentence="1" t_id="7">rose</token>
<token number="7" sentence="1" t_id="8">3</token>
<token number="8" sentence="1" t_id="9">%</token>
<token number="9" sentence="1" t_id="10">.</token>
<Markables>
<VALUE comment="" m_id="38" type="MONEY">
<token_anchor t_id="3"/>
<token_anchor t_id="4"/>
<token_anchor t_id="5"/>
</VALUE>
<VALUE comment="" m_id="39" type="PERCENT">
<token_anchor t_id="8"/>
<token_anchor t_id="9"/>
</VALUE>
<TIMEX3 m_id="2" type="DATE" value="2008"/>
</Markables></Document>"#;

    #[test]
    fn parses_tokens_sentences_and_values() {
        let doc = parse_document("x", DOC);
        assert_eq!(doc.text, "Boeing wins US$40 billion Shares rose 3%.");
        assert_eq!(doc.sentences.len(), 2);
        let texts: Vec<&str> = doc.values.iter().map(|(s, _)| &doc.text[s.start..s.end]).collect();
        assert_eq!(texts, vec!["US$40 billion", "3%"]);
        assert!(doc.timexes.is_empty());
    }

    #[test]
    fn reads_gold_values_and_scores_overlaps() {
        assert_eq!(gold_value("US$ 1.4 billion"), Some(1.4e9));
        assert_eq!(gold_value("2,000 points"), Some(2000.0));
        assert_eq!(gold_value("-366.94 points"), Some(-366.94));
        assert_eq!(gold_value("fourteen percent"), None);
        let doc = parse_document("x", DOC);
        let figure = |start, end, value| model::Figure { value, value_max: None, approximation: None, unit: None, counted: None, text: String::new(), span: Span::new(start, end), sentence: 0 };
        let s = score(&doc, &[figure(12, 25, 40e9), figure(0, 6, 1.0)]);
        assert_eq!((s.counts.gold, s.counts.predicted, s.counts.matched, s.counts.value_agrees), (2, 2, 1, 1));
        assert_eq!(s.missed.len(), 1);
        assert_eq!(s.spurious.len(), 1);
    }
}
