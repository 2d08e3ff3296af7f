//! Text utilities shared by ingest and the analysers.

use model::Span;

/// Splits text into sentences; byte spans, trimmed of surrounding whitespace.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let boundary = (matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).map_or(true, |n| n.is_ascii_whitespace()))
            || (b == b'\n' && bytes.get(i + 1) == Some(&b'\n'));
        if boundary {
            push_trimmed(text, start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}
