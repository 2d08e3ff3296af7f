//! Loading a language's resource files (lexicon and rules) and compiling them into regexes.
//!
//! Lexicon format: `[section]` headers, then `key | key = value` lines; `#` starts a comment.
//! Rules format: `@name = fragment` macros and `TYPE  pattern ;; slot=value ...` rules
//! (see `resources/en/rules.txt` for the full description).

use std::collections::HashMap;

use model::TimexType;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Word lists of one language: section name → normalised key → value.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    sections: HashMap<String, Vec<(String, String)>>,
    index: HashMap<String, HashMap<String, String>>,
}

/// Normal form of a lexicon key or captured text: lower case, straight apostrophes,
/// runs of spaces and hyphens as one space.
pub(crate) fn normalise_key(s: &str) -> String {
    let lower = s.to_lowercase().replace('’', "'");
    let mut out = String::with_capacity(lower.len());
    let mut pending_space = false;
    for c in lower.chars() {
        if c.is_whitespace() || c == '-' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

impl Lexicon {
    pub(crate) fn parse(source: &str) -> Result<Lexicon, String> {
        let mut lexicon = Lexicon::default();
        let mut current: Option<String> = None;
        for (n, raw) in source.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(name.trim().to_string());
                continue;
            }
            let section = current.clone().ok_or_else(|| format!("lexicon line {}: entry before any [section]", n + 1))?;
            let (keys, value) = line.rsplit_once('=').ok_or_else(|| format!("lexicon line {}: missing `=`", n + 1))?;
            for key in keys.split('|') {
                let key = normalise_key(key);
                if key.is_empty() {
                    continue;
                }
                lexicon.sections.entry(section.clone()).or_default().push((key.clone(), value.trim().to_string()));
                lexicon.index.entry(section.clone()).or_default().insert(key, value.trim().to_string());
            }
        }
        Ok(lexicon)
    }

    /// The value of `text` in `section`, if listed.
    pub(crate) fn lookup(&self, section: &str, text: &str) -> Option<&str> {
        self.lookup_key(section, &normalise_key(text))
    }

    /// [`Lexicon::lookup`] for a key already in [`normalise_key`] form (no second pass).
    pub(crate) fn lookup_key(&self, section: &str, key: &str) -> Option<&str> {
        let map = self.index.get(section)?;
        map.get(key).or_else(|| map.get(key.trim_end_matches('.'))).map(String::as_str)
    }

    /// Keys of a section (normalised), empty when the section does not exist.
    pub(crate) fn keys(&self, section: &str) -> impl Iterator<Item = &str> {
        self.sections.get(section).into_iter().flat_map(|v| v.iter().map(|(k, _)| k.as_str()))
    }

    pub(crate) fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    /// Regex alternation matching any key of a section, longest first; a space in a key
    /// matches any run of spaces or hyphens, an apostrophe either apostrophe.
    fn alternation(&self, section: &str) -> String {
        let mut keys: Vec<&str> = self.keys(section).collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        keys.dedup();
        let parts: Vec<String> = keys
            .iter()
            .map(|k| regex::escape(k).replace(' ', r"[\s-]+").replace('\'', "['’]"))
            .collect();
        format!("(?:{})", parts.join("|"))
    }
}

/// Compiled-program limit per rule: word-list alternations are large.
const REGEX_SIZE_LIMIT: usize = 32 << 20;
/// Lazy-DFA cache per regex: big enough that the DFA warms up once and stays, instead of
/// being rebuilt for every text (which made determinisation most of the run time).
const DFA_CACHE_LIMIT: usize = 64 << 20;

/// One compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    /// `None` for IGNORE rules, which only block other rules where they match.
    pub kind: Option<TimexType>,
    pub regex: Regex,
    /// Fixed slot values from the `;;` part.
    pub attrs: Vec<(String, String)>,
}

/// Everything needed to tag one language.
#[derive(Debug)]
pub(crate) struct Grammar {
    pub lexicon: Lexicon,
    pub rules: Vec<Rule>,
    /// All rule patterns at once, to skip rules that cannot match a text.
    pub prefilter: RegexSet,
}

