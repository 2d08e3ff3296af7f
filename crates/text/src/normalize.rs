//! Text normalisation with a map back to the original offsets.
//!
//! What [`normalize`] does, in order:
//! 1. Unicode NFC, per character cluster (a starter and its combining marks), so that offsets
//!    can be mapped back; text that is already NFC is not touched.
//! 2. Invisible characters are removed: zero-width space, word joiner, BOM, soft hyphen,
//!    left-to-right/right-to-left marks and other control characters. ZWJ and ZWNJ are kept
//!    because they change the spelling of Persian, Indic scripts and emoji.
//! 3. White space: every run of spaces (including no-break, thin, ideographic spaces and tabs)
//!    inside a paragraph becomes one ASCII space; a single line break is white space too;
//!    a blank line (or U+2029) separates paragraphs, written as exactly `"\n\n"`. Leading and
//!    trailing white space is dropped.
//! 4. Quotation marks and apostrophes are left exactly as written: `’` is both an apostrophe and
//!    a closing single quote, and the quotes stage needs « » „ “ ‹ › ‘ ’ as they are. Consumers
//!    that compare words treat `'`, `’` and `ʼ` alike (see [`crate::tokens`]).
//! 5. A soft hyphen (U+00AD) before a line break joins the two parts of the word.
//! 6. De-hyphenation at line ends. A word broken as `negoti-⏎ations` is joined when the next
//!    line starts with a lower-case letter, unless the hyphen belongs to the word. The hyphen is
//!    kept when (a) the text elsewhere writes the hyphenated form, or (b) it never writes the
//!    joined form and either part is a common compound element (`well-`, `-based`,
//!    `-year`, from `data/compound_parts.txt`) or the left part is an acronym (`US-⏎led`);
//!    (c) the next line starts with a capital (`pro-⏎Russian`). Otherwise the parts are joined.

use std::collections::HashSet;

use once_cell::sync::Lazy;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

static COMPOUND_PARTS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    include_str!("../data/compound_parts.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// NFC, clean white space, paragraphs separated by `"\n\n"`.
    pub text: String,
    /// Maps applied from the last to the first to go back to the original.
    maps: Vec<OffsetMap>,
}

impl Normalized {
    /// The byte offset in the original input that corresponds to byte `normalized_byte` of
    /// [`Normalized::text`]. Offsets inside a replaced piece (a collapsed space run, a
    /// recomposed character) map to the start of that piece; the end of the text maps to the end
    /// of the input.
    pub fn original_offset(&self, normalized_byte: usize) -> usize {
        self.maps.iter().rev().fold(normalized_byte, |offset, map| map.original(offset))
    }
}

/// One piece of output: where it starts in the output and in the input, and whether it was
/// copied unchanged (then offsets inside it map one to one).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    output: usize,
    input: usize,
    verbatim: bool,
}

/// A piecewise map from output offsets to input offsets.
#[derive(Debug, Clone, PartialEq)]
struct OffsetMap {
    pieces: Vec<Piece>,
    output_len: usize,
    input_len: usize,
}

impl OffsetMap {
    fn original(&self, offset: usize) -> usize {
        if offset >= self.output_len {
            return self.input_len;
        }
        let idx = self.pieces.partition_point(|p| p.output <= offset);
        match idx.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) if p.verbatim => (p.input + (offset - p.output)).min(self.input_len),
            Some(p) => p.input,
            None => 0,
        }
    }
}

/// Builds an output string and its [`OffsetMap`] at the same time.
struct Builder {
    text: String,
    pieces: Vec<Piece>,
}

impl Builder {
    fn with_capacity(n: usize) -> Self {
        Builder { text: String::with_capacity(n), pieces: Vec::new() }
    }

    /// Appends `s`, copied unchanged from input offset `input`.
    fn verbatim(&mut self, s: &str, input: usize) {
        let continues = self.pieces.last().is_some_and(|p| p.verbatim && p.input + (self.text.len() - p.output) == input);
        if !continues {
            self.pieces.push(Piece { output: self.text.len(), input, verbatim: true });
        }
        self.text.push_str(s);
    }

    /// Appends `s`, which replaces input starting at `input`.
    fn replaced(&mut self, s: &str, input: usize) {
        self.pieces.push(Piece { output: self.text.len(), input, verbatim: false });
        self.text.push_str(s);
    }

    /// Removes the output from byte `len` on.
    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        while self.pieces.last().is_some_and(|p| p.output >= len) {
            self.pieces.pop();
        }
    }

    fn finish(self, input_len: usize) -> (String, OffsetMap) {
        let output_len = self.text.len();
        (self.text, OffsetMap { pieces: self.pieces, output_len, input_len })
    }
}

