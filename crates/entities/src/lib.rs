//! Named entities and in-article entity merging.
//!
//! A greedy averaged-perceptron tagger (trained here by `train-ner` on MEANTIME and
//! GUM gold plus en_core_web_sm silver labels, see `docs/eval/entities.md`) finds
//! names; rules strip titles, possessives and determiners, collect role
//! descriptions from titles and appositions, and merge the mentions of one article
//! into entities (surnames, acronyms, role nouns).

pub mod gazetteer;
mod merge;
pub mod tagger;
pub mod tokenize;

use std::sync::OnceLock;

use model::{Entity, EntityKind, Mention, Span};

use gazetteer::Gazetteer;
use tagger::{Model, SentenceFeatures, TrainSentence};
use tokenize::{tokenize_span, Token};

/// The shipped model, written by `cargo run --release -p eval --bin train-ner`.
const MODEL_BYTES: &[u8] = include_bytes!("../model/ner.bin");

static SHARED: OnceLock<Recognizer> = OnceLock::new();

/// Finds named entities and merges them per article.
pub struct Recognizer {
    model: Model,
    gazetteer: Gazetteer,
}

/// A name found in one sentence, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Byte span of the name (title, determiner and possessive stripped).
    pub span: Span,
    /// Token range in the sentence.
    pub tokens: (usize, usize),
    pub sentence: usize,
    pub kind: EntityKind,
    /// Title written before the name inside the same phrase ("German Chancellor").
    pub title: Option<String>,
}

/// Tokens of one sentence with their sentence index.
pub(crate) struct SentenceTokens<'a> {
    pub index: usize,
    pub tokens: Vec<Token<'a>>,
}

