//! Figures: numbers with their unit and what they count.
//!
//! `extract` reads each sentence token by token (tokens from [`text::tokens`], hyphenated tokens
//! split at their hyphens) and recognises, in this order:
//! an approximation (`more than`, `about`, `rund`, `plus de`…), a currency sign (`$`, `US$`, `€`),
//! the number itself — digits (`1,000`, `3.5`, `1.000.000`, `2bn`, `3%`), number words
//! (`five`, `twenty-one`, `two-and-a-half`), a scale (`1.5 million`), or a vague plural
//! (`dozens`) — a range (`between 10 and 12`, `20 to 25`, `10-12`), a unit (`percent`,
//! `dollars`, `minute`, `km`, written after the number or joined by a hyphen: `40-minute`) and
//! finally the counted noun (`troops`, `plan`, `meeting`).
//!
//! Decisions:
//! - Vague plurals keep a nominal value and say so in `approximation`: `dozens` is 24,
//!   `scores` 40, `hundreds` 200, `thousands` 2,000, `millions` 2,000,000 — twice the unit, the
//!   least the plural can mean, so that sums and comparisons stay conservative.
//! - `counted` is the head noun as written, in lower case, not lemmatised ("troops").
//! - Durations (`a 40-minute meeting`) are figures; dates, clock times, years, ordinals, phone
//!   numbers, numbers inside names (`G7`, `COVID-19`, `Boeing 737`, `Article 5`) and list
//!   numbering are not.
//! - A small number in words after a definite determiner ("the two companies") refers back to
//!   things already named and is not a figure.
//! - `one`/`un`/`ein` alone is not a figure (it is mostly a pronoun or an article); it is with a
//!   scale, unit or currency (`one million`, `one hour`).
//! - Decimal separators follow the language: in English `1,000` is a thousand and `3.5` a
//!   decimal; in languages that write a decimal comma (de, fr, es, it, pt, pl, ru, uk, nl…)
//!   `1.000` is a thousand and `3,5` a decimal.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use model::{Figure, Span};
use once_cell::sync::Lazy;

/// What a number word does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum WordKind {
    /// Units, teens and tens: added.
    Plain,
    /// "hundred": multiplies the group so far.
    Hundred,
    /// "thousand", "million": closes a group.
    Scale,
    /// "dozen": multiplies by 12.
    Dozen,
    /// "half": a fraction after "and a".
    Fraction,
    /// "dozens", "hundreds": an estimate.
    Vague,
}

struct Lexicon {
    /// Per language: word → (value, kind).
    numbers: HashMap<String, HashMap<String, (f64, WordKind)>>,
    /// Unit forms (one or two words, lower case) → unit.
    units: HashMap<String, String>,
    /// Approximation phrases as word lists, longest first.
    approximations: Vec<Vec<String>>,
    /// The first word of every approximation phrase.
    approximation_starts: HashSet<String>,
    stopwords: HashSet<String>,
    /// Adjectives and other words that stand between a number and the noun it counts.
    modifiers: HashSet<String>,
    months: HashSet<String>,
    non_figures: HashSet<String>,
}

fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static LEXICON: Lazy<Lexicon> = Lazy::new(|| {
    let mut numbers: HashMap<String, HashMap<String, (f64, WordKind)>> = HashMap::new();
    let mut lang = "en".to_string();
    for line in data_lines(include_str!("../data/numbers.txt")) {
        if let Some(l) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            lang = l.to_string();
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(word), Some(value), Some(kind)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let Ok(value) = value.parse::<f64>() else { continue };
        let kind = match kind {
            "hundred" => WordKind::Hundred,
            "scale" => WordKind::Scale,
            "dozen" => WordKind::Dozen,
            "fraction" => WordKind::Fraction,
            "vague" => WordKind::Vague,
            _ => WordKind::Plain,
        };
        numbers.entry(lang.clone()).or_default().insert(word.to_lowercase(), (value, kind));
    }
    let units = data_lines(include_str!("../data/units.txt"))
        .filter_map(|l| l.split_once('\t'))
        .map(|(form, unit)| (form.trim().to_lowercase(), unit.trim().to_string()))
        .collect();
    let mut approximations: Vec<Vec<String>> = data_lines(include_str!("../data/approximations.txt"))
        .map(|l| l.to_lowercase().split_whitespace().map(str::to_string).collect())
        .collect();
    approximations.sort_by_key(|p: &Vec<String>| std::cmp::Reverse(p.len()));
    let set = |data: &'static str| data_lines(data).map(str::to_lowercase).collect::<HashSet<String>>();
    let approximation_starts = approximations.iter().filter_map(|p| p.first().cloned()).collect();
    Lexicon {
        numbers,
        units,
        approximations,
        approximation_starts,
        stopwords: set(include_str!("../data/stopwords.txt")),
        modifiers: set(include_str!("../data/modifiers.txt")),
        months: set(include_str!("../data/months.txt")),
        non_figures: set(include_str!("../data/non_figures.txt")),
    }
});

/// Languages that write a decimal comma and group thousands with periods or spaces.
const DECIMAL_COMMA: &[&str] = &["de", "fr", "es", "it", "pt", "pl", "ru", "uk", "nl", "cs", "sk", "ro", "tr", "sv", "da", "nb", "fi", "hu", "bg", "hr", "sl", "sr", "el", "id", "ca"];

/// Languages that write ordinals with a period: "der 3. Platz", "3. května".
const ORDINAL_PERIOD: &[&str] = &["de", "pl", "cs", "sk", "da", "nb", "no", "fi", "hu", "sl", "hr", "sr", "bs", "lv", "et", "is", "tr"];

/// Languages whose number words form one compound word ("einundzwanzig"), among those with
/// number words in `numbers.txt`.
const COMPOUND_NUMBERS: &[&str] = &["de"];

