//! Bytes to text: byte-order marks, declared charsets and detection.
//!
//! The order follows what browsers and feed readers do: a BOM wins, then a
//! charset given by the transport (HTTP header inside a WARC record), then one
//! declared in the document (`<meta charset>`, XML declaration), then
//! detection with `chardetng`. Undecodable bytes become U+FFFD instead of
//! failing the whole document.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use once_cell::sync::Lazy;
use regex::bytes::Regex;

/// What kind of document the bytes are, which decides where a charset may be declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// HTML: `<meta charset>` or `http-equiv="Content-Type"`.
    Html,
    /// XML (feeds): the `encoding` of the XML declaration.
    Xml,
    /// Plain text, JSON: no in-document declaration.
    None,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding used (WHATWG label, or `UTF-32LE`/`UTF-32BE`).
    pub encoding: &'static str,
    /// Whether some bytes were invalid in that encoding and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes`; `transport_charset` is a charset given outside the document
/// (for example the `Content-Type` header of an HTTP response).
pub fn decode(bytes: &[u8], transport_charset: Option<&str>, markup: Markup) -> Decoded {
    if let Some(decoded) = decode_utf32(bytes) {
        return decoded;
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(encoding, bytes);
    }
    if let Some(encoding) = transport_charset.and_then(|label| usable_label(label.as_bytes())) {
        return decode_with(encoding, bytes);
    }
    if let Some(encoding) = declared_in_document(bytes, markup) {
        // Pages re-saved as UTF-8 keep their old `<meta charset=gb2312>`: bytes
        // that are all valid UTF-8, with multi-byte sequences, are UTF-8 whatever
        // the page says (a legacy text is almost never valid UTF-8 by chance).
        if encoding != UTF_8 && !bytes.is_ascii() {
            if let Some(decoded) = valid_utf8(bytes) {
                return decoded;
            }
        }
        return decode_with(encoding, bytes);
    }
    if let Some(decoded) = valid_utf8(bytes) {
        return decoded;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guessed = detector.guess(None, true);
    // Mostly-UTF-8 text with a few broken bytes is far more common than a legacy
    // encoding that happens to produce valid-looking sequences.
    if mostly_utf8(bytes) {
        return decode_with(UTF_8, bytes);
    }
    decode_with(guessed, bytes)
}

/// How a stream of XML is encoded, as far as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamEncoding {
    /// Given by a BOM, the zero bytes of UTF-16, or the XML declaration.
    Known(&'static Encoding),
    /// UTF-32, which `encoding_rs` cannot decode piece by piece.
    Utf32,
    /// Not stated: each piece is decoded (and if need be detected) on its own.
    Unstated,
}

/// The encoding of a stream from its head, in the order [`decode`] uses (without
/// detection, which needs the whole text).
pub(crate) fn stream_encoding(head: &[u8]) -> StreamEncoding {
    if decode_utf32(&head[..head.len().min(64)]).is_some() {
        return StreamEncoding::Utf32;
    }
    match Encoding::for_bom(head).map(|(e, _)| e).or_else(|| utf16_without_bom(head)).or_else(|| declared_in_document(head, Markup::Xml)) {
        Some(encoding) => StreamEncoding::Known(encoding),
        None => StreamEncoding::Unstated,
    }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    if encoding == UTF_8 {
        if let Some(decoded) = valid_utf8(bytes) {
            return decoded;
        }
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded { text: c1_as_windows_1252(text.into_owned()), encoding: encoding.name(), had_errors }
}

/// Bytes that are valid UTF-8 (most pages), checked and copied once.
fn valid_utf8(bytes: &[u8]) -> Option<Decoded> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(Decoded { text: c1_as_windows_1252(text.to_owned()), encoding: UTF_8.name(), had_errors: false })
}

/// C1 control characters (U+0080–U+009F) in decoded text are Windows-1252
/// punctuation that went through a Latin-1 round trip ("don\u{92}t"): they are
/// mapped back to what they were meant as (’ “ ” – € …), as browsers and feed readers do.
fn c1_as_windows_1252(text: String) -> String {
    // In UTF-8 they are 0xC2 followed by 0x80–0x9F: a byte search finds them (or
    // rules them out) far faster than decoding every character.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(0xC2, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x80..=0x9F))) {
        return text;
    }
    text.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9F}').contains(&c) {
                let byte = [c as u32 as u8];
                encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte).0.chars().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// A label that names an encoding worth trusting. UTF-16 declared inside a byte
/// stream that has no BOM and no zero bytes is a known lie of old pages, as in HTML5.
fn usable_label(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim_ascii())?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

static XML_ENCODING: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']"#).expect("valid regex"));

/// The charset the document declares about itself, looked for in its first 4 KiB.
fn declared_in_document(bytes: &[u8], markup: Markup) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    match markup {
        Markup::Xml => {
            let caps = XML_ENCODING.captures(head)?;
            usable_label(caps.get(1)?.as_bytes())
        }
        Markup::Html => {
            if let Some(label) = crate::html::declared_charset(bytes) {
                return usable_label(label.as_bytes());
            }
            // An XHTML page may carry an XML declaration instead of a meta tag.
            let caps = XML_ENCODING.captures(head)?;
            usable_label(caps.get(1)?.as_bytes())
        }
        Markup::None => None,
    }
}

