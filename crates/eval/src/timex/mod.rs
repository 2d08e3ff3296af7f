//! Temporal tagger evaluation: TempEval-3 Task A scoring on TimeML (TBAQ-cleaned and our
//! German gold set), TIMEX3 values on MEANTIME and the Event StoryLine Corpus, and
//! cross-document event ordering on MEANTIME (see [`ordering`]), publication-date inference
//! with the DCT hidden (see [`publication`]).

pub mod ordering;
pub mod publication;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use model::{Span, TimexType};
use regex::Regex;
use timex::{NaiveDate, Tagger};

use crate::entities::{meantime::joined, rebuild_text};
use crate::metrics::Prf;

/// One gold temporal expression.
#[derive(Debug, Clone)]
pub struct GoldTimex {
    pub span: Span,
    pub kind: Option<TimexType>,
    /// Normalised value; `None` when the corpus leaves it empty.
    pub value: Option<String>,
    /// Corpus id of the expression (TimeML `tid`, MEANTIME `m_id`).
    pub id: String,
}

/// A gold document: plain text, DCT, expressions (the DCT itself excluded).
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub dct: Option<NaiveDate>,
    pub timexes: Vec<GoldTimex>,
    /// Sentences when the corpus gives them (token corpora); otherwise split by `text::sentences`.
    pub sentences: Option<Vec<Span>>,
    /// The annotated parts of the text when not all of it is (MEANTIME: title and first five
    /// sentences; ESC: the sentences ECB+ annotated); predictions elsewhere are not scored.
    pub scored: Option<Vec<Span>>,
    /// The DCT written in the text (ESC): the official scorer leaves it out, so do we.
    pub dct_span: Option<Span>,
}

impl GoldDoc {
    /// The sentences the tagger is given.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentences.clone().unwrap_or_else(|| text::sentences(&self.text))
    }
}

fn parse_type(t: &str) -> Option<TimexType> {
    match t {
        "DATE" => Some(TimexType::Date),
        "TIME" => Some(TimexType::Time),
        "DURATION" => Some(TimexType::Duration),
        "SET" => Some(TimexType::Set),
        _ => None,
    }
}

fn parse_dct(value: &str) -> Option<NaiveDate> {
    let head: String = value.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
}

/// Parses a TimeML document (TempEval-3 form): the text of `<TEXT>` with tags removed and
/// its TIMEX3 extents; the DCT from `<DCT>`.
pub fn parse_timeml(id: &str, xml: &str) -> Result<GoldDoc> {
    let doc = roxmltree::Document::parse(xml).with_context(|| format!("{id}: not XML"))?;
    let root = doc.root_element();
    let dct = root
        .descendants()
        .find(|n| n.has_tag_name("DCT"))
        .and_then(|d| d.descendants().find(|n| n.has_tag_name("TIMEX3")))
        .and_then(|t| t.attribute("value"))
        .and_then(parse_dct);
    let body = root.descendants().find(|n| n.has_tag_name("TEXT")).with_context(|| format!("{id}: no <TEXT>"))?;
    let mut text = String::new();
    let mut timexes = Vec::new();
    fn walk(node: roxmltree::Node, text: &mut String, timexes: &mut Vec<GoldTimex>) {
        for child in node.children() {
            if child.is_text() {
                text.push_str(child.text().unwrap_or(""));
            } else if child.is_element() {
                let start = text.len();
                walk(child, text, timexes);
                if child.has_tag_name("TIMEX3") {
                    timexes.push(GoldTimex {
                        span: Span::new(start, text.len()),
                        kind: child.attribute("type").and_then(parse_type),
                        value: child.attribute("value").map(str::to_string),
                        id: child.attribute("tid").unwrap_or("").to_string(),
                    });
                }
            }
        }
    }
    walk(body, &mut text, &mut timexes);
    timexes.sort_by_key(|t| t.span.start);
    Ok(GoldDoc { id: id.to_string(), text, dct, timexes, sentences: None, scored: None, dct_span: None })
}

/// Every `.tml` file under `dir` (recursively), sorted by path.
pub fn load_timeml_dir(dir: &Path) -> Result<Vec<GoldDoc>> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let id = p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            parse_timeml(&id, &std::fs::read_to_string(p)?)
        })
        .collect()
}

