//! HTML pages: the tokenizer, tree builder, main-text selection and metadata readers
//! (`ingest::html::extract`) on any text, and `fragment_text` on the same input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let _ = ingest::html::extract(&html, Some("https://example.com/2020/03/03/story.html"));
    let _ = ingest::html::fragment_text(&html);
});
