//! Calendar arithmetic on TIMEX3 points: a day plus the granularity it is reported at.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// How precise a resolved date is, which decides its TIMEX3 form; ordered coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Gran {
    Century,
    Decade,
    Year,
    Half,
    Quarter,
    Season,
    Month,
    Week,
    Weekend,
    Day,
}

/// A resolved date: any day inside the period, and the period's granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Point {
    pub date: NaiveDate,
    pub gran: Gran,
}

/// Tense of the sentence around an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    Unknown,
}

/// Calendar units of durations and shifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Century,
    Decade,
    Year,
    HalfYear,
    Quarter,
    Month,
    Week,
    Weekend,
    Day,
    Hour,
    Minute,
    Second,
}

impl Unit {
    /// From the lexicon's unit codes.
    pub(crate) fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "CE" => Unit::Century,
            "DE" => Unit::Decade,
            "Y" => Unit::Year,
            "HY" => Unit::HalfYear,
            "Q" => Unit::Quarter,
            "M" => Unit::Month,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            _ => return None,
        })
    }

    /// The granularity a date shifted by this unit is reported at.
    pub(crate) fn gran(self) -> Gran {
        match self {
            Unit::Century => Gran::Century,
            Unit::Decade => Gran::Decade,
            Unit::Year => Gran::Year,
            Unit::HalfYear => Gran::Half,
            Unit::Quarter => Gran::Quarter,
            Unit::Month => Gran::Month,
            Unit::Week => Gran::Week,
            Unit::Weekend => Gran::Weekend,
            Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => Gran::Day,
        }
    }
}

/// TIMEX3 duration value: `P3Y`, `PT5M`, `PXD`, `PT30M` for half an hour.
pub(crate) fn duration_value(amount: Option<f64>, unit: Unit) -> String {
    let Some(n) = amount else {
        return match unit {
            Unit::Hour => "PTXH".into(),
            Unit::Minute => "PTXM".into(),
            Unit::Second => "PTXS".into(),
            _ => format!("PX{}", unit_letter(unit)),
        };
    };
    // A fraction is told in the next smaller unit where one exists, after the whole units as
    // TimeML writes it: "half an hour" PT30M, "2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M.
    if n.fract() != 0.0 {
        let smaller = match unit {
            Unit::Year => Some((12.0, Unit::Month)),
            Unit::Month => Some((30.0, Unit::Day)),
            Unit::Day => Some((24.0, Unit::Hour)),
            Unit::Hour => Some((60.0, Unit::Minute)),
            Unit::Minute => Some((60.0, Unit::Second)),
            _ => None,
        };
        if let Some((per, u)) = smaller.filter(|(per, _)| (n.fract() * per).fract() == 0.0) {
            let part = duration_value(Some(n.fract() * per), u);
            if n.trunc() == 0.0 {
                return part;
            }
            let whole = duration_value(Some(n.trunc()), unit);
            // Joined under one `P` and at most one `T`: P2Y + P6M, PT5H + PT30M, P1D + PT12H.
            let part = part.trim_start_matches('P');
            let part = if whole.contains('T') { part.trim_start_matches('T') } else { part };
            return format!("{whole}{part}");
        }
    }
    let amount = if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") };
    match unit {
        Unit::Hour => format!("PT{amount}H"),
        Unit::Minute => format!("PT{amount}M"),
        Unit::Second => format!("PT{amount}S"),
        Unit::Decade => format!("P{}Y", if n.fract() == 0.0 { format!("{}", n as i64 * 10) } else { format!("{}", n * 10.0) }),
        Unit::Century => format!("P{}Y", if n.fract() == 0.0 { format!("{}", n as i64 * 100) } else { format!("{}", n * 100.0) }),
        Unit::HalfYear => format!("P{}M", if n.fract() == 0.0 { format!("{}", n as i64 * 6) } else { format!("{}", n * 6.0) }),
        Unit::Weekend => format!("P{amount}WE"),
        _ => format!("P{amount}{}", unit_letter(unit)),
    }
}

fn unit_letter(unit: Unit) -> &'static str {
    match unit {
        Unit::Century => "CE",
        Unit::Decade => "DE",
        Unit::Year => "Y",
        Unit::HalfYear => "M",
        Unit::Quarter => "Q",
        Unit::Month => "M",
        Unit::Week | Unit::Weekend => "W",
        Unit::Day => "D",
        Unit::Hour => "H",
        Unit::Minute => "M",
        Unit::Second => "S",
    }
}

