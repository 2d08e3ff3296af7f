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
mod embedding;
mod report;

pub use article::*;
pub use doc::*;
pub use embedding::Embedding;
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

/// Days since 1970-01-01 of a `YYYY-MM-DD` date or of the calendar day of an RFC 3339
/// date-time (as written, local to its offset); None for anything else.
pub fn day_number(value: &str) -> Option<i64> {
    let year: i64 = value.get(0..4)?.parse().ok()?;
    if value.as_bytes().get(4) != Some(&b'-') || value.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    let month: i64 = value.get(5..7)?.parse().ok()?;
    let dom: i64 = value.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&dom) {
        return None;
    }
    // Days from civil (proleptic Gregorian), after H. Hinnant.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + dom - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod day_tests {
    use super::day_number;

    #[test]
    fn counts_days_from_the_epoch() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11017));
        assert_eq!(day_number("2020-03-01T10:00:00+01:00"), Some(18322));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("März"), None);
        assert_eq!(day_number("2020"), None);
    }
}
