//! Text utilities shared by ingest and the analysers: normalisation with an offset map,
//! boilerplate lines, sentence segmentation, word tokens and language identification.
//!
//! Every offset is a byte offset into the `&str` given.

mod boilerplate;
mod language;
mod normalize;
mod sentences;
mod tokens;

pub use boilerplate::is_boilerplate_line;
pub use language::detect_language;
pub use normalize::{normalize, Normalized};
pub use sentences::sentences;
pub use tokens::tokens;
