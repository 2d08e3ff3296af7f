//! The `Expect:` lines of feedparser's conformance feeds: a small subset of
//! Python (`not bozo and entries[0]['title'] == 'x'`) parsed into clauses.

/// A Python literal value as written in an expectation.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Tuple(Vec<i64>),
    None,
}

/// One step into feedparser's result: `['title']`, `[0]` or `.title`.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path into feedparser's result, rooted at `feed` or `entries`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub root: String,
    pub steps: Vec<Step>,
}

/// One conjunct of an expectation.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// `bozo` / `not bozo`: whether feedparser flagged the feed malformed.
    Bozo(bool),
    /// `path == path == … == literal`.
    Equals(Vec<Path>, Literal),
    /// `len(entries) == n`.
    EntryCount(usize),
    /// Anything else, as written.
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(String),
    Int(i64),
    Ident(String),
    Punct(char),
    EqEq,
    Other(String),
}

/// Splits an expectation into its `and`-joined clauses.
pub fn parse(expect: &str) -> Vec<Clause> {
    let tokens = tokenize(expect);
    let mut clauses = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut depth = 0i32;
    for token in tokens {
        match &token {
            Token::Punct('(' | '[') => depth += 1,
            Token::Punct(')' | ']') => depth -= 1,
            _ => {}
        }
        if depth == 0 && token == Token::Ident("and".into()) {
            clauses.push(clause(std::mem::take(&mut current), expect));
        } else {
            current.push(token);
        }
    }
    if !current.is_empty() {
        clauses.push(clause(current, expect));
    }
    clauses
}

fn clause(tokens: Vec<Token>, whole: &str) -> Clause {
    let unsupported = || Clause::Unsupported(whole.to_string());
    match tokens.as_slice() {
        [Token::Ident(b)] if b == "bozo" => return Clause::Bozo(true),
        [Token::Ident(n), Token::Ident(b)] if n == "not" && b == "bozo" => return Clause::Bozo(false),
        [Token::Ident(l), Token::Punct('('), Token::Ident(e), Token::Punct(')'), Token::EqEq, Token::Int(n)] if l == "len" && e == "entries" => {
            return Clause::EntryCount(*n as usize)
        }
        _ => {}
    }
    let parts: Vec<&[Token]> = tokens.split(|t| *t == Token::EqEq).collect();
    if parts.len() < 2 {
        return unsupported();
    }
    let Some(literal) = parts.last().and_then(|last| literal(last)) else { return unsupported() };
    let mut paths = Vec::new();
    for part in &parts[..parts.len() - 1] {
        match path(part) {
            Some(p) => paths.push(p),
            None => return unsupported(),
        }
    }
    Clause::Equals(paths, literal)
}

fn literal(tokens: &[Token]) -> Option<Literal> {
    match tokens {
        [Token::Str(s)] => Some(Literal::Str(s.clone())),
        [Token::Int(n)] => Some(Literal::Int(*n)),
        [Token::Ident(n)] if n == "None" => Some(Literal::None),
        [Token::Punct('('), inner @ .., Token::Punct(')')] => {
            let mut values = Vec::new();
            for t in inner {
                match t {
                    Token::Int(n) => values.push(*n),
                    Token::Punct(',') => {}
                    _ => return None,
                }
            }
            Some(Literal::Tuple(values))
        }
        _ => None,
    }
}

fn path(tokens: &[Token]) -> Option<Path> {
    let (Token::Ident(root), rest) = tokens.split_first()? else { return None };
    if root != "feed" && root != "entries" {
        return None;
    }
    let mut steps = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        match (&rest[i], rest.get(i + 1), rest.get(i + 2)) {
            (Token::Punct('['), Some(Token::Str(key)), Some(Token::Punct(']'))) => steps.push(Step::Key(key.clone())),
            (Token::Punct('['), Some(Token::Int(n)), Some(Token::Punct(']'))) => steps.push(Step::Index(*n as usize)),
            (Token::Punct('.'), Some(Token::Ident(key)), _) => {
                steps.push(Step::Key(key.clone()));
                i += 2;
                continue;
            }
            _ => return None,
        }
        i += 3;
    }
    Some(Path { root: root.clone(), steps })
}

fn tokenize(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' || ((c == 'u' || c == 'b') && matches!(chars.get(i + 1), Some('\'' | '"'))) {
            if c == 'u' || c == 'b' {
                i += 1;
            }
            let (text, next) = string_literal(&chars, i);
            tokens.push(Token::Str(text));
            i = next;
        } else if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(text.parse().map(Token::Int).unwrap_or(Token::Other(text)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == '=' && chars.get(i + 1) == Some(&'=') {
            tokens.push(Token::EqEq);
            i += 2;
        } else if "[]().,".contains(c) {
            tokens.push(Token::Punct(c));
            i += 1;
        } else {
            tokens.push(Token::Other(c.to_string()));
            i += 1;
        }
    }
    tokens
}

/// A Python string literal starting at the quote `chars[start]`; returns it and the index after it.
fn string_literal(chars: &[char], start: usize) -> (String, usize) {
    let quote = chars[start];
    let mut out = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            return (out, i + 1);
        }
        if c == '\\' && i + 1 < chars.len() {
            let e = chars[i + 1];
            let hex = |n: usize| -> Option<char> {
                let digits: String = chars.get(i + 2..i + 2 + n)?.iter().collect();
                char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
            };
            let (value, used) = match e {
                'n' => (Some('\n'), 2),
                't' => (Some('\t'), 2),
                'r' => (Some('\r'), 2),
                '0' => (Some('\0'), 2),
                'x' => (hex(2), 4),
                'u' => (hex(4), 6),
                'U' => (hex(8), 10),
                other => (Some(other), 2),
            };
            if let Some(v) = value {
                out.push(v);
            }
            i += used;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (out, chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_expectations() {
        let c = parse("not bozo and entries[0]['title'] == 'x \\u2019 y'");
        assert_eq!(c[0], Clause::Bozo(false));
        assert_eq!(
            c[1],
            Clause::Equals(
                vec![Path { root: "entries".into(), steps: vec![Step::Index(0), Step::Key("title".into())] }],
                Literal::Str("x \u{2019} y".into())
            )
        );
        assert_eq!(parse("feed.title == 'My' and len(entries) == 2")[1], Clause::EntryCount(2));
        assert!(matches!(&parse("entries[0]['updated_parsed'] == (2004, 1, 1, 19, 48, 21, 3, 1, 0)")[0], Clause::Equals(_, Literal::Tuple(t)) if t.len() == 9));
        assert!(matches!(parse("entries[0].get('where') == {}")[0], Clause::Unsupported(_)));
    }
}
