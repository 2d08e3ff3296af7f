//! NER gold readers (MEANTIME, GUM news), the silver teacher labels, the fixed
//! train/dev split and the mention scorer used by `eval-entities` and `train-ner`.

pub mod gum;
pub mod meantime;
pub mod score;
pub mod silver;

use model::{EntityKind, Span};

/// One gold mention: byte span into [`GoldDoc::text`]; `kind` None when the gold
/// mention has no type we can map (it is then neither required nor penalised).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldMention {
    /// Byte span.
    pub span: Span,
    /// Our kind, when the gold type maps to one.
    pub kind: Option<EntityKind>,
    /// Whether missing it counts against recall. Other gold names (MEANTIME PRE.NAM
    /// premodifiers, untyped markables, GUM times) only shield the predictions that
    /// overlap them from counting as false positives.
    pub required: bool,
}

/// A gold document rebuilt as plain text.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// Dataset name: "meantime" or "gum".
    pub dataset: &'static str,
    /// File stem.
    pub id: String,
    /// Text rebuilt from the gold tokens.
    pub text: String,
    /// Gold sentences (byte spans).
    pub sentences: Vec<Span>,
    /// Number of gold tokens (for speed figures).
    pub tokens: usize,
    /// The annotated part of the text (MEANTIME annotates only the first sentences).
    pub region: Span,
    /// Named mentions in the annotated region.
    pub mentions: Vec<GoldMention>,
}

impl GoldDoc {
    /// The gold sentences inside the annotated region.
    pub fn region_sentences(&self) -> Vec<Span> {
        self.sentences.iter().copied().filter(|s| self.region.contains(s)).collect()
    }

    /// Typed mentions, for training (required or not).
    pub fn typed_mentions(&self) -> Vec<(Span, EntityKind)> {
        self.mentions.iter().filter_map(|m| m.kind.map(|k| (m.span, k))).collect()
    }

    /// Typed required mentions, for scoring.
    pub fn required_mentions(&self) -> Vec<(Span, EntityKind)> {
        self.mentions.iter().filter(|m| m.required).filter_map(|m| m.kind.map(|k| (m.span, k))).collect()
    }
}

/// The fixed dev split: every fourth document of each dataset in file-name order.
pub fn is_dev(index_in_sorted_dataset: usize) -> bool {
    index_in_sorted_dataset % 4 == 0
}

/// Splits documents (already sorted by name within each dataset) into (train, dev).
pub fn split(docs: Vec<GoldDoc>) -> (Vec<GoldDoc>, Vec<GoldDoc>) {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    let mut index: std::collections::HashMap<&'static str, usize> = Default::default();
    for d in docs {
        let i = index.entry(d.dataset).or_default();
        if is_dev(*i) {
            dev.push(d);
        } else {
            train.push(d);
        }
        *i += 1;
    }
    (train, dev)
}

/// Rebuilds text from tokens grouped in sentences: sentences on their own lines, a
/// space between tokens except where `joined(prev, next)` says they were written together.
pub fn rebuild_text(
    sentences: &[Vec<String>],
    joined: impl Fn(&str, &str, usize, usize) -> bool,
) -> (String, Vec<Span>, Vec<Vec<Span>>) {
    let mut text = String::new();
    let mut sentence_spans = Vec::new();
    let mut token_spans = Vec::new();
    for (si, words) in sentences.iter().enumerate() {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        let mut spans = Vec::new();
        for (wi, w) in words.iter().enumerate() {
            if wi > 0 && !joined(&words[wi - 1], w, si, wi) {
                text.push(' ');
            }
            let s = text.len();
            text.push_str(w);
            spans.push(Span::new(s, text.len()));
        }
        sentence_spans.push(Span::new(start, text.len()));
        token_spans.push(spans);
    }
    (text, sentence_spans, token_spans)
}

/// Our naming convention applied to gold spans: no leading determiner ("the United
/// States" → "United States"); titles are stripped by [`entities::strip_title`].
pub fn normalise_gold_span(text: &str, span: Span, kind: Option<EntityKind>) -> Span {
    let mut s = span;
    if let Some(piece) = text.get(s.start..s.end) {
        for det in ["the ", "The ", "THE "] {
            if piece.starts_with(det) && piece.len() > det.len() {
                s.start += det.len();
                break;
            }
        }
    }
    if kind == Some(EntityKind::Person) {
        s = entities::strip_title(text, s);
    }
    s
}

/// Loads both gold datasets from the shared data folder.
pub fn load_gold(data: &std::path::Path) -> anyhow::Result<Vec<GoldDoc>> {
    let mut docs = meantime::load(&data.join("meantime-en"))?;
    docs.extend(gum::load(&data.join("gum-news"))?);
    Ok(docs)
}

/// Makes gold mentions non-overlapping: an apposition-like span (with a comma) that
/// contains another name is dropped, then the longest of overlapping spans is kept.
pub fn resolve_nesting(text: &str, names: Vec<GoldMention>) -> Vec<GoldMention> {
    let (mut names, optional): (Vec<GoldMention>, Vec<GoldMention>) = names.into_iter().partition(|m| m.required);
    let all = names.clone();
    names.retain(|m| {
        let has_comma = text.get(m.span.start..m.span.end).is_some_and(|t| t.contains(','));
        !(has_comma && all.iter().any(|o| o.span != m.span && m.span.contains(&o.span)))
    });
    names.sort_by_key(|m| (std::cmp::Reverse(m.span.len()), m.span.start));
    let mut kept: Vec<GoldMention> = Vec::new();
    for m in names {
        if !kept.iter().any(|k| k.span.overlaps(&m.span)) {
            kept.push(m);
        }
    }
    for m in optional {
        if !kept.iter().any(|k| k.span.overlaps(&m.span)) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.span.start);
    kept
}

