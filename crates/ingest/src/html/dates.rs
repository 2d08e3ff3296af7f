//! Publication dates: normalising metadata values, and finding dates in URLs
//! and visible datelines in many languages.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::dates::written::{self, PLAUSIBLE_YEARS};

/// Normalises a machine-readable date from metadata: RFC 3339 with offset when the
/// value has a time and an offset, else `YYYY-MM-DD`. Falls back to human-readable forms.
pub fn normalise(raw: &str) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(dt) = parse_with_offset(value) {
        return plausible(dt.date_naive()).then(|| dt.to_rfc3339_opts(SecondsFormat::Secs, false));
    }
    if let Some(day) = iso_day(value) {
        return Some(day);
    }
    if let Some(naive) = parse_naive_datetime(value) {
        let day = naive.date();
        return plausible(day).then(|| day.format("%Y-%m-%d").to_string());
    }
    find_in_text(value)
}

fn plausible(day: NaiveDate) -> bool {
    PLAUSIBLE_YEARS.contains(&day.year())
}

fn parse_with_offset(value: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(dt);
    }
    // "2020-03-03 10:00:00Z" / lowercase "t": RFC 3339 variants in the wild.
    let unified = value.replacen(' ', "T", 1).replace('z', "Z").replacen('t', "T", 1);
    if let Ok(dt) = DateTime::parse_from_rfc3339(&unified) {
        return Some(dt);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(&unified, format) {
            return Some(dt);
        }
    }
    DateTime::parse_from_rfc2822(value).ok()
}

fn parse_naive_datetime(value: &str) -> Option<NaiveDateTime> {
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y%m%d%H%M%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(value, format) {
            return Some(dt);
        }
    }
    None
}

static ISO_DAY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])").expect("valid iso day regex"));
static COMPACT_DAY: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").expect("valid compact day regex"));

/// `2020-03-03`, `2020/3/3`, `20200303`, optionally followed by a time without offset.
fn iso_day(value: &str) -> Option<String> {
    let caps = ISO_DAY.captures(value).or_else(|| COMPACT_DAY.captures(value))?;
    ymd(caps.get(1)?.as_str(), caps.get(2)?.as_str(), caps.get(3)?.as_str())
}

fn ymd(year: &str, month: &str, day: &str) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
    plausible(date).then(|| date.format("%Y-%m-%d").to_string())
}

static URL_DAY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|_|\.|$)").expect("valid url date regex")
});

/// A date in a URL path: `/2020/03/03/`, `/2020-03-03-title`.
pub fn from_url(url: &str) -> Option<String> {
    let caps = URL_DAY.captures(url)?;
    ymd(caps.get(1)?.as_str(), caps.get(2)?.as_str(), caps.get(3)?.as_str())
}

/// Whether a word is a month name or abbreviation in one of the known languages.
pub fn is_month_name(word: &str) -> bool {
    written::month_from_name(word).is_some()
}

/// The first date written out in a short text (a dateline, a `<time>` label), as `YYYY-MM-DD`.
pub fn find_in_text(text: &str) -> Option<String> {
    written::find_date(text).map(|found| found.date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_metadata_values() {
        assert_eq!(normalise("2015-07-24T05:36:09+01:00").as_deref(), Some("2015-07-24T05:36:09+01:00"));
        assert_eq!(normalise("2015-07-24T05:36:09+0100").as_deref(), Some("2015-07-24T05:36:09+01:00"));
        assert_eq!(normalise("2015-07-24T05:36:09.123Z").as_deref(), Some("2015-07-24T05:36:09+00:00"));
        assert_eq!(normalise("2015-07-24 05:36:09").as_deref(), Some("2015-07-24"));
        assert_eq!(normalise("2015-07-24").as_deref(), Some("2015-07-24"));
        assert_eq!(normalise("20150724").as_deref(), Some("2015-07-24"));
        assert_eq!(normalise("Fri, 24 Jul 2015 05:36:09 +0000").as_deref(), Some("2015-07-24T05:36:09+00:00"));
        assert_eq!(normalise("yesterday"), None);
        assert_eq!(normalise("0001-01-01"), None);
    }

    #[test]
    fn finds_dates_in_urls() {
        assert_eq!(from_url("https://x.com/2020/03/03/story.html").as_deref(), Some("2020-03-03"));
        assert_eq!(from_url("https://x.com/news/2019-12-31-title").as_deref(), Some("2019-12-31"));
        assert_eq!(from_url("https://x.com/2020/13/40/x"), None);
        assert_eq!(from_url("https://x.com/story/12345"), None);
    }

    #[test]
    fn finds_datelines_in_many_languages() {
        assert_eq!(find_in_text("Published March 3, 2020 at 5pm").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("Updated 3 March 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("Veröffentlicht am 3. März 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("Publié le 3 mars 2020 à 10h").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("3 марта 2020 г., 10:15").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("Opublikowano: 3 marca 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("发布时间：2020年3月3日 10:00").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("3 مارس 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("Stand: 03.03.2020, 12:00 Uhr").as_deref(), Some("2020-03-03"));
        assert_eq!(find_in_text("no date here 42"), None);
    }
}
