//! A small tokenizer: words and single punctuation characters, with byte spans.

use model::Span;

/// Abbreviations that keep their final period ("Mr. Trump" is one phrase, not two sentences).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st", "jr", "sr", "prof", "rev", "pres",
    "hon", "capt", "maj", "adm", "cmdr", "supt", "insp", "mt", "ft", "no", "vs", "inc", "corp", "co", "ltd", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mme", "mlle", "hr", "fr",
];

/// Abbreviations of US states that keep their final period when capitalized ("Marietta, Ga.",
/// "Sen. Marco Rubio (R-Fla.)"): a lowercase "ill." or "mass." still ends a sentence.
const STATE_ABBREVIATIONS: &[&str] = &[
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "penn", "tenn", "tex", "va", "vt",
    "wash", "wis", "wyo",
];

/// One token.
#[derive(Debug, Clone)]
pub struct Token {
    pub span: Span,
    /// A word (letters/digits, with inner apostrophes, hyphens and abbreviation periods).
    pub word: bool,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Lowercase form, without a final abbreviation period.
    pub lower: String,
    /// A blank line (paragraph break) comes right before it.
    pub para_start: bool,
}

impl Token {
    /// Whether this is the punctuation character `c`.
    pub fn is(&self, c: char) -> bool {
        !self.word && self.lower.starts_with(c) && self.lower.chars().count() == 1
    }
    /// Whether it ends a sentence ('.', '!', '?', ';').
    pub fn ends_sentence(&self) -> bool {
        !self.word && matches!(self.lower.as_str(), "." | "!" | "?" | ";" | "…")
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Whether the comma at `j` groups the digits of a number ("1,000", "2,500,000"): a digit
/// before it, exactly three after it.
fn is_thousands_separator(chars: &[(usize, char)], j: usize) -> bool {
    let digit = |k: usize| chars.get(k).is_some_and(|x| x.1.is_ascii_digit());
    chars[j].1 == ',' && j > 0 && digit(j - 1) && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4)
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<Token> = Vec::with_capacity(chars.len() / 4);
    let mut i = 0;
    let mut newlines_before = 0usize;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                newlines_before += 1;
            }
            i += 1;
            continue;
        }
        let para_start = newlines_before >= 2 || out.is_empty();
        newlines_before = 0;
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                if cj.is_alphanumeric() || cj == '\u{0301}' {
                    j += 1;
                } else if is_inner_joiner(cj) && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric()) {
                    j += 2;
                } else if is_thousands_separator(&chars, j) {
                    // "108,000 residents" is one number: its comma opens no clause.
                    j += 4;
                } else {
                    break;
                }
            }
            let mut end = chars.get(j).map_or(text.len(), |x| x.0);
            let mut lower = text[start..end].to_lowercase();
            // Keep the period of a known abbreviation, of an initial ("John F. Kennedy") and of "U.S.".
            if chars.get(j).is_some_and(|x| x.1 == '.') {
                let single_initial = j == i + 1 && c.is_uppercase();
                let state = c.is_uppercase() && STATE_ABBREVIATIONS.contains(&lower.rsplit('-').next().unwrap_or(""));
                if single_initial || state || lower.contains('.') || ABBREVIATIONS.contains(&lower.as_str()) {
                    end += 1;
                    j += 1;
                }
            }
            let cap = c.is_uppercase();
            lower = lower.trim_end_matches('.').to_string();
            out.push(Token { span: Span::new(start, end), word: true, cap, lower, para_start });
            i = j;
        } else {
            let end = chars.get(i + 1).map_or(text.len(), |x| x.0);
            out.push(Token { span: Span::new(start, end), word: false, cap: false, lower: c.to_string(), para_start });
            i += 1;
        }
    }
    out
}

/// Index of the first token starting at or after byte `pos`.
pub fn first_at_or_after(tokens: &[Token], pos: usize) -> usize {
    tokens.partition_point(|t| t.span.start < pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_abbreviations_and_contractions_whole() {
        let text = "Mr. O’Brien didn't go to the U.S. Senate.\n\nNext";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(words, vec!["Mr.", "O’Brien", "didn't", "go", "to", "the", "U.S.", "Senate", ".", "Next"]);
        assert!(toks[9].para_start);
        assert!(!toks[8].para_start);
    }

    #[test]
    fn numbers_keep_their_thousands_separators() {
        let text = "Boasting 108,000 residents, 2,500,000 votes and 12,34 or 1,2345 items, in 2015,";
        let words: Vec<&str> = tokenize(text).iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert!(words.contains(&"108,000") && words.contains(&"2,500,000"));
        assert!(words.contains(&"12") && words.contains(&"34") && words.contains(&"2345"));
        assert_eq!(words[words.len() - 2..], ["2015", ","]);
    }

    #[test]
    fn capitalized_state_abbreviations_keep_their_period() {
        let text = "Sen. Marco Rubio (R-Fla.) and a voter in Marietta, Ga., said no. It was ill.";
        let words: Vec<&str> = tokenize(text).iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert!(words.contains(&"R-Fla.") && words.contains(&"Ga."));
        assert_eq!(words[words.len() - 2..], ["ill", "."]);
    }
}
