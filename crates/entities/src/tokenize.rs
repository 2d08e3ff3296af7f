//! The tokenizer the tagger was trained with: byte spans, punctuation peeled off word
//! edges, abbreviations ("U.S.", "Mr.") kept whole and possessive "'s" split off, so
//! that a name never carries its possessive.

use model::Span;

/// One token: a byte span into the text and the token's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte span into the text that was tokenized.
    pub span: Span,
    /// The token as written.
    pub text: &'a str,
}

/// Words whose trailing period belongs to the word (titles, company suffixes, months).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "cpl",
    "maj", "adm", "cmdr", "rev", "hon", "pres", "supt", "insp", "inc", "corp", "ltd", "co", "bros", "plc", "llc", "no",
    "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave", "blvd",
    "dept", "univ", "assn", "est", "approx", "fig", "vol", "pp", "ph.d", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m",
    "p.m",
];

fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | ':' | '!' | '?' | '.' | '“' | '”' | '‘' | '’'
            | '«' | '»' | '„' | '‚' | '‹' | '›' | '…' | '*' | '|' | '<' | '>' | '¿' | '¡' | '`'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '…')
}

/// Whether `word` (without its final period) keeps the period: known abbreviations,
/// single letters ("J. Smith") and dotted initialisms ("U.S", "N.A.T.O").
fn keeps_period(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next();
    if chars.next().is_none() {
        return first.is_some_and(|c| c.is_alphabetic());
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(|c| c.is_alphabetic())) {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Tokenizes `text[span]`; spans are byte offsets into `text`.
pub fn tokenize_span<'a>(text: &'a str, span: Span, out: &mut Vec<Token<'a>>) {
    let Some(piece) = text.get(span.start..span.end) else { return };
    let mut chunk_start: Option<usize> = None;
    for (i, c) in piece.char_indices() {
        let split_here = c.is_whitespace() || is_dash(c);
        if split_here {
            if let Some(s) = chunk_start.take() {
                push_chunk(text, span.start + s, span.start + i, out);
            }
            if is_dash(c) {
                let b = span.start + i;
                push(text, b, b + c.len_utf8(), out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        push_chunk(text, span.start + s, span.end, out);
    }
}

/// Tokenizes the whole text.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    tokenize_span(text, Span::new(0, text.len()), &mut out);
    out
}

fn push<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    if let Some(t) = text.get(start..end) {
        if !t.is_empty() {
            out.push(Token { span: Span::new(start, end), text: t });
        }
    }
}

/// Splits one whitespace-free chunk into tokens.
fn push_chunk<'a>(text: &'a str, mut start: usize, mut end: usize, out: &mut Vec<Token<'a>>) {
    // A possessive written apart ("Trump 's", as in pre-tokenized sources) stays one token.
    if text.get(start..end).is_some_and(|w| matches!(w, "'s" | "’s" | "'S" | "’S")) {
        push(text, start, end, out);
        return;
    }
    // Leading punctuation, one token per character.
    while start < end {
        let Some(c) = text.get(start..end).and_then(|s| s.chars().next()) else { return };
        if is_edge_punct(c) {
            push(text, start, start + c.len_utf8(), out);
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation and possessives, collected right to left.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    while start < end {
        let Some(word) = text.get(start..end) else { break };
        // A possessive in either case ('s, 'S, ’s, ’S) after at least one character; no
        // other character lower-cases to an s, so this is the lower-cased word's ending.
        let possessive = ["'s", "'S", "’s", "’S"].iter().any(|suffix| word.len() > suffix.len() && word.ends_with(suffix));
        if possessive {
            let cut = word.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
            tail.push((start + cut, end));
            end = start + cut;
            continue;
        }
        let Some(c) = word.chars().next_back() else { break };
        if !is_edge_punct(c) {
            break;
        }
        let body = &word[..word.len() - c.len_utf8()];
        if c == '.' && keeps_period(body) {
            break;
        }
        tail.push((end - c.len_utf8(), end));
        end -= c.len_utf8();
    }
    push(text, start, end, out);
    for (s, e) in tail.into_iter().rev() {
        push(text, s, e, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_punctuation_and_possessives() {
        assert_eq!(
            words("NATO's chief, Mr. Stoltenberg (69), said: \"U.S. troops—not ours.\""),
            vec![
                "NATO", "'s", "chief", ",", "Mr.", "Stoltenberg", "(", "69", ")", ",", "said", ":", "\"", "U.S.", "troops",
                "—", "not", "ours", ".", "\""
            ]
        );
        assert_eq!(words("Merkel’s «plan»"), vec!["Merkel", "’s", "«", "plan", "»"]);
        assert_eq!(words("Trump 's"), vec!["Trump", "'s"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", " ", "'s", "...", "é.", "’’’", "a'S", "—", "\u{200b}x."] {
            let toks = tokenize(s);
            for t in toks {
                assert!(s.get(t.span.start..t.span.end).is_some());
            }
        }
    }
}
