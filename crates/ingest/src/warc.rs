//! WARC 1.0/1.1 and ARC 1/2 archives, read record by record from a stream.
//!
//! Only one record block is in memory at a time, and only when it is an HTML
//! response or resource below the article size limit; every other block is
//! skipped as it streams past. Whole-file or per-record gzip is undone before
//! this reader (a multi-member gzip decoder sees both as one stream).

use std::io::{self, BufRead, Read};

use model::PublishedSource;

use crate::build::Draft;
use crate::dates::normalize_date;
use crate::decode::{decode, Markup};
use crate::page;

/// Longest header line accepted before a record is called malformed.
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines in one record head.
const MAX_HEADERS: usize = 256;

/// What one archive record gives.
#[derive(Debug)]
pub enum RecordOutcome {
    /// An HTML page, ready to be finished into an article.
    Page(Box<Draft>),
    /// A record that is not an article (request, metadata, image, redirect…).
    Skipped,
    /// A record that could not be read, with the reason.
    Rejected(String),
}

/// The two archive formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Warc,
    Arc,
}

/// Iterates the records of an archive: `(record number, 1-based; outcome)`.
pub struct ArchiveReader<R: BufRead> {
    reader: R,
    flavour: Flavour,
    max_block: u64,
    source: String,
    record: usize,
    finished: bool,
    /// ARC version from the file header (1 or 2), which fixes the header line layout.
    arc_version: u8,
    /// A record's first line found while skipping stray bytes, to be read next.
    pending_line: Option<Vec<u8>>,
    /// After a broken ARC header: lines are skipped until one reads as a header again.
    resyncing: bool,
}

impl<R: BufRead> ArchiveReader<R> {
    /// `source` names the archive in record sources (`source#N`); blocks larger
    /// than `max_block` bytes are rejected without being read into memory.
    pub fn new(reader: R, flavour: Flavour, source: &str, max_block: u64) -> Self {
        ArchiveReader {
            reader,
            flavour,
            max_block,
            source: source.to_string(),
            record: 0,
            finished: false,
            arc_version: 1,
            pending_line: None,
            resyncing: false,
        }
    }

