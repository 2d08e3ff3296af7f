//! Small text helpers shared by the extraction submodules.

/// Collapses every run of whitespace (including no-break and zero-width
/// spaces) to one space and trims both ends.
pub fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for ch in raw.chars() {
        if is_invisible(ch) {
            continue;
        }
        if ch.is_whitespace() {
            pending_space = true;
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

/// Characters that render as nothing and only get in the way of matching.
fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Ideographs, kana and hangul: scripts written without spaces between words,
/// where one character carries about as much text as a short word.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

/// How much text a string holds, in "Latin characters": CJK characters count
/// three, so that thresholds tuned on alphabetic text fit Chinese, Japanese and Korean.
pub fn text_weight(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if is_cjk(c) { 3 } else { 1 })
        .sum()
}

/// Whether a text ends like a sentence, in any script (Latin, CJK, Arabic, Devanagari…).
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | '«' | ')' | '」' | '』' | '）'));
    matches!(trimmed.chars().last(), Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '۔' | '।' | ':' | ';' | '；' | '：'))
}

/// Number of words: whitespace-separated runs, CJK characters counting one each.
pub fn word_count(text: &str) -> usize {
    model::word_count(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_all_kinds_of_space() {
        assert_eq!(collapse_whitespace("  a\u{a0}\n\tb\u{200B}c  "), "a bc");
        assert_eq!(collapse_whitespace(""), "");
    }

    #[test]
    fn weighs_cjk_more() {
        assert_eq!(text_weight("ab c"), 3);
        assert_eq!(text_weight("北京"), 6);
    }

    #[test]
    fn recognises_sentence_ends_in_several_scripts() {
        assert!(ends_like_sentence("He left."));
        assert!(ends_like_sentence("“We will win.”"));
        assert!(ends_like_sentence("他走了。"));
        assert!(ends_like_sentence("هل هذا صحيح؟"));
        assert!(!ends_like_sentence("Share on Twitter"));
    }
}
