//! Temporal expressions: finding and TIMEX3 normalisation.
//!
//! The rules are data: each language has a lexicon (`resources/<lang>/lexicon.txt`) and a
//! rules file (`resources/<lang>/rules.txt`) compiled in with `include_str!`. The code here
//! only knows what a slot means ("month", "dir", "unit"…), never a word of any language.
//!
//! Resolution follows HeidelTime's news strategy: deictic expressions ("yesterday", "last
//! week") against the document creation time (DCT), anaphoric ones ("the next day", "two
//! days later") against the last date mentioned, and expressions without a year ("on
//! Tuesday", "in March") by the tense of their sentence. Without a DCT, what needs one keeps
//! TIMEX3 `X` placeholders; the current date is never used.

mod calendar;
mod grammar;
mod publication;
mod range;
mod resolve;
mod timeml;

use std::sync::OnceLock;

use model::{Span, TimeExpr};

/// The date library of the API, re-exported so callers need no chrono dependency of their own.
pub use chrono;
pub use chrono::NaiveDate;

pub use publication::{infer_publication, PublicationRange};
pub use timeml::{annotate_timeml, TimexError};

use grammar::Grammar;
use publication::Told;

/// A compiled temporal tagger for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tagger {
    grammar: &'static Grammar,
}

/// Resource files of every supported language: (ISO 639-1 code, lexicon, rules).
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("en", include_str!("../resources/en/lexicon.txt"), include_str!("../resources/en/rules.txt")),
    ("de", include_str!("../resources/de/lexicon.txt"), include_str!("../resources/de/rules.txt")),
];

/// Compiled grammars, one cell per entry of [`LANGUAGES`]; `None` inside when a resource is broken.
static GRAMMARS: [OnceLock<Option<Grammar>>; 2] = [OnceLock::new(), OnceLock::new()];

/// Codes of the languages with resource files.
pub fn supported_languages() -> Vec<&'static str> {
    LANGUAGES.iter().map(|(code, _, _)| *code).collect()
}

fn compile_language(index: usize) -> Result<Grammar, String> {
    let (code, lexicon, rules) = LANGUAGES.get(index).ok_or_else(|| format!("no language #{index}"))?;
    Grammar::compile(lexicon, rules).map_err(|e| format!("{code}: {e}"))
}

impl Tagger {
    /// Rules for a language (ISO 639-1, region suffixes like `en-GB` accepted), compiled once
    /// per process from the resource files; `None` when the language is unsupported.
    pub fn for_language(lang: &str) -> Option<Tagger> {
        let code = lang.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let index = LANGUAGES.iter().position(|(c, _, _)| *c == code)?;
        let cell = GRAMMARS.get(index)?;
        let grammar = cell.get_or_init(|| compile_language(index).ok()).as_ref()?;
        Some(Tagger { grammar })
    }

    /// Every temporal expression in the text, normalised, in text order; spans are byte
    /// offsets. `sentences` come from `text::sentences(text)`; `dct` is the document
    /// creation time.
    pub fn tag(&self, text: &str, sentences: &[Span], dct: Option<NaiveDate>) -> Vec<TimeExpr> {
        let candidates = resolve::find_candidates(self.grammar, text);
        resolve::resolve_all(self.grammar, text, sentences, dct, candidates)
    }

    /// The publication range an article's text supports, from `times` as [`Tagger::tag`]
    /// returned them for this `text` and `sentences` (byte spans) without a DCT: no earlier
    /// than the latest absolute date told as past or present, no later than the earliest
    /// absolute date told as still to come ("will meet on March 5, 2020"). Only dates whose
    /// year is written count, and a sentence with a word of plan, hope or deadline (lexicon
    /// section `prospective`: "by 2012", "expected in 2008") bounds nothing from below.
    /// `None` when no absolute date is told as past or present.
    pub fn infer_publication(&self, text: &str, sentences: &[Span], times: &[TimeExpr]) -> Option<PublicationRange> {
        let lexicon = &self.grammar.lexicon;
        publication::bounds(times, |t| {
            if !publication::year_written(t) {
                Told::Uncertain
            } else if resolve::told_as_future(lexicon, text, sentences, t) {
                Told::Future
            } else if resolve::prospective(lexicon, text, sentences, t) {
                Told::Uncertain
            } else {
                Told::Past
            }
        })
    }
}

#[cfg(test)]
mod tests;
