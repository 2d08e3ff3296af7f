//! Plain text with header lines: the input follows a headline so the dispatch reads it as text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = b"Headline of the story\n".to_vec();
    input.extend_from_slice(data);
    let _ = ingest::read_bytes("fuzz.txt", &input, &ingest::Limits { max_article_bytes: 1 << 16 });
});