/// Season code and a representative month (winter is counted from December).
pub(crate) fn season_month(code: &str) -> Option<u32> {
    match code {
        "SP" => Some(4),
        "SU" => Some(7),
        "FA" => Some(10),
        "WI" => Some(12),
        _ => None,
    }
}

fn season_of(date: NaiveDate) -> &'static str {
    match date.month() {
        3..=5 => "SP",
        6..=8 => "SU",
        9..=11 => "FA",
        _ => "WI",
    }
}

/// Winter of year Y runs from December Y to February Y+1.
fn season_year(date: NaiveDate) -> i32 {
    if date.month() <= 2 {
        date.year() - 1
    } else {
        date.year()
    }
}

impl Point {
    pub(crate) fn new(date: NaiveDate, gran: Gran) -> Point {
        Point { date, gran }
    }

    /// The TIMEX3 value.
    pub(crate) fn value(&self) -> String {
        let d = self.date;
        match self.gran {
            Gran::Century => format!("{:02}", d.year().div_euclid(100)),
            Gran::Decade => format!("{:03}", d.year().div_euclid(10)),
            Gran::Year => format!("{:04}", d.year()),
            Gran::Half => format!("{:04}-H{}", d.year(), if d.month() <= 6 { 1 } else { 2 }),
            Gran::Quarter => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Gran::Season => format!("{:04}-{}", season_year(d), season_of(d)),
            Gran::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Gran::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Gran::Weekend => {
                let w = d.iso_week();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Gran::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }

    /// Moves by `n` units; the result has the unit's granularity unless `keep` is set.
    pub(crate) fn shift(&self, n: i64, unit: Unit, keep: bool) -> Option<Point> {
        let date = shift_date(self.date, n, unit)?;
        let gran = if keep { self.gran } else { unit.gran() };
        Some(Point::new(date, gran))
    }
}

/// `date` moved by `n` calendar units.
pub(crate) fn shift_date(date: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    let months = |m: i64| -> Option<NaiveDate> {
        if m >= 0 {
            date.checked_add_months(Months::new(u32::try_from(m).ok()?))
        } else {
            date.checked_sub_months(Months::new(u32::try_from(-m).ok()?))
        }
    };
    match unit {
        Unit::Century => months(n.checked_mul(1200)?),
        Unit::Decade => months(n.checked_mul(120)?),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::HalfYear => months(n.checked_mul(6)?),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Month => months(n),
        Unit::Week | Unit::Weekend => date.checked_add_signed(Duration::try_days(n.checked_mul(7)?)?),
        Unit::Day => date.checked_add_signed(Duration::try_days(n)?),
        Unit::Hour => date.checked_add_signed(Duration::try_hours(n)?),
        Unit::Minute => date.checked_add_signed(Duration::try_minutes(n)?),
        Unit::Second => date.checked_add_signed(Duration::try_seconds(n)?),
    }
}

/// ISO weekday number 1 (Monday) … 7 (Sunday) as chrono's type.
pub(crate) fn weekday(n: u32) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// The day with weekday `wd` that a sentence of this tense most likely means.
pub(crate) fn resolve_weekday(wd: Weekday, tense: Tense, dct: NaiveDate) -> Option<NaiveDate> {
    let diff = wd.num_days_from_monday() as i64 - dct.weekday().num_days_from_monday() as i64;
    let back = diff.rem_euclid(7); // days forward to the next one (0 = dct itself)
    let forward = back;
    let backward = (7 - back) % 7;
    let offset = match tense {
        Tense::Past => -backward,
        Tense::Future => forward,
        Tense::Unknown => {
            if backward <= forward {
                -backward
            } else {
                forward
            }
        }
    };
    dct.checked_add_signed(Duration::try_days(offset)?)
}

/// The weekday `wd` strictly before (dir < 0) or after (dir > 0) the reference; this week's otherwise.
pub(crate) fn weekday_in_direction(wd: Weekday, dir: i64, tense: Tense, dct: NaiveDate) -> Option<NaiveDate> {
    let diff = wd.num_days_from_monday() as i64 - dct.weekday().num_days_from_monday() as i64;
    match dir.signum() {
        -1 => {
            let back = (dct.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64).rem_euclid(7);
            dct.checked_sub_signed(Duration::try_days(if back == 0 { 7 } else { back })?)
        }
        1 => {
            let fwd = diff.rem_euclid(7);
            dct.checked_add_signed(Duration::try_days(if fwd == 0 { 7 } else { fwd })?)
        }
        _ => resolve_weekday(wd, tense, dct),
    }
}

/// The year a month (and day) without a year refers to, from the DCT and the tense.
///
/// A day and month is taken within half a year of the DCT, on the side the tense says when
/// it is more than [`TENSE_SLACK_DAYS`] away: news dates are close to publication, and tense
/// cues are too noisy to move a close date by a year.
/// How far (days) from the DCT a day and month stays where it is nearest whatever the
/// tense: close dates are more often right than tense cues. Tuned on TempEval train.
const TENSE_SLACK_DAYS: i64 = 60;

pub(crate) fn resolve_year(month: u32, day: Option<u32>, tense: Tense, dct: NaiveDate) -> i32 {
    if let Some(day) = day {
        let offset = |y: i32| NaiveDate::from_ymd_opt(y, month, day.min(28)).map_or(i64::MAX, |d| (d - dct).num_days());
        let nearest = [dct.year() - 1, dct.year(), dct.year() + 1].into_iter().min_by_key(|y| offset(*y).abs()).unwrap_or(dct.year());
        // Far from the DCT, the tense decides between the two sides ("was last seen Nov. 3"
        // in May: the November before).
        return match tense {
            Tense::Past if offset(nearest) > TENSE_SLACK_DAYS => nearest - 1,
            Tense::Future if offset(nearest) < -TENSE_SLACK_DAYS => nearest + 1,
            _ => nearest,
        };
    }
    let months_ahead = month as i32 - dct.month() as i32;
    match tense {
        Tense::Past if months_ahead > 0 => dct.year() - 1,
        Tense::Future if months_ahead < 0 => dct.year() + 1,
        // No tense: the nearest such month.
        Tense::Unknown if months_ahead > 6 => dct.year() - 1,
        Tense::Unknown if months_ahead < -6 => dct.year() + 1,
        _ => dct.year(),
    }
}

/// The year of "last March" (dir < 0), "next March" (dir > 0), "this March" (0).
pub(crate) fn month_year_in_direction(month: u32, dir: i64, dct: NaiveDate) -> i32 {
    match dir.signum() {
        -1 if month >= dct.month() => dct.year() - 1,
        1 if month <= dct.month() => dct.year() + 1,
        _ => dct.year(),
    }
}

/// A season point: the season instance before/after/around the DCT.
pub(crate) fn resolve_season(code: &str, dir: Option<i64>, tense: Tense, dct: NaiveDate) -> Option<Point> {
    let month = season_month(code)?;
    let current = season_year(dct);
    let cur_code = season_of(dct);
    let order = |c: &str| season_month(c).unwrap_or(0);
    let (this_year_is_past, this_year_is_future) = (order(code) < order(cur_code), order(code) > order(cur_code));
    let year = match (dir.map(i64::signum), tense) {
        (Some(-1), _) => {
            if this_year_is_past {
                current
            } else {
                current - 1
            }
        }
        (Some(1), _) => {
            if this_year_is_future {
                current
            } else {
                current + 1
            }
        }
        (Some(_), _) => current,
        (None, Tense::Past) if this_year_is_future => current - 1,
        (None, Tense::Future) if this_year_is_past => current + 1,
        (None, _) => current,
    };
    NaiveDate::from_ymd_opt(year, month, 1).map(|d| Point::new(d, Gran::Season))
}

/// The year a quarter without a year refers to.
///
/// Quarters are reported on after they end: "third-quarter earnings will be lower" told in
/// November is the quarter just ended, and a quarter later than the current one is last
/// year's when told as past, or when untold and not the next one.
pub(crate) fn resolve_quarter_year(quarter: u32, tense: Tense, dct: NaiveDate) -> i32 {
    let now = (dct.month() - 1) / 3 + 1;
    match tense {
        Tense::Future if quarter + 1 < now => dct.year() + 1,
        Tense::Future => dct.year(),
        Tense::Past if quarter > now => dct.year() - 1,
        // Untold, the next quarter may still be ahead ("the fourth quarter" in September).
        Tense::Unknown if quarter > now + 1 => dct.year() - 1,
        _ => dct.year(),
    }
}

/// The n-th weekday of a month (n = -1: the last one), for floating holidays.
pub(crate) fn nth_weekday(year: i32, month: u32, wd: Weekday, n: i32) -> Option<NaiveDate> {
    if n > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, wd, u8::try_from(n).ok()?)
    } else {
        let first_next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, month + 1, 1)? };
        let mut d = first_next.pred_opt()?;
        while d.weekday() != wd {
            d = d.pred_opt()?;
        }
        Some(d)
    }
}

