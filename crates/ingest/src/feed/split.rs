//! Cuts an XML feed (RSS 0.9x/1.0/2.0, Atom) into its items as it streams, so
//! that a feed of any size is read item by item in bounded memory.
//!
//! `quick-xml` reads the stream event by event; the bytes it consumes are kept
//! only while they belong to the feed's header (everything before the first
//! item) or to the item being read. Each item is then handed on as a complete
//! one-item feed: the header, the item's own bytes, and the end tags of the
//! elements the header left open. `feed-rs` parses that small document exactly
//! as it would have parsed the whole feed.

use std::io::{self, BufRead, Read};

use encoding_rs::Encoding;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// What the splitter finds, in stream order.
#[derive(Debug)]
pub(crate) enum Piece {
    /// The feed without its items (header and end tags): comes once, before
    /// the first item, or at the end when the feed has no item.
    Header(Vec<u8>),
    /// The `number`-th item (from 1) as a one-item feed, or why it could not be cut out.
    Item { number: usize, cut: Result<RawItem, String> },
}

/// One item as a complete one-item feed, with the `<source>` element that
/// credits the outlet it comes from (RSS 2.0 `<source url>Name</source>`, Atom
/// `<source><title>`), which `feed-rs` does not map.
#[derive(Debug, Default)]
pub(crate) struct RawItem {
    pub document: Vec<u8>,
    pub source_name: Option<String>,
    pub source_url: Option<String>,
}

/// Element names (without prefix) of feed items: RSS `item`, Atom `entry`.
fn is_item(local: &[u8]) -> bool {
    local.eq_ignore_ascii_case(b"item") || local.eq_ignore_ascii_case(b"entry")
}

fn local_name(qualified: &[u8]) -> &[u8] {
    qualified.rsplit(|&b| b == b':').next().unwrap_or(qualified)
}

/// Reads the feed from `input` and gives each piece to `each` as soon as it is
/// complete. `max_item_bytes` bounds the header and each item (a larger item
/// is one rejected piece, and reading goes on); one XML event above
/// [`EVENT_LIMIT_FACTOR`] times that ends the feed with an error.
/// An error ends the feed: what came before it has been given already.
pub(crate) fn split(input: &mut dyn BufRead, encoding: Option<&'static Encoding>, max_item_bytes: u64, each: &mut dyn FnMut(Piece)) -> Result<(), String> {
    match encoding {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            split_utf8(Recorder::new(Utf8Stream::new(input, encoding), max_item_bytes), max_item_bytes, each)
        }
        _ => split_utf8(Recorder::new(input, max_item_bytes), max_item_bytes, each),
    }
}

/// The item being cut out.
struct Open {
    /// Its element's local name, lowercase (`item`, `entry`).
    name: Vec<u8>,
    /// Same-name elements opened inside it and not yet closed.
    nested: usize,
    /// Whether its bytes went over the limit (and are no longer kept).
    too_big: bool,
    /// Depth inside the item of the element being read (1: the item's children).
    depth: usize,
    /// Where the item's `<source>` is being read: 0 not in it, 1 in it, 2 in its `<title>`.
    in_source: u8,
    source_name: String,
    source_url: Option<String>,
}

