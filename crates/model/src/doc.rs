use serde::{Deserialize, Serialize};

use crate::Article;

/// A half-open range `[start, end)` into an article's text.
///
/// Inside analysers these are byte offsets; in a finished [`Doc`] they count
/// code points (see [`Doc::spans_to_chars`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A temporal expression with its TIMEX3 normalisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2020-03-03`, `2020-W10`, `P5D`, `PRESENT_REF`, `XXXX-03-03`…
    pub value: String,
    /// TIMEX3 `mod` (START, MID, END, APPROX, LESS_THAN, MORE_THAN…) when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// TIMEX3 `quant`/`freq` for sets ("every week": quant EVERY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// Index into [`Doc::sentences`].
    pub sentence: usize,
    /// For the first expression of a range ("from March 3 to 5", "between 2019 and 2021"):
    /// the TIMEX3 value of its end. The end is also an expression of its own, the next one in
    /// [`Doc::times`], as TimeML annotates ranges with two TIMEX3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_end: Option<String>,
    /// True for the end of a range begun by the expression before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ends_range: bool,
}

/// Kinds of named entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// One mention of a named entity in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    /// The words as written (possessive and titles already stripped).
    pub text: String,
    pub kind: EntityKind,
    /// Index into [`Doc::entities`].
    pub entity: usize,
    pub sentence: usize,
    /// A role or common-noun phrase ("chancellor" in "the chancellor", "ministry
    /// spokeswoman") that names no one by itself and was linked to the entity because the
    /// article gave that entity the role; false for names. Absent in older records.
    #[serde(default)]
    pub nominal: bool,
}

/// An entity of one article: its mentions merged ("Angela Merkel … Merkel … the chancellor").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable within the article: `e` + index.
    pub id: String,
    /// The fullest name used in the article.
    pub name: String,
    pub kind: EntityKind,
    /// Every surface form of the name in this article.
    pub variants: Vec<String>,
    /// Roles and appositions: "the German chancellor", "Macron's chief of staff".
    pub descriptions: Vec<String>,
    /// Indices into [`Doc::mentions`].
    pub mentions: Vec<usize>,
}

/// Who a quote is attributed to, as written in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerMention {
    pub span: Span,
    /// As written, even a pronoun ("she") or a role ("the ministry spokeswoman").
    pub text: String,
    /// The entity id (in [`Doc::entities`]) it resolves to, when resolved.
    pub entity: Option<String>,
}

/// A quote, direct ("…", she said) or indirect (she said that …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    /// The quoted words, without the quotation marks; paragraph-spanning quotes joined.
    pub text: String,
    /// From the first to the last quoted character (marks excluded).
    pub span: Span,
    pub direct: bool,
    pub speaker: Option<SpeakerMention>,
    /// The verb or phrase of saying: "said", "told", "according to".
    pub cue: Option<String>,
    /// Whoever relays the words ("according to the spokesman, the minister said …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<SpeakerMention>,
    pub sentence: usize,
}

/// What kind of source an article credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationKind {
    /// A news outlet or agency: Reuters, Le Monde.
    Outlet,
    /// A document, report, statement or recording.
    Document,
    /// Unnamed sources: "sources familiar with the matter".
    Anonymous,
    /// A named organisation or person that is not an outlet.
    Other,
}

/// A source the article credits for what it reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The source as named: "Reuters", "a document seen by Reuters" → "Reuters".
    pub source: String,
    pub kind: CitationKind,
    /// How it is credited: "according to", "reported", "told", "seen by".
    pub cue: String,
    pub span: Span,
    pub sentence: usize,
}

/// A number with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: f64,
    /// Upper bound for ranges ("10 to 12 points").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// "about", "more than", "at least", "dozens"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximation: Option<String>,
    /// Currency, percent or measure: "USD", "%", "minute", "km".
    pub unit: Option<String>,
    /// The head noun counted: "troops", "plan", "drones".
    pub counted: Option<String>,
    /// The phrase as written.
    pub text: String,
    pub span: Span,
    pub sentence: usize,
}

/// An analysed article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Doc {
    #[serde(flatten)]
    pub article: Article,
    pub sentences: Vec<Span>,
    pub times: Vec<TimeExpr>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub citations: Vec<Citation>,
    pub figures: Vec<Figure>,
    /// The multilingual sentence embedding of the title and lead (`embed`), a story signal that
    /// crosses languages; absent when no encoder model is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding: Option<crate::Embedding>,
}

impl Doc {
    /// Converts every span from byte offsets to code-point offsets into `article.text`.
    /// Call exactly once, when analysis is done.
    pub fn spans_to_chars(&mut self) {
        let text = &self.article.text;
        let map = ByteToChar::new(text);
        let conv = |s: &mut Span| {
            s.start = map.char_at(s.start);
            s.end = map.char_at(s.end);
        };
        self.sentences.iter_mut().for_each(conv);
        self.times.iter_mut().for_each(|t| conv(&mut t.span));
        self.mentions.iter_mut().for_each(|m| conv(&mut m.span));
        for q in &mut self.quotes {
            conv(&mut q.span);
            if let Some(s) = &mut q.speaker {
                conv(&mut s.span);
            }
            if let Some(v) = &mut q.via {
                conv(&mut v.span);
            }
        }
        self.citations.iter_mut().for_each(|c| conv(&mut c.span));
        self.figures.iter_mut().for_each(|f| conv(&mut f.span));
    }

    /// The text of sentence `i`, for spans already in code points.
    pub fn sentence_text(&self, i: usize) -> String {
        match self.sentences.get(i) {
            Some(s) => self.article.text.chars().skip(s.start).take(s.len()).collect(),
            None => String::new(),
        }
    }
}

/// Maps byte offsets of a string to code-point offsets.
pub struct ByteToChar {
    /// Byte offset of every char boundary, in order; its index is the char offset.
    boundaries: Vec<usize>,
}

impl ByteToChar {
    pub fn new(text: &str) -> Self {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        boundaries.push(text.len());
        ByteToChar { boundaries }
    }
    /// The char offset of byte `b`; a byte inside a character maps to that character.
    pub fn char_at(&self, b: usize) -> usize {
        match self.boundaries.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_byte_spans_to_char_spans() {
        let mut doc = Doc::default();
        doc.article.text = "Élysée said «oui».".to_string();
        let start = doc.article.text.find("oui").unwrap();
        doc.sentences.push(Span::new(0, doc.article.text.len()));
        doc.quotes.push(Quote {
            id: "q0".into(),
            text: "oui".into(),
            span: Span::new(start, start + 3),
            direct: true,
            speaker: Some(SpeakerMention { span: Span::new(0, "Élysée".len()), text: "Élysée".into(), entity: None }),
            cue: Some("said".into()),
            via: None,
            sentence: 0,
        });
        doc.spans_to_chars();
        assert_eq!(doc.quotes[0].span, Span::new(13, 16));
        assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().span, Span::new(0, 6));
        assert_eq!(doc.sentences[0], Span::new(0, 18));
        assert_eq!(doc.sentence_text(0), "Élysée said «oui».");
    }
}
