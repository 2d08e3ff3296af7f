//! Publication date inference for articles that do not state one.

use model::{TimeExpr, TimexType};

use crate::timeml::parse_date;

/// The first day of a TIMEX3 date value's period (`2020` → 2020-01-01, `2020-Q2` →
/// 2020-04-01), for values that are fully absolute (no `X`, no `_REF`).
fn period_start(value: &str) -> Option<chrono::NaiveDate> {
    let date_part = value.split('T').next()?;
    if date_part.contains('X') || date_part.len() < 4 || !date_part[..4].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = date_part[..4].parse().ok()?;
    let rest = &date_part[4..];
    let month = match rest.get(1..) {
        None | Some("") => 1,
        Some(r) if r.len() == 5 && r.as_bytes().get(2) == Some(&b'-') => return parse_date(date_part),
        Some(r) if r.starts_with('Q') => r[1..].parse::<u32>().ok().filter(|q| (1..=4).contains(q)).map(|q| q * 3 - 2)?,
        Some(r) if r.starts_with('H') => r[1..].parse::<u32>().ok().filter(|h| (1..=2).contains(h)).map(|h| h * 6 - 5)?,
        Some(r) if r.starts_with('W') => {
            let week: u32 = r.get(1..3)?.parse().ok()?;
            return chrono::NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon);
        }
        Some("SP") => 3,
        Some("SU") => 6,
        Some("FA") => 9,
        Some("WI") => 12,
        Some(r) => r.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?,
    };
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
}

/// The day after a TIMEX3 date value's period (`2020` → 2021-01-01, `2020-03-05` →
/// 2020-03-06), for the same values as [`period_start`].
fn period_end(value: &str) -> Option<chrono::NaiveDate> {
    let start = period_start(value)?;
    let date_part = value.split('T').next()?;
    let rest = date_part.get(5..).unwrap_or("");
    let months = |n: u32| start.checked_add_months(chrono::Months::new(n));
    match rest {
        "" => months(12),
        r if r.len() == 5 => start.succ_opt(),
        r if r.starts_with('Q') || ["SP", "SU", "FA", "WI"].contains(&r) => months(3),
        r if r.starts_with('H') => months(6),
        r if r.starts_with('W') => start.checked_add_days(chrono::Days::new(7)),
        _ => months(1),
    }
}

/// What an article's text says about when it was published: no earlier than `earliest`, no
/// later than the end of `latest`'s period. Both are TIMEX3 date values at the precision of
/// the mention they come from (`2020-03` is "March 2020"), never a day invented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationRange {
    pub earliest: String,
    pub latest: Option<String>,
}

impl PublicationRange {
    /// The first day publication is possible on.
    pub fn earliest_day(&self) -> Option<chrono::NaiveDate> {
        period_start(&self.earliest)
    }

    /// The last day publication is possible on, when bounded.
    pub fn latest_day(&self) -> Option<chrono::NaiveDate> {
        self.latest.as_deref().and_then(period_end).and_then(|d| d.pred_opt())
    }
}

/// An absolute date mention: its period start, period end (exclusive) and value.
fn absolute(t: &TimeExpr) -> Option<(chrono::NaiveDate, chrono::NaiveDate, String)> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let value = t.value.split('T').next().unwrap_or(&t.value).to_string();
    Some((period_start(&value)?, period_end(&value)?, value))
}

/// How a sentence tells a date, as far as publication is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Told {
    /// As past or present: publication is not before it.
    Past,
    /// As still to come: publication is not after it.
    Future,
    /// Hedged, planned, a deadline, or computed from another date: it bounds nothing.
    Uncertain,
}