    fn next_warc(&mut self) -> Option<(usize, RecordOutcome)> {
        // Bytes between a record's end and the next version line mean the record's
        // Content-Length was wrong: that is reported, and reading resumes at the next record.
        let mut stray = 0usize;
        let version = loop {
            let next = match self.pending_line.take() {
                Some(line) => Ok(Some(line)),
                None => self.next_nonblank_line(),
            };
            let line = match next {
                Ok(Some(line)) => line,
                Ok(None) if stray > 0 => return Some(self.stray_bytes(stray)),
                Ok(None) => return None,
                Err(e) => return Some(self.fail(format!("read error between records: {e}"))),
            };
            if line.starts_with(b"WARC/") {
                break line;
            }
            stray += line.len();
        };
        if stray > 0 {
            self.pending_line = Some(version);
            return Some(self.stray_bytes(stray));
        }
        self.record += 1;
        let headers = match self.read_header_block() {
            Ok(h) => h,
            Err(reason) => return Some(self.fail(reason)),
        };
        let Some(length) = header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok()) else {
            return Some(self.fail("malformed record: missing or invalid Content-Length".to_string()));
        };
        let kind = header(&headers, "warc-type").unwrap_or("").to_ascii_lowercase();
        let content_type = header(&headers, "content-type").unwrap_or("").to_ascii_lowercase();
        let wanted = match kind.as_str() {
            "response" => content_type.starts_with("application/http"),
            "resource" | "conversion" => is_html_type(&content_type),
            _ => false,
        };
        let block = match self.read_block(length, wanted) {
            Ok(Some(Ok(block))) => block,
            Ok(Some(Err(reason))) => return Some((self.record, RecordOutcome::Rejected(reason))),
            Ok(None) => return Some((self.record, RecordOutcome::Skipped)),
            Err(reason) => return Some(self.fail(reason)),
        };
        let url = header(&headers, "warc-target-uri").map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let date = header(&headers, "warc-date").and_then(normalize_date);
        let outcome = if kind == "response" {
            page_from_http(&block, url, date, &self.record_source())
        } else {
            page_from_payload(&block, Some(&content_type), url, date, &self.record_source())
        };
        Some((self.record, outcome))
    }

    fn next_arc(&mut self) -> Option<(usize, RecordOutcome)> {
        let line = loop {
            let line = match self.next_nonblank_line() {
                Ok(Some(line)) => String::from_utf8_lossy(&line).trim().to_string(),
                Ok(None) => return None,
                Err(e) => return Some(self.fail(format!("read error between records: {e}"))),
            };
            if !self.resyncing || looks_like_arc_header(&line) {
                break line;
            }
        };
        self.resyncing = false;
        self.record += 1;
        let is_file_header = line.starts_with("filedesc://");
        let Some(fields) = arc_fields(&line, if is_file_header { 1 } else { self.arc_version }) else {
            // The length is unknown, so the reader resynchronises on the next header line.
            self.resyncing = true;
            return Some((self.record, RecordOutcome::Rejected(format!("malformed ARC header line {line:?}"))));
        };
        let Ok(length) = fields.length.parse::<u64>() else {
            self.resyncing = true;
            return Some((self.record, RecordOutcome::Rejected(format!("malformed ARC header: invalid length {:?}", fields.length))));
        };
        if is_file_header {
            let block = match self.read_block(length, true) {
                Ok(block) => block.and_then(Result::ok).unwrap_or_default(),
                Err(reason) => return Some(self.fail(reason)),
            };
            if block.starts_with(b"2 ") {
                self.arc_version = 2;
            }
            return Some((self.record, RecordOutcome::Skipped));
        }
        let wanted = is_html_type(&fields.content_type.to_ascii_lowercase()) || fields.content_type.eq_ignore_ascii_case("unk");
        let block = match self.read_block(length, wanted && fields.url.starts_with("http")) {
            Ok(Some(Ok(block))) => block,
            Ok(Some(Err(reason))) => return Some((self.record, RecordOutcome::Rejected(reason))),
            Ok(None) => return Some((self.record, RecordOutcome::Skipped)),
            Err(reason) => return Some(self.fail(reason)),
        };
        let date = arc_date(fields.date);
        Some((self.record, page_from_http(&block, Some(fields.url.to_string()), date, &self.record_source())))
    }

    fn stray_bytes(&self, stray: usize) -> (usize, RecordOutcome) {
        let reason = if self.record == 0 {
            format!("malformed archive: {stray} bytes before the first WARC/1.x version line")
        } else {
            format!("malformed record: {stray} stray bytes after it (wrong Content-Length?) before the next WARC/1.x version line")
        };
        (self.record.max(1), RecordOutcome::Rejected(reason))
    }

    fn record_source(&self) -> String {
        format!("{}#{}", self.source, self.record)
    }

    /// Rejects the current record and stops: after a broken record the next
    /// record boundary cannot be trusted.
    fn fail(&mut self, reason: String) -> (usize, RecordOutcome) {
        self.finished = true;
        (self.record.max(1), RecordOutcome::Rejected(reason))
    }

    fn next_nonblank_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            let mut line = Vec::new();
            let n = Read::take(&mut self.reader, MAX_LINE).read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(line));
            }
        }
    }

    fn read_header_block(&mut self) -> Result<Vec<(String, String)>, String> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let mut line = Vec::new();
            let n = Read::take(&mut self.reader, MAX_LINE)
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("read error in record header: {e}"))?;
            if n == 0 {
                return Err("truncated record: the file ends inside the record header".to_string());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(headers);
            }
            if headers.len() >= MAX_HEADERS {
                return Err("malformed record: too many header lines".to_string());
            }
            if text.starts_with([' ', '\t']) {
                // A folded continuation of the previous header.
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string())),
                None => return Err(format!("malformed record header line {:?}", crate::char_prefix(text, 60))),
            }
        }
    }

    /// Reads a block of `length` bytes: returned when `keep` and small enough,
    /// else streamed past (`Ok(None)`). A short block is a truncated record (`Err`);
    /// a kept block above the limit is `Ok(Some(Err(reason)))`, and reading goes on.
    fn read_block(&mut self, length: u64, keep: bool) -> Result<Option<Result<Vec<u8>, String>>, String> {
        if keep && length <= self.max_block {
            let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
            let got = (&mut self.reader)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| format!("read error in record block: {e}"))? as u64;
            if got < length {
                return Err(format!("truncated record: block has {got} of {length} bytes"));
            }
            return Ok(Some(Ok(block)));
        }
        let got =
            io::copy(&mut Read::take(&mut self.reader, length), &mut io::sink()).map_err(|e| format!("read error in record block: {e}"))?;
        if got < length {
            return Err(format!("truncated record: block has {got} of {length} bytes"));
        }
        if keep {
            return Ok(Some(Err(format!("record block of {length} bytes is above the article limit of {} bytes", self.max_block))));
        }
        Ok(None)
    }
}

impl<R: BufRead> Iterator for ArchiveReader<R> {
    type Item = (usize, RecordOutcome);

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.flavour {
            Flavour::Warc => self.next_warc(),
            Flavour::Arc => self.next_arc(),
        }
    }
}

