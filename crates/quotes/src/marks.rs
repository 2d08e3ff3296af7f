//! Finds quoted stretches: every quotation style, nesting, apostrophes, and quotes that run
//! over several paragraphs (each new paragraph reopens with a mark, the previous one stays open).

use model::Span;

/// A top-level quoted stretch of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quoted {
    /// The quoted text of each paragraph, marks excluded and whitespace trimmed.
    pub pieces: Vec<Span>,
    /// Byte offset of the first opening mark.
    pub open: usize,
    /// Byte offset just after the last closing mark.
    pub close_end: usize,
}

impl Quoted {
    /// From the first to the last quoted byte.
    pub fn inner(&self) -> Span {
        let start = self.pieces.first().map_or(self.open, |p| p.start);
        let end = self.pieces.last().map_or(self.close_end, |p| p.end);
        Span::new(start, end.max(start))
    }
    /// The quoted words, pieces joined with a space.
    pub fn text(&self, text: &str) -> String {
        let parts: Vec<&str> = self.pieces.iter().filter_map(|p| text.get(p.start..p.end)).collect();
        parts.join(" ")
    }
}

/// Which closing characters end a quote opened by a given mark.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// “…” (also Swedish ”…”).
    CurlyDouble,
    /// „…“ or „…”.
    LowDouble,
    /// «…» and »…« (reversed).
    Guillemet { reversed: bool },
    /// ‹…› and ›…‹.
    SingleGuillemet { reversed: bool },
    /// ‘…’.
    CurlySingle,
    /// ‚…‘ or ‚…’.
    LowSingle,
    /// "…".
    StraightDouble,
    /// '…'.
    StraightSingle,
    /// 「…」 and 『…』.
    Corner { white: bool },
    /// ''…'' (two apostrophes standing for a double mark).
    DoubledApostrophe,
}

impl Style {
    fn closes_with(self, c: char) -> bool {
        match self {
            // Mixed marks ("…” or “…") are common in copy-edited wire text.
            Style::CurlyDouble => c == '”' || c == '"',
            Style::LowDouble => c == '“' || c == '”',
            Style::Guillemet { reversed } => c == if reversed { '«' } else { '»' },
            Style::SingleGuillemet { reversed } => c == if reversed { '‹' } else { '›' },
            Style::CurlySingle => c == '’',
            Style::LowSingle => c == '‘' || c == '’',
            Style::StraightDouble => c == '"' || c == '”',
            Style::StraightSingle => c == '\'',
            Style::Corner { white } => c == if white { '』' } else { '」' },
            Style::DoubledApostrophe => false,
        }
    }
    /// Whether `c` opens a quote of the same style (to continue a quote into the next paragraph).
    fn reopens_with(self, c: char) -> bool {
        match self {
            Style::CurlyDouble => c == '“' || c == '”',
            Style::LowDouble => c == '„',
            Style::Guillemet { reversed } => c == if reversed { '»' } else { '«' },
            Style::SingleGuillemet { reversed } => c == if reversed { '›' } else { '‹' },
            Style::CurlySingle => c == '‘',
            Style::LowSingle => c == '‚',
            Style::StraightDouble => c == '"',
            Style::StraightSingle => c == '\'',
            Style::Corner { white } => c == if white { '『' } else { '「' },
            Style::DoubledApostrophe => c == '\'',
        }
    }
}

/// How many quotes may be open at once (nested); further opening marks are ignored.
const MAX_OPEN: usize = 8;

struct Open {
    style: Style,
    /// Byte offset of the opening mark.
    mark: usize,
    /// Start of the current piece (after the mark).
    piece_start: usize,
    /// Pieces of earlier paragraphs of the same quote.
    earlier: Vec<Span>,
}

/// Words that start with an apostrophe in English ("'90s", "'em", "'til", "'cause", "'n'").
fn is_elision(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return word.len() <= 3 && word.chars().take(2).all(|c| c.is_ascii_digit());
    }
    matches!(word.as_str(), "em" | "til" | "cause" | "n" | "tis" | "twas" | "bout" | "round" | "nuff" | "s")
}

fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '/' | '“' | '‘' | '«' | '„' | '‚' | '"' | '\'' | '‹' | '»' | '”'),
    }
}

fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let Some(piece) = text.get(start..end) else { return Span::new(start, start) };
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return Span::new(start, start);
    }
    Span::new(start + lead, end - trail)
}

