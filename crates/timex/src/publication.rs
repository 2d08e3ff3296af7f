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

/// From the absolute dates an article mentions, the earliest possible publication date:
/// the start of the most recent period mentioned, given at that mention's own precision
/// (`"2020-03"` when the latest mention is March 2020; never a day invented). News reports
/// what happened, so the latest date it names is the best lower bound available from the
/// text alone. The second element, a latest possible date, stays `None`: no mention bounds
/// publication from above, since articles also name scheduled future dates.
///
/// `None` when no absolute date is mentioned.
pub fn infer_publication(times: &[TimeExpr]) -> Option<(String, Option<String>)> {
    let absolute = times
        .iter()
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time))
        .filter_map(|t| period_start(&t.value).map(|start| (start, t.value.split('T').next().unwrap_or(&t.value).to_string())));
    let (_, value) = absolute.max_by(|a, b| a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())))?;
    Some((value, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Span;

    fn date(value: &str) -> TimeExpr {
        TimeExpr { span: Span::new(0, 1), text: String::new(), kind: TimexType::Date, value: value.into(), modifier: None, quant: None, freq: None, sentence: 0 }
    }

    #[test]
    fn latest_absolute_mention_at_its_precision() {
        let times = vec![date("2019-12-30"), date("2020-03"), date("XXXX-04-01"), date("PRESENT_REF"), date("2020-Q1")];
        assert_eq!(infer_publication(&times), Some(("2020-03".to_string(), None)));
        assert_eq!(infer_publication(&[date("XXXX-XX-XX")]), None);
        assert_eq!(period_start("2020-W10"), chrono::NaiveDate::from_ymd_opt(2020, 3, 2));
    }
}
