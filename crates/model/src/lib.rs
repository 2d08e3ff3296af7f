//! The one data model of Triangulate.
//!
//! Data flows one way: `ingest` turns bytes into [`Article`]s, the per-article
//! analysers turn an article into a [`Doc`], `corroborate` groups docs into
//! [`Story`]s and `report` writes a [`Report`]. Every stage only reads the
//! types of the stages before it.
//!
//! Offsets: every [`Span`] in a [`Doc`] counts Unicode scalar values (code
//! points) into [`Article::text`], so that consumers in any language can slice
//! the text with them. Analysers work in byte offsets internally and convert
//! once, through [`Doc::spans_to_chars`].

mod article;
mod doc;
mod report;

pub use article::*;
pub use doc::*;
pub use report::*;

/// A stable identifier from content: the first 16 hex digits of BLAKE3.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0x1f]);
    }
    let hex = hasher.finalize().to_hex();
    format!("{prefix}{}", &hex[..16])
}
