//! Scorer for quotes with speakers against PolNeAR (brat attributions of political news).
//!
//! Rules, fixed before measuring:
//! - Articles with several annotators: the annotation file whose name sorts first is the gold.
//! - A gold attribution is a *direct quote* when at least half of the characters of its Content
//!   lie inside quotation marks (straight or curly double marks, paired within the content).
//!   The pieces are read in text order (brat may list a Content's pieces out of order), each
//!   first widened over the quotation marks that touch it (annotators sometimes leave a mark
//!   outside the span). Its *extent* runs from its first to its last character inside marks.
//! - A predicted direct quote *matches* a gold direct quote when their overlap covers at least half
//!   of the shorter of the two (prediction span vs. gold extent). Several predictions may match one
//!   gold quote (PolNeAR joins "“A,” she said. “B.”" into one attribution, we give two quotes).
//!   Detection precision = matching predictions / predictions; recall = gold quotes matched / gold quotes.
//! - The speaker of a matching prediction is *right* when its span overlaps the gold Source span,
//!   or when both end with the same word (the same name written elsewhere: "Clinton" / "Bill Clinton").
//!   PolNeAR annotates only the outermost attribution ("“…,” Sanders said, according to CNN" has
//!   the Source CNN), so a prediction's relay (`via`) that names the Source counts too.
//! - End to end: a prediction counts when it matches a gold quote whose speaker it gets right;
//!   a gold quote counts when some prediction matches it with the right speaker.
//! - Indirect attributions (the other gold attributions) are scored the same way on their Content.
//! All offsets are code points, as in the brat files.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// One gold attribution.
#[derive(Debug, Clone)]
pub struct GoldAttribution {
    /// Content pieces, code points.
    pub content: Vec<(usize, usize)>,
    /// Source pieces, code points (empty when the annotator marked none).
    pub source: Vec<(usize, usize)>,
    pub source_text: String,
    pub direct: bool,
    /// First to last character inside quotation marks (direct), or the whole content (indirect).
    pub extent: (usize, usize),
}

/// One article with its gold attributions.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub name: String,
    pub text: String,
    pub attributions: Vec<GoldAttribution>,
}

/// A predicted quote in code points, the exchange format with the peer tool.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PredictedQuote {
    pub start: usize,
    pub end: usize,
    pub direct: bool,
    #[serde(default)]
    pub speaker_start: Option<usize>,
    #[serde(default)]
    pub speaker_end: Option<usize>,
    #[serde(default)]
    pub speaker: Option<String>,
    /// Whoever relays the speaker's words ("…,” Sanders said, according to CNN": CNN), code points.
    #[serde(default)]
    pub via_start: Option<usize>,
    #[serde(default)]
    pub via_end: Option<usize>,
    #[serde(default)]
    pub via: Option<String>,
}

/// Predictions of one system: article name → quotes.
pub type Predictions = BTreeMap<String, Vec<PredictedQuote>>;

fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Characters (indices into `chars`) inside paired double quotation marks; two apostrophes
/// ('' … '', a style of several PolNeAR outlets) count as a straight double mark.
fn inside_marks(chars: &[char]) -> Vec<bool> {
    let mut inside = vec![false; chars.len()];
    // Index just after the opening mark.
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let mark_start = i;
        let mut c = chars[i];
        if c == '\'' && chars.get(i + 1) == Some(&'\'') {
            c = '"';
            i += 1;
        }
        i += 1;
        if !is_double_mark(c) {
            continue;
        }
        let closing = match c {
            '“' | '«' | '„' => false,
            '”' | '»' => true,
            _ => open.is_some(),
        };
        match (open, closing) {
            (Some(o), true) => {
                inside[o..mark_start].iter_mut().for_each(|x| *x = true);
                open = None;
            }
            (_, false) => open = Some(i),
            (None, true) => {}
        }
    }
    inside
}

/// A Content piece widened over the quotation marks that touch it. The guidelines count the
/// marks as part of the content, but annotators sometimes leave the opening or closing mark (or
/// one of the two apostrophes of `''`) outside the span: read as it stands, such a quote had an
/// unpaired mark and counted as indirect.
fn with_adjacent_marks(chars: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    let is_mark = |c: char| is_double_mark(c) || c == '\'';
    while a > 0 && a <= chars.len() && is_mark(chars[a - 1]) {
        a -= 1;
    }
    while b < chars.len() && is_mark(chars[b]) {
        b += 1;
    }
    (a, b.max(a))
}

