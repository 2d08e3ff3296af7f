//! A translated article is found as a translation of its original by sentence alignment on
//! multilingual embeddings, and another article of the same kind is not. The German text is
//! the translation of the first part of an example article written for the story tests
//! (`tests/data/`). Needs the multilingual encoder that `scripts/setup.sh` installs.

use std::path::Path;

use corroborate::{derivations, DerivationParams};
use model::{Doc, Relation};

fn analysed(relative: &str) -> Doc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let outcome = ingest::read_path(&path, &ingest::Limits::default());
    let article = outcome.articles.into_iter().next().unwrap_or_else(|| panic!("{} reads as an article", path.display()));
    analyze::analyze(article)
}

#[test]
fn a_german_translation_is_aligned_sentence_by_sentence_with_its_original() {
    if embed::Encoder::shared().is_none() {
        eprintln!("skipped: no model in models/use-m3 (run scripts/setup.sh)");
        return;
    }
    let mut original = analysed("../../examples/text/greece-bank-usatoday.txt");
    let mut translation = analysed("tests/data/greece-bank-usatoday.de.txt");
    let mut other = analysed("../../examples/html/greece-bank-inquirer.html");
    original.article.published = Some("2010-05-05T10:00:00Z".into());
    other.article.published = Some("2010-05-05T09:00:00Z".into());
    translation.article.published = Some("2010-05-05T14:00:00Z".into());
    assert_eq!(translation.article.language, "de");

    let found = derivations(&[&original, &translation], &DerivationParams::default());
    let derivation = found.get(&translation.article.id).map(|d| &d[0]).expect("the translation is found");
    assert_eq!((derivation.relation, derivation.article.as_str()), (Relation::Translation, original.article.id.as_str()));

    // Another report of the same riots, in English, is not what the German text translates.
    let found = derivations(&[&other, &translation], &DerivationParams::default());
    assert!(!found.contains_key(&translation.article.id), "{found:?}");
}