/// Normalises raw article text (see the module documentation for the exact rules).
pub fn normalize(raw: &str) -> Normalized {
    let mut maps = Vec::new();
    let nfc_owned;
    let nfc: &str = if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        raw
    } else {
        let (text, map) = compose(raw);
        maps.push(map);
        nfc_owned = text;
        &nfc_owned
    };
    let (text, map) = clean(nfc);
    maps.push(map);
    Normalized { text, maps }
}

/// NFC per cluster of a starter and its combining marks.
fn compose(raw: &str) -> (String, OffsetMap) {
    let mut out = Builder::with_capacity(raw.len());
    let mut cluster_start = 0;
    let flush = |out: &mut Builder, start: usize, end: usize| {
        let cluster = &raw[start..end];
        if cluster.is_empty() {
            return;
        }
        let composed: String = cluster.nfc().collect();
        if composed == cluster {
            out.verbatim(cluster, start);
        } else {
            out.replaced(&composed, start);
        }
    };
    for (i, c) in raw.char_indices() {
        if canonical_combining_class(c) == 0 && i > cluster_start {
            flush(&mut out, cluster_start, i);
            cluster_start = i;
        }
    }
    flush(&mut out, cluster_start, raw.len());
    out.finish(raw.len())
}

enum CharKind {
    Invisible,
    Space,
    LineBreak,
    ParagraphBreak,
    Visible,
}

fn kind(c: char) -> CharKind {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => CharKind::LineBreak,
        '\u{2029}' => CharKind::ParagraphBreak,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{180E}' => {
            CharKind::Invisible
        }
        c if c.is_whitespace() => CharKind::Space,
        c if c.is_control() => CharKind::Invisible,
        _ => CharKind::Visible,
    }
}

/// White space, invisible characters and line-end hyphenation.
fn clean(input: &str) -> (String, OffsetMap) {
    let mut out = Builder::with_capacity(input.len());
    // Pending white space: where it began in the input and how many line breaks it holds.
    let mut gap_start: Option<usize> = None;
    let mut breaks = 0usize;
    let mut previous = '\0';
    // A soft hyphen right before the pending white space: the word was broken there.
    let mut soft_hyphen = false;
    for (i, c) in input.char_indices() {
        match kind(c) {
            CharKind::Invisible => {
                soft_hyphen = c == '\u{AD}' && gap_start.is_none();
                continue;
            }
            CharKind::Space => {
                gap_start.get_or_insert(i);
            }
            CharKind::LineBreak => {
                gap_start.get_or_insert(i);
                if !(c == '\n' && previous == '\r') {
                    breaks += 1;
                }
            }
            CharKind::ParagraphBreak => {
                gap_start.get_or_insert(i);
                breaks += 2;
            }
            CharKind::Visible => {
                if let Some(gap) = gap_start.take() {
                    if !out.text.is_empty() {
                        if breaks >= 2 {
                            out.replaced("\n\n", gap);
                        } else if breaks == 1 && soft_hyphen && c.is_alphabetic() {
                            // "negoti\u{AD}⏎ations": the writer marked the break; join.
                        } else if breaks == 1 && c.is_alphabetic() && ends_with_broken_word(&out.text) {
                            // A capital after the break keeps the hyphen ("pro-⏎Russian").
                            if c.is_lowercase() && join_hyphenated(input, &out.text, i) {
                                let hyphen_len = out.text.chars().next_back().map_or(0, char::len_utf8);
                                out.truncate(out.text.len() - hyphen_len);
                            }
                        } else {
                            out.replaced(" ", gap);
                        }
                    }
                    breaks = 0;
                }
                soft_hyphen = false;
                out.verbatim(c.encode_utf8(&mut [0; 4]), i);
            }
        }
        previous = c;
    }
    out.finish(input.len())
}

/// Whether the output ends with a letter followed by a hyphen (ASCII hyphen-minus or U+2010).
fn ends_with_broken_word(text: &str) -> bool {
    let mut chars = text.chars().rev();
    matches!(chars.next(), Some('-' | '‐')) && chars.next().is_some_and(char::is_alphabetic)
}