fn split_utf8<R: BufRead>(recorder: Recorder<R>, max_item_bytes: u64, each: &mut dyn FnMut(Piece)) -> Result<(), String> {
    let mut reader = Reader::from_reader(recorder);
    let config = reader.config_mut();
    // Feeds in the wild are often not well-formed XML: the splitter only needs
    // to find where items start and end, and feed-rs judges each item.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut buf = Vec::new();
    // The elements open before the first item; `None` once the header is out.
    let mut header_stack: Option<Vec<Vec<u8>>> = Some(Vec::new());
    let mut closers = Vec::new();
    let mut open: Option<Open> = None;
    let mut number = 0usize;
    loop {
        buf.clear();
        let before = reader.buffer_position();
        let event = reader.read_event_into(&mut buf);
        let consumed = (reader.buffer_position() - before) as usize;
        match event {
            Err(e) => {
                let stuck = reader.buffer_position() == before;
                let fatal = !matches!(e, quick_xml::Error::IllFormed(_)) || stuck;
                let in_item = open.take().is_some();
                if in_item {
                    each(Piece::Item { number, cut: Err(format!("malformed XML in this feed item: {e}")) });
                }
                // A feed cut inside its last end tag (`</rss`) lost nothing but that tag.
                let recorder = reader.get_mut();
                let cut_end_tag = recorder.kept.len() >= consumed && recorder.kept[recorder.kept.len() - consumed..].starts_with(b"</");
                let at_end = cut_end_tag && matches!(e, quick_xml::Error::Syntax(_)) && recorder.inner.fill_buf().is_ok_and(|rest| rest.is_empty());
                match header_stack.take() {
                    Some(stack) if at_end => {
                        let mut header = reader.get_mut().take_kept();
                        header.truncate(header.len().saturating_sub(consumed));
                        header.extend(end_tags(&stack));
                        each(Piece::Header(header));
                        return Ok(());
                    }
                    Some(_) => return Err(format!("malformed feed (byte {}): {e}", reader.error_position())),
                    // Nothing after the item can be read; the item's rejection says why.
                    None if (in_item && fatal) || at_end => return Ok(()),
                    None if fatal => return Err(format!("malformed feed (byte {}): {e}", reader.error_position())),
                    None => {}
                }
            }
            Ok(Event::Eof) => {
                if open.is_some() {
                    each(Piece::Item { number, cut: Err("the feed ends inside this item (truncated)".into()) });
                }
                if let Some(stack) = header_stack.take() {
                    let mut header = reader.get_mut().take_kept();
                    header.extend(end_tags(&stack));
                    each(Piece::Header(header));
                }
                return Ok(());
            }
            Ok(Event::Start(start)) => {
                let local = local_name(start.name().as_ref()).to_ascii_lowercase();
                if let Some(item) = open.as_mut() {
                    item.depth += 1;
                    if local == item.name {
                        item.nested += 1;
                    }
                    read_source_start(item, &local, &start);
                } else if is_item(&local) {
                    number += 1;
                    if let Some(stack) = header_stack.take() {
                        emit_header(reader.get_mut(), consumed, &stack, &mut closers, each);
                    }
                    open = Some(Open { name: local, nested: 0, too_big: false, depth: 0, in_source: 0, source_name: String::new(), source_url: None });
                } else if let Some(stack) = header_stack.as_mut() {
                    stack.push(start.name().as_ref().to_vec());
                }
            }
            Ok(Event::End(end)) => {
                let local = local_name(end.name().as_ref()).to_ascii_lowercase();
                if let Some(item) = open.as_mut() {
                    if local == item.name && item.nested == 0 {
                        let item = open.take().expect("an open item");
                        let document = reader.get_mut().take_kept();
                        each(Piece::Item { number, cut: finish_item(item, document, &closers, max_item_bytes) });
                    } else {
                        if local == item.name {
                            item.nested -= 1;
                        }
                        if item.in_source > 0 && item.in_source as usize == item.depth {
                            item.in_source -= 1;
                        }
                        item.depth = item.depth.saturating_sub(1);
                    }
                } else if let Some(stack) = header_stack.as_mut() {
                    stack.pop();
                }
            }
            Ok(Event::Empty(empty)) => {
                let local = local_name(empty.name().as_ref()).to_ascii_lowercase();
                if let Some(item) = open.as_mut() {
                    if item.depth == 1 && item.in_source == 1 && local == b"link" {
                        item.source_url = attribute(&empty, b"href");
                    } else if item.depth == 0 && local == b"source" {
                        item.source_url = attribute(&empty, b"url");
                    }
                } else if is_item(&local) {
                    number += 1;
                    if let Some(stack) = header_stack.take() {
                        emit_header(reader.get_mut(), consumed, &stack, &mut closers, each);
                    }
                    let document = reader.get_mut().take_kept();
                    let item = Open { name: local, nested: 0, too_big: false, depth: 0, in_source: 0, source_name: String::new(), source_url: None };
                    each(Piece::Item { number, cut: finish_item(item, document, &closers, max_item_bytes) });
                }
            }
            Ok(Event::Text(text)) => {
                if let Some(item) = open.as_mut().filter(|i| i.in_source > 0 && i.depth == i.in_source as usize) {
                    item.source_name.push_str(&String::from_utf8_lossy(&text));
                }
            }
            Ok(Event::CData(text)) => {
                if let Some(item) = open.as_mut().filter(|i| i.in_source > 0 && i.depth == i.in_source as usize) {
                    item.source_name.push_str(&quick_xml::escape::escape(String::from_utf8_lossy(&text)));
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                if let Some(item) = open.as_mut().filter(|i| i.in_source > 0 && i.depth == i.in_source as usize) {
                    item.source_name.push('&');
                    item.source_name.push_str(&String::from_utf8_lossy(&reference));
                    item.source_name.push(';');
                }
            }
            Ok(_) => {}
        }
        let recorder = reader.get_mut();
        recorder.event_done();
        if let Some(item) = open.as_mut() {
            if !item.too_big && recorder.overflowed {
                item.too_big = true;
                recorder.keep(false);
            }
        } else if header_stack.is_some() {
            if recorder.overflowed {
                return Err(format!("feed header (before the first item) is above the single-article limit of {max_item_bytes} bytes"));
            }
        } else {
            // Between items nothing is kept: the next item's start tag is kept from its first byte.
            recorder.keep(true);
            recorder.kept.clear();
        }
    }
}

/// The header is everything kept before the first item's start tag, whose
/// `consumed` bytes stay kept as the item's first ones.
fn emit_header<R: BufRead>(recorder: &mut Recorder<R>, consumed: usize, stack: &[Vec<u8>], closers: &mut Vec<u8>, each: &mut dyn FnMut(Piece)) {
    let kept = recorder.take_kept();
    let split_at = kept.len().saturating_sub(consumed);
    recorder.kept.extend_from_slice(&kept[split_at..]);
    let mut header = kept;
    header.truncate(split_at);
    *closers = end_tags(stack);
    let mut document = header.clone();
    document.extend_from_slice(closers);
    each(Piece::Header(document));
    // The header opens every item's document.
    recorder.prefix = header;
}

fn finish_item(item: Open, mut document: Vec<u8>, closers: &[u8], max_item_bytes: u64) -> Result<RawItem, String> {
    if item.too_big {
        return Err(format!("feed item is above the single-article limit of {max_item_bytes} bytes"));
    }
    document.extend_from_slice(closers);
    let source_name = Some(item.source_name.trim().to_string()).filter(|s| !s.is_empty());
    Ok(RawItem { document, source_name, source_url: item.source_url })
}

/// Notes where the item's `<source>` (a direct child) and its `<title>` are.
fn read_source_start(item: &mut Open, local: &[u8], start: &BytesStart<'_>) {
    if item.depth == 1 && local == b"source" {
        item.in_source = 1;
        item.source_url = attribute(start, b"url");
    } else if item.depth == 2 && item.in_source == 1 && local == b"title" {
        item.in_source = 2;
    }
}

fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).trim().to_string())
        .filter(|v| !v.is_empty())
}