/// The fixed TempEval train/dev split: a document is dev when the FNV-1a hash of its
/// name is 0 modulo 5 (about 20 %), independent of file order and platform.
pub fn is_dev(doc_id: &str) -> bool {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in doc_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h % 5 == 0
}

fn xml_attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("{name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Token-level CAT/NAF-style XML (MEANTIME, ESC): the rebuilt text, its sentences, and for
/// each markable id its extent.
pub struct TokenDoc {
    pub text: String,
    pub sentences: Vec<Span>,
    pub token_spans: HashMap<String, Span>,
}

/// Rebuilds the text of a token-level document.
pub fn rebuild_tokens(xml: &str) -> TokenDoc {
    let token_re = Regex::new(r#"<token ([^>]*)>([^<]*)</token>"#).expect("static regex");
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut position: Vec<(String, usize, usize)> = Vec::new();
    for c in token_re.captures_iter(xml) {
        let (Some(sent), Some(tid)) = (xml_attr(&c[1], "sentence"), xml_attr(&c[1], "t_id")) else { continue };
        let Ok(sent) = sent.parse::<usize>() else { continue };
        while sentences.len() <= sent {
            sentences.push(Vec::new());
        }
        position.push((tid.to_string(), sent, sentences[sent].len()));
        sentences[sent].push(unescape(&c[2]));
    }
    let (text, sentence_spans, token_spans) = rebuild_text(&sentences, |p, n, _, _| joined(p, n));
    let token_spans = position.into_iter().filter_map(|(tid, s, w)| Some((tid, *token_spans.get(s)?.get(w)?))).collect();
    TokenDoc { text, sentences: sentence_spans, token_spans }
}

/// The extent of a markable from its `<token_anchor t_id>` children.
fn markable_span(body: &str, tokens: &HashMap<String, Span>) -> Option<Span> {
    let anchor_re = Regex::new(r#"<token_anchor t_id="(\d+)""#).expect("static regex");
    let spans: Vec<Span> = anchor_re.captures_iter(body).filter_map(|a| tokens.get(&a[1]).copied()).collect();
    Some(Span::new(spans.iter().map(|s| s.start).min()?, spans.iter().map(|s| s.end).max()?))
}

/// Parses a MEANTIME document's TIMEX3 markables; the CREATION_TIME one gives the DCT.
/// Time is annotated in the title and the first five sentences only (no TIMEX3 of the
/// corpus lies further), so only those are scored.
pub fn parse_meantime(id: &str, xml: &str) -> GoldDoc {
    parse_token_timexes(id, xml, r#"(?s)<TIMEX3 ([^>]*[^/])>(.*?)</TIMEX3>"#, Region::FirstSentences(6), |tag| {
        (xml_attr(tag, "functionInDocument") == Some("CREATION_TIME"), xml_attr(tag, "type").and_then(parse_type))
    })
}

/// Parses an Event StoryLine document's TIME_* markables; `DCT="TRUE"` gives the DCT.
pub fn parse_esc(id: &str, xml: &str) -> GoldDoc {
    parse_token_timexes(id, xml, r#"(?s)<(TIME_DATE|TIME_DURATION|TIME_OF_THE_DAY) ([^>]*[^/])>(.*?)</TIME_"#, Region::Marked, |tag| {
        let kind = if tag.starts_with("TIME_DURATION") {
            TimexType::Duration
        } else if tag.starts_with("TIME_OF_THE_DAY") {
            TimexType::Time
        } else {
            TimexType::Date
        };
        (xml_attr(tag, "DCT") == Some("TRUE"), Some(kind))
    })
}

/// Which sentences of a token corpus carry annotation.
#[derive(Clone, Copy)]
enum Region {
    /// The first n sentences (MEANTIME annotates time in the title and five sentences).
    FirstSentences(usize),
    /// Sentences with at least one markable (ECB+/ESC annotate selected sentences).
    Marked,
}

impl Region {
    fn scored_sentences(self, xml: &str, tokens: &TokenDoc) -> Vec<Span> {
        match self {
            Region::FirstSentences(n) => tokens.sentences.iter().take(n).copied().collect(),
            Region::Marked => {
                let anchor_re = Regex::new(r#"<token_anchor t_id="(\d+)""#).expect("static regex");
                let markables = xml.find("<Markables>").map_or("", |i| &xml[i..]);
                let anchored: Vec<Span> = anchor_re.captures_iter(markables).filter_map(|a| tokens.token_spans.get(&a[1]).copied()).collect();
                tokens.sentences.iter().filter(|s| anchored.iter().any(|a| s.contains(a))).copied().collect()
            }
        }
    }
}

fn parse_token_timexes(id: &str, xml: &str, pattern: &str, region: Region, classify: impl Fn(&str) -> (bool, Option<TimexType>)) -> GoldDoc {
    let tokens = rebuild_tokens(xml);
    let markable_re = Regex::new(pattern).expect("static regex");
    let mut dct = None;
    let mut dct_span = None;
    let mut timexes = Vec::new();
    for c in markable_re.captures_iter(xml) {
        // The tag (with its name for ESC) and the body with the token anchors.
        let whole = c.get(0).map_or("", |m| m.as_str());
        let tag = whole.trim_start_matches('<');
        let body = c.get(c.len() - 1).map_or("", |m| m.as_str());
        let (is_dct, kind) = classify(tag);
        let value = xml_attr(tag, "value").filter(|v| !v.is_empty()).map(str::to_string);
        let Some(span) = markable_span(body, &tokens.token_spans) else { continue };
        if is_dct {
            dct = value.as_deref().and_then(parse_dct);
            dct_span = Some(span);
            continue;
        }
        timexes.push(GoldTimex { span, kind, value, id: xml_attr(tag, "m_id").unwrap_or("").to_string() });
    }
    // The DCT line of ESC documents is part of the text: its extent is not scored.
    timexes.retain(|t| dct_span.map_or(true, |d| !d.overlaps(&t.span)));
    timexes.sort_by_key(|t| t.span.start);
    let scored = region.scored_sentences(xml, &tokens);
    GoldDoc { id: id.to_string(), text: tokens.text, dct, timexes, sentences: Some(tokens.sentences), scored: Some(scored), dct_span }
}

/// MEANTIME English: all 120 documents with cross-document annotation, sorted by path.
pub fn load_meantime(dir: &Path) -> Result<Vec<GoldDoc>> {
    let mut docs = Vec::new();
    for (topic, path) in meantime_files(dir)? {
        let xml = std::fs::read_to_string(&path)?;
        let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        docs.push(parse_meantime(&format!("{topic}/{name}"), &xml));
    }
    Ok(docs)
}

/// (topic, path) of every MEANTIME document with cross-document annotation, sorted.
pub fn meantime_files(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    let root = dir.join("intra_cross-doc_annotation");
    let mut out = Vec::new();
    for topic in std::fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))? {
        let topic = topic?.path();
        if !topic.is_dir() {
            continue;
        }
        let name = topic.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        for f in std::fs::read_dir(&topic)? {
            let f = f?.path();
            if f.extension().is_some_and(|e| e == "xml") {
                out.push((name.clone(), f));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Event StoryLine v1.5: the annotated documents from the corpus tarball.
pub fn load_esc(tarball: &Path) -> Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(tarball).with_context(|| format!("opening {}", tarball.display()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().to_string();
        if !path.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml)?;
        let id = path.rsplit('/').next().unwrap_or(&path).trim_end_matches(".xml.xml").to_string();
        docs.push(parse_esc(&id, &xml));
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(docs)
}

/// TempEval-3 Task A figures for TIMEX3.
#[derive(Debug, Clone, Default)]
pub struct TimexScores {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub strict_matches: usize,
    pub relaxed_matches: usize,
    /// Relaxed matches where both sides have a type / a value to compare.
    pub typed: usize,
    pub type_correct: usize,
    pub valued: usize,
    pub value_correct: usize,
}

impl TimexScores {
    pub fn strict(&self) -> Prf {
        Prf::from_counts(self.strict_matches as f64, self.predicted as f64, self.gold as f64)
    }
    pub fn relaxed(&self) -> Prf {
        Prf::from_counts(self.relaxed_matches as f64, self.predicted as f64, self.gold as f64)
    }
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_correct, self.typed)
    }
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_correct, self.valued)
    }
    /// Relaxed match with the correct value, as precision over predictions and recall over gold.
    pub fn value(&self) -> Prf {
        Prf::from_counts(self.value_correct as f64, self.predicted as f64, self.gold as f64)
    }

    /// Adds another document's or corpus's counts.
    pub fn add(&mut self, other: &TimexScores) {
        self.documents += other.documents;
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.strict_matches += other.strict_matches;
        self.relaxed_matches += other.relaxed_matches;
        self.typed += other.typed;
        self.type_correct += other.type_correct;
        self.valued += other.valued;
        self.value_correct += other.value_correct;
    }

    /// A JSON object with every figure.
    pub fn to_json(&self) -> serde_json::Value {
        let prf = |p: Prf| serde_json::json!({"p": p.precision, "r": p.recall, "f1": p.f1});
        serde_json::json!({
            "documents": self.documents, "gold": self.gold, "predicted": self.predicted,
            "strict": prf(self.strict()), "relaxed": prf(self.relaxed()),
            "type_accuracy": self.type_accuracy(), "value_accuracy": self.value_accuracy(), "value": prf(self.value()),
        })
    }
}