fn expand(fragment: &str, defines: &HashMap<String, String>, lexicon: &Lexicon, depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err(format!("macro recursion too deep in `{fragment}`"));
    }
    let mut out = String::with_capacity(fragment.len() * 2);
    let mut rest = fragment;
    loop {
        // `@name` macros and `{name}` lexicon sections or macros.
        let at = rest.find('@');
        let brace = rest.find('{');
        let next = match (at, brace) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        out.push_str(&rest[..next]);
        let tail = &rest[next..];
        if let Some(after_at) = tail.strip_prefix('@') {
            let name_len = after_at.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after_at.len());
            let name = &after_at[..name_len];
            let body = defines.get(name).ok_or_else(|| format!("unknown macro @{name}"))?;
            out.push_str(&expand(body, defines, lexicon, depth + 1)?);
            rest = &after_at[name_len..];
        } else {
            let close = tail.find('}');
            let name = close.map(|c| &tail[1..c]).filter(|n| n.starts_with(|c: char| c.is_ascii_alphabetic()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            match (name, close) {
                (Some(name), Some(close)) => {
                    if let Some(body) = defines.get(name) {
                        out.push_str(&expand(body, defines, lexicon, depth + 1)?);
                    } else if lexicon.has_section(name) {
                        out.push_str(&lexicon.alternation(name));
                    } else {
                        return Err(format!("unknown section or macro {{{name}}}"));
                    }
                    rest = &tail[close + 1..];
                }
                // A regex repetition such as `\d{1,3}`: copy as is.
                _ => {
                    out.push('{');
                    rest = &tail[1..];
                }
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn parse_kind(word: &str) -> Option<Option<TimexType>> {
    match word {
        "DATE" => Some(Some(TimexType::Date)),
        "TIME" => Some(Some(TimexType::Time)),
        "DURATION" => Some(Some(TimexType::Duration)),
        "SET" => Some(Some(TimexType::Set)),
        "IGNORE" => Some(None),
        _ => None,
    }
}

impl Grammar {
    /// Compiles a language from its two resource files.
    pub(crate) fn compile(lexicon_src: &str, rules_src: &str) -> Result<Grammar, String> {
        let lexicon = Lexicon::parse(lexicon_src)?;
        let mut defines = HashMap::new();
        let mut rules = Vec::new();
        for (n, raw) in rules_src.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(def) = line.strip_prefix('@') {
                let (name, body) = def.split_once('=').ok_or_else(|| format!("rules line {}: macro without `=`", n + 1))?;
                defines.insert(name.trim().to_string(), body.trim().to_string());
                continue;
            }
            let (kind_word, rest) = line.split_once(char::is_whitespace).ok_or_else(|| format!("rules line {}: no pattern", n + 1))?;
            let kind = parse_kind(kind_word).ok_or_else(|| format!("rules line {}: unknown type {kind_word}", n + 1))?;
            let (pattern, attrs_src) = match rest.split_once(";;") {
                Some((p, a)) => (p.trim(), a.trim()),
                None => (rest.trim(), ""),
            };
            let mut attrs = Vec::new();
            for pair in attrs_src.split_whitespace() {
                let (k, v) = pair.split_once('=').ok_or_else(|| format!("rules line {}: attribute `{pair}` without `=`", n + 1))?;
                attrs.push((k.to_string(), v.to_string()));
            }
            let expanded = expand(pattern, &defines, &lexicon, 0).map_err(|e| format!("rules line {}: {e}", n + 1))?;
            let regex = RegexBuilder::new(&format!("(?i){expanded}"))
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(DFA_CACHE_LIMIT)
                .build()
                .map_err(|e| format!("rules line {}: {e}", n + 1))?;
            rules.push(Rule { kind, regex, attrs });
        }
        let prefilter = RegexSetBuilder::new(rules.iter().map(|r| r.regex.as_str()))
            .size_limit(REGEX_SIZE_LIMIT * 8)
            .dfa_size_limit(DFA_CACHE_LIMIT * 4)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Grammar { lexicon, rules, prefilter })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised() {
        assert_eq!(normalise_key("  New-Year’s   Day "), "new year's day");
    }

    #[test]
    fn expands_sections_and_macros() {
        let lex = Lexicon::parse("[month]\njan | january = 1\nnew york = 2\n").unwrap();
        let mut defines = HashMap::new();
        defines.insert("d".to_string(), r"\d{1,2}".to_string());
        let out = expand("{month} @d", &defines, &lex, 0).unwrap();
        assert_eq!(out, r"(?:new[\s-]+york|january|jan) \d{1,2}");
        assert!(expand("{nope}", &defines, &lex, 0).is_err());
    }
}
