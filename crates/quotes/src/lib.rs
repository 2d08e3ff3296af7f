//! Quotes with speakers, and cited sources.
//!
//! [`extract`] finds direct quotes in every quotation style (with nesting, apostrophes and quotes
//! that run over paragraphs) and indirect attributions, each with its speaker as written, the cue,
//! and whoever relays the words. [`citations`] finds the sources an article credits. Word lists
//! (cues in several languages, pronouns, role nouns, outlets) are data files under `data/`.

mod citations;
mod extract;
mod lexicon;
mod marks;
mod speaker;
mod tokens;

pub use citations::citations;
pub use extract::{extract_with, Settings};
pub use marks::{find_quoted, Quoted};

/// Direct and indirect quotes with speakers. `mentions`/`entities` come from the entity recogniser
/// (may be empty: then speakers are found from the text alone, and `SpeakerMention.entity` stays None).
/// All spans are byte offsets into `text`; ids are `q0`, `q1`, … in text order.
pub fn extract(text: &str, sentences: &[model::Span], mentions: &[model::Mention], entities: &[model::Entity], lang: &str) -> Vec<model::Quote> {
    extract_with(text, sentences, mentions, entities, lang, Settings::default())
}
