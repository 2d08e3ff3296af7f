//! Ranges: "from March 3 to 5", "between 2019 and 2021", "March 3–5", "from Monday until
//! Wednesday".
//!
//! TimeML annotates a range as two TIMEX3, one per end, so the tagger keeps two expressions:
//! the first gets the end's value in `range_end`, the second `ends_range`. This pass runs after
//! every expression is resolved, links neighbours whose gap is a range word, tags a bare day
//! or short year that completes a range ("March 3 to **5**", "**3**–5 March", "2019–**21**"),
//! and makes the two ends agree: a year said once applies to both ends, and an end resolved
//! before its beginning moves forward ("from Friday to Monday").
//!
//! The words are data: lexicon sections `range_open`, `range_to`, `range_block`, `day_suffix`,
//! `counted`.

use chrono::{Datelike, Duration, NaiveDate};
use model::{Span, TimeExpr, TimexType};

use crate::grammar::Lexicon;

/// What resolution knew about an expression that the value alone does not say.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape {
    /// The year was written ("March 3, 2020"), not inferred from the DCT or the tense.
    pub has_year: bool,
    /// A weekday without a month ("on Friday"), resolved from the DCT and the tense.
    pub weekday_only: bool,
    /// The sentence is in the past tense, where a weekday is the last one before the DCT.
    pub past: bool,
}

/// The connector key for a gap made of one dash (a dash cannot be a lexicon key).
const DASH_KEY: &str = "dash";

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‒' | '–' | '—')
}

/// A range connector in `gap` and whether it needs an opening word before the first end.
fn connector(lexicon: &Lexicon, gap: &str) -> Option<bool> {
    // German writes the first day as "3." ("vom 3. bis 5. März").
    let trimmed = gap.trim().strip_prefix('.').unwrap_or(gap.trim()).trim_start();
    if trimmed.is_empty() || trimmed.len() > 12 {
        return None;
    }
    let key = if trimmed.chars().all(is_dash) && trimmed.chars().count() <= 2 { DASH_KEY } else { trimmed };
    match lexicon.lookup("range_to", key)? {
        "open" => Some(true),
        _ => Some(false),
    }
}

/// The last word of `s` (letters or digits) and where it starts.
fn last_word(s: &str) -> Option<(usize, &str)> {
    let trimmed = s.trim_end();
    let start = trimmed.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric()).last()?.0;
    Some((start, &trimmed[start..]))
}

/// True when the word just before `pos` opens a range ("from", "between").
fn opened(lexicon: &Lexicon, text: &str, pos: usize) -> bool {
    last_word(&text[..pos]).is_some_and(|(_, w)| lexicon.lookup("range_open", w).is_some())
}

/// True when the sentence before `pos` says a date changed ("postponed from March 3 to 5").
fn blocked(lexicon: &Lexicon, text: &str, sentence: Span, pos: usize) -> bool {
    let before = text.get(sentence.start.min(pos)..pos).unwrap_or("");
    let words: Vec<&str> = before.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    (0..words.len()).any(|i| {
        lexicon.lookup("range_block", words[i]).is_some()
            || words.get(i + 1).is_some_and(|next| lexicon.lookup("range_block", &format!("{} {next}", words[i])).is_some())
    })
}

/// A day number as written: digits with an optional ordinal suffix; its value if 1–31.
fn day_number(lexicon: &Lexicon, word: &str) -> Option<u32> {
    let digits_end = word.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.len());
    if digits_end == 0 || digits_end > 2 {
        return None;
    }
    let suffix = &word[digits_end..];
    if !suffix.is_empty() && lexicon.lookup("day_suffix", suffix).is_none() {
        return None;
    }
    word[..digits_end].parse().ok().filter(|d| (1..=31).contains(d))
}

/// A written four-digit year.
fn year_word(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

/// `YYYY-MM-DD` (or `XXXX-MM-DD`) split into year (None for `XXXX`), month, day.
fn day_parts(value: &str) -> Option<(Option<i32>, u32, u32)> {
    let b = value.as_bytes();
    if value.len() != 10 || !value.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = if &value[..4] == "XXXX" { None } else { Some(value[..4].parse().ok()?) };
    Some((year, value[5..7].parse().ok()?, value[8..10].parse().ok()?))
}

fn day_value(year: Option<i32>, month: u32, day: u32) -> Option<String> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).map(|d| d.format("%Y-%m-%d").to_string()),
        None => (day <= 31).then(|| format!("XXXX-{month:02}-{day:02}")),
    }
}

