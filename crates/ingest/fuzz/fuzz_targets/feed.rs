//! Feed decoding, streaming item splitting and parsing (RSS, Atom, JSON Feed) and item drafts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = ingest::feed::parse_bytes(data) {
        let aggregator = ingest::feed::is_aggregator(&feed, &feed.items);
        for (i, item) in feed.items.iter().enumerate() {
            let _ = ingest::build::finish(ingest::feed::draft(format!("fuzz#{i}"), &feed, item, aggregator));
        }
    }
});
