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
    let mut paragraphs: Vec<String> = Vec::with_capacity(draft.paragraphs.len());
    for raw in &draft.paragraphs {
        let clean = clean_inline(raw);
        if clean.is_empty() || paragraphs.last() == Some(&clean) {
            continue;
        }
        paragraphs.push(clean);
    }
    let text = paragraphs.join("\n\n");
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
        .or_else(|| identify_language(&text))
        .unwrap_or_else(|| "und".to_string());
    let (published, published_source) = match draft.published {
        Some((date, source)) => (Some(date), Some(source)),
        None => (None, None),
    };
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
        outlet: draft.outlet.map(|o| clean_inline(&o)).filter(|o| !o.is_empty()),
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

/// An ISO 639-1 code from a metadata language value: `en-US` → `en`, `English` → `en`.
pub fn language_code(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    let primary = lower.split(['-', '_', ';', ',', ' ']).next().unwrap_or("");
    if primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(primary.to_string());
    }
    if primary.len() == 3 {
        if let Some(lang) = whatlang::Lang::from_code(primary) {
            return iso639_1(lang).map(str::to_string);
        }
    }
    whatlang::Lang::all().iter().find(|l| l.eng_name().eq_ignore_ascii_case(primary)).and_then(|l| iso639_1(*l)).map(str::to_string)
}

/// The language of a text, when it can be told with some confidence.
fn identify_language(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.split_whitespace().count() < 8 {
        return None;
    }
    iso639_1(info.lang()).map(str::to_string)
}

/// ISO 639-1 for the languages whatlang knows (it speaks ISO 639-3).
fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
    })
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
            paragraphs: vec!["First\u{00A0} para.".into(), "  ".into(), "Cafe\u{301} second.".into()],
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
        assert_eq!(language_code("deu").as_deref(), Some("de"));
        assert_eq!(language_code("English").as_deref(), Some("en"));
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
