//! Date normalisation on arbitrary strings.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(date) = ingest::dates::normalize_date(text) {
            let _ = ingest::dates::to_utc(&date);
        }
    }
});