impl Recognizer {
    /// The shipped model (embedded with include_bytes!, loaded once into a static OnceLock), gazetteers and rules.
    pub fn shared() -> &'static Recognizer {
        SHARED.get_or_init(|| {
            // The embedded file is a build input checked by the tests, not run-time data.
            Recognizer::from_model_bytes(MODEL_BYTES).expect("the embedded NER model is valid")
        })
    }

    /// A recognizer with another model file (as written by `train-ner`).
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Recognizer, String> {
        Ok(Recognizer { model: Model::from_bytes(bytes)?, gazetteer: Gazetteer::shipped() })
    }

    /// The shipped word lists.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Mentions (kind person/organization/place/other; possessive 's and titles like Mr./President/Dr. stripped from the span) and the article's entities merged from them.
    /// Role phrases linked to an entity ("the chancellor") are mentions too, marked `nominal`.
    pub fn recognize(&self, text: &str, sentences: &[Span], lang: &str) -> (Vec<Mention>, Vec<Entity>) {
        // The tagger is trained on English; capitalised names in other Latin-script
        // languages are still found, so every language goes through the same path.
        let _ = lang;
        let owned;
        let sentences = if sentences.is_empty() {
            owned = text::sentences(text);
            &owned[..]
        } else {
            sentences
        };
        let mut all_tokens = Vec::with_capacity(sentences.len());
        let mut found = Vec::new();
        for (index, s) in sentences.iter().enumerate() {
            let mut tokens = Vec::new();
            tokenize_span(text, *s, &mut tokens);
            if tokens.is_empty() {
                continue;
            }
            let labels = self.model.tag_tokens(&tokens, &self.gazetteer);
            let headline = tagger::is_headline(&tokens);
            let hits = if headline { self.gazetteer.hits(&tokens) } else { Vec::new() };
            let mut taken = 0;
            for (start, end, kind) in tagger::decode_spans(&labels) {
                // A product extension may already have taken this span's tokens.
                if start < taken {
                    continue;
                }
                let (end, kind) = extend_product(&tokens, end, kind);
                taken = end;
                let pieces = if headline {
                    self.headline_pieces(&tokens, &hits, start, end)
                } else {
                    vec![(start, end)]
                };
                for (s, e) in pieces {
                    if let Some(f) = self.clean(text, &tokens, s, e, kind, index) {
                        found.push(f);
                    }
                }
            }
            all_tokens.push(SentenceTokens { index, tokens });
        }
        merge::merge(text, &all_tokens, found, &self.gazetteer)
    }

    /// In a title-case headline the tagger over-extends names ("Abandon Republican
    /// Party"): cut the range at words usually written in lower case, unless a
    /// gazetteer phrase covers them.
    fn headline_pieces(
        &self,
        tokens: &[Token],
        hits: &[Option<gazetteer::GazetteerHit>],
        start: usize,
        end: usize,
    ) -> Vec<(usize, usize)> {
        let mut pieces = Vec::new();
        let mut open: Option<usize> = None;
        for i in start..end {
            let common = hits.get(i).is_some_and(Option::is_none) && self.gazetteer.is_common(&tokens[i].text.to_lowercase());
            match (common, open) {
                (true, Some(s)) => {
                    pieces.push((s, i));
                    open = None;
                }
                (false, None) => open = Some(i),
                _ => {}
            }
        }
        if let Some(s) = open {
            pieces.push((s, end));
        }
        pieces
    }

    /// Strips determiners, titles and possessives from a tagged token range; None when
    /// nothing name-like is left.
    fn clean(
        &self,
        text: &str,
        tokens: &[Token],
        mut start: usize,
        mut end: usize,
        kind: EntityKind,
        sentence: usize,
    ) -> Option<Found> {
        let lower = |i: usize| tokens[i].text.to_lowercase();
        while start < end && matches!(lower(start).as_str(), "the" | "a" | "an") {
            start += 1;
        }
        while end > start && is_trailing_junk(tokens[end - 1].text) {
            end -= 1;
        }
        while start < end && is_leading_junk(tokens[start].text) {
            start += 1;
        }
        let mut title = None;
        if kind == EntityKind::Person {
            let name_start = self.skip_titles(tokens, start, end);
            if name_start > start && name_start < end {
                title = text.get(tokens[start].span.start..tokens[name_start - 1].span.end).map(str::to_string);
                start = name_start;
            }
        }
        if start >= end {
            return None;
        }
        // A name has a capital somewhere ("iPhone" too) or a word opening with a digit.
        let named = tokens[start..end]
            .iter()
            .any(|t| t.text.chars().any(char::is_uppercase) || t.text.chars().next().is_some_and(|c| c.is_numeric()));
        if !named {
            return None;
        }
        Some(Found {
            span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
            tokens: (start, end),
            sentence,
            kind,
            title,
        })
    }

    /// The first token of the name proper: after the last title or role word that is
    /// followed by a capitalised word ("U.S. President Barack Obama", "Chrysler Chief
    /// Executive Robert Nardelli", "Mr. Smith").
    fn skip_titles(&self, tokens: &[Token], start: usize, end: usize) -> usize {
        name_start(&self.gazetteer, tokens, start, end)
    }

    /// Training sentences for `train-ner`: the text tokenized as at run time, gold
    /// spans turned into BILOU labels, only the given sentences.
    pub fn training_sentences(
        gazetteer: &Gazetteer,
        text: &str,
        sentences: &[Span],
        entities: &[(Span, EntityKind)],
        weight: f32,
    ) -> Vec<TrainSentence> {
        let mut out = Vec::new();
        for s in sentences {
            let mut tokens = Vec::new();
            tokenize_span(text, *s, &mut tokens);
            if tokens.is_empty() {
                continue;
            }
            let inside: Vec<(Span, EntityKind)> = entities.iter().copied().filter(|(e, _)| s.contains(e)).collect();
            let gold = tagger::encode(&tokens, &inside);
            out.push(TrainSentence { features: SentenceFeatures::new(&tokens, gazetteer), gold, weight });
        }
        out
    }
}

/// A model designation: letters and digits mixed ("A380", "737s", "777-200LR") or a
/// three-digit number ("787").
fn is_model_number(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    digits > 0
        && t.chars().all(|c| c.is_alphanumeric() || c == '-')
        && (letters > 0 || (digits == 3 && t.len() == 3))
        && !t.ends_with("bn")
        && !t.ends_with('m')
}

/// "Boeing 787 Dreamliner", "Airbus A380s": a maker's name followed by a model number
/// names a product (kind other), with a capitalised model name after it.
fn extend_product(tokens: &[Token], end: usize, kind: EntityKind) -> (usize, EntityKind) {
    if kind != EntityKind::Organization || !tokens.get(end).is_some_and(|t| is_model_number(t.text)) {
        return (end, kind);
    }
    let mut e = end + 1;
    while tokens.get(e).is_some_and(|t| t.text.chars().next().is_some_and(char::is_uppercase) && t.text.len() > 2) {
        e += 1;
    }
    (e, EntityKind::Other)
}