/// A value with a month part (`YYYY-MM…`, `XXXX-MM…`) given year `year`.
fn with_year(value: &str, year: i32) -> Option<String> {
    let b = value.as_bytes();
    let month_part = value.len() >= 7 && value.is_ascii() && b[4] == b'-' && b[5].is_ascii_digit() && b[6].is_ascii_digit();
    (month_part && (0..=9999).contains(&year)).then(|| format!("{year:04}{}", &value[4..]))
}

/// The first day of a value's period when it is a calendar day, month or year.
fn start_of(value: &str) -> Option<NaiveDate> {
    let b = value.as_bytes();
    let num = |r: std::ops::Range<usize>| value.get(r).and_then(|s| s.parse::<u32>().ok());
    if !value.is_ascii() {
        return None;
    }
    match value.len() {
        4 => NaiveDate::from_ymd_opt(value.parse().ok()?, 1, 1),
        7 if b[4] == b'-' => NaiveDate::from_ymd_opt(value[..4].parse().ok()?, num(5..7)?, 1),
        10 if b[4] == b'-' && b[7] == b'-' => NaiveDate::from_ymd_opt(value[..4].parse().ok()?, num(5..7)?, num(8..10)?),
        _ => None,
    }
}

fn is_datelike(t: &TimeExpr) -> bool {
    matches!(t.kind, TimexType::Date | TimexType::Time) && !t.value.ends_with("_REF")
}

/// A new expression for a bare day or year that completes a range.
fn bare(text: &str, span: Span, value: String, sentence: usize) -> TimeExpr {
    TimeExpr {
        span,
        text: text[span.start..span.end].to_string(),
        kind: TimexType::Date,
        value,
        modifier: None,
        quant: None,
        freq: None,
        sentence,
        range_end: None,
        ends_range: false,
    }
}

/// The word after a bare number that makes it something other than a day: "3 to 5 p.m.",
/// "3 to 5 percent", "3 to 5 days", "3 to 5.5".
fn counts_something(lexicon: &Lexicon, after: &str) -> bool {
    let rest = after.trim_start();
    let b = rest.as_bytes();
    if rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '%' | ':')) || (b.len() >= 2 && matches!(b[0], b'.' | b',') && b[1].is_ascii_digit()) {
        return true;
    }
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
    !word.is_empty() && ["ampm", "unit", "unit_plural", "timezone", "number", "counted"].iter().any(|s| lexicon.lookup(s, &word).is_some())
}

/// The bare day or short year after `first` that ends a range with it ("March 3 to 5",
/// "3–5 March 2020" read forward, "2019–21"); the new expression and the year written after it.
///
/// The day must lie before `limit` (the next expression); a year after it may reach up to
/// `year_limit` (the end of the sentence), taking in a year expression already found there.
fn bare_end(lexicon: &Lexicon, text: &str, first: &TimeExpr, limit: usize, year_limit: usize) -> Option<(TimeExpr, Option<i32>)> {
    let after = text.get(first.span.end..limit)?;
    // The connector: a dash or one word.
    let lead = after.len() - after.trim_start().len();
    let rest = &after[lead..];
    let connector_len = if rest.starts_with(is_dash) {
        rest.chars().take_while(|c| is_dash(*c)).map(char::len_utf8).sum()
    } else {
        rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len())
    };
    let needs_open = connector(lexicon, &rest[..connector_len])?;
    if needs_open && !opened(lexicon, text, first.span.start) {
        return None;
    }
    let tail = &rest[connector_len..];
    let word_start = first.span.end + lead + connector_len + (tail.len() - tail.trim_start().len());
    let word_len = text[word_start..limit].find(|c: char| !c.is_alphanumeric()).unwrap_or(limit - word_start);
    if word_len == 0 {
        return None;
    }
    let word = &text[word_start..word_start + word_len];
    let end = word_start + word_len;
    if counts_something(lexicon, &text[end..limit]) {
        return None;
    }
    // Short year: "2019–21".
    if first.value.len() == 4 && word.len() == 2 && word.bytes().all(|b| b.is_ascii_digit()) {
        let begin: i32 = first.value.parse().ok()?;
        let year = begin / 100 * 100 + word.parse::<i32>().ok()?;
        return (year > begin).then(|| (bare(text, Span::new(word_start, end), format!("{year:04}"), first.sentence), None));
    }
    let (year, month, first_day) = day_parts(&first.value)?;
    let day = day_number(lexicon, word).filter(|d| *d > first_day)?;
    // An optional year after the day: "March 3 to 5, 2020".
    let year_after = {
        let s = &text[end..year_limit.max(end)];
        let skip = s.len() - s.trim_start_matches([',', ' ']).len();
        let w_len = s[skip..].find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len() - skip);
        year_word(&s[skip..skip + w_len]).map(|y| (y, end + skip + w_len))
    };
    let (value_year, span_end) = match year_after {
        Some((y, e)) => (Some(y), e),
        None => (year, end),
    };
    let value = day_value(value_year, month, day)?;
    Some((bare(text, Span::new(word_start, span_end), value, first.sentence), year_after.map(|(y, _)| y)))
}