/// The X-placeholder form of a value that needs a reference date nobody gave.
pub(crate) fn unknown_value(gran: Gran) -> &'static str {
    match gran {
        Gran::Century => "XX",
        Gran::Decade => "XXX",
        Gran::Year => "XXXX",
        Gran::Half => "XXXX-HX",
        Gran::Quarter => "XXXX-QX",
        Gran::Season => "XXXX-XX",
        Gran::Month => "XXXX-XX",
        Gran::Week => "XXXX-WXX",
        Gran::Weekend => "XXXX-WXX-WE",
        Gran::Day => "XXXX-XX-XX",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_every_granularity() {
        let day = d(2020, 3, 3);
        let v = |g| Point::new(day, g).value();
        assert_eq!(v(Gran::Day), "2020-03-03");
        assert_eq!(v(Gran::Week), "2020-W10");
        assert_eq!(v(Gran::Month), "2020-03");
        assert_eq!(v(Gran::Quarter), "2020-Q1");
        assert_eq!(v(Gran::Half), "2020-H1");
        assert_eq!(v(Gran::Year), "2020");
        assert_eq!(v(Gran::Decade), "202");
        assert_eq!(v(Gran::Century), "20");
        assert_eq!(Point::new(d(2020, 7, 1), Gran::Season).value(), "2020-SU");
        assert_eq!(Point::new(d(2021, 1, 10), Gran::Season).value(), "2020-WI");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_value(Some(5.0), Unit::Day), "P5D");
        assert_eq!(duration_value(Some(5.0), Unit::Minute), "PT5M");
        assert_eq!(duration_value(Some(0.5), Unit::Hour), "PT30M");
        assert_eq!(duration_value(None, Unit::Year), "PXY");
        assert_eq!(duration_value(Some(2.0), Unit::Decade), "P20Y");
    }

    #[test]
    fn weekdays_follow_tense() {
        let dct = d(2020, 3, 5); // Thursday
        assert_eq!(resolve_weekday(Weekday::Tue, Tense::Past, dct), Some(d(2020, 3, 3)));
        assert_eq!(resolve_weekday(Weekday::Tue, Tense::Future, dct), Some(d(2020, 3, 10)));
        assert_eq!(resolve_weekday(Weekday::Fri, Tense::Unknown, dct), Some(d(2020, 3, 6)));
        assert_eq!(weekday_in_direction(Weekday::Thu, -1, Tense::Unknown, dct), Some(d(2020, 2, 27)));
        assert_eq!(resolve_weekday(NaiveDate::MAX.weekday().succ(), Tense::Future, NaiveDate::MAX), None);
    }

    #[test]
    fn month_years_follow_tense() {
        let dct = d(2020, 3, 5);
        assert_eq!(resolve_year(11, None, Tense::Past, dct), 2019);
        assert_eq!(resolve_year(1, None, Tense::Future, dct), 2021);
        assert_eq!(resolve_year(3, Some(3), Tense::Unknown, dct), 2020);
        assert_eq!(resolve_year(1, Some(14), Tense::Past, d(2019, 12, 20)), 2020);
        assert_eq!(month_year_in_direction(3, -1, dct), 2019);
    }

    #[test]
    fn floating_holidays() {
        assert_eq!(nth_weekday(2020, 11, Weekday::Thu, 4), Some(d(2020, 11, 26)));
        assert_eq!(nth_weekday(2020, 5, Weekday::Mon, -1), Some(d(2020, 5, 25)));
    }
}
