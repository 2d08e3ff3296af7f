//! Cheap removal, before parsing, of what no part of the extraction reads: the
//! bodies of scripts (except JSON-LD) and style sheets. On news pages they are
//! about half of the bytes, and skipping them halves the parser's work.

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

static OPEN_TAG: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i-u)<(script|style)[\s>/]").expect("valid script open-tag regex"));
static SCRIPT_END: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i-u)</script").expect("valid script end regex"));
static STYLE_END: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i-u)</style").expect("valid style end regex"));

/// The page with the contents of `<script>` (other than `application/ld+json`)
/// and `<style>` elements removed; the tags themselves stay. Like the HTML
/// tokenizer, a script or style ends at the first matching end tag.
pub fn without_script_bodies(html: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(open) = OPEN_TAG.captures_at(html, search_from) {
        let (Some(whole), Some(name)) = (open.get(0), open.get(1)) else { break };
        // The open tag ends at the next '>' (attribute values rarely hold one in these tags).
        let Some(tag_end) = html[whole.start()..].find('>').map(|i| whole.start() + i + 1) else { break };
        let is_style = name.as_str().eq_ignore_ascii_case("style");
        let end_pattern = if is_style { &*STYLE_END } else { &*SCRIPT_END };
        let Some(close) = end_pattern.find_at(html, tag_end) else { break };
        let open_tag = &html[whole.start()..tag_end];
        let keep = !is_style && open_tag.to_ascii_lowercase().contains("ld+json");
        if !keep && close.start() > tag_end {
            let buffer = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            buffer.push_str(&html[copied_up_to..tag_end]);
            copied_up_to = close.start();
        }
        search_from = close.end();
    }
    match out {
        Some(mut buffer) => {
            buffer.push_str(&html[copied_up_to..]);
            Cow::Owned(buffer)
        }
        None => Cow::Borrowed(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_scripts_and_styles_but_keeps_json_ld() {
        let html = r#"<head><SCRIPT>var a = "<p>x</p>";</Script><style>p{}</style><script type="application/ld+json">{"a":1}</script></head><p>Text</p>"#;
        assert_eq!(
            without_script_bodies(html),
            r#"<head><SCRIPT></Script><style></style><script type="application/ld+json">{"a":1}</script></head><p>Text</p>"#
        );
    }

    #[test]
    fn leaves_other_pages_and_broken_tags_alone() {
        assert!(matches!(without_script_bodies("<p>scripts are fun</p>"), Cow::Borrowed(_)));
        assert_eq!(without_script_bodies("<p>a</p><script>never closed"), "<p>a</p><script>never closed");
        assert_eq!(without_script_bodies("<scripts>é</scripts>"), "<scripts>é</scripts>");
        assert_eq!(without_script_bodies("<script"), "<script");
    }
}
