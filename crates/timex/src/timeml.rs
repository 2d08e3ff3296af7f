//! TimeML in and out: the `triangulate timex` command's engine.

use std::fmt::Write as _;

use chrono::NaiveDate;
use model::TimeExpr;

use crate::Tagger;

/// Why a document could not be annotated.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimexError {
    /// No resource files for this language.
    #[error("unsupported language `{0}` for temporal tagging (supported: {1})")]
    UnsupportedLanguage(String, String),
    /// The input looks like TimeML but its structure is broken.
    #[error("malformed TimeML: {0}")]
    Malformed(String),
    /// The document creation time in `<DCT>` is not a date.
    #[error("DCT value `{0}` is not a date (expected YYYY-MM-DD or YYYYMMDD); pass --dct to override")]
    InvalidDct(String),
}

/// Reads `YYYY-MM-DD…` or `YYYYMMDD…`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok().or_else(|| {
        let digits: String = s.chars().take(8).collect();
        NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("{name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn open_tag(t: &TimeExpr, tid: usize) -> String {
    let kind = match t.kind {
        model::TimexType::Date => "DATE",
        model::TimexType::Time => "TIME",
        model::TimexType::Duration => "DURATION",
        model::TimexType::Set => "SET",
    };
    let mut tag = format!("<TIMEX3 tid=\"t{tid}\" type=\"{kind}\" value=\"{}\"", escape(&t.value));
    for (name, v) in [("mod", &t.modifier), ("quant", &t.quant), ("freq", &t.freq)] {
        if let Some(v) = v {
            let _ = write!(tag, " {name}=\"{}\"", escape(v));
        }
    }
    tag.push('>');
    tag
}

