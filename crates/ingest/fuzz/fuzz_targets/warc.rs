//! The WARC and ARC record readers on arbitrary bytes.
#![no_main]
use ingest::warc::{ArchiveReader, Flavour};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for flavour in [Flavour::Warc, Flavour::Arc] {
        for _record in ArchiveReader::new(data, flavour, "fuzz", 1 << 16) {}
    }
});
