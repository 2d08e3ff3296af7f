//! Plain-text articles: a headline-like first line becomes the title, header
//! lines (date, byline, source, URL) become metadata, the rest is the body.

use model::PublishedSource;
use once_cell::sync::Lazy;
use regex::Regex;

use crate::build::Draft;
use crate::dates::{dateline, normalize_date, Placement};

/// How many lines at the top may hold the title and header lines.
const HEADER_WINDOW: usize = 12;

/// Splits a plain-text document into metadata and paragraphs.
pub fn parse(source: &str, text: &str) -> Draft {
    let mut draft = Draft { source: source.to_string(), ..Default::default() };
    let lines: Vec<&str> = text.lines().collect();
    let mut body_start = 0;
    let mut seen_nonblank = 0;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            body_start = i + 1;
            continue;
        }
        if seen_nonblank >= HEADER_WINDOW {
            break;
        }
        seen_nonblank += 1;
        if take_header_line(line, &mut draft) {
            body_start = i + 1;
            continue;
        }
        if draft.title.is_none() && is_headline(line) && has_body_after(&lines[i + 1..]) {
            draft.title = Some(line.to_string());
            body_start = i + 1;
            continue;
        }
        break;
    }
    draft.paragraphs = paragraphs(&lines[body_start.min(lines.len())..]);
    if draft.published.is_none() {
        // A wire dateline leading the body: "PARIS, March 3, 2020 (Reuters) - …".
        draft.published = draft.paragraphs.first().and_then(|p| dateline(p, Placement::Lead)).map(|d| (d.value, PublishedSource::Text));
    }
    draft
}

static BYLINE: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^(?:by|written by|author|authors|von|par|por|di|door)\s*:?\s+(.+)$").expect("valid regex"));
static LABELLED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(source|outlet|publisher|publication|url|link|title|headline|language|lang|published|posted|updated|date|dated)\s*:\s*(.*)$")
        .expect("valid regex")
});
static BARE_URL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:https?://|www\.)\S+$").expect("valid regex"));

/// Takes a header line into the draft; false when the line is not one.
fn take_header_line(line: &str, draft: &mut Draft) -> bool {
    if BARE_URL.is_match(line) {
        if draft.url.is_none() {
            draft.url = Some(line.to_string());
        }
        return true;
    }
    if let Some(c) = LABELLED.captures(line) {
        let value = c.get(2).map_or("", |m| m.as_str()).trim();
        let label = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        match label.as_str() {
            "source" | "outlet" | "publisher" | "publication" => draft.outlet = Some(value.to_string()),
            "url" | "link" => draft.url = Some(value.to_string()),
            "title" | "headline" => draft.title = Some(value.to_string()),
            "language" | "lang" => draft.language = Some(value.to_string()),
            _ => {
                // A labelled date we cannot read is still a header line, not text.
                if let Some(date) = normalize_date(value) {
                    if draft.published.is_none() {
                        draft.published = Some((date, PublishedSource::Text));
                    }
                }
            }
        }
        return true;
    }
    if line.chars().count() <= 60 {
        if let Some(c) = BYLINE.captures(line) {
            let names = split_authors(c.get(1).map_or("", |m| m.as_str()));
            if !names.is_empty() {
                draft.authors.extend(names);
                return true;
            }
        }
    }
    // A short line that is a date, not a short sentence that starts with one.
    if line.chars().count() <= 60 && !line.ends_with(['.', '!', '?']) {
        if let Some(date) = normalize_date(line) {
            if draft.published.is_none() {
                draft.published = Some((date, PublishedSource::Text));
            }
            return true;
        }
    }
    false
}

/// "Jane Doe and John Roe, Reuters" → ["Jane Doe", "John Roe"]: names are words
/// that start with a capital; the trailing agency or role after a comma goes.
fn split_authors(list: &str) -> Vec<String> {
    let mut names = Vec::new();
    let main = list.split(['|', '—', '–']).next().unwrap_or(list);
    for part in main.split(',').flat_map(|p| p.split(" and ")).flat_map(|p| p.split(" & ")) {
        let name = part.trim().trim_end_matches('.');
        let words: Vec<&str> = name.split_whitespace().collect();
        let looks_like_name = (2..=4).contains(&words.len())
            && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(*w, "de" | "van" | "von" | "da" | "del" | "bin" | "al"));
        if looks_like_name {
            names.push(name.to_string());
        }
    }
    names
}

