//! Time zones as pages write them next to a time: offsets, abbreviations with
//! one meaning in news ("GMT", "CEST", "EDT") and regional names whose offset
//! depends on the day ("UK", "ET"), resolved through the IANA database.
//! Abbreviations with several meanings ("IST": India, Ireland, Israel) are not
//! resolved: a time in an unknown zone keeps only its day.

use chrono::{FixedOffset, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A zone written after a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Region(Tz),
}

impl Zone {
    /// The offset in force at `local` in this zone; `None` for a local time that
    /// does not exist or happens twice there (a daylight-saving change).
    pub fn offset_at(self, local: &NaiveDateTime) -> Option<FixedOffset> {
        match self {
            Zone::Fixed(offset) => Some(offset),
            Zone::Region(tz) => tz.offset_from_local_datetime(local).single().map(|o| o.fix()),
        }
    }
}

fn hours(h: i32) -> Option<Zone> {
    FixedOffset::east_opt(h * 3600).map(Zone::Fixed)
}

/// The zone a name stands for (case-insensitive; "GMT+2", "UTC-05:00", "+0100" too).
pub fn zone_from_name(name: &str) -> Option<Zone> {
    let upper = name.trim().trim_matches(|c| c == '(' || c == ')').to_uppercase();
    let upper = upper.trim_end_matches('.');
    let fixed = match upper {
        "Z" | "UTC" | "GMT" | "UT" | "WET" => 0,
        "BST" | "WEST" | "CET" | "MEZ" => 1,
        "CEST" | "MESZ" | "EET" | "SAST" => 2,
        "EEST" | "MSK" => 3,
        "GST" => 4,
        "PKT" => 5,
        "WIB" | "ICT" => 7,
        "HKT" | "SGT" | "AWST" | "PHT" | "BJT" => 8,
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "NZST" => 12,
        "NZDT" => 13,
        _ => {
            return super::us_zone(upper).map(Zone::Fixed).or_else(|| region(upper)).or_else(|| numeric_offset(upper))
        }
    };
    hours(fixed)
}

/// Names of a region's clock rather than of one offset.
fn region(upper: &str) -> Option<Zone> {
    let tz = match upper {
        "UK" | "UK TIME" | "LONDON" | "LONDON TIME" => Tz::Europe__London,
        "ET" | "EASTERN" | "EASTERN TIME" => Tz::America__New_York,
        "CT" | "CENTRAL" | "CENTRAL TIME" => Tz::America__Chicago,
        "MT" | "MOUNTAIN" | "MOUNTAIN TIME" => Tz::America__Denver,
        "PT" | "PACIFIC" | "PACIFIC TIME" => Tz::America__Los_Angeles,
        "AET" | "SYDNEY" => Tz::Australia__Sydney,
        "MOSCOW TIME" => Tz::Europe__Moscow,
        _ => return None,
    };
    Some(Zone::Region(tz))
}

/// "+01:00", "-0500", "GMT+2", "UTC-05:00".
fn numeric_offset(upper: &str) -> Option<Zone> {
    let rest = upper.strip_prefix("GMT").or_else(|| upper.strip_prefix("UTC")).unwrap_or(upper).trim();
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let digits: String = rest.chars().skip(1).filter(|c| c.is_ascii_digit()).collect();
    let (h, m): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    if h > 14 || m >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).map(Zone::Fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("valid")
    }

    #[test]
    fn regional_zones_follow_daylight_saving() {
        let uk = zone_from_name("UK").expect("zone");
        assert_eq!(uk.offset_at(&at(2010, 5, 5, 19)), FixedOffset::east_opt(3600));
        assert_eq!(uk.offset_at(&at(2010, 1, 5, 19)), FixedOffset::east_opt(0));
        let et = zone_from_name("ET").expect("zone");
        assert_eq!(et.offset_at(&at(2020, 3, 3, 9)), FixedOffset::east_opt(-5 * 3600));
        assert_eq!(et.offset_at(&at(2020, 7, 3, 9)), FixedOffset::east_opt(-4 * 3600));
        // 01:30 on the last Sunday of October 2020 happened twice in London.
        assert_eq!(uk.offset_at(&NaiveDate::from_ymd_opt(2020, 10, 25).and_then(|d| d.and_hms_opt(1, 30, 0)).expect("valid")), None);
    }

    #[test]
    fn fixed_and_numeric_zones() {
        assert_eq!(zone_from_name("gmt"), Some(Zone::Fixed(FixedOffset::east_opt(0).expect("offset"))));
        assert_eq!(zone_from_name("CEST"), Some(Zone::Fixed(FixedOffset::east_opt(7200).expect("offset"))));
        assert_eq!(zone_from_name("GMT+5:30"), Some(Zone::Fixed(FixedOffset::east_opt(19800).expect("offset"))));
        assert_eq!(zone_from_name("-0500"), Some(Zone::Fixed(FixedOffset::west_opt(18000).expect("offset"))));
        assert_eq!(zone_from_name("IST"), None);
        assert_eq!(zone_from_name("Uhr"), None);
        assert_eq!(zone_from_name("+99"), None);
    }
}