fn dct_element(dct: NaiveDate) -> String {
    let v = dct.format("%Y-%m-%d");
    format!("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{v}\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">{v}</TIMEX3></DCT>")
}

/// The plain text under markup, with each plain byte's (start, end) in the markup.
struct Projection {
    plain: String,
    origin: Vec<(usize, usize)>,
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';').filter(|&e| e <= 10)?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = name.strip_prefix("#x").map(|h| u32::from_str_radix(h, 16)).or_else(|| name.strip_prefix('#').map(|d| d.parse::<u32>()))?.ok()?;
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Strips tags and decodes entities of `markup`.
fn project(markup: &str) -> Projection {
    let mut plain = String::with_capacity(markup.len());
    let mut origin = Vec::with_capacity(markup.len());
    let mut i = 0;
    while i < markup.len() {
        let rest = &markup[i..];
        if rest.starts_with('<') {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let (c, len) = if rest.starts_with('&') { decode_entity(rest).unwrap_or(('&', 1)) } else { (rest.chars().next().unwrap_or(' '), rest.chars().next().map_or(1, char::len_utf8)) };
        plain.push(c);
        for _ in 0..c.len_utf8() {
            origin.push((i, i + len));
        }
        i += len;
    }
    Projection { plain, origin }
}

/// True when the tags in `markup` are balanced, ignoring TIMEX3 tags (which are replaced).
fn balanced(markup: &str) -> bool {
    let mut depth = 0i32;
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { return false };
        let tag = &rest[open..open + close + 1];
        rest = &rest[open + close + 1..];
        if tag.starts_with("<TIMEX3") || tag.starts_with("</TIMEX3") || tag.ends_with("/>") || tag.starts_with("<?") || tag.starts_with("<!") {
            continue;
        }
        depth += if tag.starts_with("</") { -1 } else { 1 };
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// Re-emits `markup` with its old TIMEX3 tags removed and `times` (plain-text spans) inserted.
fn insert_timexes(markup: &str, proj: &Projection, times: &[TimeExpr], first_tid: usize) -> String {
    let mut inserts: Vec<(usize, u8, String)> = Vec::new();
    let mut tid = first_tid;
    for t in times {
        let (Some(&(start, _)), Some(&(_, end))) = (proj.origin.get(t.span.start), t.span.end.checked_sub(1).and_then(|e| proj.origin.get(e))) else { continue };
        if !balanced(&markup[start..end]) {
            continue;
        }
        // Closing tags sort before opening ones at the same offset.
        inserts.push((start, 1, open_tag(t, tid)));
        inserts.push((end, 0, "</TIMEX3>".to_string()));
        tid += 1;
    }
    inserts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out = String::with_capacity(markup.len() + inserts.len() * 48);
    let mut pos = 0;
    // Insert points are text positions, never inside a tag, so cutting there is safe.
    for (at, _, tag) in &inserts {
        out.push_str(&without_timex_tags(&markup[pos..*at]));
        out.push_str(tag);
        pos = *at;
    }
    out.push_str(&without_timex_tags(&markup[pos..]));
    out
}

/// `markup` without its TIMEX3 start and end tags.
fn without_timex_tags(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(i) = rest.find("<TIMEX3").into_iter().chain(rest.find("</TIMEX3")).min() {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        rest = &tail[tail.find('>').map_or(tail.len(), |e| e + 1)..];
    }
    out.push_str(rest);
    out
}

/// `triangulate timex`: annotates plain text or TempEval-3 TimeML (`<DCT>` and `<TEXT>`) with
/// inline `<TIMEX3 tid type value>` tags. The text between tags is unchanged; in TimeML the
/// DCT timex stays with `functionInDocument="CREATION_TIME"` and old TIMEX3 tags inside
/// `<TEXT>` are replaced. `dct_override` wins over the document's DCT; plain text gets a
/// `<DCT>` element only when a DCT is given.
pub fn annotate_timeml(input: &str, dct_override: Option<NaiveDate>, lang: &str) -> Result<String, TimexError> {
    let tagger = Tagger::for_language(lang).ok_or_else(|| TimexError::UnsupportedLanguage(lang.to_string(), crate::supported_languages().join(", ")))?;
    let Some(text_open) = input.find("<TEXT") else {
        let sentences = text::sentences(input);
        let times = tagger.tag(input, &sentences, dct_override);
        // The escaped text projects back to the input, so the spans carry over unchanged.
        let escaped = escape(input);
        let body = insert_timexes(&escaped, &project(&escaped), &times, 1);
        let mut out = String::from("<?xml version=\"1.0\" ?>\n<TimeML>\n");
        if let Some(d) = dct_override {
            out.push_str(&dct_element(d));
            out.push('\n');
        }
        let _ = write!(out, "<TEXT>{body}</TEXT>\n</TimeML>\n");
        return Ok(out);
    };
    let body_start = input[text_open..].find('>').map(|e| text_open + e + 1).ok_or_else(|| TimexError::Malformed("unterminated <TEXT> tag".into()))?;
    let body_end = input[body_start..].find("</TEXT>").map(|e| body_start + e).ok_or_else(|| TimexError::Malformed("<TEXT> without </TEXT>".into()))?;
    let dct_range = input.find("<DCT>").and_then(|s| input[s..].find("</DCT>").map(|e| (s, s + e + "</DCT>".len())));
    let document_dct = match dct_range {
        Some((s, e)) => {
            let element = &input[s..e];
            let raw = element.find("<TIMEX3").and_then(|t| attribute(&element[t..], "value")).map(str::to_string).unwrap_or_else(|| project(element).plain.trim().to_string());
            match parse_date(&raw) {
                Some(d) => Some(d),
                None if dct_override.is_some() => None,
                None => return Err(TimexError::InvalidDct(raw)),
            }
        }
        None => None,
    };
    let dct = dct_override.or(document_dct);
    let markup = &input[body_start..body_end];
    let proj = project(markup);
    let sentences = text::sentences(&proj.plain);
    let times = tagger.tag(&proj.plain, &sentences, dct);
    let body = insert_timexes(markup, &proj, &times, 1);
    let mut out = String::with_capacity(input.len() + body.len());
    match (dct_range, dct_override) {
        (Some((s, e)), Some(d)) => {
            out.push_str(&input[..s]);
            out.push_str(&dct_element(d));
            out.push_str(&input[e..body_start]);
        }
        (None, Some(d)) => {
            out.push_str(&input[..text_open]);
            out.push_str(&dct_element(d));
            out.push_str("\n\n");
            out.push_str(&input[text_open..body_start]);
        }
        _ => out.push_str(&input[..body_start]),
    }
    out.push_str(&body);
    out.push_str(&input[body_end..]);
    Ok(out)
}
