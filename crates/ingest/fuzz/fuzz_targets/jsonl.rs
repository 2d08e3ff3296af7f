//! JSON Lines: the input is forced to open like a JSON object so the dispatch picks the JSONL reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = b"{\"text\": \"x\"}\n".to_vec();
    input.extend_from_slice(data);
    let _ = ingest::read_bytes("fuzz.jsonl", &input, &ingest::Limits { max_article_bytes: 1 << 16 });
});
