//! Rule-based sentence segmentation for news text in many languages.
//!
//! One pass over the characters: every sentence-final mark (`.`, `!`, `?`, `…`, `。`, `؟`, `।`…)
//! is a candidate, together with the closing quotes and brackets that follow it; line breaks are
//! candidates too. Each candidate is accepted or rejected from its neighbourhood only — the word
//! before it (abbreviation, initial, number, URL) and the first letter after it (case, digit,
//! comma) — so the cost is linear and small.

use std::collections::HashMap;

use model::Span;
use once_cell::sync::Lazy;

/// How an abbreviation behaves before a period (see `data/abbreviations/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AbbrevClass {
    /// May end a sentence: boundary only before a common sentence opener.
    Any,
    /// Precedes a number: boundary unless a digit follows.
    Number,
    /// Precedes a name: never a boundary.
    Title,
    /// Inside a sentence: never a boundary.
    Inner,
}

const ABBREVIATION_FILES: &[&str] = &[
    include_str!("../data/abbreviations/en.txt"),
    include_str!("../data/abbreviations/de.txt"),
    include_str!("../data/abbreviations/fr.txt"),
    include_str!("../data/abbreviations/es.txt"),
    include_str!("../data/abbreviations/ru.txt"),
    include_str!("../data/abbreviations/pl.txt"),
    include_str!("../data/abbreviations/it.txt"),
];

const STARTER_FILES: &[&str] = &[
    include_str!("../data/starters/en.txt"),
    include_str!("../data/starters/de.txt"),
    include_str!("../data/starters/fr.txt"),
    include_str!("../data/starters/es.txt"),
    include_str!("../data/starters/ru.txt"),
    include_str!("../data/starters/pl.txt"),
    include_str!("../data/starters/it.txt"),
];

static ABBREVIATIONS: Lazy<HashMap<String, AbbrevClass>> = Lazy::new(|| {
    let mut map: HashMap<String, AbbrevClass> = HashMap::new();
    for file in ABBREVIATION_FILES {
        let mut class = AbbrevClass::Any;
        for line in file.lines().map(str::trim) {
            match line {
                "" => {}
                l if l.starts_with('#') => {}
                "[any]" => class = AbbrevClass::Any,
                "[number]" => class = AbbrevClass::Number,
                "[title]" => class = AbbrevClass::Title,
                "[inner]" => class = AbbrevClass::Inner,
                word => {
                    let entry = map.entry(word.to_lowercase()).or_insert(class);
                    *entry = (*entry).max(class);
                }
            }
        }
    }
    map
});

