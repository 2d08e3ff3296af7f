//! From what a format parser found to a complete [`Article`].

use model::{Article, PublishedSource};
use unicode_normalization::UnicodeNormalization;

/// What a format parser found about one article, before cleaning.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// `path` or `path#N`.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<(String, PublishedSource)>,
    /// Language from metadata, as written (`en-US`, `fr`, `English`…).
    pub language: Option<String>,
    pub outlet: Option<String>,
    /// Main text, one entry per paragraph, not yet normalised.
    pub paragraphs: Vec<String>,
}

/// Cleans a draft into an article; `Err` with the reason when it has no text.
pub fn finish(draft: Draft) -> Result<Article, String> {
    let mut paragraphs: Vec<&str> = Vec::with_capacity(draft.paragraphs.len());
    for raw in &draft.paragraphs {
        let trimmed = raw.trim();
        if trimmed.is_empty() || text::is_boilerplate_line(trimmed) || paragraphs.last() == Some(&trimmed) {
            continue;
        }
        paragraphs.push(trimmed);
    }
    let text = text::normalize(&paragraphs.join("\n\n")).text;
    if !text.chars().any(char::is_alphanumeric) {
        return Err("no article text found".to_string());
    }
    let url = draft.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let title = draft.title.map(|t| clean_inline(&t)).filter(|t| !t.is_empty());
    let mut authors: Vec<String> = Vec::new();
    for author in &draft.authors {
        let clean = clean_inline(author);
        if !clean.is_empty() && !authors.iter().any(|a| a.eq_ignore_ascii_case(&clean)) {
            authors.push(clean);
        }
    }
    let language = draft
        .language
        .as_deref()
        .and_then(language_code)
        .or_else(|| text::detect_language(&text).map(str::to_string))
        .unwrap_or_else(|| "und".to_string());
    let (published, published_source) = match draft.published {
        Some((date, source)) => (Some(date), Some(source)),
        None => (None, None),
    };
    let outlet = draft
        .outlet
        .map(|o| clean_inline(&o))
        .filter(|o| !o.is_empty())
        .or_else(|| url.as_deref().and_then(crate::html::host_of));
    Ok(Article {
        id: Article::compute_id(url.as_deref(), &text),
        source: draft.source,
        url,
        title,
        authors,
        published,
        published_source,
        published_latest: None,
        language,
        outlet,
        text,
    })
}

/// NFC, whitespace runs collapsed to one space, invisible characters dropped.
pub fn clean_inline(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for ch in raw.nfc() {
        if ch.is_whitespace() {
            pending_space = true;
        } else if matches!(ch, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}') || ch.is_control() {
            continue;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        }
    }
    out
}

/// An ISO 639-1 code from a metadata language value: `en-US` → `en`. Anything
/// else (`English`, `eng`) is left to identification from the text.
pub fn language_code(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    let primary = lower.split(['-', '_', ';', ',', ' ']).next().unwrap_or("");
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then(|| primary.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finishes_a_draft() {
        let draft = Draft {
            source: "a.txt".into(),
            title: Some("  A   title ".into()),
            authors: vec!["Jane Doe".into(), "jane doe".into()],
            language: Some("en-GB".into()),
            paragraphs: vec!["First\u{00A0} para.".into(), "  ".into(), "Cafe\u{301} second.".into(), "Advertisement".into()],
            ..Default::default()
        };
        let a = finish(draft).expect("article");
        assert_eq!(a.text, "First para.\n\nCafé second.");
        assert_eq!(a.title.as_deref(), Some("A title"));
        assert_eq!(a.authors, vec!["Jane Doe"]);
        assert_eq!(a.language, "en");
        assert_eq!(a.id, Article::compute_id(None, &a.text));
    }

    #[test]
    fn empty_text_is_an_error() {
        assert!(finish(Draft { paragraphs: vec![" ".into(), "—".into()], ..Default::default() }).is_err());
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_code("fr-CA").as_deref(), Some("fr"));
        assert_eq!(language_code("English"), None);
        assert_eq!(language_code("x"), None);
    }

    #[test]
    fn identifies_language_from_text() {
        let d = Draft {
            paragraphs: vec!["Le président de la République a annoncé mardi une série de mesures pour les entreprises.".into()],
            ..Default::default()
        };
        assert_eq!(finish(d).expect("article").language, "fr");
    }
}