/// The bare day before `last` that begins a range with it ("3 to 5 March", "3–5 March").
fn bare_begin(lexicon: &Lexicon, text: &str, last: &TimeExpr, floor: usize) -> Option<TimeExpr> {
    if !last.text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (year, month, last_day) = day_parts(&last.value)?;
    let before = text.get(floor..last.span.start)?;
    let trimmed = before.trim_end();
    let (connector_start, needs_open) = if trimmed.ends_with(is_dash) {
        let start = trimmed.trim_end_matches(is_dash).len();
        (start, connector(lexicon, &trimmed[start..])?)
    } else {
        let (start, word) = last_word(trimmed)?;
        (start, connector(lexicon, word)?)
    };
    let head = trimmed[..connector_start].trim_end();
    // German writes "3." for the third.
    let head = head.strip_suffix('.').unwrap_or(head);
    let (word_start, word) = last_word(head)?;
    let day = day_number(lexicon, word).filter(|d| *d < last_day)?;
    let (start, end) = (floor + word_start, floor + word_start + word.len());
    if needs_open && !opened(lexicon, text, start) {
        return None;
    }
    Some(bare(text, Span::new(start, end), day_value(year, month, day)?, last.sentence))
}

/// Makes the two ends agree; false when they cannot form a range.
fn reconcile(first: &mut TimeExpr, second: &mut TimeExpr, shapes: (Shape, Shape)) -> bool {
    let (a, b) = shapes;
    // A year written once applies to both ends: "from March 3 to March 5, 2020".
    if !a.has_year && b.has_year {
        if let Some(year) = second.value.get(..4).and_then(|y| y.parse::<i32>().ok()) {
            if let Some(v) = with_year(&first.value, year) {
                first.value = v;
            }
        }
    } else if a.has_year && !b.has_year && second.value.starts_with("XXXX") {
        if let Some(year) = first.value.get(..4).and_then(|y| y.parse::<i32>().ok()) {
            if let Some(v) = with_year(&second.value, year) {
                second.value = v;
            }
        }
    }
    let (Some(begin), Some(end)) = (start_of(&first.value), start_of(&second.value)) else {
        // Unresolved (X placeholders) or not a calendar period: linked as written.
        return true;
    };
    if end >= begin {
        return true;
    }
    // The end was resolved before the beginning: move whichever end was not written in full.
    // Two weekdays in the past ("from Monday to Friday" said on a Thursday): the beginning
    // moves back a week, the end stays the last such day.
    if a.weekday_only && b.weekday_only && a.past && first.value.len() >= 10 {
        if let Some(d) = begin.checked_sub_signed(Duration::try_weeks(1).unwrap_or_default()).filter(|d| *d <= end) {
            first.value = format!("{}{}", d.format("%Y-%m-%d"), &first.value[10..]);
            return true;
        }
    }
    if !b.has_year && b.weekday_only && second.value.len() >= 10 {
        let moved = (1..=2).filter_map(|w| end.checked_add_signed(Duration::try_weeks(w)?)).find(|d| *d >= begin);
        if let Some(d) = moved {
            second.value = format!("{}{}", d.format("%Y-%m-%d"), &second.value[10..]);
            return true;
        }
        return false;
    }
    if !b.has_year && second.value.len() >= 7 {
        if let Some(v) = with_year(&second.value, end.year() + 1).filter(|v| start_of(v).is_some_and(|d| d >= begin)) {
            second.value = v;
            return true;
        }
    }
    if !a.has_year && first.value.len() >= 7 {
        if let Some(v) = with_year(&first.value, begin.year() - 1).filter(|v| start_of(v).is_some_and(|d| d <= end)) {
            first.value = v;
            return true;
        }
    }
    false
}

