//! JSON Lines: one article object per line, read line by line.
//!
//! Fields: `text` or `html` (one is required), optional `url`, `title`,
//! `authors` (list or string), `published`, `outlet`, `language`.

use std::io::{BufRead, Read};

use model::PublishedSource;
use serde_json::{Map, Value};

use crate::build::Draft;
use crate::dates::normalize_date;
use crate::{page, plain, Limits, Sink};

/// Reads every line of a JSON Lines stream; line `N` is the source `path#N`.
pub(crate) fn read<R: BufRead>(source: &str, mut reader: R, limits: &Limits, gzip_layers: usize, outcome: &mut Sink<'_>) {
    let mut number = 0usize;
    loop {
        number += 1;
        let line_source = format!("{source}#{number}");
        let mut line = Vec::new();
        let read = Read::take(&mut reader, limits.max_article_bytes + 1).read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                outcome.reject(line_source, crate::read_error(e, gzip_layers));
                break;
            }
        }
        if line.len() as u64 > limits.max_article_bytes && !line.ends_with(b"\n") {
            outcome.reject(line_source, format!("line is above the single-article limit of {} bytes", limits.max_article_bytes));
            if let Err(e) = skip_line(&mut reader) {
                outcome.reject(format!("{source}#{}", number + 1), crate::read_error(e, gzip_layers));
                break;
            }
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_start_matches('\u{FEFF}').trim();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(record)) => match draft(line_source.clone(), &record) {
                Ok(draft) => outcome.push_draft(draft),
                Err(reason) => outcome.reject(line_source, reason),
            },
            Ok(_) => outcome.reject(line_source, "JSON line is not an object"),
            Err(e) => outcome.reject(line_source, format!("malformed JSON line: {e}")),
        }
    }
}

/// Consumes the rest of an over-long line without keeping it.
fn skip_line<R: BufRead>(reader: &mut R) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    }
}

fn string_field(record: &Map<String, Value>, name: &str) -> Option<String> {
    match record.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The draft of one record; explicit fields win over what the HTML says.
fn draft(source: String, record: &Map<String, Value>) -> Result<Draft, String> {
    let url = string_field(record, "url");
    let mut draft = if let Some(text) = string_field(record, "text") {
        Draft { source, paragraphs: plain::paragraphs(&text.lines().collect::<Vec<_>>()), ..Default::default() }
    } else if let Some(html) = string_field(record, "html") {
        page::draft(source, &html, url.as_deref())
    } else {
        return Err("JSON line has neither \"text\" nor \"html\"".to_string());
    };
    if url.is_some() {
        draft.url = url;
    }
    if let Some(title) = string_field(record, "title") {
        draft.title = Some(title);
    }
    let authors: Vec<String> = match record.get("authors").or_else(|| record.get("author")) {
        Some(Value::String(s)) => s.split(';').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        _ => Vec::new(),
    };
    if !authors.is_empty() {
        draft.authors = authors;
    }
    if let Some(date) = string_field(record, "published").and_then(|d| normalize_date(&d)) {
        draft.published = Some((date, PublishedSource::Feed));
    }
    if let Some(outlet) = string_field(record, "outlet") {
        draft.outlet = Some(outlet);
    }
    if let Some(language) = string_field(record, "language") {
        draft.language = Some(language);
    }
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_rejects_bad_lines() {
        let input = concat!(
            "{\"text\": \"The minister resigned.\\n\\nShe left.\", \"url\": \"https://x.org/1\", \"authors\": \"Jane Doe\", \"published\": \"2020-03-03\", \"language\": \"en\"}\n",
            "{not json}\n",
            "\n",
            "[1, 2]\n",
            "{\"html\": \"<p>From <b>HTML</b> text here.</p>\", \"title\": \"T\", \"authors\": [\"A B\", \"C D\"]}\n",
            "{\"title\": \"no body\"}\n",
        );
        let out = crate::collect(|each| read("f.jsonl", input.as_bytes(), &Limits::default(), 0, &mut crate::Sink { each, given: 0 }));
        assert_eq!(out.articles.len(), 2);
        let first = &out.articles[0];
        assert_eq!(first.source, "f.jsonl#1");
        assert_eq!(first.text, "The minister resigned.\n\nShe left.");
        assert_eq!(first.authors, vec!["Jane Doe"]);
        assert_eq!(first.published.as_deref(), Some("2020-03-03"));
        assert_eq!(out.articles[1].source, "f.jsonl#5");
        assert_eq!(out.articles[1].authors, vec!["A B", "C D"]);
        let sources: Vec<&str> = out.rejected.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(sources, vec!["f.jsonl#2", "f.jsonl#4", "f.jsonl#6"]);
    }

    #[test]
    fn over_long_line_is_skipped() {
        let input = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"short one\"}}\n", "x".repeat(500));
        let out = crate::collect(|each| read("f.jsonl", input.as_bytes(), &Limits { max_article_bytes: 100 }, 0, &mut crate::Sink { each, given: 0 }));
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].source, "f.jsonl#1");
        assert_eq!(out.articles.len(), 1);
        assert_eq!(out.articles[0].source, "f.jsonl#2");
    }
}