fn end_tags(stack: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for name in stack.iter().rev() {
        out.extend_from_slice(b"</");
        out.extend_from_slice(name);
        out.push(b'>');
    }
    out
}

/// How many times the item limit one XML event (a text run, a CDATA section)
/// may take before the feed is given up: an item above the limit is mostly one
/// big CDATA section, which must be read through to skip the item alone.
const EVENT_LIMIT_FACTOR: u64 = 4;

/// A buffered stream that keeps a copy of the bytes consumed from it while
/// asked to (up to a limit), and refuses to let one XML event grow above
/// [`EVENT_LIMIT_FACTOR`] times that limit: the XML reader buffers each event
/// whole, and a gigabyte of text without a `<` would take a gigabyte.
struct Recorder<R> {
    inner: R,
    keep: bool,
    kept: Vec<u8>,
    /// Whether more than `max_kept` bytes were to be kept (they were dropped).
    overflowed: bool,
    max_kept: u64,
    /// Put before the kept bytes when they are taken: the feed header.
    prefix: Vec<u8>,
    event_bytes: u64,
}

impl<R: BufRead> Recorder<R> {
    fn new(inner: R, max_kept: u64) -> Self {
        Recorder { inner, keep: true, kept: Vec::new(), overflowed: false, max_kept, prefix: Vec::new(), event_bytes: 0 }
    }

