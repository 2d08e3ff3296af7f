//! Charset decoding with every kind of declaration.
#![no_main]
use ingest::decode::{decode, Markup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for markup in [Markup::Html, Markup::Xml, Markup::None] {
        let _ = decode(data, None, markup);
        let _ = decode(data, Some("iso-8859-1"), markup);
    }
});