/// A line that can start an ARC record: a URL (or `filedesc://`) and at least four more fields.
fn looks_like_arc_header(line: &str) -> bool {
    let mut tokens = line.split_whitespace();
    tokens.next().is_some_and(|first| first.contains("://") || first.starts_with("dns:")) && tokens.count() >= 4
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn is_html_type(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

/// The fields of an ARC record header line; the URL may contain spaces, so the
/// fixed fields are taken from the right.
struct ArcFields<'a> {
    url: String,
    date: &'a str,
    content_type: &'a str,
    length: &'a str,
}

fn arc_fields(line: &str, version: u8) -> Option<ArcFields<'_>> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    // v1: URL IP date type length; v2: URL IP date type status checksum location offset filename length.
    let fixed = if version == 2 { 9 } else { 4 };
    if tokens.len() < fixed + 1 {
        return None;
    }
    let url_end = tokens.len() - fixed;
    let rest = &tokens[url_end..];
    Some(ArcFields { url: tokens[..url_end].join("%20"), date: rest[1], content_type: rest[2], length: tokens[tokens.len() - 1] })
}

/// `20140216050221` → `2014-02-16T05:02:21+00:00`; ARC dates are UTC.
fn arc_date(raw: &str) -> Option<String> {
    if raw.len() != 14 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    normalize_date(&format!("{}-{}-{}T{}:{}:{}Z", &raw[0..4], &raw[4..6], &raw[6..8], &raw[8..10], &raw[10..12], &raw[12..14]))
}

/// An HTTP response block: status, headers, and a decoded HTML body.
fn page_from_http(block: &[u8], url: Option<String>, capture_date: Option<String>, source: &str) -> RecordOutcome {
    let mut header_slots = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut header_slots);
    let head_len = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return RecordOutcome::Rejected("truncated HTTP response head".to_string()),
        Err(e) => return RecordOutcome::Rejected(format!("malformed HTTP response: {e}")),
    };
    if !response.code.is_some_and(|c| (200..300).contains(&c)) {
        return RecordOutcome::Skipped;
    }
    let get = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = get("content-type");
    if content_type.as_deref().is_some_and(|t| !is_html_type(t)) {
        return RecordOutcome::Skipped;
    }
    let mut body = block[head_len..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        // Archives often store the already de-chunked body under a chunked header:
        // keep the raw body when it does not parse as chunks.
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    match get("content-encoding").as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => match inflate(flate2::read::MultiGzDecoder::new(&body[..])) {
            Ok(b) => body = b,
            Err(e) => return RecordOutcome::Rejected(format!("HTTP body: bad gzip content-encoding: {e}")),
        },
        Some("deflate") => match inflate(flate2::read::ZlibDecoder::new(&body[..])) {
            Ok(b) => body = b,
            Err(_) => match inflate(flate2::read::DeflateDecoder::new(&body[..])) {
                Ok(b) => body = b,
                Err(e) => return RecordOutcome::Rejected(format!("HTTP body: bad deflate content-encoding: {e}")),
            },
        },
        Some(other) => return RecordOutcome::Rejected(format!("HTTP body: unsupported content-encoding {other:?}")),
    }
    if content_type.is_none() && !crate::sniff::looks_like_html(&body) {
        return RecordOutcome::Skipped;
    }
    page_from_payload(&body, content_type.as_deref(), url, capture_date, source)
}

fn inflate<R: Read>(mut reader: R) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok(out)
}

/// Joins an HTTP/1.1 chunked body; `None` when it is not valid chunking.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.iter().position(|&b| b == b'\n')?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            // The last chunk is cut short: keep what there is.
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
        if rest.is_empty() {
            return Some(out);
        }
    }
}