fn is_trailing_junk(t: &str) -> bool {
    matches!(t, "'s" | "’s" | "'S" | "'" | "’" | "," | "." | ":" | ";" | "\"" | "”" | "»" | "-" | "(" | ")")
}

fn is_leading_junk(t: &str) -> bool {
    matches!(t, "'" | "‘" | "\"" | "“" | "«" | "," | "-" | "(" | ")")
}

fn name_start(g: &Gazetteer, tokens: &[Token], start: usize, end: usize) -> usize {
    let mut name = start;
    for k in start..end.saturating_sub(1) {
        let lower = tokens[k].text.to_lowercase();
        let next_capital = tokens[k + 1].text.chars().next().is_some_and(char::is_uppercase);
        if next_capital && (g.is_title(&lower) || g.is_role(&lower)) {
            name = k + 1;
        }
    }
    name
}

/// Strips titles and roles ("Mr.", "President", "U.S. President", "Chrysler Chief
/// Executive") from the start of a person's span, keeping at least one word.
pub fn strip_title(text: &str, span: Span) -> Span {
    let g = shared_gazetteer();
    let mut tokens = Vec::new();
    tokenize_span(text, span, &mut tokens);
    let start = name_start(g, &tokens, 0, tokens.len());
    match tokens.get(start) {
        Some(t) if start > 0 => Span::new(t.span.start, span.end),
        _ => span,
    }
}