/// Languages that capitalise common nouns.
const CAPITALISED_NOUNS: &[&str] = &["de", "lb"];

/// A token of the sentence; hyphenated tokens are split, the hyphen being a token of its own.
#[derive(Debug)]
struct Tok<'a> {
    span: Span,
    text: &'a str,
    /// Lower case; borrowed when the token has no capitals (most tokens), to save allocations.
    lower: Cow<'a, str>,
    /// No white space between the previous token and this one.
    glued: bool,
}

fn is_hyphen(t: &Tok) -> bool {
    matches!(t.text, "-" | "‐" | "–" | "—")
}

fn sentence_tokens<'a>(text: &'a str, sentence: Span) -> Vec<Tok<'a>> {
    let Some(slice) = text.get(sentence.start..sentence.end) else { return Vec::new() };
    let mut out: Vec<Tok<'a>> = Vec::new();
    let mut previous_end = usize::MAX;
    for span in text::tokens(slice) {
        let start = sentence.start + span.start;
        let token = &text[start..sentence.start + span.end];
        let mut offset = 0;
        // Split at inner hyphens, keeping each hyphen as a token.
        for (i, _) in token.char_indices().filter(|&(i, c)| i > 0 && matches!(c, '-' | '‐')) {
            let piece_start = start + offset;
            push_tok(&mut out, text, piece_start, start + i, &mut previous_end);
            push_tok(&mut out, text, start + i, start + i + c_len(token, i), &mut previous_end);
            offset = i + c_len(token, i);
        }
        push_tok(&mut out, text, start + offset, start + token.len(), &mut previous_end);
    }
    out
}

fn c_len(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

fn push_tok<'a>(out: &mut Vec<Tok<'a>>, text: &'a str, start: usize, end: usize, previous_end: &mut usize) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let lower = if piece.chars().any(char::is_uppercase) { Cow::Owned(piece.to_lowercase()) } else { Cow::Borrowed(piece) };
    out.push(Tok { span: Span::new(start, end), text: piece, lower, glued: *previous_end == start });
    *previous_end = end;
}

