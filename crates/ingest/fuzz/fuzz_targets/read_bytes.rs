//! Any bytes through the whole format dispatch: articles or rejections, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = ingest::Limits { max_article_bytes: 1 << 16 };
    let _ = ingest::read_bytes("fuzz", data, &limits);
});
