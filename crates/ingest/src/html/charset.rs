//! The character encoding a page declares about itself.

use once_cell::sync::Lazy;
use regex::bytes::Regex;

/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
static META_CHARSET: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#).expect("valid charset regex")
});

/// Only the start of a page may declare its encoding (the HTML standard looks at 1024 bytes;
/// real pages put long scripts first, so allow more).
const PRESCAN_BYTES: usize = 16 * 1024;

/// The charset a page declares in `<meta charset>` / http-equiv, if any, lowercased
/// (e.g. `utf-8`, `windows-1251`). Used by the byte decoder before the page is decoded.
pub fn declared_charset(head_bytes: &[u8]) -> Option<String> {
    let head = &head_bytes[..head_bytes.len().min(PRESCAN_BYTES)];
    let caps = META_CHARSET.captures(head)?;
    let label = caps.get(1)?.as_bytes();
    let label = String::from_utf8_lossy(label).to_ascii_lowercase();
    if label.is_empty() {
        None
    } else {
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_declaration_styles() {
        assert_eq!(declared_charset(b"<html><head><meta charset=\"UTF-8\">").as_deref(), Some("utf-8"));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_charset(b"<meta charset=koi8-r>").as_deref(), Some("koi8-r"));
        assert_eq!(declared_charset(b"<p>charset=utf-8</p>"), None);
        assert_eq!(declared_charset(&[0xff, 0xfe, 0x00]), None);
    }
}