    fn keep(&mut self, keep: bool) {
        self.keep = keep;
        self.overflowed = false;
        if !keep {
            self.kept = Vec::new();
        }
    }

    /// The kept bytes after the prefix; keeping starts again from nothing.
    fn take_kept(&mut self) -> Vec<u8> {
        let mut document = Vec::with_capacity(self.prefix.len() + self.kept.len() + 64);
        document.extend_from_slice(&self.prefix);
        document.append(&mut self.kept);
        document
    }

    fn event_done(&mut self) {
        self.event_bytes = 0;
    }
}

/// `Read` for a reader whose `BufRead` side does the work (both readers here transform or
/// record what passes through `fill_buf`/`consume`, so reads must go through them too).
fn read_through_buffer(reader: &mut impl BufRead, out: &mut [u8]) -> io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(out.len());
    out[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

impl<R: BufRead> Read for Recorder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, out)
    }
}

impl<R: BufRead> BufRead for Recorder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let max_event_bytes = self.max_kept.saturating_mul(EVENT_LIMIT_FACTOR);
        if self.event_bytes > max_event_bytes {
            return Err(io::Error::other(format!("one element or text run is above {max_event_bytes} bytes ({EVENT_LIMIT_FACTOR} times the single-article limit)")));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.keep && !self.overflowed {
            if self.kept.len() as u64 + amount as u64 > self.max_kept {
                self.overflowed = true;
                self.kept = Vec::new();
            } else if let Ok(available) = self.inner.fill_buf() {
                // The bytes being consumed are at the front of the buffer just filled.
                self.kept.extend_from_slice(&available[..amount.min(available.len())]);
            }
        }
        self.event_bytes += amount as u64;
        self.inner.consume(amount);
    }
}

/// A stream in a legacy or UTF-16 encoding as UTF-8, decoded piece by piece
/// (`encoding_rs`'s streaming decoder; a BOM is dropped).
struct Utf8Stream<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    decoded: Vec<u8>,
    position: usize,
    finished: bool,
}

impl<R: BufRead> Utf8Stream<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        Utf8Stream { inner, decoder: encoding.new_decoder_with_bom_removal(), decoded: Vec::new(), position: 0, finished: false }
    }
}

impl<R: BufRead> Read for Utf8Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, out)
    }
}

