//! Compares the Rust tokenizer and encoder with the reference Python package
//! (`scripts/embed-reference.py` wrote `reference.json`). Skipped, with a
//! message, when the model is not installed (`scripts/setup.sh` installs it).

use embed::{cosine, Encoder};
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    lang: String,
    text: String,
    ids: Vec<u32>,
    embedding_head: Vec<f32>,
}

fn references() -> Vec<Reference> {
    let json = include_str!("reference.json");
    serde_json::from_str(json).expect("reference.json parses")
}

/// The installed model, loaded once for all tests of this file.
fn encoder() -> Option<&'static Encoder> {
    if Encoder::default_dir().is_none() {
        eprintln!("skipped: no model in models/use-m3 (run scripts/setup.sh)");
        return None;
    }
    Some(Encoder::shared().expect("installed model loads"))
}

#[test]
fn token_ids_match_the_reference_tokenizer() {
    let Some(encoder) = encoder() else { return };
    let mut mismatches = Vec::new();
    for r in references() {
        let ids = encoder.tokenizer().encode(&r.text);
        if ids != r.ids {
            mismatches.push(format!("[{}] {:?}: got {:?}, expected {:?}", r.lang, r.text, ids, r.ids));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn embeddings_match_the_reference_encoder() {
    let Some(encoder) = encoder() else { return };
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let embeddings = encoder.encode(&texts);
    assert_eq!(embeddings.len(), refs.len());
    for (r, embedding) in refs.iter().zip(&embeddings) {
        let norm = embedding.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "[{}] {:?}: norm {norm}", r.lang, r.text);
        let head = &embedding[..r.embedding_head.len()];
        let similarity = cosine(head, &r.embedding_head);
        let max_diff = head.iter().zip(&r.embedding_head).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(similarity >= 0.999 && max_diff < 2e-3, "[{}] {:?}: cosine {similarity}, max diff {max_diff}", r.lang, r.text);
    }
}

#[test]
fn one_text_at_a_time_equals_the_batch() {
    let Some(encoder) = encoder() else { return };
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let batch = encoder.encode(&texts);
    for (text, batched) in texts.iter().zip(&batch) {
        let alone = encoder.encode(&[text]);
        assert!(cosine(&alone[0], batched) > 0.99999, "{text:?}");
    }
}

#[test]
fn articles_encoded_together_equal_articles_encoded_alone() {
    let Some(encoder) = encoder() else { return };
    let refs = references();
    let sentences: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let articles: Vec<(Option<&str>, &[&str])> = sentences
        .chunks(3)
        .enumerate()
        .map(|(i, lead)| (if i % 2 == 0 { Some(lead[0]) } else { None }, lead))
        .collect();
    let together = encoder.encode_articles(&articles);
    assert_eq!(together.len(), articles.len());
    for ((title, lead), batched) in articles.iter().zip(&together) {
        // Bit for bit: each text's rows of the matrix products do not depend on the other rows.
        assert_eq!(&encoder.encode_article(*title, lead)[..], &batched[..], "{title:?} {lead:?}");
    }
}

#[test]
fn translations_are_closer_than_unrelated_sentences() {
    let Some(encoder) = encoder() else { return };
    let e = encoder.encode(&[
        "The central bank raised interest rates on Thursday.",
        "Die Zentralbank hat am Donnerstag die Zinsen erhöht.",
        "The football team won the championship after a penalty shoot-out.",
    ]);
    let translation = cosine(&e[0], &e[1]);
    let unrelated = cosine(&e[0], &e[2]);
    assert!(translation > 0.6 && unrelated < 0.3, "translation {translation}, unrelated {unrelated}");
}

#[test]
fn messy_input_gives_unit_vectors() {
    let Some(encoder) = encoder() else { return };
    let long = "Officials said the talks would resume. ".repeat(300);
    let texts = [
        "\u{0301}\u{0301} lone combining marks",
        "control\u{0000}chars\u{0007}\u{001b}[0m",
        "\u{202e}right-to-left override\u{200f}",
        "\u{feff}byte order mark",
        long.as_str(),
        "\u{10ffff}\u{e000} private use",
        "ＵＰＰＥＲ　ｗｉｄｅ　ｓｐａｃｅ",
    ];
    let embeddings = encoder.encode(&texts);
    assert_eq!(embeddings.len(), texts.len());
    assert!(encoder.encode(&[]).is_empty());
    for (text, embedding) in texts.iter().zip(&embeddings) {
        let norm = embedding.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{text:?}: norm {norm}");
    }
}