/// Every top-level quoted stretch of `text`, in order.
pub fn find_quoted(text: &str) -> Vec<Quoted> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut closed: Vec<Quoted> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|x| x.1);
        let after = pos + c.len_utf8();
        if c == '\n' {
            // A blank line ends a paragraph: open quotes continue only if the next paragraph reopens them.
            let mut j = i + 1;
            let mut blank = false;
            while j < chars.len() && chars[j].1.is_whitespace() {
                if chars[j].1 == '\n' {
                    blank = true;
                }
                j += 1;
            }
            if blank && !stack.is_empty() {
                let reopen = chars.get(j).map(|x| x.1);
                let bottom_style = stack[0].style;
                // A doubled apostrophe reopens with two of them.
                let mark_chars = if bottom_style == Style::DoubledApostrophe { 2 } else { 1 };
                let reopens = reopen.is_some_and(|rc| bottom_style.reopens_with(rc))
                    && (mark_chars == 1 || chars.get(j + 1).is_some_and(|x| x.1 == '\''));
                if reopens {
                    let mut bottom = stack.swap_remove(0);
                    stack.clear();
                    let piece = trimmed(text, bottom.piece_start, pos);
                    if !piece.is_empty() {
                        bottom.earlier.push(piece);
                    }
                    bottom.piece_start = chars.get(j + mark_chars).map_or(text.len(), |x| x.0);
                    stack.push(bottom);
                    i = j + mark_chars;
                    continue;
                }
                stack.clear();
            }
            i = j.max(i + 1);
            continue;
        }
        if !is_quote_char(c) {
            i += 1;
            continue;
        }
        if c == '\'' && next == Some('\'') {
            // ''…'': two apostrophes make one double mark.
            let after_pair = after + 1;
            if let Some(k) = stack.iter().rposition(|o| o.style == Style::DoubledApostrophe) {
                let open = stack.swap_remove(k);
                stack.truncate(k);
                let mut pieces = open.earlier;
                let piece = trimmed(text, open.piece_start, pos);
                if !piece.is_empty() {
                    pieces.push(piece);
                }
                if !pieces.is_empty() {
                    closed.push(Quoted { pieces, open: open.mark, close_end: after_pair });
                }
            } else if chars.get(i + 2).is_some_and(|n| !n.1.is_whitespace()) && stack.len() < MAX_OPEN {
                stack.push(Open { style: Style::DoubledApostrophe, mark: pos, piece_start: after_pair, earlier: Vec::new() });
            }
            i += 2;
            continue;
        }
        // Closing a quote that is open (the innermost one that this mark can close).
        // A “ typed for a closing ” ("It's unusual,“ said …"): after a non-space and before a
        // space or punctuation it closes a curly quote.
        let turned_closing = c == '“'
            && prev.is_some_and(|p| !p.is_whitespace() && !is_quote_char(p))
            && next.map_or(true, |n| n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')'));
        let closes_at =
            stack.iter().rposition(|o| o.style.closes_with(c) || (turned_closing && o.style == Style::CurlyDouble));
        let apostrophe_like = matches!(c, '’' | '\'') && prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        // A straight mark after a stray space closes when the quote's own punctuation precedes
        // it ("a disgrace that he is doing this, " Trump said).
        let spaced_close = c == '"'
            && prev.is_some_and(char::is_whitespace)
            && i >= 2
            && matches!(chars[i - 2].1, ',' | '.' | '!' | '?')
            && next.map_or(true, char::is_whitespace);
        let closing_context = (prev.is_some_and(|p| !p.is_whitespace()) || spaced_close || !matches!(c, '"' | '\'' | '’' | '‘'))
            && !is_plural_possessive(&chars, i);
        if let Some(k) = closes_at.filter(|_| !apostrophe_like && closing_context) {
            let open = stack.swap_remove(k);
            stack.truncate(k);
            let mut pieces = open.earlier;
            let piece = trimmed(text, open.piece_start, pos);
            if !piece.is_empty() {
                pieces.push(piece);
            }
            if !pieces.is_empty() {
                closed.push(Quoted { pieces, open: open.mark, close_end: after });
            }
            i += 1;
            continue;
        }
        let opens = match c {
            '“' => Some(Style::CurlyDouble),
            '”' if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) => Some(Style::CurlyDouble),
            '„' => Some(Style::LowDouble),
            '«' => Some(Style::Guillemet { reversed: false }),
            '»' if next.is_some_and(|n| n.is_alphanumeric()) => Some(Style::Guillemet { reversed: true }),
            '‹' => Some(Style::SingleGuillemet { reversed: false }),
            '›' if next.is_some_and(|n| n.is_alphanumeric()) => Some(Style::SingleGuillemet { reversed: true }),
            '‚' if !prev.is_some_and(char::is_alphanumeric) => Some(Style::LowSingle),
            '‘' if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) && !is_elision(&text[after..]) => {
                Some(Style::CurlySingle)
            }
            '"' if next.is_some_and(|n| !n.is_whitespace()) => Some(Style::StraightDouble),
            '\'' if is_opening_context(prev) && next.is_some_and(|n| n.is_alphanumeric() || n == '"') && !is_elision(&text[after..]) => {
                Some(Style::StraightSingle)
            }
            '「' => Some(Style::Corner { white: false }),
            '『' => Some(Style::Corner { white: true }),
            _ => None,
        };
        // Real nesting is shallow; a cap keeps runs of stray opening marks linear.
        if let Some(style) = opens.filter(|_| stack.len() < MAX_OPEN) {
            stack.push(Open { style, mark: pos, piece_start: after, earlier: Vec::new() });
        }
        i += 1;
    }
    top_level(closed)
}