impl std::fmt::Display for TimexScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "documents {}  gold {}  predicted {}", self.documents, self.gold, self.predicted)?;
        writeln!(f, "strict extent   {}", self.strict())?;
        writeln!(f, "relaxed extent  {}", self.relaxed())?;
        writeln!(f, "type accuracy   {:.3} ({} / {})", self.type_accuracy(), self.type_correct, self.typed)?;
        writeln!(f, "value accuracy  {:.3} ({} / {})", self.value_accuracy(), self.value_correct, self.valued)?;
        write!(f, "value           {}", self.value())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A system's expression, for scoring.
#[derive(Debug, Clone)]
pub struct SystemTimex {
    pub span: Span,
    pub kind: Option<TimexType>,
    pub value: String,
}

/// Trims surrounding whitespace from a span, as the official scorer compares tokens.
fn trimmed(text: &str, span: Span) -> Span {
    let Some(piece) = text.get(span.start..span.end) else { return span };
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

/// Compares values as the official scorer does: exact, ignoring case and surrounding spaces.
fn same_value(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// One error found while scoring, for inspection.
#[derive(Debug, Clone)]
pub struct TimexError {
    pub doc: String,
    pub gold: Option<(String, String)>,
    pub system: Option<(String, String)>,
    /// The text around the expression, on one line, for reading the error.
    pub context: String,
}

/// Up to 60 bytes either side of `span`, newlines as spaces.
fn context_of(text: &str, span: Span) -> String {
    let mut start = span.start.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + 60).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.get(start..end).unwrap_or("").replace(['\n', '\r'], " ")
}

/// Scores one document: relaxed matches are one-to-one, greatest overlap first.
pub fn score_doc(doc: &GoldDoc, system: &[SystemTimex], errors: &mut Vec<TimexError>) -> TimexScores {
    let gold: Vec<(Span, &GoldTimex)> = doc.timexes.iter().map(|g| (trimmed(&doc.text, g.span), g)).collect();
    let sys: Vec<Span> = system.iter().map(|s| trimmed(&doc.text, s.span)).collect();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, (gs, _)) in gold.iter().enumerate() {
        for (si, ss) in sys.iter().enumerate() {
            if gs.overlaps(ss) {
                let overlap = gs.end.min(ss.end) - gs.start.max(ss.start);
                pairs.push((overlap, gi, si));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut sys_used = vec![false; sys.len()];
    let mut s = TimexScores { documents: 1, gold: gold.len(), predicted: sys.len(), ..Default::default() };
    let piece = |span: Span| doc.text.get(span.start..span.end).unwrap_or("").to_string();
    for (_, gi, si) in pairs {
        if gold_used[gi] || sys_used[si] {
            continue;
        }
        gold_used[gi] = true;
        sys_used[si] = true;
        let (gspan, g) = gold[gi];
        s.relaxed_matches += 1;
        if gspan == sys[si] {
            s.strict_matches += 1;
        }
        if let Some(k) = g.kind {
            s.typed += 1;
            if system[si].kind == Some(k) {
                s.type_correct += 1;
            }
        }
        s.valued += 1;
        let correct = g.value.as_deref().is_some_and(|v| same_value(v, &system[si].value));
        if correct {
            s.value_correct += 1;
        }
        if !correct || gspan != sys[si] {
            errors.push(TimexError {
                doc: doc.id.clone(),
                gold: Some((piece(gspan), g.value.clone().unwrap_or_default())),
                system: Some((piece(sys[si]), system[si].value.clone())),
                context: context_of(&doc.text, gspan),
            });
        }
    }
    for (gi, used) in gold_used.iter().enumerate() {
        if !used {
            errors.push(TimexError {
                doc: doc.id.clone(),
                gold: Some((piece(gold[gi].0), gold[gi].1.value.clone().unwrap_or_default())),
                system: None,
                context: context_of(&doc.text, gold[gi].0),
            });
        }
    }
    for (si, used) in sys_used.iter().enumerate() {
        if !used {
            errors.push(TimexError { doc: doc.id.clone(), gold: None, system: Some((piece(sys[si]), system[si].value.clone())), context: context_of(&doc.text, sys[si]) });
        }
    }
    s
}

/// Runs the tagger on a document; expressions outside the annotated region are dropped.
pub fn run_tagger(tagger: &Tagger, doc: &GoldDoc) -> Vec<SystemTimex> {
    tagger
        .tag(&doc.text, &doc.sentence_spans(), doc.dct)
        .into_iter()
        .filter(|t| doc.scored.as_ref().map_or(true, |parts| parts.iter().any(|p| p.contains(&t.span))))
        .filter(|t| doc.dct_span.map_or(true, |d| !d.overlaps(&t.span)))
        .map(|t| SystemTimex { span: t.span, kind: Some(t.kind), value: t.value })
        .collect()
}

/// Tags and scores documents; values only counted where the gold has one.
pub fn evaluate(tagger: &Tagger, docs: &[GoldDoc], errors: &mut Vec<TimexError>) -> TimexScores {
    let mut total = TimexScores::default();
    for doc in docs {
        let system = run_tagger(tagger, doc);
        total.add(&score_doc(doc, &system, errors));
    }
    total
}

/// Like [`evaluate`], but value accuracy only over gold expressions that carry a value
/// (MEANTIME and ESC leave some empty).
pub fn evaluate_valued(tagger: &Tagger, docs: &[GoldDoc], errors: &mut Vec<TimexError>) -> TimexScores {
    let mut total = TimexScores::default();
    for doc in docs {
        let system = run_tagger(tagger, doc);
        let mut s = score_doc(doc, &system, errors);
        let valued_gold: Vec<GoldTimex> = doc.timexes.iter().filter(|t| t.value.is_some()).cloned().collect();
        let only_valued = GoldDoc { timexes: valued_gold, ..doc.clone() };
        let mut ignored = Vec::new();
        let v = score_doc(&only_valued, &system, &mut ignored);
        s.valued = v.relaxed_matches;
        s.value_correct = v.value_correct;
        total.add(&s);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timeml_and_scores() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT><TEXT>Stocks <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> and for <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3> &amp; more.</TEXT></TimeML>"#;
        let doc = parse_timeml("d", xml).unwrap();
        assert_eq!(doc.text, "Stocks fell yesterday and for two weeks & more.");
        assert_eq!(doc.dct, NaiveDate::from_ymd_opt(1998, 1, 8));
        assert_eq!(doc.timexes.len(), 2);
        let system = vec![
            SystemTimex { span: Span::new(12, 21), kind: Some(TimexType::Date), value: "1998-01-07".into() },
            SystemTimex { span: Span::new(26, 39), kind: Some(TimexType::Duration), value: "P3W".into() },
            SystemTimex { span: Span::new(0, 6), kind: Some(TimexType::Date), value: "X".into() },
        ];
        let mut errors = Vec::new();
        let s = score_doc(&doc, &system, &mut errors);
        assert_eq!((s.strict_matches, s.relaxed_matches, s.value_correct, s.type_correct), (1, 2, 1, 2));
        assert!((s.value().precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.value().recall - 0.5).abs() < 1e-9);
    }

    #[test]
    fn dev_split_is_about_a_fifth() {
        let dev = (0..1000).filter(|i| is_dev(&format!("doc{i}"))).count();
        assert!((150..250).contains(&dev), "{dev}");
    }
}