fn parse_ann(ann: &str, chars: &[char]) -> Vec<GoldAttribution> {
    let mut spans: BTreeMap<String, (String, Vec<(usize, usize)>)> = BTreeMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            continue;
        }
        if cols[0].starts_with('T') {
            let Some((kind, offsets)) = cols[1].split_once(' ') else { continue };
            let pieces = offsets
                .split(';')
                .filter_map(|p| {
                    let mut it = p.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                    Some((it.next()?, it.next()?))
                })
                .collect();
            spans.insert(cols[0].to_string(), (kind.to_string(), pieces));
        } else if cols[0].starts_with('E') {
            let roles: BTreeMap<&str, &str> = cols[1].split_whitespace().filter_map(|r| r.split_once(':')).collect();
            events.push((roles.get("Content").map(|s| s.to_string()), roles.get("Source").map(|s| s.to_string())));
        }
    }
    let mut out = Vec::new();
    for (content, source) in events {
        let Some((_, content)) = content.and_then(|c| spans.get(&c).cloned()) else { continue };
        let source = source.and_then(|s| spans.get(&s).cloned()).map(|s| s.1).unwrap_or_default();
        let source_text = source
            .iter()
            .map(|&(a, b)| chars.get(a..b.min(chars.len())).map(|c| c.iter().collect::<String>()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
        // The pieces are read as one text: a mark opened in one piece may close in the next.
        let mut joined: Vec<char> = Vec::new();
        let mut origin: Vec<usize> = Vec::new();
        // In text order: brat may list the pieces out of order ("“B,” … “A.”" as B;A), and
        // joined out of order their marks would not pair.
        let mut in_order = content.clone();
        in_order.sort_unstable();
        for &(a, b) in &in_order {
            let (a, b) = with_adjacent_marks(chars, a, b.min(chars.len()));
            let Some(piece) = chars.get(a..b) else { continue };
            joined.extend_from_slice(piece);
            origin.extend(a..a + piece.len());
        }
        let inside = inside_marks(&joined);
        let total = joined.iter().filter(|c| !c.is_whitespace()).count();
        let quoted: Vec<usize> =
            inside.iter().enumerate().filter(|(k, &x)| x && !joined[*k].is_whitespace()).map(|(k, _)| origin[k]).collect();
        let direct = total > 0 && quoted.len() * 2 >= total;
        // The extent runs from the first to the last quoted character.
        let extent = if direct {
            (quoted.iter().min().copied().unwrap_or(0), quoted.iter().max().map_or(0, |l| l + 1))
        } else {
            (content.iter().map(|c| c.0).min().unwrap_or(0), content.iter().map(|c| c.1).max().unwrap_or(0))
        };
        out.push(GoldAttribution { content, source, source_text, direct, extent });
    }
    out
}

/// Reads a PolNeAR split (`train` or `dev`) from `root` (the folder with the README).
pub fn load_polnear(root: &Path, split: &str) -> Result<Vec<GoldArticle>> {
    let ann_dir = root.join(split).join("attributions");
    let mut files: Vec<String> = std::fs::read_dir(&ann_dir)
        .with_context(|| format!("reading {}", ann_dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    files.sort();
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    for f in files {
        let Some(stem) = f.strip_suffix(".ann") else { continue };
        let Some((article, _annotator)) = stem.rsplit_once('_') else { continue };
        chosen.entry(article.to_string()).or_insert(f);
    }
    let mut out = Vec::new();
    for (article, file) in chosen {
        let text_path = root.join(split).join("text").join(format!("{article}.txt"));
        let Ok(text) = std::fs::read_to_string(&text_path) else { continue };
        let ann = std::fs::read_to_string(ann_dir.join(&file))?;
        let chars: Vec<char> = text.chars().collect();
        let attributions = parse_ann(&ann, &chars);
        out.push(GoldArticle { name: article, text, attributions });
    }
    Ok(out)
}

/// Runs the quote extractor on an article and converts its quotes to code points.
pub fn predict(text: &str, settings: quotes::Settings) -> Vec<PredictedQuote> {
    let sentences = text::sentences(text);
    let quotes = quotes::extract_with(text, &sentences, &[], &[], "en", settings);
    let map = model::ByteToChar::new(text);
    quotes
        .into_iter()
        .map(|q| PredictedQuote {
            start: map.char_at(q.span.start),
            end: map.char_at(q.span.end),
            direct: q.direct,
            speaker_start: q.speaker.as_ref().map(|s| map.char_at(s.span.start)),
            speaker_end: q.speaker.as_ref().map(|s| map.char_at(s.span.end)),
            speaker: q.speaker.map(|s| s.text),
            via_start: q.via.as_ref().map(|v| map.char_at(v.span.start)),
            via_end: q.via.as_ref().map(|v| map.char_at(v.span.end)),
            via: q.via.map(|v| v.text),
        })
        .collect()
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    fn new(right_predicted: usize, predicted: usize, found_gold: usize, gold: usize) -> Self {
        let precision = if predicted == 0 { 0.0 } else { right_predicted as f64 / predicted as f64 };
        let recall = if gold == 0 { 0.0 } else { found_gold as f64 / gold as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1, predicted, gold }
    }
}

/// The figures of one system on one split.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct QuoteScores {
    pub detection: Prf,
    /// Right speakers among predictions that match a gold quote.
    pub speaker_accuracy: f64,
    pub end_to_end: Prf,
    pub indirect: Prf,
    pub indirect_end_to_end: Prf,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn matches(pred: (usize, usize), gold: (usize, usize)) -> bool {
    let shorter = (pred.1.saturating_sub(pred.0)).min(gold.1.saturating_sub(gold.0)).max(1);
    overlap(pred, gold) * 2 >= shorter
}

fn last_word(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).last().unwrap_or("").to_lowercase()
}

/// Whether a predicted speaker (or relay) span and text name the gold Source.
fn names_source(start: Option<usize>, end: Option<usize>, text: Option<&str>, g: &GoldAttribution) -> bool {
    let (Some(a), Some(b)) = (start, end) else { return false };
    if g.source.iter().any(|&s| overlap((a, b), s) > 0) {
        return true;
    }
    let pw = text.map(last_word).unwrap_or_default();
    let gw = last_word(&g.source_text);
    !pw.is_empty() && pw == gw && pw.chars().next().is_some_and(|c| c.is_alphabetic()) && !is_pronoun(&pw)
}

/// PolNeAR annotates only the outermost attribution: in "“…,” Sanders said, according to CNN"
/// its Source is CNN, which a prediction gives as the relay (`via`) of the speaker Sanders.
fn speaker_right(p: &PredictedQuote, g: &GoldAttribution) -> bool {
    names_source(p.speaker_start, p.speaker_end, p.speaker.as_deref(), g) || names_source(p.via_start, p.via_end, p.via.as_deref(), g)
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "it" | "i" | "we" | "you")
}

/// Scores predictions of one kind (`direct` or not) against the gold attributions of that kind.
fn score_kind(gold: &[GoldArticle], preds: &Predictions, direct: bool) -> (Prf, f64, Prf) {
    let (mut n_pred, mut n_gold, mut pred_ok, mut gold_ok, mut pred_e2e, mut gold_e2e) = (0, 0, 0, 0, 0, 0);
    let empty = Vec::new();
    for article in gold {
        let golds: Vec<&GoldAttribution> = article.attributions.iter().filter(|g| g.direct == direct).collect();
        let predicted: Vec<&PredictedQuote> = preds.get(&article.name).unwrap_or(&empty).iter().filter(|p| p.direct == direct).collect();
        n_pred += predicted.len();
        n_gold += golds.len();
        let mut gold_found = vec![false; golds.len()];
        let mut gold_found_speaker = vec![false; golds.len()];
        for p in &predicted {
            let mut best: Option<(usize, usize)> = None;
            for (k, g) in golds.iter().enumerate() {
                if matches((p.start, p.end), g.extent) {
                    gold_found[k] = true;
                    let ov = overlap((p.start, p.end), g.extent);
                    if speaker_right(p, g) {
                        gold_found_speaker[k] = true;
                    }
                    if best.map_or(true, |b| ov > b.1) {
                        best = Some((k, ov));
                    }
                }
            }
            if let Some((k, _)) = best {
                pred_ok += 1;
                // The prediction's speaker is right if it is right for any gold quote it matches.
                if golds.iter().any(|g| matches((p.start, p.end), g.extent) && speaker_right(p, g)) || speaker_right(p, golds[k]) {
                    pred_e2e += 1;
                }
            }
        }
        gold_ok += gold_found.iter().filter(|x| **x).count();
        gold_e2e += gold_found_speaker.iter().filter(|x| **x).count();
    }
    let detection = Prf::new(pred_ok, n_pred, gold_ok, n_gold);
    let speaker_accuracy = if pred_ok == 0 { 0.0 } else { pred_e2e as f64 / pred_ok as f64 };
    (detection, speaker_accuracy, Prf::new(pred_e2e, n_pred, gold_e2e, n_gold))
}

/// Scores predictions against the gold of a split.
pub fn score(gold: &[GoldArticle], preds: &Predictions) -> QuoteScores {
    let (detection, speaker_accuracy, end_to_end) = score_kind(gold, preds, true);
    let (indirect, _, indirect_end_to_end) = score_kind(gold, preds, false);
    QuoteScores { detection, speaker_accuracy, end_to_end, indirect, indirect_end_to_end }
}

/// A line of text around code points `[a, b)` with the span marked `[[…]]`, newlines shown as `¶`.
fn context(chars: &[char], a: usize, b: usize, width: usize) -> String {
    let (a, b) = (a.min(chars.len()), b.min(chars.len()).max(a.min(chars.len())));
    let lo = a.saturating_sub(width);
    let hi = (b + width).min(chars.len());
    let piece = |x: usize, y: usize| chars[x..y].iter().collect::<String>().replace('\n', "¶");
    format!("{}[[{}]]{}", piece(lo, a), piece(a, b), piece(b, hi))
}

/// Error lists of direct quotes, for reading (tune on train only): gold quotes missed, predictions
/// matching no gold quote, and matched quotes whose speaker is wrong.
pub fn errors(gold: &[GoldArticle], preds: &Predictions) -> String {
    use std::fmt::Write;
    let mut missed = String::new();
    let mut spurious = String::new();
    let mut wrong = String::new();
    let empty = Vec::new();
    for article in gold {
        let chars: Vec<char> = article.text.chars().collect();
        let golds: Vec<&GoldAttribution> = article.attributions.iter().filter(|g| g.direct).collect();
        let predicted: Vec<&PredictedQuote> = preds.get(&article.name).unwrap_or(&empty).iter().filter(|p| p.direct).collect();
        let all: &Vec<PredictedQuote> = preds.get(&article.name).unwrap_or(&empty);
        for g in &golds {
            if !predicted.iter().any(|p| matches((p.start, p.end), g.extent)) {
                let _ = writeln!(missed, "{}\t{}\tgold speaker: {}\n    {}", article.name, g.extent.0, g.source_text, context(&chars, g.extent.0, g.extent.1, 150));
                // What was predicted there instead (an indirect clause, a piece of the quote).
                for p in all.iter().filter(|p| overlap((p.start, p.end), g.extent) > 0) {
                    let _ = writeln!(missed, "    ours ({}): {} | speaker: {}", if p.direct { "direct" } else { "indirect" }, context(&chars, p.start, p.end, 0), p.speaker.as_deref().unwrap_or("-"));
                }
            }
        }
        for p in &predicted {
            let matching: Vec<&&GoldAttribution> = golds.iter().filter(|g| matches((p.start, p.end), g.extent)).collect();
            let speaker = p.speaker.as_deref().unwrap_or("-");
            if matching.is_empty() {
                let _ = writeln!(spurious, "{}\t{}\tspeaker: {}\n    {}", article.name, p.start, speaker, context(&chars, p.start, p.end, 150));
            } else if !matching.iter().any(|g| speaker_right(p, g)) {
                let g = matching[0];
                let (sa, sb) = (p.speaker_start.unwrap_or(p.start), p.speaker_end.unwrap_or(p.start));
                let _ = writeln!(
                    wrong,
                    "{}\t{}\tpredicted: {} | gold: {}\n    {}\n    speaker at: {}",
                    article.name,
                    p.start,
                    speaker,
                    g.source_text,
                    context(&chars, p.start, p.end, 150),
                    context(&chars, sa, sb, 80)
                );
            }
        }
    }
    format!("## missed gold direct quotes\n{missed}\n## predictions matching no gold quote\n{spurious}\n## wrong speakers\n{wrong}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_means_mostly_inside_marks() {
        let text = "He said “this is a long quoted sentence here” today and called it “bad” then.";
        let chars: Vec<char> = text.chars().collect();
        let ann = "T1\tContent 8 45\t“this is a long quoted sentence here”\nT2\tSource 0 2\tHe\nE1\tContent:T1 Source:T2\nT3\tContent 52 73\tand called it “bad”\nE2\tContent:T3 Source:T2\n";
        let golds = parse_ann(ann, &chars);
        assert_eq!(golds.len(), 2);
        assert!(golds[0].direct);
        assert_eq!(golds[0].extent, (9, 44));
        assert!(!golds[1].direct);
    }

    #[test]
    fn pieces_out_of_text_order_keep_their_extent() {
        let text = "“Second part here,” she said. “First part there.”";
        let chars: Vec<char> = text.chars().collect();
        // Brat lists the later piece first.
        let ann = "T1\tContent 30 49;0 19\t“First part there.” “Second part here,”\nT2\tSource 20 23\tshe\nE1\tContent:T1 Source:T2\n";
        let golds = parse_ann(ann, &chars);
        assert!(golds[0].direct);
        assert_eq!(golds[0].extent, (1, 48));
    }

    #[test]
    fn pieces_listed_out_of_order_pair_their_marks_in_text_order() {
        // Listed as C;A;B, C's closing mark comes first and B's opening one never closes.
        let text = "“Alpha beta,” he said. “Gamma delta epsilon? Zeta eta theta iota kappa lambda.\"";
        let chars: Vec<char> = text.chars().collect();
        let ann = "T1\tContent 45 79;0 13;23 44\t…\nT2\tSource 14 16\the\nE1\tContent:T1 Source:T2\n";
        let golds = parse_ann(ann, &chars);
        assert!(golds[0].direct, "{golds:?}");
        assert_eq!(golds[0].extent, (1, 78));
    }

    #[test]
    fn marks_left_outside_the_content_still_pair() {
        // The closing mark of the first piece and the opening mark of the second lie outside.
        let text = "“We will win,” she said. “We will fight for it.”";
        let chars: Vec<char> = text.chars().collect();
        let ann = "T1\tContent 1 13;26 47\tWe will win, We will fight for it.\nT2\tSource 15 18\tshe\nE1\tContent:T1 Source:T2\n";
        let golds = parse_ann(ann, &chars);
        assert!(golds[0].direct);
        assert_eq!(golds[0].extent, (1, 47));
        // Doubled apostrophes with the last one left out.
        let text = "''Why not?'' she asked.";
        let chars: Vec<char> = text.chars().collect();
        let golds = parse_ann("T1\tContent 0 11\t''Why not?'\nE1\tContent:T1\n", &chars);
        assert!(golds[0].direct);
        assert_eq!(golds[0].extent, (2, 10));
    }

    #[test]
    fn scoring_counts_matches_and_speakers() {
        let gold = vec![GoldArticle {
            name: "a".into(),
            text: String::new(),
            attributions: vec![GoldAttribution {
                content: vec![(10, 40)],
                source: vec![(0, 7)],
                source_text: "Clinton".into(),
                direct: true,
                extent: (11, 39),
            }],
        }];
        let right = PredictedQuote {
            start: 11,
            end: 39,
            direct: true,
            speaker_start: Some(0),
            speaker_end: Some(7),
            speaker: Some("Clinton".into()),
            via_start: None,
            via_end: None,
            via: None,
        };
        let wrong_speaker = PredictedQuote { speaker_start: Some(50), speaker_end: Some(52), speaker: Some("he".into()), ..right.clone() };
        let elsewhere = PredictedQuote { start: 60, end: 70, ..right.clone() };
        let mut preds = Predictions::new();
        preds.insert("a".into(), vec![right, elsewhere]);
        let s = score(&gold, &preds);
        assert_eq!(s.detection.precision, 0.5);
        assert_eq!(s.detection.recall, 1.0);
        assert_eq!(s.speaker_accuracy, 1.0);
        preds.insert("a".into(), vec![wrong_speaker.clone()]);
        let s = score(&gold, &preds);
        assert_eq!(s.detection.f1, 1.0);
        assert_eq!(s.end_to_end.f1, 0.0);
        // The gold Source is who relays the speaker's words.
        let relayed = PredictedQuote { via_start: Some(0), via_end: Some(7), via: Some("Clinton".into()), ..wrong_speaker };
        preds.insert("a".into(), vec![relayed]);
        assert_eq!(score(&gold, &preds).end_to_end.f1, 1.0);
    }
}