/// Extracts the figures of a text: byte spans, `sentence` indexing `sentences` (when
/// `sentences` is empty the whole text is sentence 0). `lang` is an ISO 639-1 code; it selects
/// number words and decimal separators.
pub fn extract(text: &str, sentences: &[Span], lang: &str) -> Vec<Figure> {
    let whole = [Span::new(0, text.len())];
    let sentences = if sentences.is_empty() { &whole[..] } else { sentences };
    let lexicon = &*LEXICON;
    let words = lexicon.numbers.get(lang).or_else(|| lexicon.numbers.get("en"));
    let empty = HashMap::new();
    let parser = Parser {
        lexicon,
        name_numbers: HashSet::new(),
        words: words.unwrap_or(&empty),
        decimal_comma: DECIMAL_COMMA.contains(&lang),
        capitalised_nouns: CAPITALISED_NOUNS.contains(&lang),
        ordinal_period: ORDINAL_PERIOD.contains(&lang),
        compound_numbers: COMPOUND_NUMBERS.contains(&lang),
    };
    let tokenised: Vec<Vec<Tok>> = sentences.iter().map(|&s| sentence_tokens(text, s)).collect();
    let name_numbers = name_numbers(&tokenised, &lexicon.stopwords);
    let parser = Parser { name_numbers, ..parser };
    let mut out = Vec::new();
    for (index, toks) in tokenised.iter().enumerate() {
        let mut i = 0;
        while i < toks.len() {
            if !parser.may_start_figure(&toks[i]) {
                i += 1;
                continue;
            }
            match parser.figure_at(toks, i) {
                Some((mut figure, next)) => {
                    figure.sentence = index;
                    figure.text = text[figure.span.start..figure.span.end].to_string();
                    out.push(figure);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    out
}

/// Digit strings that the document uses as (part of) a name: after a capitalised word that is
/// not a function word ("Boeing 787"), or joined by a hyphen to a model suffix ("787-8",
/// "777-200LR"). Plain occurrences elsewhere ("the 787") are then names too.
fn name_numbers(sentences: &[Vec<Tok>], stopwords: &HashSet<String>) -> HashSet<String> {
    let mut names = HashSet::new();
    for toks in sentences {
        for (k, t) in toks.iter().enumerate() {
            // "737s": a model name in the plural.
            let digits = t.text.strip_suffix('s').filter(|d| d.len() >= 3).unwrap_or(t.text);
            if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() < 2 {
                continue;
            }
            if digits.len() < t.text.len() {
                names.insert(digits.to_string());
                continue;
            }
            let after_name = k >= 1 && {
                let p = &toks[k - 1];
                p.text.chars().any(char::is_uppercase) && is_name_word(p.text) && !stopwords.contains(p.lower.as_ref())
            } && k >= 2;
            let model_suffix = toks.get(k + 1).is_some_and(|h| is_hyphen(h) && h.glued)
                && toks.get(k + 2).is_some_and(|s| s.glued && s.text.chars().any(|c| c.is_ascii_digit()) && !s.text.ends_with('%') && toks.get(k + 3).is_none_or(|n| !is_hyphen(n)));
            if after_name || model_suffix {
                names.insert(t.text.to_string());
            }
        }
    }
    names
}

struct Parser<'l> {
    lexicon: &'l Lexicon,
    /// Numbers that this document uses as names somewhere ("Boeing 787", "787-8").
    name_numbers: HashSet<String>,
    words: &'l HashMap<String, (f64, WordKind)>,
    decimal_comma: bool,
    /// German and Luxembourgish capitalise every noun, so a capital does not mark a name there.
    capitalised_nouns: bool,
    /// Whether the language writes ordinals as a number and a period ("3. Oktober").
    ordinal_period: bool,
    /// Whether number words are written as one compound ("einundzwanzig").
    compound_numbers: bool,
}

/// A number read from the tokens.
#[derive(Debug)]
struct Number {
    value: f64,
    /// Index of the first token after the number.
    next: usize,
    /// The unit written inside the number token ("3%", "15km") or joined by a hyphen ("12-point").
    unit: Option<String>,
    /// A vague plural ("dozens").
    vague: Option<String>,
    /// Whether it was written in digits.
    digits: bool,
    /// Whether a scale word or suffix was applied ("million", "bn").
    scaled: bool,
    /// The product of the scales applied (1 when none).
    scale: f64,
}

impl Parser<'_> {
    /// A cheap test that rules out most tokens before the full parse: a figure starts with a
    /// digit, a sign, a short capitalised code ("US$", "USD"), a number word, "a"/"an" or the
    /// first word of an approximation.
    fn may_start_figure(&self, t: &Tok) -> bool {
        let Some(first) = t.text.chars().next() else { return false };
        first.is_ascii_digit()
            || is_currency_sign(first)
            || (t.text.len() <= 3 && t.text.chars().all(|c| c.is_uppercase()))
            || self.words.contains_key(t.lower.as_ref())
            || self.lexicon.approximation_starts.contains(t.lower.as_ref())
            || matches!(t.lower.as_ref(), "a" | "an")
            || (self.compound_numbers && first.is_lowercase())
    }

    fn figure_at(&self, toks: &[Tok], start: usize) -> Option<(Figure, usize)> {
        let mut i = start;
        let approximation = self.approximation_at(toks, i).map(|(phrase, next)| {
            i = next;
            phrase
        });
        let currency = self.currency_at(toks, i).map(|(unit, next)| {
            i = next;
            unit
        });
        let number_start = i;
        let mut number = self.number_at(toks, i)?;
        if self.is_excluded(toks, start, number_start, &number, currency.is_some(), approximation.is_some()) {
            return None;
        }
        i = number.next;
        // Range: "10 to 12", "10-12", "between 10 and 12", "$10 to $12".
        let mut value_max = None;
        let between = start > 0 && toks[start - 1].lower == "between" || toks.get(start).is_some_and(|t| t.lower == "between");
        // "from $55 billion to $110 billion" is a change, two figures, not a range.
        let from = start > 0 && matches!(toks[start - 1].lower.as_ref(), "from" | "von" | "de" | "desde");
        if let Some(link) = toks.get(i).filter(|_| !from) {
            let is_link = matches!(link.lower.as_ref(), "to" | "-" | "–" | "--" | "bis" | "à" | "a" | "al") || link.lower == "and" && between;
            if is_link {
                let mut j = i + 1;
                if self.currency_at(toks, j).is_some_and(|(u, _)| Some(&u) == currency.as_ref()) {
                    j = self.currency_at(toks, j).map_or(j, |(_, n)| n);
                }
                if let Some(upper) = self.number_at(toks, j).filter(|n| n.digits == number.digits && n.vague.is_none()) {
                    // A scale written once applies to both ends: "10 to 12 million".
                    if upper.scale > 1.0 && number.scale == 1.0 {
                        number.value *= upper.scale;
                        number.scaled = true;
                    }
                    let upper_value = if number.scale > 1.0 && upper.scale == 1.0 { upper.value * number.scale } else { upper.value };
                    if upper_value > number.value {
                        value_max = Some(upper_value);
                        if upper.unit.is_some() {
                            number.unit = upper.unit.clone();
                        }
                        i = upper.next;
                    }
                }
            }
        }
        // Unit after the number: "percent", "dollars", "points", "per cent".
        let mut unit = currency.clone().or(number.unit.clone());
        let mut counted_allowed = true;
        if let Some((after_unit, next)) = self.unit_at(toks, i) {
            if unit.is_none() || after_unit == "USD cent" {
                unit = Some(after_unit);
                i = next;
                // "14 points", "two weeks", "5 dollars": the unit is what is counted.
                counted_allowed = false;
            }
        }
        let mut value = number.value;
        if unit.as_deref() == Some("USD cent") {
            unit = Some("USD".to_string());
            value /= 100.0;
            value_max = value_max.map(|v| v / 100.0);
        }
        if unit.as_deref() == Some("%") {
            counted_allowed = false;
        }
        let mut end = toks.get(i.saturating_sub(1)).map_or(toks[number_start].span.end, |t| t.span.end);
        let mut counted = None;
        if counted_allowed {
            if let Some((noun, last)) = self.counted_at(toks, i, number.vague.is_some() || number.scaled, unit.is_some()) {
                counted = Some(noun);
                end = toks[last].span.end;
                i = last + 1;
            }
        }
        // A minus sign glued to the number but not to a word before it: "fell to -36".
        let negative = number.digits
            && number_start == start
            && start > 0
            && toks[start].glued
            && matches!(toks[start - 1].text, "-" | "−")
            && (start == 1 || !toks[start - 1].glued);
        let (start, value, value_max) = if negative { (start - 1, -value, value_max.map(|v| -v)) } else { (start, value, value_max) };
        let first = &toks[start];
        let approximation = approximation.or(number.vague.clone());
        let figure = Figure {
            value,
            value_max,
            approximation,
            unit,
            counted,
            text: String::new(),
            span: Span::new(first.span.start, end),
            sentence: 0,
        };
        Some((figure, i))
    }

    fn approximation_at(&self, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        let lexicon = self.lexicon;
        lexicon.approximations.iter().find_map(|phrase| {
            let matches = phrase.iter().enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.lower.as_ref() == w));
            // The approximation must be followed by a number.
            let next = i + phrase.len();
            (matches && (self.currency_at(toks, next).is_some() || self.number_at(toks, next).is_some())).then(|| (phrase.join(" "), next))
        })
    }

    /// A currency sign or code before the number: `$`, `US$`, `€`, `USD`.
    fn currency_at(&self, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        let t = toks.get(i)?;
        let units = &self.lexicon.units;
        // "US" + "$" written together.
        if let Some(sign) = toks.get(i + 1).filter(|s| (s.glued || t.lower == "us") && matches!(s.text, "$")) {
            let joined = format!("{}{}", t.lower, sign.text);
            if let Some(unit) = units.get(&joined) {
                return Some((unit.clone(), i + 2));
            }
        }
        let is_sign = t.text.chars().count() == 1 && t.text.chars().all(is_currency_sign);
        let is_code = t.text.len() == 3 && t.text.chars().all(|c| c.is_ascii_uppercase());
        if is_sign || is_code {
            let unit = units.get(t.lower.as_ref())?;
            if unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase()) {
                return Some((unit.clone(), i + 1));
            }
        }
        None
    }

    /// A unit after the number, one or two words: "percent", "per cent", "dollars", "points".
    fn unit_at(&self, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        let units = &self.lexicon.units;
        if let (Some(a), Some(b)) = (toks.get(i), toks.get(i + 1)) {
            if let Some(u) = units.get(&format!("{} {}", a.lower, b.lower)) {
                return Some((u.clone(), i + 2));
            }
        }
        let t = toks.get(i)?;
        if let Some(u) = units.get(t.lower.as_ref()) {
            return Some((u.clone(), i + 1));
        }
        // French elision: "milliards d'euros".
        if let Some(rest) = t.lower.strip_prefix("d'").or_else(|| t.lower.strip_prefix("d’")) {
            return units.get(rest).map(|u| (u.clone(), i + 1));
        }
        // "millones de dólares", "millions de dollars": a currency after "de".
        if t.lower == "de" {
            let (u, next) = self.unit_at(toks, i + 1)?;
            return (u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase())).then_some((u, next));
        }
        None
    }

    /// Reads a number at `i`: digits (with scale words after) or number words.
    fn number_at(&self, toks: &[Tok], i: usize) -> Option<Number> {
        let t = toks.get(i)?;
        if t.text.starts_with(|c: char| c.is_ascii_digit()) {
            return self.digits_at(toks, i);
        }
        self.words_at(toks, i)
    }

    fn digits_at(&self, toks: &[Tok], i: usize) -> Option<Number> {
        let t = &toks[i];
        let numeric_len = t.text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(t.text.len());
        let numeric = t.text[..numeric_len].trim_end_matches(['.', ',']);
        let suffix = &t.lower.as_ref()[numeric.len()..];
        let mut value = parse_digits(numeric, self.decimal_comma)?;
        let mut unit = None;
        let mut scale = 1.0;
        match suffix {
            "" | "." => {}
            "%" => unit = Some("%".to_string()),
            s => {
                if let Some((factor, WordKind::Scale)) = self.scale_word(s) {
                    scale *= factor;
                } else if matches!(s, "k") {
                    scale *= 1e3;
                } else if matches!(s, "m" | "b") && i > 0 && self.currency_at(toks, i.saturating_sub(1)).is_some() {
                    scale *= if s == "m" { 1e6 } else { 1e9 };
                } else if let Some(u) = self.lexicon.units.get(s) {
                    unit = Some(u.clone());
                } else {
                    // "3rd", "1990s", "10am", "737s": not a figure.
                    return None;
                }
            }
        }
        let mut next = i + 1;
        // Thousands grouped with spaces: "1 000", "12 500 000".
        if t.text.len() <= 3 && suffix.is_empty() && t.text.bytes().all(|b| b.is_ascii_digit()) {
            while let Some(group) = toks.get(next).filter(|g| !g.glued && g.text.len() == 3 && g.text.bytes().all(|b| b.is_ascii_digit()) && g.span.start == toks[next - 1].span.end + 1) {
                value = value * 1000.0 + group.text.parse::<f64>().unwrap_or(0.0);
                next += 1;
            }
        }
        // Scale words: "1.5 million", "40 billion".
        while let Some((factor, WordKind::Scale)) = toks.get(next).and_then(|n| self.scale_word(n.lower.as_ref())) {
            scale *= factor;
            next += 1;
        }
        value *= scale;
        // A unit joined by a hyphen: "12-point", "40-minute".
        if unit.is_none() {
            if let Some((u, after)) = self.hyphen_unit(toks, next) {
                unit = Some(u);
                next = after;
            }
        }
        Some(Number { value, next, unit, vague: None, digits: true, scaled: scale > 1.0, scale })
    }

    /// A scale word after digits; English scales are understood in every language, since
    /// agency copy writes "1.5 million" and "2bn" whatever the language around it.
    fn scale_word(&self, word: &str) -> Option<(f64, WordKind)> {
        let english = match word {
            "bn" | "billion" => Some((1e9, WordKind::Scale)),
            "million" | "mn" | "mln" => Some((1e6, WordKind::Scale)),
            "trillion" | "tn" => Some((1e12, WordKind::Scale)),
            _ => None,
        };
        self.words.get(word).copied().filter(|(_, k)| *k == WordKind::Scale).or(english)
    }

    /// `-point`, `-minute`: a unit joined to the number by a hyphen.
    fn hyphen_unit(&self, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        toks.get(i).filter(|t| is_hyphen(t) && t.glued)?;
        let word = toks.get(i + 1).filter(|w| w.glued && w.text.chars().all(char::is_alphabetic))?;
        let unit = self.lexicon.units.get(word.lower.as_ref()).cloned().unwrap_or_else(|| word.lower.to_string());
        // "12-year-old": the last part is the unit phrase's end.
        let mut next = i + 2;
        if toks.get(next).is_some_and(|h| is_hyphen(h) && h.glued) && toks.get(next + 1).is_some_and(|w| w.glued && w.lower == "old") {
            next += 2;
        }
        Some((unit, next))
    }

    /// Number words: "five", "twenty-one", "two hundred", "two-and-a-half", "a dozen", "dozens".
    fn words_at(&self, toks: &[Tok], i: usize) -> Option<Number> {
        let first = toks.get(i)?;
        if let Some(&(value, WordKind::Vague)) = self.words.get(first.lower.as_ref()) {
            // "dozens of", "tens of thousands of".
            let mut value = value;
            let mut next = i + 1;
            let of = |k: usize| toks.get(k).is_some_and(|t| matches!(t.lower.as_ref(), "of" | "de" | "von"));
            if !of(next) && !toks.get(next).is_some_and(|t| t.text.chars().all(char::is_alphabetic)) {
                return None;
            }
            if of(next) {
                if let Some(&(v2, WordKind::Vague)) = toks.get(next + 1).and_then(|t| self.words.get(t.lower.as_ref())) {
                    value *= v2 / 2.0;
                    next += 2;
                }
            }
            return Some(Number { value, next, unit: None, vague: Some(first.lower.to_string()), digits: false, scaled: true, scale: 1.0 });
        }
        // A compound number word: "einundzwanzig", "zweihundert", "dreitausend".
        let compound = if self.compound_numbers && !self.words.contains_key(first.lower.as_ref()) { self.compound_value(first.lower.as_ref()) } else { None };
        if let Some(value) = compound {
            let mut next = i + 1;
            let mut unit = None;
            if let Some((u, after)) = self.hyphen_unit(toks, next) {
                unit = Some(u);
                next = after;
            }
            return Some(Number { value, next, unit, vague: None, digits: false, scaled: false, scale: 1.0 });
        }
        // The words from `i` on, glued hyphens skipped: "two-and-a-half" reads two, and, a, half.
        // Number phrases are short: twelve words are enough for "two hundred and fifty-one thousand".
        let mut seq = vec![i];
        let mut k = i + 1;
        while k < toks.len() && seq.len() < 12 {
            if is_hyphen(&toks[k]) && toks[k].glued && toks.get(k + 1).is_some_and(|n| n.glued) {
                k += 1;
            }
            seq.push(k);
            k += 1;
        }
        let kind_at = |pos: usize| seq.get(pos).and_then(|&t| self.words.get(toks[t].lower.as_ref())).map(|&(_, kind)| kind);
        let (mut total, mut group, mut scale) = (0.0, 0.0, 1.0);
        let mut any = false;
        let mut end = i;
        let mut pos = 0;
        while let Some(&t) = seq.get(pos) {
            let word = toks[t].lower.as_ref();
            match self.words.get(word).copied() {
                Some((v, WordKind::Plain)) => group += v,
                Some((v, WordKind::Hundred | WordKind::Dozen)) => group = if group == 0.0 { v } else { group * v },
                // A scale needs a number or "a" before it: "billion" alone is not a figure.
                Some((v, WordKind::Scale)) if any || pos > 0 => {
                    total += if group == 0.0 { v } else { group * v };
                    group = 0.0;
                    scale = v;
                }
                Some((v, WordKind::Fraction)) if any => group += v,
                _ if matches!(word, "a" | "an") => {
                    // "a dozen", "a hundred", "a million", "and a half".
                    match kind_at(pos + 1) {
                        Some(WordKind::Hundred | WordKind::Scale | WordKind::Dozen) => {}
                        Some(WordKind::Fraction) if any => {}
                        _ => break,
                    }
                    pos += 1;
                    continue;
                }
                _ if word == "and" && any => {
                    if !(kind_at(pos + 1).is_some() || seq.get(pos + 1).is_some_and(|&n| matches!(toks[n].lower.as_ref(), "a" | "an"))) {
                        break;
                    }
                    pos += 1;
                    continue;
                }
                _ => break,
            }
            any = true;
            end = t + 1;
            pos += 1;
        }
        if !any {
            return None;
        }
        let mut next = end;
        let mut unit = None;
        if let Some((u, after)) = self.hyphen_unit(toks, next) {
            unit = Some(u);
            next = after;
        }
        Some(Number { value: total + group, next, unit, vague: None, digits: false, scaled: scale > 1.0, scale })
    }

    /// The value of a number written as one word made of number words, German style
    /// ("einundzwanzig" = ein + und + zwanzig, "zweihundertfünfzig"), read greedily from the left.
    fn compound_value(&self, word: &str) -> Option<f64> {
        let (mut total, mut group) = (0.0, 0.0);
        let mut rest = word;
        let mut parts = 0;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("und") {
                rest = after;
                continue;
            }
            let (len, value, kind) = self
                .words
                .iter()
                .filter(|(w, (_, kind))| rest.starts_with(w.as_str()) && w.chars().count() >= 3 && *kind != WordKind::Vague)
                .map(|(w, &(v, k))| (w.len(), v, k))
                .max_by_key(|&(len, _, _)| len)?;
            match kind {
                WordKind::Hundred => group = if group == 0.0 { value } else { group * value },
                WordKind::Scale => {
                    total += if group == 0.0 { value } else { group * value };
                    group = 0.0;
                }
                _ => group += value,
            }
            rest = &rest[len..];
            parts += 1;
        }
        (parts >= 2).then_some(total + group)
    }

    /// The counted noun after the number: the first word that is not a modifier (an adjective
    /// by its ending or from `modifiers.txt`, or a capitalised name), at most four words on;
    /// none when a function word, punctuation or a number comes first.
    fn counted_at(&self, toks: &[Tok], mut i: usize, after_quantity: bool, after_unit: bool) -> Option<(String, usize)> {
        // "dozens of drones", "1.5 million of the": skip "of" after vague and scaled numbers.
        if after_quantity && toks.get(i).is_some_and(|t| matches!(t.lower.as_ref(), "of" | "de" | "von")) {
            i += 1;
        }
        let lexicon = self.lexicon;
        for k in i..(i + 4).min(toks.len()) {
            let t = &toks[k];
            let word = t.text.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’');
            if !word
                || lexicon.stopwords.contains(t.lower.as_ref())
                || lexicon.months.contains(t.lower.as_ref())
                || lexicon.non_figures.contains(t.lower.as_ref())
                || self.words.contains_key(t.lower.as_ref())
                || lexicon.units.contains_key(t.lower.as_ref())
            {
                return None;
            }
            // Adverbs ("respectively", "yearly") end the phrase.
            if t.lower.ends_with("ly") && t.lower.chars().count() > 4 {
                return None;
            }
            // "US-led", "long-range": a hyphenated modifier; look past it.
            if toks.get(k + 1).is_some_and(|n| is_hyphen(n) && n.glued) {
                continue;
            }
            let capitalised = t.text.starts_with(char::is_uppercase) && !self.capitalised_nouns;
            // A modifier only when a word follows it: "working days" but "a 40-minute meeting,".
            let word_follows = toks.get(k + 1).is_some_and(|n| n.text.chars().all(char::is_alphabetic) && !lexicon.stopwords.contains(n.lower.as_ref()));
            if capitalised || (word_follows && is_modifier(t.lower.as_ref(), &lexicon.modifiers)) {
                continue;
            }
            if toks.get(k.wrapping_sub(1)).is_some_and(|h| is_hyphen(h) && t.glued) && k > i {
                continue;
            }
            // Singular nouns before a plural one modify it: "auto companies", "space shuttle
            // orbiters" (not after a hyphenated unit: "a 12-point plan calls for").
            let plain_noun = |n: &Tok| {
                n.text.chars().all(char::is_lowercase)
                    && !lexicon.stopwords.contains(n.lower.as_ref())
                    && !self.words.contains_key(n.lower.as_ref())
                    && !lexicon.units.contains_key(n.lower.as_ref())
                    && !n.lower.ends_with("ly")
            };
            let mut head = k;
            if !t.lower.ends_with('s') && !after_unit {
                for ahead in 1..=2 {
                    let Some(n) = toks.get(k + ahead).filter(|n| plain_noun(n)) else { break };
                    if n.lower.ends_with('s') {
                        head = k + ahead;
                        break;
                    }
                }
            }
            return Some((toks[head].lower.trim_end_matches(['\'', '’']).to_string(), head));
        }
        None
    }

    /// Dates, times, years, ordinals, phone numbers, names and list numbering.
    fn is_excluded(&self, toks: &[Tok], start: usize, number_start: usize, number: &Number, currency: bool, approximate: bool) -> bool {
        let lexicon = self.lexicon;
        let t = &toks[number_start];
        let next = toks.get(number.next);
        let prev = start.checked_sub(1).and_then(|p| toks.get(p));
        // Next to a month name: a date.
        let month_near = |k: Option<&Tok>| k.is_some_and(|k| lexicon.months.contains(k.lower.trim_end_matches('.')) && k.text.starts_with(char::is_uppercase));
        if !currency && (month_near(prev) || month_near(toks.get(number_start + 1)) || month_near(toks.get(number_start + 2).filter(|_| toks.get(number_start + 1).is_some_and(|o| o.lower == "of")))) {
            return true;
        }
        // Clock times and time zones: "15:11", "3 p.m.", "10 GMT".
        if toks.get(number_start + 1).is_some_and(|n| n.glued && matches!(n.text, ":" | "/")) || prev.is_some_and(|p| matches!(p.text, ":" | "/") && t.glued) {
            return true;
        }
        if next.is_some_and(|n| lexicon.non_figures.contains(n.lower.as_ref())) && number.unit.is_none() {
            return true;
        }
        if number.digits {
            let plain = t.text.bytes().all(|b| b.is_ascii_digit());
            // Years.
            if plain && t.text.len() == 4 && !currency && number.unit.is_none() && !number.scaled {
                if let Ok(year) = t.text.parse::<u32>() {
                    if (1800..=2100).contains(&year) {
                        return true;
                    }
                }
            }
            // Abbreviated years: "'11".
            if prev.is_some_and(|p| matches!(p.text, "'" | "’") && t.glued) {
                return true;
            }
            // Codes with leading zeros: "001", "007".
            if plain && t.text.len() > 1 && t.text.starts_with('0') {
                return true;
            }
            // Dotted dates "21.07.2017", phone numbers "555-123-4567", "+44 20…".
            if is_dotted_date(t.text) || prev.is_some_and(|p| p.text == "+" && t.glued) {
                return true;
            }
            if toks.get(number_start + 1).is_some_and(|h| is_hyphen(h) && h.glued)
                && toks.get(number_start + 2).is_some_and(|d| d.glued && d.text.starts_with(|c: char| c.is_ascii_digit()))
                && toks.get(number_start + 3).is_some_and(|h| is_hyphen(h) && h.glued)
            {
                return true;
            }
            // Ordinals written with a period (German, Polish, Czech…): "am 3. Oktober", "der 3. Platz".
            if self.ordinal_period
                && toks.get(number_start + 1).is_some_and(|d| d.text == "." && d.glued)
                && toks.get(number_start + 2).is_some_and(|w| w.text.starts_with(char::is_lowercase) || lexicon.months.contains(w.lower.as_ref()) || self.capitalised_nouns)
            {
                return true;
            }
            // List numbering: "1." or "2)" opening the sentence.
            if number_start == 0 && toks.get(1).is_some_and(|n| matches!(n.text, "." | ")")) {
                return true;
            }
        } else if start > 0 && number_start == start && t.text.starts_with(char::is_uppercase) {
            // A capitalised number word inside a sentence is a name: "the Big Three", "Ford Five Hundred".
            return true;
        } else if number.value < 20.0 && number.unit.is_none() && prev.is_some_and(|p| matches!(p.lower.as_ref(), "the" | "these" | "those" | "both")) {
            // "the two companies": a definite reference to things already named, not a count.
            return true;
        } else if number.value == 1.0 && number.unit.is_none() && !number.scaled && !currency && !approximate {
            // "one", "un", "ein" alone: a pronoun or an article.
            if self.unit_at(toks, number.next).is_none() {
                return true;
            }
        }
        if currency || approximate {
            return false;
        }
        if number.digits && number.unit.is_none() && !number.scaled && self.name_numbers.contains(t.text) {
            return true;
        }
        // Inside a name: "COVID-19", "Boeing 737", "Article 5", "No. 10", "#3".
        if let Some(p) = prev {
            if is_hyphen(p) && t.glued && start >= 1 && toks.get(start.wrapping_sub(2)).is_some_and(|w| w.glued || p.glued) {
                let word_before = toks.get(start.wrapping_sub(2)).map_or("", |w| w.lower.as_ref());
                if !self.words.contains_key(word_before) {
                    return true;
                }
            }
            if matches!(p.text, "#" | "№") || matches!(p.lower.as_ref(), "no." | "nr." | "number" | "no") {
                return true;
            }
            // "Boeing 737", "iPhone 4": a word with a capital that is not a function word.
            let capitalised = p.text.chars().any(char::is_uppercase) && is_name_word(p.text);
            // A capitalised word that is not a function word ("Then 40 people") makes the
            // number part of a name.
            if capitalised && number.digits && !lexicon.stopwords.contains(p.lower.as_ref()) && !lexicon.months.contains(p.lower.as_ref()) {
                return true;
            }
        }
        false
    }
}