impl<R: BufRead> BufRead for Utf8Stream<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.position == self.decoded.len() && !self.finished {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let capacity = self.decoder.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3 + 16).max(16);
            self.decoded.resize(capacity, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(input, &mut self.decoded, last);
            self.decoded.truncate(written);
            self.position = 0;
            self.inner.consume(read);
            self.finished = last;
        }
        Ok(&self.decoded[self.position..])
    }

    fn consume(&mut self, amount: usize) {
        self.position = (self.position + amount).min(self.decoded.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(xml: &[u8], limit: u64) -> (Vec<String>, Result<(), String>) {
        let mut out = Vec::new();
        let result = split(&mut &xml[..], None, limit, &mut |piece| {
            out.push(match piece {
                Piece::Header(h) => format!("H:{}", String::from_utf8_lossy(&h)),
                Piece::Item { number, cut: Ok(item) } => format!("{number}:{}", String::from_utf8_lossy(&item.document)),
                Piece::Item { number, cut: Err(e) } => format!("{number}!{e}"),
            })
        });
        (out, result)
    }

    #[test]
    fn items_become_one_item_feeds() {
        let xml = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>\n<item><title>a</title></item>\n<item><title>b &amp; c</title><item>x</item></item></channel></rss>";
        let (out, result) = pieces(xml, 1000);
        assert!(result.is_ok());
        let header = "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>\n";
        assert_eq!(out[0], format!("H:{header}</channel></rss>"));
        assert_eq!(out[1], format!("1:{header}<item><title>a</title></item></channel></rss>"));
        assert_eq!(out[2], format!("2:{header}<item><title>b &amp; c</title><item>x</item></item></channel></rss>"));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn oversized_and_truncated_items_are_rejected_alone() {
        let big = "x".repeat(300);
        let xml = format!("<feed><title>T</title><entry>{big}</entry><entry><title>ok</title></entry><entry><title>cut");
        let (out, result) = pieces(xml.as_bytes(), 200);
        assert!(result.is_ok(), "{result:?}");
        assert!(out[1].starts_with("1!feed item is above"), "{out:?}");
        assert_eq!(out[2], "2:<feed><title>T</title><entry><title>ok</title></entry></feed>");
        assert!(out[3].starts_with("3!the feed ends inside"), "{out:?}");
    }

    #[test]
    fn a_huge_text_run_ends_the_feed() {
        let xml = format!("<rss><channel><item><title>a</title></item><item>{}", "y".repeat(5000));
        // 5000 bytes of text in one event is above four times the limit of 1000.
        let (out, result) = pieces(xml.as_bytes(), 1000);
        assert!(out[1].starts_with("1:"));
        assert!(out[2].starts_with("2!malformed XML in this feed item") && out[2].contains("above 4000 bytes"), "{out:?}");
        assert!(result.is_ok());
        let (_, result) = pieces(format!("<rss><channel>{}", "y".repeat(5000)).as_bytes(), 1000);
        assert!(result.unwrap_err().contains("above 4000 bytes"));
    }

    #[test]
    fn an_ill_formed_item_is_rejected_and_the_next_read() {
        // A doctype without a name is ill-formed, and the reader can go on after it.
        let (out, result) = pieces(b"<rss><channel><item><!DOCTYPE ><title>a</title></item><item><title>b</title></item></channel></rss>", 1000);
        assert!(result.is_ok());
        assert!(out[1].starts_with("1!malformed XML in this feed item"), "{out:?}");
        assert_eq!(out[2], "2:<rss><channel><item><title>b</title></item></channel></rss>");
    }

    #[test]
    fn a_feed_cut_in_its_last_end_tag_is_whole() {
        let (out, result) = pieces(b"<rss><channel><title>x</title></channel>\n</rss", 1000);
        assert_eq!(out, vec!["H:<rss><channel><title>x</title></channel>\n</rss>"]);
        assert!(result.is_ok());
        let (out, result) = pieces(b"<rss><channel><item><title>x</title></item></channel>\n</rss", 1000);
        assert_eq!(out[1], "1:<rss><channel><item><title>x</title></item></channel></rss>");
        assert!(result.is_ok());
        let (_, result) = pieces(b"<rss><channel><item><title>x</title></item><!x <item><title>y</title></item></channel></rss>", 1000);
        assert!(result.unwrap_err().starts_with("malformed feed"));
    }

    #[test]
    fn source_element_is_read() {
        let xml = b"<rss><channel><item><title>A - Reuters</title><source url=\"https://www.reuters.com\">Reuters &amp; Co</source></item><entry><source><title>BBC</title><link href='https://bbc.com'/></source></entry></channel></rss>";
        let mut sources = Vec::new();
        split(&mut &xml[..], None, 10_000, &mut |piece| {
            if let Piece::Item { cut: Ok(item), .. } = piece {
                sources.push((item.source_name, item.source_url));
            }
        })
        .expect("feed");
        assert_eq!(sources[0], (Some("Reuters &amp; Co".to_string()), Some("https://www.reuters.com".to_string())));
        assert_eq!(sources[1], (Some("BBC".to_string()), Some("https://bbc.com".to_string())));
    }

    #[test]
    fn legacy_encoding_is_decoded_as_it_streams() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<rss><channel><item><title>Привет</title></item></channel></rss>");
        let mut titles = Vec::new();
        split(&mut &bytes[..], Some(encoding_rs::WINDOWS_1251), 10_000, &mut |piece| {
            if let Piece::Item { cut: Ok(item), .. } = piece {
                titles.push(String::from_utf8(item.document).expect("utf-8"));
            }
        })
        .expect("feed");
        assert_eq!(titles, vec!["<rss><channel><item><title>Привет</title></item></channel></rss>"]);
    }
}