/// "Jones’ car": a single closing mark right after an s, followed by a space, is a possessive
/// apostrophe when another closing mark of the same character follows later in the paragraph.
fn is_plural_possessive(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if !matches!(c, '’' | '\'') || i == 0 || !matches!(chars[i - 1].1, 's' | 'S') {
        return false;
    }
    if !chars.get(i + 1).is_some_and(|n| n.1 == ' ') || !chars.get(i + 2).is_some_and(|n| n.1.is_lowercase()) {
        return false;
    }
    let mut j = i + 1;
    while j < chars.len() {
        let cj = chars[j].1;
        if cj == '\n' && chars.get(j + 1).is_some_and(|n| n.1 == '\n') {
            return false;
        }
        if cj == c && !chars[j - 1].1.is_whitespace() && !chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric()) {
            return true;
        }
        j += 1;
    }
    false
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '‚' | '«' | '»' | '‹' | '›' | '「' | '」' | '『' | '』')
}

/// Keeps the quotes that no other quote contains, in text order.
fn top_level(mut closed: Vec<Quoted>) -> Vec<Quoted> {
    closed.sort_by(|a, b| a.open.cmp(&b.open).then(b.close_end.cmp(&a.close_end)));
    let mut out: Vec<Quoted> = Vec::with_capacity(closed.len());
    for q in closed {
        if out.last().is_some_and(|last| q.open < last.close_end) {
            continue;
        }
        out.push(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        find_quoted(text).iter().map(|q| q.text(text)).collect()
    }

    #[test]
    fn every_quotation_style() {
        assert_eq!(texts(r#"He said "yes we can" today."#), ["yes we can"]);
        assert_eq!(texts("He said “yes we can” today."), ["yes we can"]);
        assert_eq!(texts("Il a dit « oui, bien sûr » hier."), ["oui, bien sûr"]);
        assert_eq!(texts("Er sagte „ja, sicher“ gestern."), ["ja, sicher"]);
        assert_eq!(texts("Er sagte »ja, sicher« gestern."), ["ja, sicher"]);
        assert_eq!(texts("Il dit ‹ non merci › hier."), ["non merci"]);
        assert_eq!(texts("Er sagte ‚ja, sicher‘ gestern."), ["ja, sicher"]);
        assert_eq!(texts("She said ‘we will win’ today."), ["we will win"]);
        assert_eq!(texts("She said 'we will win' today."), ["we will win"]);
        assert_eq!(texts("他说「我们会赢」。"), ["我们会赢"]);
        assert_eq!(texts("He said ''we will win,'' and left."), ["we will win,"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(texts("She said 'we don't know what Jones' car did in the '90s' before."), ["we don't know what Jones' car did in the '90s"]);
        assert_eq!(texts("We don’t know; Jones’ car was from the ’90s and ‘90s."), Vec::<String>::new());
        assert_eq!(texts("He said ‘I don’t care’ and left."), ["I don’t care"]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(texts("He said “she told me ‘no way’ twice” then."), ["she told me ‘no way’ twice"]);
        assert_eq!(texts(r#"He said "she told me 'no way' twice" then."#), ["she told me 'no way' twice"]);
    }

    #[test]
    fn paragraph_spanning_quotes_are_joined() {
        let text = "He said: “First part.\n\n“Second part,” he added.\n\nNot quoted.";
        let q = find_quoted(text);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text(text), "First part. Second part,");
        assert_eq!(q[0].pieces.len(), 2);
    }

    #[test]
    fn unbalanced_marks_do_not_swallow_paragraphs() {
        let text = "He said “never closed.\n\nNext paragraph “is quoted” here. A 12\" pipe.";
        assert_eq!(texts(text), ["is quoted"]);
        assert!(find_quoted("”“«»„\"'").len() <= 3);
        assert!(find_quoted("").is_empty());
    }

    #[test]
    fn a_straight_mark_after_a_stray_space_closes() {
        assert_eq!(texts("\"It is a disgrace that he is doing this, \" Trump said. \"Next.\""), ["It is a disgrace that he is doing this,", "Next."]);
    }

    #[test]
    fn a_turned_closing_mark_closes() {
        assert_eq!(texts("“It's unusual,“ said Noble. “It's hard.”"), ["It's unusual,", "It's hard."]);
    }

    #[test]
    fn glued_quotes_are_separate() {
        assert_eq!(texts("“One,”“Two.”"), ["One,", "Two."]);
        assert_eq!(texts("He said \"mixed marks” and “the other way\" too."), ["mixed marks", "the other way"]);
    }
}