/// A line that reads as a headline: short, no final full stop, not a quote of speech.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let chars = line.chars().count();
    (2..=25).contains(&words)
        && chars <= 200
        && !line.ends_with(['.', ',', ';', ':'])
        && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_alphabetic())
}

/// Whether enough text follows for the line before to be a title rather than the article.
fn has_body_after(rest: &[&str]) -> bool {
    rest.iter().map(|l| l.split_whitespace().count()).sum::<usize>() >= 5
}

/// Paragraphs: blank-line separated blocks, their lines kept as they are so that
/// `text::normalize` joins hard-wrapped lines and mends words hyphenated across them.
pub(crate) fn paragraphs(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let blank_separated = lines.iter().any(|l| l.trim().is_empty());
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        if !blank_separated {
            // One paragraph per line when the text never uses blank lines.
            out.push(line.to_string());
            continue;
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_become_metadata() {
        let text = "Minister resigns after protests\nTue, 03 Mar 2020 08:15:00 +0100\nBy Jane Doe and John Roe, Reuters\nSource: Example News\nhttps://example.org/news/1\n\nThe minister resigned on Tuesday after\nweeks of protests.\n\nShe said: \"I am leaving.\"\n";
        let d = parse("a.txt", text);
        assert_eq!(d.title.as_deref(), Some("Minister resigns after protests"));
        assert_eq!(d.published, Some(("2020-03-03T08:15:00+01:00".to_string(), PublishedSource::Text)));
        assert_eq!(d.authors, vec!["Jane Doe", "John Roe"]);
        assert_eq!(d.outlet.as_deref(), Some("Example News"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/news/1"));
        assert_eq!(d.paragraphs, vec!["The minister resigned on Tuesday after\nweeks of protests.", "She said: \"I am leaving.\""]);
    }

    #[test]
    fn datelines_in_header_lines_and_leading_the_body() {
        let d = parse("a.txt", "Three killed in Athens\n7:00pm UK, Wednesday 05 May 2010\n\nThree people have died after rioters set fire to a bank.");
        assert_eq!(d.published, Some(("2010-05-05T19:00:00+01:00".to_string(), PublishedSource::Text)));
        assert_eq!(d.paragraphs, vec!["Three people have died after rioters set fire to a bank."]);
        let d = parse("a.txt", "Talks resume\nPublished: 12.05.2021 10:15\n\nThe talks resumed on Wednesday.");
        assert_eq!(d.published, Some(("2021-05-12".to_string(), PublishedSource::Text)));
        let d = parse("a.txt", "Talks resume\n\nPARIS, March 3, 2020 (Reuters) - The talks resumed on Tuesday.\n\nMore text.");
        assert_eq!(d.published, Some(("2020-03-03".to_string(), PublishedSource::Text)));
        assert_eq!(d.paragraphs.len(), 2);
        let d = parse("a.txt", "Talks resume\n\nOn March 3, 2020 the talks resumed.");
        assert_eq!(d.published, None);
    }

    #[test]
    fn a_sentence_first_line_is_body() {
        let d = parse("a.txt", "The minister resigned on Tuesday.\nShe left at noon.");
        assert_eq!(d.title, None);
        assert_eq!(d.paragraphs.len(), 2);
    }

    #[test]
    fn keeps_wrapped_lines_and_ignores_unreadable_dates() {
        let d = parse("a.txt", "Published: sometime\n\nThe govern-\nment met.\n\nAgain.");
        assert_eq!(d.published, None);
        assert_eq!(d.paragraphs, vec!["The govern-\nment met.", "Again."]);
        let article = crate::build::finish(d).expect("article");
        assert_eq!(article.text, "The government met.\n\nAgain.");
    }
}