/// An HTML payload, decoded with the transport charset, into a page draft.
fn page_from_payload(
    body: &[u8],
    content_type: Option<&str>,
    url: Option<String>,
    capture_date: Option<String>,
    source: &str,
) -> RecordOutcome {
    let charset = content_type.and_then(|t| t.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches(['"', '\''])));
    let html = decode(body, charset, Markup::Html).text;
    let mut draft = page::draft(source.to_string(), &html, url.as_deref());
    if draft.published.is_none() {
        draft.published = capture_date.map(|d| (d, PublishedSource::Warc));
    }
    RecordOutcome::Page(Box::new(draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warc_record(kind: &str, content_type: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-03-03T08:15:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    const PAGE: &str = "<html><head><title>Hello</title></head><body><article><p>The minister resigned on Tuesday after weeks of protests in the capital.</p></article></body></html>";

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut warc = warc_record("warcinfo", "application/warc-fields", "", b"software: test\r\n");
        warc.extend(warc_record("request", "application/http;msgtype=request", "http://x.org/", b"GET / HTTP/1.1\r\n\r\n"));
        let chunked = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{PAGE}\r\n0\r\n\r\n", PAGE.len());
        warc.extend(warc_record("response", "application/http;msgtype=response", "http://x.org/a", chunked.as_bytes()));
        warc.extend(warc_record("response", "application/http;msgtype=response", "http://x.org/i.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"));
        let out: Vec<_> = ArchiveReader::new(&warc[..], Flavour::Warc, "a.warc", 1 << 20).collect();
        assert_eq!(out.len(), 4);
        assert!(matches!(out[0].1, RecordOutcome::Skipped));
        assert!(matches!(out[3].1, RecordOutcome::Skipped));
        match &out[2] {
            (3, RecordOutcome::Page(d)) => {
                assert_eq!(d.url.as_deref(), Some("http://x.org/a"));
                assert_eq!(d.published, Some(("2020-03-03T08:15:00+00:00".to_string(), PublishedSource::Warc)));
                assert!(d.paragraphs.iter().any(|p| p.contains("minister resigned")));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn truncated_record_is_rejected_after_good_ones() {
        let body = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let mut warc = warc_record("response", "application/http", "http://x.org/a", body.as_bytes());
        let second = warc_record("response", "application/http", "http://x.org/b", body.as_bytes());
        warc.extend_from_slice(&second[..second.len() - 60]);
        let out: Vec<_> = ArchiveReader::new(&warc[..], Flavour::Warc, "a.warc", 1 << 20).collect();
        assert!(matches!(out[0].1, RecordOutcome::Page(_)));
        assert!(matches!(&out[1], (2, RecordOutcome::Rejected(r)) if r.contains("truncated")));
    }

    #[test]
    fn oversized_block_is_rejected_without_stopping() {
        let body = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let mut warc = warc_record("response", "application/http", "http://x.org/a", body.as_bytes());
        warc.extend(warc_record("metadata", "text/plain", "", b"x"));
        let out: Vec<_> = ArchiveReader::new(&warc[..], Flavour::Warc, "a.warc", 10).collect();
        assert!(matches!(&out[0].1, RecordOutcome::Rejected(r) if r.contains("above the article limit")));
        assert!(matches!(out[1].1, RecordOutcome::Skipped));
    }

    #[test]
    fn arc_records_and_bad_lengths() {
        let body = format!("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let desc = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
        let arc = format!(
            "filedesc://t.arc 0.0.0.0 20140216050221 text/plain {}\n{desc}\nhttp://x.org/a b 1.2.3.4 20140216050221 text/html {}\n{body}\nhttp://x.org/c 1.2.3.4 20140216050221 text/html abc\n",
            desc.len(),
            body.len()
        );
        let out: Vec<_> = ArchiveReader::new(arc.as_bytes(), Flavour::Arc, "t.arc", 1 << 20).collect();
        assert_eq!(out.len(), 3);
        match &out[1].1 {
            RecordOutcome::Page(d) => {
                assert_eq!(d.url.as_deref(), Some("http://x.org/a%20b"));
                assert_eq!(d.published, Some(("2014-02-16T05:02:21+00:00".to_string(), PublishedSource::Warc)));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(&out[2].1, RecordOutcome::Rejected(r) if r.contains("invalid length")));
    }

    #[test]
    fn arc_resynchronises_after_a_bad_length() {
        let arc = "filedesc://t.arc 0.0.0.0 20140216050221 text/plain -1\n1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n\nhttp://x.org/ 1.2.3.4 20140102000000 text/plain 1\n\n\nhttp://x.org/ 1.2.3.4 20140102000000 text/html abc\n";
        let out: Vec<_> = ArchiveReader::new(arc.as_bytes(), Flavour::Arc, "t.arc", 1 << 20).collect();
        let kinds: Vec<bool> = out.iter().map(|(_, o)| matches!(o, RecordOutcome::Rejected(_))).collect();
        assert_eq!(kinds, vec![true, false, true]);
    }

    #[test]
    fn warc_resumes_after_a_wrong_content_length() {
        let mut warc = warc_record("metadata", "text/plain", "", b"abc");
        // Two bytes more than the header says, as in warcio's example-trunc.warc.
        let pos = warc.len() - 4;
        warc.splice(pos..pos, b"\0\0".iter().copied());
        warc.extend(warc_record("metadata", "text/plain", "", b"def"));
        let out: Vec<_> = ArchiveReader::new(&warc[..], Flavour::Warc, "a.warc", 1 << 20).collect();
        assert_eq!(out.len(), 3);
        assert!(matches!(&out[1], (1, RecordOutcome::Rejected(r)) if r.contains("stray bytes")));
        assert!(matches!(out[2], (2, RecordOutcome::Skipped)));
    }

    #[test]
    fn dechunks_and_tolerates_bad_chunking() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(), Some(&b"abcde"[..]));
        assert_eq!(dechunk(b"<html>"), None);
    }
}