fn shared_gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(Gazetteer::shipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Mention>, Vec<Entity>) {
        Recognizer::shared().recognize(text, &text::sentences(text), "en")
    }

    fn entity<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
        entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name:?} in {entities:#?}"))
    }

    #[test]
    fn recognizes_people_places_and_organisations() {
        let (mentions, _) = run("Angela Merkel met Emmanuel Macron in Paris on Monday, the European Commission said.");
        let got: Vec<(&str, EntityKind)> = mentions.iter().map(|m| (m.text.as_str(), m.kind)).collect();
        assert!(got.contains(&("Angela Merkel", EntityKind::Person)), "{got:?}");
        assert!(got.contains(&("Emmanuel Macron", EntityKind::Person)), "{got:?}");
        assert!(got.contains(&("Paris", EntityKind::Place)), "{got:?}");
        assert!(got.contains(&("European Commission", EntityKind::Organization)), "{got:?}");
        assert!(!got.iter().any(|(t, _)| *t == "Monday"), "{got:?}");
    }

    #[test]
    fn strips_titles_and_possessives() {
        let text = "President Joe Biden's plan was criticised by Mr. Johnson.";
        let (mentions, entities) = run(text);
        let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(texts.contains(&"Joe Biden"), "{texts:?}");
        assert!(texts.contains(&"Johnson"), "{texts:?}");
        for m in &mentions {
            assert_eq!(&text[m.span.start..m.span.end], m.text);
        }
        assert!(entity(&entities, "Joe Biden").descriptions.iter().any(|d| d == "President"));
        assert_eq!(strip_title("Prime Minister Boris Johnson", Span::new(0, 28)), Span::new(15, 28));
    }

    #[test]
    fn merges_surname_with_full_name_and_resolves_role() {
        let text = "German Chancellor Angela Merkel arrived in Brussels. Merkel said the talks were hard. \
                    Later the chancellor left.";
        let (mentions, entities) = run(text);
        let merkel = entity(&entities, "Angela Merkel");
        assert_eq!(merkel.kind, EntityKind::Person);
        assert!(merkel.variants.contains(&"Merkel".to_string()), "{merkel:?}");
        assert!(merkel.descriptions.iter().any(|d| d == "German Chancellor"), "{merkel:?}");
        let role = mentions.iter().find(|m| m.text == "chancellor").expect("role mention");
        assert_eq!(entities[role.entity].name, "Angela Merkel");
        assert!(role.nominal, "{role:?}");
        assert!(mentions.iter().filter(|m| m.text.contains("Merkel")).all(|m| !m.nominal), "{mentions:?}");
        for (i, e) in entities.iter().enumerate() {
            assert_eq!(e.id, format!("e{i}"));
            assert!(e.mentions.iter().all(|&m| mentions[m].entity == i));
        }
    }

    #[test]
    fn role_phrases_become_nominal_mentions_of_the_entity_with_that_role() {
        let text = "Maria Zakharova, the foreign ministry spokeswoman, said talks had stalled. \
                    Joe Biden, the U.S. president, disagreed. \
                    The ministry spokeswoman later repeated the claim, and the former president was not asked. \
                    The French president stayed silent and the deputy spokeswoman declined to comment.";
        let (mentions, entities) = run(text);
        let nominal: Vec<(&str, &str)> =
            mentions.iter().filter(|m| m.nominal).map(|m| (m.text.as_str(), entities[m.entity].name.as_str())).collect();
        assert!(nominal.contains(&("ministry spokeswoman", "Maria Zakharova")), "{nominal:?}");
        assert!(nominal.contains(&("former president", "Joe Biden")), "{nominal:?}");
        // A demonym or a word the description does not have names another role holder.
        assert!(!nominal.iter().any(|(t, _)| t.contains("French") || t.contains("deputy")), "{nominal:?}");
        let text_b = "Vice President Kamala Harris spoke after President Joe Biden. Tom Fitton, the president of Judicial Watch, objected. \
                      The vice president replied, but the president who follows her may disagree.";
        let (mentions_b, entities_b) = run(text_b);
        let nominal_b: Vec<(&str, &str)> =
            mentions_b.iter().filter(|m| m.nominal).map(|m| (m.text.as_str(), entities_b[m.entity].name.as_str())).collect();
        // A vice president is not the president; an apposition describes the name before it.
        assert_eq!(nominal_b, vec![("vice president", "Kamala Harris")], "{mentions_b:?}");
        for m in mentions.iter().filter(|m| m.nominal) {
            assert_eq!(&text[m.span.start..m.span.end], m.text);
            assert!(entities[m.entity].mentions.contains(&mentions.iter().position(|x| x == m).unwrap()));
        }
        assert!(mentions.iter().filter(|m| !m.nominal).all(|m| m.text.chars().any(char::is_uppercase)), "{mentions:?}");
    }

    #[test]
    fn merges_acronym_with_full_name() {
        let (_, entities) = run("The European Union imposed new sanctions. The EU said more would follow.");
        let eu = entity(&entities, "European Union");
        assert!(eu.variants.contains(&"EU".to_string()), "{entities:?}");
    }

    #[test]
    fn apposition_becomes_description() {
        let (_, entities) = run("Jens Stoltenberg, NATO's secretary general, said the alliance would respond.");
        let js = entity(&entities, "Jens Stoltenberg");
        assert!(js.descriptions.iter().any(|d| d == "NATO's secretary general"), "{js:?}");
    }

    #[test]
    fn title_with_possessive_owner_becomes_description() {
        let (_, entities) = run("NATO's Secretary General Jens Stoltenberg warned Russia on Tuesday.");
        let js = entity(&entities, "Jens Stoltenberg");
        assert!(js.descriptions.iter().any(|d| d == "NATO's Secretary General"), "{js:?}");
        assert!(entities.iter().any(|e| e.name == "Russia" && e.kind == EntityKind::Place), "{entities:?}");
    }

    #[test]
    fn title_case_headline_names_are_cut_at_common_words() {
        let (mentions, _) = run("Wealthy Voters Abandon Republican Party for Hillary Clinton");
        let texts: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(texts.contains(&"Hillary Clinton"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("Abandon")), "{texts:?}");
    }

    #[test]
    fn maker_and_model_number_is_a_product() {
        let (mentions, _) = run("Irish budget airline Ryanair has exercised options to buy five more Boeing 737s.");
        let got: Vec<(&str, EntityKind)> = mentions.iter().map(|m| (m.text.as_str(), m.kind)).collect();
        assert!(got.contains(&("Boeing 737s", EntityKind::Other)), "{got:?}");
        assert!(!got.iter().any(|(t, _)| *t == "737s"), "{got:?}");
        assert!(is_model_number("A380") && is_model_number("787") && !is_model_number("2005") && !is_model_number("15bn"));
    }

    #[test]
    fn handles_messy_input_without_panicking() {
        for text in ["", "   ", "’s", "«Bonjour» dit-il — é'S.", "ÉLYSÉE’S RESPONSE:\n\n\"No\"", "a\u{0}b Ü."] {
            let (mentions, entities) = Recognizer::shared().recognize(text, &[], "fr");
            for m in &mentions {
                assert!(text.get(m.span.start..m.span.end).is_some());
                assert!(m.entity < entities.len());
            }
        }
    }
}
