//! Publication dates as written in metadata and header lines, normalised to
//! RFC 3339 with offset when the time and zone are known, `YYYY-MM-DD` when
//! only the day is. Anything ambiguous (`03/04/2020`, a time without a zone)
//! is reduced to what is certain or dropped: a date is never guessed.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use once_cell::sync::Lazy;
use regex::Regex;

mod dateline;
pub(crate) mod written;
mod zones;

pub use dateline::{dateline, Dateline, Placement};

/// Normalises a date string; `None` when it is not a recognisable date.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = strip_label(raw.trim());
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(rfc3339(dt));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(rfc3339(dt));
    }
    if let Some(dt) = iso_like(s) {
        return Some(dt);
    }
    if let Some(dt) = rfc2822_lenient(s) {
        return Some(dt);
    }
    // A dateline first: it keeps a written time and zone ("Wednesday 05 May 2010 19:00 BST").
    dateline(s, Placement::Line).map(|d| d.value).or_else(|| written_day(s).map(|d| d.format("%Y-%m-%d").to_string()))
}

/// Formats a UTC instant (feed dates, WARC dates) as RFC 3339.
pub fn utc_rfc3339(dt: DateTime<Utc>) -> String {
    rfc3339(dt.fixed_offset())
}

/// An RFC 3339 date-time moved to UTC (`…+00:00`), to compare instants written with different offsets.
pub fn to_utc(rfc3339_text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(rfc3339_text).ok().map(|dt| utc_rfc3339(dt.to_utc()))
}

fn rfc3339(dt: DateTime<FixedOffset>) -> String {
    dt.to_rfc3339_opts(SecondsFormat::Secs, false)
}

static LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:published|posted|updated|date|dated|last updated|first published|publication date)(?:\s+on)?\s*[:\-–]?\s*")
        .expect("valid regex")
});

fn strip_label(s: &str) -> &str {
    match LABEL.find(s) {
        Some(m) => s[m.end()..].trim(),
        None => s,
    }
}

static ISO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+\-]\d{2}:?\d{2})?)?$",
    )
    .expect("valid regex")
});

/// ISO 8601 variants RFC 3339 refuses: a space for `T`, no seconds, `+0100`, `UTC`.
fn iso_like(s: &str) -> Option<String> {
    let c = ISO.captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(num(1)? as i32, num(2)?, num(3)?)?;
    let (Some(hour), Some(minute)) = (num(4), num(5)) else {
        return Some(date.format("%Y-%m-%d").to_string());
    };
    let Some(zone) = c.get(7) else {
        return Some(date.format("%Y-%m-%d").to_string());
    };
    let offset = parse_offset(zone.as_str())?;
    let naive = date.and_hms_opt(hour, minute, num(6).unwrap_or(0))?;
    let dt = offset.from_local_datetime(&naive).single()?;
    Some(rfc3339(dt))
}

fn parse_offset(zone: &str) -> Option<FixedOffset> {
    match zone.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" | "UT" => FixedOffset::east_opt(0),
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() != 4 {
                return None;
            }
            let hours: i32 = digits[..2].parse().ok()?;
            let minutes: i32 = digits[2..].parse().ok()?;
            FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        }
    }
}

static RFC2822ISH: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(Z|UTC|GMT|UT|[+\-]\d{2}:?\d{2}|[A-Z]{3,4}))?)?$")
        .expect("valid regex")
});

/// RFC 822/2822 dates as feeds write them: two-digit years, full month names,
/// missing seconds, or a zone name; a zone we cannot pin down keeps only the day.
fn rfc2822_lenient(s: &str) -> Option<String> {
    let c = RFC2822ISH.captures(s)?;
    let day: u32 = c.get(1)?.as_str().parse().ok()?;
    let month = month_number(c.get(2)?.as_str())?;
    let mut year: i32 = c.get(3)?.as_str().parse().ok()?;
    if year < 100 {
        year += if year < 50 { 2000 } else { 1900 };
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let day_only = Some(date.format("%Y-%m-%d").to_string());
    let (Some(h), Some(m)) = (c.get(4), c.get(5)) else { return day_only };
    let Some(zone) = c.get(7) else { return day_only };
    let offset = parse_offset(zone.as_str()).or_else(|| us_zone(zone.as_str()));
    let Some(offset) = offset else { return day_only };
    let secs = c.get(6).and_then(|x| x.as_str().parse().ok()).unwrap_or(0);
    let naive: NaiveDateTime = date.and_hms_opt(h.as_str().parse().ok()?, m.as_str().parse().ok()?, secs)?;
    offset.from_local_datetime(&naive).single().map(rfc3339).or(day_only)
}

/// The North American zone names RFC 822 defines (and only those).
fn us_zone(zone: &str) -> Option<FixedOffset> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ => return None,
    };
    FixedOffset::east_opt(hours * 3600)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if lower.len() < 3 {
        return None;
    }
    let prefix = lower.get(..3)?;
    let index = MONTHS.iter().position(|m| *m == prefix)?;
    // "sept" and full names are fine; other words starting like a month are not.
    const FULL: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ];
    if FULL[index].starts_with(&lower) || lower == "sept" {
        Some(index as u32 + 1)
    } else {
        None
    }
}

static MONTH_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").expect("valid regex")
});
static DAY_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b").expect("valid regex")
});

/// "March 3, 2020", "Tuesday 3 March 2020 08:15" (the time, without a zone, is dropped).
fn written_day(s: &str) -> Option<NaiveDate> {
    if let Some(c) = MONTH_FIRST.captures(s) {
        let month = month_number(c.get(1)?.as_str())?;
        return NaiveDate::from_ymd_opt(c.get(3)?.as_str().parse().ok()?, month, c.get(2)?.as_str().parse().ok()?);
    }
    let c = DAY_FIRST.captures(s)?;
    let month = month_number(c.get(2)?.as_str())?;
    NaiveDate::from_ymd_opt(c.get(3)?.as_str().parse().ok()?, month, c.get(1)?.as_str().parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_forms() {
        let cases = [
            ("Tue, 03 Mar 2020 08:15:00 +0100", Some("2020-03-03T08:15:00+01:00")),
            ("Thu, 01 Jan 2004 19:48:21 GMT", Some("2004-01-01T19:48:21+00:00")),
            ("2020-03-03T08:15:00Z", Some("2020-03-03T08:15:00+00:00")),
            ("2020-03-03 08:15 +0100", Some("2020-03-03T08:15:00+01:00")),
            ("2020-03-03T08:15:00", Some("2020-03-03")),
            ("2020-03-03", Some("2020-03-03")),
            ("Published: March 3, 2020", Some("2020-03-03")),
            ("Updated on 3rd March 2020, 08:15", Some("2020-03-03")),
            ("Sun, 4 Jan 04 19:48 EST", Some("2004-01-04T19:48:00-05:00")),
            ("Fri, 09 Aug 2013 23:54:35 CET", Some("2013-08-09")),
            ("03/04/2020", None),
            ("Mayor says hello", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_date(raw).as_deref(), want, "{raw}");
        }
        assert_eq!(to_utc("2020-03-03T08:15:00+01:00").as_deref(), Some("2020-03-03T07:15:00+00:00"));
    }
}