/// Links ranges among `times` (in text order, with their shapes), adding the bare days and
/// years that complete them.
pub(crate) fn link(lexicon: &Lexicon, text: &str, sentences: &[Span], times: Vec<TimeExpr>, shapes: Vec<Shape>) -> Vec<TimeExpr> {
    // (expression, shape, added here as a bare end)
    let mut items: Vec<(TimeExpr, Shape, bool)> = times.into_iter().zip(shapes).map(|(t, s)| (t, s, false)).collect();
    let sentence_span = |i: usize| sentences.get(i).copied().unwrap_or(Span::new(0, text.len()));
    // Bare ends first, so that the pairing below sees them as neighbours.
    let mut added: Vec<(usize, TimeExpr, Shape)> = Vec::new();
    let mut taken_until = 0;
    let mut swallowed: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        let (t, shape) = (&items[i].0, items[i].1);
        if !is_datelike(t) || t.value.contains('T') || swallowed.contains(&i) {
            continue;
        }
        let sentence = sentence_span(t.sentence);
        let sentence_end = sentence.end.max(t.span.end).min(text.len());
        let next_start = items.get(i + 1).map_or(text.len(), |(n, _, _)| n.span.start).min(sentence_end);
        if let Some((end, year_after)) = bare_end(lexicon, text, t, next_start, sentence_end) {
            if !blocked(lexicon, text, sentence, t.span.start) {
                taken_until = end.span.end;
                // "March 3–5, 2019": the year found on its own becomes part of the end.
                if items.get(i + 1).is_some_and(|(n, _, _)| n.span.start < end.span.end) {
                    swallowed.push(i + 1);
                }
                added.push((i + 1, end, Shape { has_year: year_after.is_some() || shape.has_year, ..Shape::default() }));
                continue;
            }
        }
        let prev_end = if i == 0 { 0 } else { items[i - 1].0.span.end };
        let floor = prev_end.max(taken_until).max(sentence.start.min(t.span.start));
        if let Some(begin) = bare_begin(lexicon, text, t, floor) {
            if !blocked(lexicon, text, sentence, begin.span.start) {
                added.push((i, begin, Shape { has_year: shape.has_year, ..Shape::default() }));
            }
        }
    }
    for (at, t, shape) in added.into_iter().rev() {
        if swallowed.contains(&at) {
            items.remove(at);
        }
        items.insert(at, (t, shape, true));
    }
    let mut i = 0;
    while i + 1 < items.len() {
        let (left, right) = items.split_at_mut(i + 1);
        let (first, a, _) = &mut left[i];
        let (second, b, _) = &mut right[0];
        let linkable = first.sentence == second.sentence && is_datelike(first) && is_datelike(second) && first.span.end <= second.span.start;
        let needs_open = if linkable { text.get(first.span.end..second.span.start).and_then(|gap| connector(lexicon, gap)) } else { None };
        let ok = needs_open.is_some_and(|needs| !needs || opened(lexicon, text, first.span.start))
            && !blocked(lexicon, text, sentence_span(first.sentence), first.span.start);
        if ok {
            let (mut f, mut s) = (first.clone(), second.clone());
            if reconcile(&mut f, &mut s, (*a, *b)) {
                f.range_end = Some(s.value.clone());
                s.ends_range = true;
                *first = f;
                *second = s;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    // A bare day that did not end up in a range is not an expression.
    items.into_iter().filter(|(t, _, bare)| !bare || t.range_end.is_some() || t.ends_range).map(|(t, _, _)| t).collect()
}
