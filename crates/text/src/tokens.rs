//! Word tokens with byte spans.
//!
//! Decisions, so that every consumer can rely on them:
//! - Words keep inner hyphens and apostrophes: `well-known`, `COVID-19`, `12-point`, `don't`,
//!   `O'Brien`, `aujourd'hui`, `l'État` are one token each. Contractions are not split into
//!   `do` + `n't`: the engine compares surface words across articles, and a split form exists
//!   in no article. Apostrophes `'`, `’` and `ʼ` all count as inner apostrophes.
//! - Numbers keep their separators and a following per-cent sign: `1,000.5`, `1.000.000`, `3.5`,
//!   `3%`. A currency sign is a token of its own (`$`, `350`).
//! - Abbreviations keep their period: `U.S.`, `e.g.`, `Mr.`, `Inc.` (lists in `data/abbreviations`).
//! - URLs and e-mail addresses are one token, without trailing punctuation.
//! - Every other punctuation mark or symbol is a token of its own, except runs of the same mark
//!   (`...`, `--`, `!!`), which stay together.
//! - Han, Hiragana and Katakana characters are one token each (no dictionary segmentation).

use model::Span;

use crate::sentences::is_known_abbreviation;

/// Splits text into word, number and punctuation tokens (byte spans).
pub fn tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        let end = if let Some(end) = url_or_email_end(text, pos) {
            end
        } else if is_ideograph(c) {
            pos + c.len_utf8()
        } else if c.is_alphanumeric() {
            word_end(text, pos)
        } else {
            // A run of the same mark.
            let mut end = pos + c.len_utf8();
            while text[end..].starts_with(c) {
                end += c.len_utf8();
            }
            end
        };
        out.push(Span::new(pos, end));
        pos = end;
    }
    out
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The end of the word, number or abbreviation that starts at `start`.
fn word_end(text: &str, start: usize) -> usize {
    if let Some(end) = dotted_acronym_end(text, start) {
        return end;
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let joins = |n: Option<char>| n.is_some_and(|n| n.is_alphanumeric() && !is_ideograph(n));
        let letter = c.is_alphanumeric() && !is_ideograph(c) || unicode_normalization::char::is_combining_mark(c);
        let inner_joiner = (c == '-' || c == '‐' || is_apostrophe(c)) && joins(next);
        let digit_separator = (c == '.' || c == ',') && next.is_some_and(|n| n.is_ascii_digit()) && text[start..start + i].ends_with(|p: char| p.is_ascii_digit());
        if letter || inner_joiner || digit_separator {
            end = start + i + c.len_utf8();
        } else if c == '%' && text[start..start + i].ends_with(|p: char| p.is_ascii_digit()) {
            end = start + i + c.len_utf8();
            break;
        } else {
            break;
        }
    }
    if text[end..].starts_with('.') && is_known_abbreviation(&text[start..end]) {
        end += 1;
    }
    end
}

/// Single letters each followed by a period, at least two: `U.S.`, `e.g.`, `a.m.`.
fn dotted_acronym_end(text: &str, start: usize) -> Option<usize> {
    let mut pos = start;
    let mut letters = 0;
    loop {
        let mut chars = text[pos..].chars();
        match (chars.next(), chars.next()) {
            (Some(l), Some('.')) if l.is_alphabetic() => {
                letters += 1;
                pos += l.len_utf8() + 1;
            }
            _ => break,
        }
    }
    let followed_by_letter = text[pos..].chars().next().is_some_and(char::is_alphanumeric);
    (letters >= 2 && !followed_by_letter).then_some(pos)
}

/// A URL (`https://…`, `www.…`) or e-mail address starting at `start`, without trailing marks.
fn url_or_email_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let token_len = rest.find(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | '<' | '>')).unwrap_or(rest.len());
    let token = &rest[..token_len];
    let lower_prefix = token.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let is_url = lower_prefix.starts_with("http://") || lower_prefix.starts_with("https://") || lower_prefix.starts_with("www.");
    let is_email = token.find('@').is_some_and(|at| {
        at > 0 && token[..at].chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')) && token[at + 1..].contains('.')
    });
    if !(is_url || is_email) {
        return None;
    }
    let trimmed = token.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '’']);
    Some(start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            toks("The U.S. sent 1,000.5 tons, up 3% (don't ask)..."),
            vec!["The", "U.S.", "sent", "1,000.5", "tons", ",", "up", "3%", "(", "don't", "ask", ")", "..."]
        );
        assert_eq!(toks("Mr. O’Brien's well-known 12-point plan cost $350 million."), vec!["Mr.", "O’Brien's", "well-known", "12-point", "plan", "cost", "$", "350", "million", "."]);
        assert_eq!(toks("e.g. 1.000.000 COVID-19"), vec!["e.g.", "1.000.000", "COVID-19"]);
    }

    #[test]
    fn never_panics_on_any_slice_of_tricky_text() {
        let tricky = "U.S.-led 1,000.5% e.g. O’Brien's x@y.z https://a.b/c. 北京—«ok» n't 3. .5 $";
        let bounds: Vec<usize> = tricky.char_indices().map(|(i, _)| i).chain([tricky.len()]).collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let text = &tricky[a..b];
                for s in tokens(text) {
                    assert!(s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn keeps_urls_emails_and_splits_ideographs() {
        assert_eq!(toks("See https://x.org/a?b=1. Mail me@x.org, ok"), vec!["See", "https://x.org/a?b=1", ".", "Mail", "me@x.org", ",", "ok"]);
        assert_eq!(toks("北京欢迎你。"), vec!["北", "京", "欢", "迎", "你", "。"]);
        assert_eq!(toks("«Привет», — сказал он."), vec!["«", "Привет", "»", ",", "—", "сказал", "он", "."]);
        assert!(toks("").is_empty());
    }
}