/// An adjective-like word before a counted noun: listed, or with an adjective ending.
fn is_modifier(word: &str, listed: &HashSet<String>) -> bool {
    const ENDINGS: &[&str] = &["al", "ian", "ese", "ish", "ic", "ive", "ous", "ful", "ary", "ern", "ed", "ing", "less", "able", "ible"];
    listed.contains(word) || (word.chars().count() > 4 && ENDINGS.iter().any(|e| word.ends_with(e)))
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₽' | '₴' | '₹')
}

/// A word that can be part of a name: letters and digits, possibly with an apostrophe ("Poor's").
fn is_name_word(word: &str) -> bool {
    word.chars().all(|c| c.is_alphanumeric() || c == '\'' || c == '’')
}

fn is_dotted_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['.', '/']).collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) && parts[0].len() <= 2 && parts[1].len() <= 2
}

/// Parses digits with thousands separators and a decimal mark (see the crate documentation).
fn parse_digits(s: &str, decimal_comma: bool) -> Option<f64> {
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let grouped = |sep: char| {
        let groups: Vec<&str> = s.split(sep).collect();
        groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
    };
    let normalised: String = match (commas, dots) {
        (0, 0) => s.to_string(),
        (_, 0) => {
            if commas > 1 || (!decimal_comma && grouped(',')) {
                s.replace(',', "")
            } else {
                s.replace(',', ".")
            }
        }
        (0, _) => {
            if dots > 1 || (decimal_comma && grouped('.')) {
                s.replace('.', "")
            } else {
                s.to_string()
            }
        }
        _ => {
            // Both: the last one is the decimal mark.
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_comma > last_dot {
                s.replace('.', "").replace(',', ".")
            } else {
                s.replace(',', "")
            }
        }
    };
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Figure {
        one_in(text, "en")
    }

    fn one_in(text: &str, lang: &str) -> Figure {
        let figures = extract(text, &text::sentences(text), lang);
        assert_eq!(figures.len(), 1, "{text}: {figures:?}");
        figures.into_iter().next().unwrap()
    }

    fn none(text: &str) {
        let figures = extract(text, &text::sentences(text), "en");
        assert!(figures.is_empty(), "{text}: {figures:?}");
    }

    #[test]
    fn reads_units_joined_by_hyphens() {
        let f = one("They presented a 12-point plan.");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref()), (12.0, Some("point"), Some("plan")));
        assert_eq!(f.text, "12-point plan");
        let f = one("After a 40-minute meeting, they left.");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref()), (40.0, Some("minute"), Some("meeting")));
        let f = one("It was a two-and-a-half-hour call.");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref()), (2.5, Some("hour"), Some("call")));
        let f = one("There are two weeks left.");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref(), f.text.as_str()), (2.0, Some("week"), None, "two weeks"));
        let f = one("The index fell to -36 points.");
        assert_eq!((f.value, f.text.as_str()), (-36.0, "-36 points"));
        let f = one("The index fell 14 points.");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref()), (14.0, Some("point"), None));
    }

    #[test]
    fn reads_money_and_percent() {
        let f = one("The deal is worth $350 million.");
        assert_eq!((f.value, f.unit.as_deref()), (350_000_000.0, Some("USD")));
        let f = one("It raised €2bn last year.");
        assert_eq!((f.value, f.unit.as_deref()), (2_000_000_000.0, Some("EUR")));
        let f = one("Prices rose 3% in May.");
        assert_eq!((f.value, f.unit.as_deref()), (3.0, Some("%")));
        let f = one("Prices rose 3 percent.");
        assert_eq!((f.value, f.unit.as_deref()), (3.0, Some("%")));
        let f = one("for a US$40 billion contract");
        assert_eq!((f.value, f.unit.as_deref(), f.counted.as_deref()), (40e9, Some("USD"), Some("contract")));
        let f = one("It cost 26 cents.");
        assert_eq!((f.value, f.unit.as_deref()), (0.26, Some("USD")));
    }

    #[test]
    fn reads_approximations_and_ranges() {
        let f = one("They sent more than 1,000 troops.");
        assert_eq!((f.value, f.approximation.as_deref(), f.counted.as_deref()), (1000.0, Some("more than"), Some("troops")));
        assert_eq!(f.text, "more than 1,000 troops");
        let f = one("They launched dozens of drones overnight.");
        assert_eq!((f.value, f.approximation.as_deref(), f.counted.as_deref()), (24.0, Some("dozens"), Some("drones")));
        let f = one("It rose between 10 and 12 points.");
        assert_eq!((f.value, f.value_max, f.unit.as_deref()), (10.0, Some(12.0), Some("point")));
        let f = one("Turnout was 20 to 25 percent.");
        assert_eq!((f.value, f.value_max, f.unit.as_deref()), (20.0, Some(25.0), Some("%")));
        let f = one("It will cost 10 to 12 million dollars.");
        assert_eq!((f.value, f.value_max, f.unit.as_deref()), (10e6, Some(12e6), Some("USD")));
        let text = "Aid rose from $55 billion to $110 billion.";
        let values: Vec<f64> = extract(text, &text::sentences(text), "en").iter().map(|f| f.value).collect();
        assert_eq!(values, vec![55e9, 110e9]);
    }

    #[test]
    fn normalises_number_words() {
        assert_eq!(one("Five people died.").value, 5.0);
        let f = one("There were twenty-one victims.");
        assert_eq!((f.value, f.counted.as_deref()), (21.0, Some("victims")));
        let f = one("About 1.5 million people fled.");
        assert_eq!((f.value, f.approximation.as_deref(), f.counted.as_deref()), (1_500_000.0, Some("about"), Some("people")));
        assert_eq!(one("They bought a dozen eggs.").value, 12.0);
        assert_eq!(one("It fell almost a thousand points.").value, 1000.0);
        assert_eq!(one("It took one hour.").value, 1.0);
        assert_eq!(one("A plan to bail out three large American auto companies failed.").counted.as_deref(), Some("companies"));
        assert_eq!(one("NASA will display four space shuttle orbiters.").counted.as_deref(), Some("orbiters"));
        assert_eq!(one("They hired five visiting professors.").counted.as_deref(), Some("professors"));
        assert_eq!(one("The 12-point plan calls for talks.").counted.as_deref(), Some("plan"));
        let f = one_in("Es gab mehr als fünf Tote.", "de");
        assert_eq!((f.value, f.approximation.as_deref()), (5.0, Some("mehr als")));
        assert_eq!(one_in("Il y a deux mille soldats.", "fr").value, 2000.0);
        assert_eq!(one_in("Murieron cinco personas.", "es").value, 5.0);
        assert_eq!(one_in("Der Umsatz stieg um 3,5 Prozent.", "de").value, 3.5);
        assert_eq!(one_in("Es kostet 1.000.000 Euro.", "de").value, 1_000_000.0);
        let f = one_in("Die Regierung zahlt 1,5 Millionen Euro.", "de");
        assert_eq!((f.value, f.unit.as_deref()), (1_500_000.0, Some("EUR")));
        let f = one_in("Es gab einundzwanzig Projekte.", "de");
        assert_eq!((f.value, f.counted.as_deref()), (21.0, Some("projekte")));
        assert_eq!(one_in("Es waren zweihundertfünfzig.", "de").value, 250.0);
        let f = one_in("Rund 2.000 Menschen demonstrierten am 3. Oktober.", "de");
        assert_eq!((f.value, f.counted.as_deref()), (2000.0, Some("menschen")));
        let f = one_in("L'État a versé 2,5 milliards d'euros.", "fr");
        assert_eq!((f.value, f.unit.as_deref()), (2.5e9, Some("EUR")));
        let f = one_in("Plus de 1 000 soldats sont arrivés.", "fr");
        assert_eq!((f.value, f.approximation.as_deref(), f.counted.as_deref()), (1000.0, Some("plus de"), Some("soldats")));
        let f = one_in("El Gobierno destinó 3.000 millones de dólares.", "es");
        assert_eq!((f.value, f.unit.as_deref()), (3e9, Some("USD")));
    }

    #[test]
    fn skips_dates_times_names_and_numbering() {
        none("On July 21, 2017 they met.");
        none("On 21 July they met.");
        none("In 2015 the war ended.");
        none("The meeting started at 15:11 GMT.");
        none("It starts at 3 p.m. sharp.");
        none("He came 3rd in the race.");
        none("Call 555-123-4567 now.");
        none("The G7 met on COVID-19 rules.");
        none("He flew a Boeing 737 over the sea.");
        none("Article 5 applies.");
        none("1. The first point is this.");
        none("One of them left, and no one stayed.");
        none("The dispute between the two companies ended.");
        none("It happened in the 1990s.");
        none("The iPhone 4 and the 787-8 share a 001 code.");
        none("Ford renamed the Five Hundred, and the Big Three met about the S&P's 500 index and iLife '11.");
    }

    #[test]
    fn never_panics_on_any_slice_of_tricky_text() {
        let tricky = "US$ 1,5 bn–2bn, between 3 and «dozens of» 12-point 2.000,5% twenty-one-and-a-half-hour $ 9:45 787-8 €";
        let bounds: Vec<usize> = tricky.char_indices().map(|(i, _)| i).chain([tricky.len()]).collect();
        for lang in ["en", "de"] {
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let text = &tricky[a..b];
                    for f in extract(text, &text::sentences(text), lang) {
                        assert!(f.span.start < f.span.end && text.get(f.span.start..f.span.end).is_some() && f.value.is_finite(), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn records_spans_and_sentences() {
        let text = "Nothing here. Then 40 people came.";
        let figures = extract(text, &text::sentences(text), "en");
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].sentence, 1);
        assert_eq!(&text[figures[0].span.start..figures[0].span.end], "40 people");
        assert!(extract("", &[], "en").is_empty());
        assert_eq!(extract("3 dogs", &[], "xx").len(), 1);
    }
}