/// The publication range from the absolute dates an article mentions and how each is told.
///
/// Lower bound: the start of the latest period told as past or present. News reports what
/// happened, so the latest date it names that way is the best lower bound the text gives.
/// Upper bound: the end of the earliest period told as still to come ("will meet on March 5,
/// 2020": published by March 5), if that is not before the lower bound. Relative dates
/// ("yesterday", "on Tuesday") cannot be placed without the date being inferred, so they
/// bound nothing.
pub(crate) fn bounds(times: &[TimeExpr], told: impl Fn(&TimeExpr) -> Told) -> Option<PublicationRange> {
    let mut past = Vec::new();
    let mut to_come = Vec::new();
    for t in times {
        if let Some(mention) = absolute(t) {
            match told(t) {
                Told::Past => past.push(mention),
                Told::Future => to_come.push(mention),
                Told::Uncertain => {}
            }
        }
    }
    let (lower_start, _, earliest) = past.into_iter().max_by(|a, b| a.0.cmp(&b.0).then(a.2.len().cmp(&b.2.len())))?;
    let latest = to_come
        .into_iter()
        .filter(|(_, end, _)| *end > lower_start)
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.len().cmp(&a.2.len())))
        .map(|(_, _, value)| value);
    Some(PublicationRange { earliest, latest })
}

/// True when the expression writes its year ("March 3, 2020", "1990s", "'98"), rather than
/// getting it from another date ("two years later") or from words that may mean something
/// else ("two thousand").
pub(crate) fn year_written(t: &TimeExpr) -> bool {
    let digits: String = t.value.chars().take_while(char::is_ascii_digit).collect();
    match digits.len() {
        4 => t.text.contains(&digits) || ['\'', '’'].iter().any(|q| t.text.contains(&format!("{q}{}", &digits[2..]))),
        3 => t.text.contains(&digits),
        _ => false,
    }
}

/// From the absolute dates an article mentions, the earliest possible publication date (see
/// [`bounds`]), blind to tense: every mention counts as past, so there is no upper bound.
/// [`crate::Tagger::infer_publication`] reads the tense too. `None` when no absolute date is
/// mentioned.
pub fn infer_publication(times: &[TimeExpr]) -> Option<(String, Option<String>)> {
    bounds(times, |_| Told::Past).map(|r| (r.earliest, r.latest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Span;

    fn date(value: &str) -> TimeExpr {
        TimeExpr { span: Span::new(0, 1), text: String::new(), kind: TimexType::Date, value: value.into(), modifier: None, quant: None, freq: None, sentence: 0, range_end: None, ends_range: false }
    }

    #[test]
    fn future_mentions_bound_from_above() {
        let (past, later) = (date("2020-03-01"), date("2020-03-09"));
        let far = date("2021");
        fn told(past: &'static str) -> impl Fn(&TimeExpr) -> Told {
            move |t| if t.value == past { Told::Past } else { Told::Future }
        }
        let r = bounds(&[past.clone(), later.clone(), far.clone()], told("2020-03-01")).expect("bounded");
        assert_eq!(r, PublicationRange { earliest: "2020-03-01".into(), latest: Some("2020-03-09".into()) });
        // A future mention before the lower bound contradicts it and bounds nothing.
        let r = bounds(&[date("2020-04"), later], told("2020-04")).expect("bounded");
        assert_eq!(r.latest, None);
        // Only future mentions: no lower bound, so no range at all.
        assert_eq!(bounds(std::slice::from_ref(&far), |_| Told::Future), None);
        assert_eq!(bounds(&[far], |_| Told::Uncertain), None);
        assert_eq!(period_end("2020-02"), chrono::NaiveDate::from_ymd_opt(2020, 3, 1));
        assert_eq!(period_end("2020-Q4"), chrono::NaiveDate::from_ymd_opt(2021, 1, 1));
        assert_eq!(period_end("2020-12-31T10:00"), chrono::NaiveDate::from_ymd_opt(2021, 1, 1));
    }

    #[test]
    fn latest_absolute_mention_at_its_precision() {
        let times = vec![date("2019-12-30"), date("2020-03"), date("XXXX-04-01"), date("PRESENT_REF"), date("2020-Q1")];
        assert_eq!(infer_publication(&times), Some(("2020-03".to_string(), None)));
        assert_eq!(infer_publication(&[date("XXXX-XX-XX")]), None);
        assert_eq!(period_start("2020-W10"), chrono::NaiveDate::from_ymd_opt(2020, 3, 2));
    }
}