/// Decides a word broken at a line end: `true` to join the parts without the hyphen.
fn join_hyphenated(input: &str, output: &str, next_line: usize) -> bool {
    let hyphen_len = output.chars().next_back().map_or(0, char::len_utf8);
    let before = &output[..output.len() - hyphen_len];
    let left_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let left = &before[left_start..];
    let rest = &input[next_line..];
    let right = &rest[..rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len())];
    if left.is_empty() || right.is_empty() {
        return false;
    }
    let hyphenated = format!("{left}-{right}");
    if contains_word(input, &hyphenated) {
        return false;
    }
    let joined = format!("{left}{right}");
    if contains_word(input, &joined) {
        return true;
    }
    let left_lower = left.to_lowercase();
    let right_lower = right.to_lowercase();
    !(COMPOUND_PARTS.contains(left_lower.as_str()) || COMPOUND_PARTS.contains(right_lower.as_str()) || is_all_caps(left))
}

fn is_all_caps(word: &str) -> bool {
    word.chars().count() > 1 && word.chars().all(char::is_uppercase)
}

/// Whether `word` occurs in `text` as a whole word.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before_ok = text[..i].chars().next_back().is_none_or(|c| !c.is_alphabetic());
        let after_ok = text[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphabetic());
        before_ok && after_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_white_space_and_keeps_paragraphs() {
        let raw = "  Hello\u{00A0}\u{00A0}world \t again\r\n\r\n\r\nSecond\u{200B} para\u{2029}Third  ";
        let n = normalize(raw);
        assert_eq!(n.text, "Hello world again\n\nSecond para\n\nThird");
        let second = n.text.find("Second").unwrap();
        assert_eq!(&raw[n.original_offset(second)..n.original_offset(second) + 6], "Second");
        let para = n.text.find("para").unwrap();
        assert_eq!(&raw[n.original_offset(para)..n.original_offset(para) + 4], "para");
        assert_eq!(n.original_offset(n.text.len()), raw.len());
    }

    #[test]
    fn composes_to_nfc_and_maps_offsets() {
        let raw = "Cafe\u{301} and Ame\u{301}lie";
        let n = normalize(raw);
        assert_eq!(n.text, "Café and Amélie");
        let and = n.text.find("and").unwrap();
        assert_eq!(&raw[n.original_offset(and)..n.original_offset(and) + 3], "and");
        let e = n.text.find('é').unwrap();
        assert_eq!(n.original_offset(e), raw.find("e\u{301}").unwrap());
    }

    #[test]
    fn keeps_quotation_marks_and_apostrophes() {
        let raw = "«Oui», dit-il. „Ja“, ‹non›, ‘yes’ and it’s fine.";
        assert_eq!(normalize(raw).text, raw);
    }

    #[test]
    fn removes_hyphenation_only_for_broken_words() {
        assert_eq!(normalize("the negoti-\nations went on").text, "the negotiations went on");
        assert_eq!(normalize("a well-\nknown fact").text, "a well-known fact");
        assert_eq!(normalize("the pro-\nRussian side").text, "the pro-Russian side");
        assert_eq!(normalize("a state-\nowned firm").text, "a state-owned firm");
        assert_eq!(normalize("co-\noperation, and co-operation").text, "co-operation, and co-operation");
        assert_eq!(normalize("a hyphen - \nthen more").text, "a hyphen - then more");
        assert_eq!(normalize("the negoti\u{AD}\nations and soft\u{AD}ware").text, "the negotiations and software");
        let raw = "the negoti-\nations";
        let n = normalize(raw);
        let a = n.text.find("ations").unwrap();
        assert_eq!(&raw[n.original_offset(a)..n.original_offset(a) + 6], "ations");
    }

    #[test]
    fn maps_every_offset_of_any_slice_inside_the_input() {
        let tricky = "  Cafe\u{301}\u{A0}negoti-\nations,\r\n\r\n«well-\nknown»\u{200B} 北京\u{2029}e\u{301}\u{302}- \n";
        let bounds: Vec<usize> = tricky.char_indices().map(|(i, _)| i).chain([tricky.len()]).collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let raw = &tricky[a..b];
                let n = normalize(raw);
                let mut last = 0;
                for (i, _) in n.text.char_indices().chain([(n.text.len(), ' ')]) {
                    let o = n.original_offset(i);
                    assert!(o <= raw.len() && raw.is_char_boundary(o) && o >= last, "{raw:?} {i}");
                    last = o;
                }
            }
        }
    }

    #[test]
    fn handles_empty_and_odd_input() {
        assert_eq!(normalize("").text, "");
        assert_eq!(normalize(" \n\n \u{FEFF}").text, "");
        assert_eq!(normalize("\u{301}x").text, "\u{301}x");
        let n = normalize("a-\n");
        assert_eq!(n.text, "a-");
        assert_eq!(n.original_offset(100), 3);
    }
}