static MONTHS: Lazy<std::collections::HashSet<String>> = Lazy::new(|| {
    include_str!("../data/months.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

static STARTERS: Lazy<std::collections::HashSet<String>> = Lazy::new(|| {
    STARTER_FILES
        .iter()
        .flat_map(|f| f.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// Splits text into sentences: byte spans, trimmed of surrounding whitespace.
///
/// Handles abbreviations and initials (`Mr.`, `U.S.`, `J. K. Rowling`), decimals, ellipses,
/// quotes closing a sentence (`."`, `!»`), attributions after a quote (`," he said`, `?" she
/// asked`), sentences glued without a space (`meeting.In a statement`), URLs and e-mail
/// addresses, CJK, Arabic and Devanagari marks. A blank line always ends a sentence; a single
/// line break does too unless the next line continues the sentence (starts in lower case) or the
/// line ends with `,`, `;`, `:` or a hyphen.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    // Straight double quotes seen in the paragraph so far, counted lazily up to `counted_to`.
    let mut quotes_before = 0usize;
    let mut counted_to = 0usize;
    while pos < text.len() {
        let Some(ch) = text[pos..].chars().next() else { break };
        let after = pos + ch.len_utf8();
        if ch == '\n' || ch == '\r' || ch == '\u{2029}' || ch == '\u{2028}' {
            let run_end = skip_whitespace(text, pos);
            if line_break_is_boundary(text, start, pos, run_end) {
                push_trimmed(text, start, pos, &mut out);
                start = run_end;
            }
            if text[pos..run_end].matches(['\n', '\r', '\u{2029}']).count() >= 2 {
                quotes_before = 0;
                counted_to = run_end;
            }
            pos = run_end;
            continue;
        }
        if is_terminal(ch) {
            // The whole run of marks ("?!", "...", "。」") and the closers after it.
            let mut end = after;
            while let Some(c) = text[end..].chars().next() {
                if is_terminal(c) {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            let marks_end = end;
            while let Some(c) = text[end..].chars().next() {
                // A straight double quote glued to the next word, after an even number of them
                // in the paragraph, opens the next sentence (`found."Pregnant`) rather than
                // closing this one.
                let followed_by_word = text[end + c.len_utf8()..].chars().next().is_some_and(|n| n.is_alphanumeric());
                if c == '"' && followed_by_word {
                    quotes_before += text[counted_to..end].bytes().filter(|&b| b == b'"').count();
                    counted_to = end;
                    if quotes_before.is_multiple_of(2) {
                        break;
                    }
                }
                if is_closer(c) {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            if is_boundary(text, start, pos, marks_end, end) {
                push_trimmed(text, start, end, &mut out);
                start = end;
            }
            pos = end;
            continue;
        }
        pos = after;
        // Plain ASCII runs are skipped quickly.
        while pos < bytes.len() && bytes[pos].is_ascii() && !matches!(bytes[pos], b'.' | b'!' | b'?' | b'\n' | b'\r') {
            pos += 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Sentence-final marks.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡' | '؟' | '۔' | '।' | '॥' | '።' | '፧' | '჻'
    )
}

/// Marks that close a quote or bracket and stay with the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | '“' | ')' | ']' | '}' | '」' | '』' | '）' | '】' | '〉' | '》' | '〕'
    )
}

/// Marks that open a quote or bracket, or introduce a Spanish question or exclamation.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '‚' | '«' | '‹' | '»' | '(' | '[' | '{' | '¿' | '¡' | '「' | '『' | '（' | '【' | '《' | '—' | '–' | '-' | '*' | '•'
    )
}

/// Marks after which the text is a full stop no matter what follows (no case in these scripts).
fn is_unconditional(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '।' | '॥' | '።' | '፧')
}

fn skip_whitespace(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text[pos..].chars().next() {
        if c.is_whitespace() {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// Decides a line-break run starting at `pos` and ending at `run_end`.
fn line_break_is_boundary(text: &str, start: usize, pos: usize, run_end: usize) -> bool {
    let run = &text[pos..run_end];
    let breaks = run.matches('\n').count().max(run.matches('\r').count());
    if breaks >= 2 || run.contains('\u{2029}') || run_end >= text.len() {
        return true;
    }
    let before = text[start..pos].trim_end();
    if before.is_empty() {
        return false;
    }
    if before.ends_with([',', ';', ':', '-', '‐', '(', '&']) {
        return false;
    }
    match first_letter_after(text, run_end) {
        Some(c) => !c.is_lowercase(),
        None => true,
    }
}

/// The first alphanumeric character at or after `pos`, skipping whitespace and opening marks.
fn first_letter_after(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().find(|c| !c.is_whitespace() && !is_opener(*c))
}

/// The word that follows `pos` (after whitespace and opening marks), up to the next non-letter.
fn next_word(text: &str, pos: usize) -> &str {
    let rest = &text[pos..];
    let begin = rest.find(|c: char| !c.is_whitespace() && !is_opener(c)).unwrap_or(rest.len());
    let rest = &rest[begin..];
    let len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    &rest[..len]
}

/// The non-space token that ends at `pos` (the terminal mark itself excluded), without the
/// opening marks at its front.
fn previous_token(text: &str, start: usize, pos: usize) -> &str {
    let before = &text[start..pos];
    let begin = before.rfind(char::is_whitespace).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    before[begin..].trim_start_matches(is_opener)
}

fn is_starter(word: &str) -> bool {
    !word.is_empty() && STARTERS.contains(&word.to_lowercase())
}

/// Whether `word` looks like the start of a sentence that lacks a space before it: a capitalised
/// word ("In"), an all-caps word of two letters or more, or a word in a script without case.
fn looks_like_glued_start(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    if !first.is_alphabetic() {
        return false;
    }
    if first.is_uppercase() {
        // "In", "NASA"; a lone capital only when it is a word of its own ("A", "I").
        return chars.next().is_some_and(|c| c.is_alphabetic()) || is_starter(word);
    }
    !first.is_lowercase() && word.chars().count() >= 2
}

/// Decides the candidate whose marks are `pos..marks_end`, closers included up to `end`.
fn is_boundary(text: &str, start: usize, pos: usize, marks_end: usize, end: usize) -> bool {
    let marks = &text[pos..marks_end];
    let Some(first_mark) = marks.chars().next() else { return false };
    if marks.chars().any(is_unconditional) {
        return true;
    }
    let rest = &text[end..];
    let Some(next) = rest.chars().next() else { return true };
    let token = previous_token(text, start, pos);
    let spaced = next.is_whitespace();

    if !spaced {
        return glued_boundary(text, pos, end, first_mark, token);
    }
    let Some(next_char) = first_letter_after(text, end) else { return true };
    // An attribution or continuation follows: `?" he asked`, `... and then`.
    if next_char.is_lowercase() && !is_camel_brand(next_word(text, end)) {
        return false;
    }
    if matches!(next_char, ',' | ';' | ':' | ')' | ']' | '}' | '%') {
        return false;
    }
    if first_mark != '.' || marks_end - pos > 1 {
        return true;
    }
    period_boundary(text, start, pos, end, token)
}

/// A period followed by white space and a word that is not in lower case.
fn period_boundary(text: &str, start: usize, pos: usize, end: usize, token: &str) -> bool {
    let next = next_word(text, end);
    let next_is_digit = first_letter_after(text, end).is_some_and(|c| c.is_ascii_digit());
    if token.is_empty() {
        return true;
    }
    // A day written as an ordinal: "am 3. Oktober".
    if token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit()) && MONTHS.contains(&next.to_lowercase()) {
        return false;
    }
    // List numbering at the start of a sentence: "1. The first point".
    if token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit()) && text[start..pos].trim() == token {
        return false;
    }
    match abbreviation_class(token) {
        Some(AbbrevClass::Inner) | Some(AbbrevClass::Title) => return false,
        Some(AbbrevClass::Number) => return !next_is_digit,
        Some(AbbrevClass::Any) => return is_starter(next),
        None => {}
    }
    // Initials: "J. K. Rowling", "George W. Bush".
    let mut chars = token.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return is_starter(next) && !next.chars().next().is_some_and(|n| n.is_uppercase() && next.chars().count() == 1);
        }
    }
    // Acronyms with inner periods ("N.V", "U.S.A") behave like abbreviations that may end a sentence.
    if is_dotted_acronym(token) {
        return is_starter(next);
    }
    true
}

/// A terminal mark with no white space after it (`meeting.In`, `said."The`, `3.5`, `U.S.-led`).
fn glued_boundary(text: &str, pos: usize, end: usize, first_mark: char, token: &str) -> bool {
    let next = next_word(text, end);
    let after_closers = end > pos + first_mark.len_utf8();
    let Some(next_char) = text[end..].chars().next() else { return true };
    if !(next_char.is_alphabetic() || is_opener(next_char) && !matches!(next_char, '-' | '–' | '—')) {
        return false;
    }
    if !looks_like_glued_start(next) {
        return false;
    }
    // URLs, e-mail addresses and domain names keep their periods.
    let whole_token_end = text[end..].find(char::is_whitespace).map_or(text.len(), |i| end + i);
    let whole = &text[pos.saturating_sub(token.len())..whole_token_end];
    if whole.contains("://") || whole.contains('@') || whole.starts_with("www.") {
        return false;
    }
    if first_mark != '.' || after_closers {
        return true;
    }
    // A quote or bracket closed just before the period: `"support movement".American`.
    let token = token.trim_end_matches(is_closer);
    if token.is_empty() {
        return false;
    }
    match abbreviation_class(token) {
        Some(AbbrevClass::Inner) | Some(AbbrevClass::Title) => return false,
        Some(AbbrevClass::Any) | Some(AbbrevClass::Number) => return is_starter(next),
        None => {}
    }
    if is_dotted_acronym(token) {
        return is_starter(next);
    }
    // The word before must be a real word or number: at least two characters, ending in a
    // lower-case letter or digit ("meeting.In", "2015.The"), not an initial ("J.K"). An
    // all-caps word ("IE.Its") only before a common sentence opener.
    let last = token.chars().last();
    if token.chars().count() < 2 && !token.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if last.is_some_and(char::is_uppercase) {
        return is_starter(next);
    }
    last.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c.is_alphabetic())
}

/// "iPhone", "eBay": lower-case first letter, then a capital.
fn is_camel_brand(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_lowercase) && chars.next().is_some_and(char::is_uppercase)
}

/// Single letters joined by periods: "U.S", "N.V", "a.m", "Ph.D" is in the lists.
fn is_dotted_acronym(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Whether `word` (without its period) is in the abbreviation lists or is a dotted acronym.
pub(crate) fn is_known_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains_key(&word.to_lowercase()) || is_dotted_acronym(word)
}

fn abbreviation_class(token: &str) -> Option<AbbrevClass> {
    let lower = token.to_lowercase();
    if let Some(class) = ABBREVIATIONS.get(&lower) {
        return Some(*class);
    }
    // "Lt.-Gen", "(Mr" : try the part after the last hyphen or slash.
    let tail = lower.rsplit(['-', '/', '(']).next().unwrap_or(&lower);
    if tail != lower {
        return ABBREVIATIONS.get(tail).copied();
    }
    None
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let trimmed_start = piece.trim_start();
    let lead = piece.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end();
    if !trimmed.is_empty() {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_plain_sentences_and_keeps_abbreviations() {
        assert_eq!(
            split("Mr. Smith met Gen. Milley and Sen. Warren on Jan. 5. They spoke. Dr. Who left."),
            vec!["Mr. Smith met Gen. Milley and Sen. Warren on Jan. 5.", "They spoke.", "Dr. Who left."]
        );
        assert_eq!(split("He works for Apple Inc. The company grew."), vec!["He works for Apple Inc.", "The company grew."]);
        assert_eq!(split("The U.S. Senate voted. It passed."), vec!["The U.S. Senate voted.", "It passed."]);
        assert_eq!(split("Troops left the U.S. The war ended."), vec!["Troops left the U.S.", "The war ended."]);
        assert_eq!(split("Fruit, e.g. Apples, i.e. Food. Art. 5 applies. See No. 10."), vec!["Fruit, e.g. Apples, i.e. Food.", "Art. 5 applies.", "See No. 10."]);
    }

    #[test]
    fn keeps_initials_numbers_and_ellipses() {
        assert_eq!(split("J. K. Rowling met George W. Bush. Fine."), vec!["J. K. Rowling met George W. Bush.", "Fine."]);
        assert_eq!(split("Growth was 3.5 percent, or 1.000.000 units. Next."), vec!["Growth was 3.5 percent, or 1.000.000 units.", "Next."]);
        assert_eq!(split("Wait... what happened? Nothing… Then it rained."), vec!["Wait... what happened?", "Nothing…", "Then it rained."]);
    }

    #[test]
    fn handles_quotes_around_boundaries() {
        assert_eq!(split("\"We won,\" he said. \"It was hard.\" Then he left."), vec!["\"We won,\" he said.", "\"It was hard.\"", "Then he left."]);
        assert_eq!(split("“Why?” she asked. «C'est fini!» Il part."), vec!["“Why?” she asked.", "«C'est fini!»", "Il part."]);
        assert_eq!(split("„Wir kommen.“ Er ging."), vec!["„Wir kommen.“", "Er ging."]);
        assert_eq!(split("He said: \"Go.\"The crowd left."), vec!["He said: \"Go.\"", "The crowd left."]);
    }

    #[test]
    fn splits_glued_sentences_but_not_urls_or_abbreviations() {
        assert_eq!(split("after the meeting.In a statement on Monday"), vec!["after the meeting.", "In a statement on Monday"]);
        assert_eq!(split("sold in 2015.The firm"), vec!["sold in 2015.", "The firm"]);
        assert_eq!(split("Fruit, e.g.It works."), vec!["Fruit, e.g.It works."]);
        assert_eq!(split("See https://example.com/News.Html and mail a.b@Example.Org now."), vec!["See https://example.com/News.Html and mail a.b@Example.Org now."]);
        assert_eq!(split("Visit www.Example.com today. Fine."), vec!["Visit www.Example.com today.", "Fine."]);
        assert_eq!(split("the U.S.-led coalition"), vec!["the U.S.-led coalition"]);
        assert_eq!(split("in the U.S.In a statement"), vec!["in the U.S.", "In a statement"]);
    }

    #[test]
    fn treats_line_breaks_and_headlines() {
        assert_eq!(split("Big Headline Here\n\nFirst para. Second.\n\nThird"), vec!["Big Headline Here", "First para.", "Second.", "Third"]);
        assert_eq!(split("Headline Without Period\nBody starts here."), vec!["Headline Without Period", "Body starts here."]);
        assert_eq!(split("a sentence wrapped\nacross lines."), vec!["a sentence wrapped\nacross lines."]);
    }

    #[test]
    fn handles_other_scripts() {
        assert_eq!(split("今天下雨。明天晴天！真的吗？是的"), vec!["今天下雨。", "明天晴天！", "真的吗？", "是的"]);
        assert_eq!(split("هل أنت هنا؟ نعم."), vec!["هل أنت هنا؟", "نعم."]);
        assert_eq!(split("Hola. ¿Qué tal? ¡Bien!"), vec!["Hola.", "¿Qué tal?", "¡Bien!"]);
        assert_eq!(split("Sie demonstrierten am 3. Oktober in Berlin. Dann gingen sie."), vec!["Sie demonstrierten am 3. Oktober in Berlin.", "Dann gingen sie."]);
        assert_eq!(split("Президент заявил об этом в 2015 г. В Москве прошла встреча."), vec!["Президент заявил об этом в 2015 г.", "В Москве прошла встреча."]);
    }

    #[test]
    fn never_panics_on_any_slice_of_tricky_text() {
        let tricky = "«Oui.»“No?” he said.\"Él dijo.\"¿Qué? 今天。U.S.In e.g.It 3.5% —\n\nx…\u{2029}\"";
        let bounds: Vec<usize> = tricky.char_indices().map(|(i, _)| i).chain([tricky.len()]).collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let text = &tricky[a..b];
                for s in sentences(text) {
                    assert!(s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in ["", ".", "...", "\n\n", "a.", ".a", "é.É", "“.”", "1.", "\u{2029}x", "x\r\ny", "?!?!", "U.S.", "e.g."] {
            let spans = sentences(text);
            for s in spans {
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
}
