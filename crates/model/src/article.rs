use serde::{Deserialize, Serialize};

/// Where an article's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublishedSource {
    /// `<meta>` tags of an HTML page (article:published_time, Dublin Core, …) or `<time>`.
    Meta,
    /// schema.org JSON-LD in the page.
    JsonLd,
    /// A date in the URL path (`/2020/03/03/`).
    Url,
    /// A dateline or date header line in the text itself.
    Text,
    /// The item date of an RSS/Atom/JSON feed, or the `published` field of a JSON Lines record.
    Feed,
    /// The WARC-Date of the capture: when it was archived, not when it was written.
    Warc,
    /// Inferred from the dates the text mentions; `published` is then a range or a coarse date.
    Inferred,
}

impl PublishedSource {
    /// The coarser vocabulary of the report schema: metadata, text or inferred.
    pub fn report_kind(self) -> &'static str {
        match self {
            PublishedSource::Text => "text",
            PublishedSource::Inferred => "inferred",
            _ => "metadata",
        }
    }
}

/// One article as read from its input: metadata and clean main text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Stable id derived from the URL when known, else from the normalised text.
    pub id: String,
    /// The input as given: a path, `path#N` for the N-th record of a feed, WARC or JSONL file.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// RFC 3339 date-time with offset when known, `YYYY-MM-DD` when only the day is known.
    /// For inferred dates, the earliest possible date (see `published_latest`).
    pub published: Option<String>,
    pub published_source: Option<PublishedSource>,
    /// For inferred publication dates: the latest possible date, when bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_latest: Option<String>,
    /// ISO 639-1 code; `und` when it cannot be identified.
    pub language: String,
    pub outlet: Option<String>,
    /// Clean main text: NFC, normalised whitespace, paragraphs separated by a blank line.
    pub text: String,
}

impl Article {
    /// The id an article gets: from its URL (without fragment) when known, else from its text.
    pub fn compute_id(url: Option<&str>, text: &str) -> String {
        match url {
            Some(u) if !u.is_empty() => crate::stable_id("a", &["url", u.split('#').next().unwrap_or(u)]),
            _ => crate::stable_id("a", &["text", &normalised_for_identity(text)]),
        }
    }

    /// Number of words in the text (Unicode word-like runs; CJK characters count one each).
    pub fn word_count(&self) -> usize {
        word_count(&self.text)
    }
}

/// Text reduced to what identifies it: lowercase alphanumerics separated by single spaces.
pub fn normalised_for_identity(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Counts words: runs of alphanumerics, with each ideographic/kana character a word of its own.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for ch in text.chars() {
        if is_cjk(ch) {
            count += 1;
            in_word = false;
        } else if ch.is_alphanumeric() || (in_word && (ch == '\'' || ch == '’' || ch == '-')) {
            if !in_word {
                count += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
    }
    count
}

fn is_cjk(ch: char) -> bool {
    matches!(ch as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

/// An input that could not be read as an article, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub source: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_ignore_fragments() {
        let a = Article::compute_id(Some("https://x.org/a#top"), "one");
        let b = Article::compute_id(Some("https://x.org/a"), "two");
        assert_eq!(a, b);
        assert_ne!(a, Article::compute_id(Some("https://x.org/b"), "one"));
        assert_eq!(Article::compute_id(None, "Hello,  world!"), Article::compute_id(None, "hello world"));
    }

    #[test]
    fn counts_words_in_several_scripts() {
        assert_eq!(word_count("The U.S. president's 12-point plan."), 6);
        assert_eq!(word_count("Президент заявил"), 2);
        assert_eq!(word_count("北京欢迎你"), 5);
        assert_eq!(word_count(""), 0);
    }
}
