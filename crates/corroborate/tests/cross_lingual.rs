//! A translated article joins the story of its original. The example articles
//! (`examples/`: three stories, plain text and HTML) go through ingest and
//! analysis as a user's files would, then a German translation of the USA Today
//! article on the Athens bank fire (written for this test, `tests/data/`).
//! Needs the multilingual encoder that `scripts/setup.sh` installs.

use std::path::{Path, PathBuf};

use corroborate::StoryIndex;
use model::Doc;

fn analysed(path: &Path) -> Vec<Doc> {
    let outcome = ingest::read_path(path, &ingest::Limits::default());
    assert!(outcome.rejected.is_empty(), "{} rejected: {:?}", path.display(), outcome.rejected);
    outcome.articles.into_iter().map(analyze::analyze).collect()
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut paths: Vec<PathBuf> = ["text", "html"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("examples folder").map(|e| e.expect("entry").path()))
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_german_translation_joins_the_story_of_its_english_original() {
    if embed::Encoder::shared().is_none() {
        eprintln!("skipped: no model in models/use-m3 (run scripts/setup.sh)");
        return;
    }
    let originals: Vec<Doc> = examples().iter().flat_map(|p| analysed(p)).collect();
    let translation = analysed(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/greece-bank-usatoday.de.txt"));
    let translation = &translation[0];
    assert_eq!(translation.article.language, "de");
    assert!(translation.embedding.is_some() && originals.iter().all(|d| d.embedding.is_some()));

    let mut index = StoryIndex::new();
    let stories: Vec<String> = originals.iter().map(|d| index.assign(d)).collect();
    let original = originals
        .iter()
        .position(|d| d.article.url.as_deref().is_some_and(|u| u.contains("2010-05-05-greece-strike-crisis")))
        .expect("the USA Today original is among the examples");
    assert_eq!(index.assign(translation), stories[original], "the translation joins its original's story");
    let unrelated = originals.iter().position(|d| d.article.title.as_deref().is_some_and(|t| t.contains("Esther"))).unwrap();
    assert_ne!(stories[unrelated], stories[original]);
}

#[test]
fn a_translated_quote_is_a_variant_of_its_original() {
    if embed::Encoder::shared().is_none() {
        eprintln!("skipped: no model in models/use-m3 (run scripts/setup.sh)");
        return;
    }
    let original = analysed(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/text/greece-bank-usatoday.txt"));
    let translation = analysed(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/greece-bank-usatoday.de.txt"));
    let docs: Vec<Doc> = original.into_iter().chain(translation).collect();
    let members: Vec<(String, String)> = docs.iter().map(|d| (d.article.id.clone(), "s1".to_string())).collect();
    let story = corroborate::corroborate(&docs, &members).stories.remove(0);
    let rompuy = story
        .quotes
        .iter()
        .find(|q| q.variants.iter().any(|v| v.text.contains("haushaltspolitische")))
        .expect("the translated Van Rompuy quote is in the story");
    let carried_by: Vec<&String> = rompuy.variants.iter().flat_map(|v| &v.articles).collect();
    assert_eq!(carried_by.len(), 2, "the English original and its translation are one quote: {rompuy:?}");
}
