//! Recognises an input's format from its first bytes, whatever its name.

use once_cell::sync::Lazy;
use regex::Regex;

/// How many leading bytes are enough to recognise a format.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// The formats ingest reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Gzip,
    Warc,
    Arc,
    /// RSS, RDF or Atom.
    XmlFeed,
    JsonFeed,
    JsonLines,
    Html,
    Text,
    /// An XML document that is neither a feed nor XHTML; the root element name.
    OtherXml(String),
    /// Binary data that is not text; what it looks like.
    Binary(&'static str),
}

/// Recognises the format of a document from its head (up to [`SNIFF_BYTES`]).
pub fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0x1F, 0x8B]) {
        return Format::Gzip;
    }
    if let Some(kind) = binary_kind(head) {
        return Format::Binary(kind);
    }
    let text = head_as_text(head);
    let trimmed = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with("WARC/") {
        return Format::Warc;
    }
    if trimmed.starts_with("filedesc://") {
        return Format::Arc;
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if trimmed.contains("jsonfeed.org/version") {
            return Format::JsonFeed;
        }
        return Format::JsonLines;
    }
    if trimmed.starts_with('<') {
        if let Some(root) = root_element(trimmed) {
            let local = root.rsplit(':').next().unwrap_or(&root).to_ascii_lowercase();
            return match local.as_str() {
                "rss" | "rdf" | "feed" | "channel" => Format::XmlFeed,
                "html" | "head" | "body" => Format::Html,
                _ if looks_like_html(head) => Format::Html,
                _ if is_html_element(&local) => Format::Html,
                _ => Format::OtherXml(root),
            };
        }
        return Format::Html;
    }
    if looks_like_html(head) {
        return Format::Html;
    }
    Format::Text
}

/// Whether bytes carry HTML markup near their start.
pub fn looks_like_html(head: &[u8]) -> bool {
    static HTML: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<p[\s>]|<div[\s>]").expect("valid regex"));
    let text = head_as_text(&head[..head.len().min(SNIFF_BYTES)]);
    HTML.is_match(&text)
}

fn is_html_element(name: &str) -> bool {
    matches!(name, "div" | "p" | "article" | "section" | "main" | "span" | "table" | "h1" | "h2" | "header" | "meta" | "title" | "link" | "script")
}

/// The name of the first element, after declarations, comments and doctype.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.len() >= 9 && rest.is_char_boundary(9) && rest[..9].eq_ignore_ascii_case("<!doctype") {
            let inner = &rest[9..];
            if inner.trim_start().to_ascii_lowercase().starts_with("html") {
                return Some("html".to_string());
            }
            rest = &inner[inner.find('>')? + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.')).collect();
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

/// The head as text for sniffing: UTF-16/32 recognised, other bytes lossily.
fn head_as_text(head: &[u8]) -> String {
    let decoded = crate::decode::decode(head, None, crate::decode::Markup::None);
    decoded.text
}

/// Known binary signatures, and text-free data (zero bytes or control characters
/// that no text encoding produces).
fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or office document)"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xFD7zXZ\x00", "xz-compressed data"),
        (b"\x28\xB5\x2F\xFD", "zstd-compressed data"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x7FELF", "an executable"),
        (b"SQLite format 3", "an SQLite database"),
        (b"RIFF", "a media file"),
        (b"\xD0\xCF\x11\xE0", "an old Office document"),
    ];
    for (magic, kind) in SIGNATURES {
        if head.starts_with(magic) {
            return Some(kind);
        }
    }
    let sample = &head[..head.len().min(4096)];
    if sample.is_empty() {
        return None;
    }
    let decoded = crate::decode::decode(sample, None, crate::decode::Markup::None);
    let total = decoded.text.chars().count().max(1);
    let bad = decoded
        .text
        .chars()
        .filter(|&c| c == '\u{FFFD}' || c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')))
        .count();
    (bad * 10 > total).then_some("binary data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats_by_content() {
        assert_eq!(sniff(b"\x1f\x8b\x08\x00"), Format::Gzip);
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo"), Format::Warc);
        assert_eq!(sniff(b"filedesc://x.arc 0.0.0.0 2014 text/plain 10"), Format::Arc);
        assert_eq!(sniff(b"<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'>"), Format::XmlFeed);
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf='x'>"), Format::XmlFeed);
        assert_eq!(sniff(b"<feed xmlns='http://www.w3.org/2005/Atom'>"), Format::XmlFeed);
        assert_eq!(sniff(b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": []}"), Format::JsonFeed);
        assert_eq!(sniff(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), Format::JsonLines);
        assert_eq!(sniff(b"<!DOCTYPE html><html><body><p>x</p>"), Format::Html);
        assert_eq!(sniff(b"<div><p>fragment</p></div>"), Format::Html);
        assert_eq!(sniff(b"Headline\n\nSome text here."), Format::Text);
        assert!(matches!(sniff(b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' width='10'><rect/></svg> padding padding padding padding padding padding padding padding padding padding padding padding"), Format::OtherXml(_)));
        assert_eq!(sniff(b"%PDF-1.4"), Format::Binary("a PDF document"));
        let garbage: Vec<u8> = (0..2048u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(matches!(sniff(&garbage), Format::Binary(_)));
    }
}