/// UTF-16 without a BOM, recognised by the zero bytes of ASCII characters.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_high = sample.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    let zero_low = sample.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    if zero_high * 10 >= pairs * 7 {
        Some(UTF_16BE)
    } else if zero_low * 10 >= pairs * 7 {
        Some(UTF_16LE)
    } else {
        None
    }
}

/// UTF-32 (with or without BOM), which `encoding_rs` does not cover.
fn decode_utf32(bytes: &[u8]) -> Option<Decoded> {
    let (little_endian, body) = if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        (true, &bytes[4..])
    } else if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        (false, &bytes[4..])
    } else if bytes.len() >= 8 && bytes[0] != 0 && bytes[1..4] == [0, 0, 0] && bytes[5..8] == [0, 0, 0] {
        (true, bytes)
    } else if bytes.len() >= 8 && bytes[..3] == [0, 0, 0] && bytes[3] != 0 && bytes[4..7] == [0, 0, 0] {
        (false, bytes)
    } else {
        return None;
    };
    let mut text = String::with_capacity(body.len() / 4);
    let mut had_errors = body.len() % 4 != 0;
    for unit in body.chunks_exact(4) {
        let arr = [unit[0], unit[1], unit[2], unit[3]];
        let value = if little_endian { u32::from_le_bytes(arr) } else { u32::from_be_bytes(arr) };
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => {
                had_errors = true;
                text.push('\u{FFFD}');
            }
        }
    }
    Some(Decoded { text, encoding: if little_endian { "UTF-32LE" } else { "UTF-32BE" }, had_errors })
}

/// True when at most a handful of bytes break otherwise valid, non-ASCII-bearing UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // `good` is a char boundary reported by the validator.
                if let Ok(valid) = std::str::from_utf8(&rest[..good]) {
                    multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                }
                invalid += 1;
                let skip = good + e.error_len().unwrap_or(rest.len() - good).max(1);
                if skip >= rest.len() {
                    break;
                }
                rest = &rest[skip..];
            }
        }
    }
    invalid <= 8 && multibyte >= invalid * 4
}

/// Rewrites the encoding of an XML declaration to UTF-8 once the document has
/// been decoded, so an XML parser does not decode it a second time.
pub fn declare_utf8(xml: &str) -> String {
    let trimmed = xml.trim_start_matches('\u{FEFF}');
    static DECL: Lazy<regex::Regex> =
        Lazy::new(|| regex::Regex::new(r#"^(\s*<\?xml[^>]*?\sencoding\s*=\s*)["'][^"']*["']"#).expect("valid regex"));
    DECL.replace(trimmed, "${1}\"utf-8\"").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declaration() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<?xml version='1.0' encoding='iso-8859-1'?><a>é</a>".as_bytes());
        let d = decode(&bytes, None, Markup::Xml);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains('é'));
    }

    #[test]
    fn declared_latin1_is_used() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>caf\xe9</a>";
        assert!(decode(bytes, None, Markup::Xml).text.contains("café"));
        let html = b"<html><head><meta charset=\"windows-1251\"></head><p>\xcf\xf0\xe8</p>";
        assert!(decode(html, None, Markup::Html).text.contains("При"));
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_legacy_declaration() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>谷歌在2014年收购的人工智能公司</p>";
        let d = decode(page.as_bytes(), None, Markup::Html);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("谷歌在2014年"));
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        assert!(decode(&gbk, None, Markup::Html).text.contains("谷歌在2014年"));
    }

    #[test]
    fn transport_charset_wins_over_meta() {
        let html = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        assert!(decode(html, Some("iso-8859-1"), Markup::Html).text.contains("café"));
    }

    #[test]
    fn utf16_and_utf32_without_bom() {
        let utf16: Vec<u8> = "<rss>héllo</rss>".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&utf16, None, Markup::Xml).text, "<rss>héllo</rss>");
        let utf32: Vec<u8> = "<rss>x</rss>".chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        assert_eq!(decode(&utf32, None, Markup::Xml).text, "<rss>x</rss>");
    }

    #[test]
    fn few_invalid_bytes_are_replaced() {
        let mut bytes = "Größe und Ähnlichkeit — viele Wörter hier. ".repeat(5).into_bytes();
        bytes.push(0xFF);
        let d = decode(&bytes, None, Markup::None);
        assert!(d.had_errors);
        assert!(d.text.contains("Größe"));
    }

    #[test]
    fn undeclared_legacy_text_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Президент России заявил сегодня, что переговоры продолжатся.");
        assert!(decode(&bytes, None, Markup::None).text.contains("Президент"));
    }

    #[test]
    fn c1_controls_become_windows_1252_punctuation() {
        assert_eq!(decode("don\u{92}t \u{93}x\u{94}".as_bytes(), None, Markup::None).text, "don\u{2019}t \u{201C}x\u{201D}");
        // Their lead byte 0xC2 also starts U+00A0–U+00BF, which stay as they are.
        assert_eq!(decode("a\u{a0}b \u{bf}c \u{80}".as_bytes(), None, Markup::None).text, "a\u{a0}b \u{bf}c \u{20AC}");
    }

    #[test]
    fn xml_declaration_is_rewritten() {
        assert_eq!(declare_utf8("<?xml version='1.0' encoding='koi8-r'?><rss/>"), "<?xml version='1.0' encoding=\"utf-8\"?><rss/>");
    }
}
