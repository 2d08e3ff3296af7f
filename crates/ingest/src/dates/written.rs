//! Dates written out for readers, in the languages we meet most: "3 March 2020",
//! "March 3, 2020", "3. März 2020", "3 марта 2020 г.", "2020年3月3日", "03.03.2020".

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use once_cell::sync::Lazy;
use regex::Regex;

/// Years outside this range are taken for misparses (ids, prices), not publication dates.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Month names and abbreviations (lowercase) with inflected forms (Polish and
/// Russian genitive) → month number.
static MONTHS: Lazy<HashMap<&'static str, u32>> = Lazy::new(|| {
    let table: [&[&str]; 12] = [
        &["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "gen", "styczeń", "stycznia", "январь", "января", "янв", "januari", "يناير", "كانون الثاني"],
        &["february", "feb", "februar", "février", "fevrier", "févr", "fév", "febrero", "fevereiro", "fev", "febbraio", "luty", "lutego", "февраль", "февраля", "фев", "februari", "فبراير", "شباط"],
        &["march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "marzec", "marca", "март", "марта", "maart", "مارس", "آذار"],
        &["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia", "апрель", "апреля", "апр", "أبريل", "نيسان"],
        &["may", "mai", "mayo", "maio", "maggio", "mag", "maj", "maja", "май", "мая", "mei", "مايو", "أيار"],
        &["june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu", "czerwiec", "czerwca", "июнь", "июня", "يونيو", "حزيران"],
        &["july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug", "lipiec", "lipca", "июль", "июля", "يوليو", "تموز"],
        &["august", "aug", "août", "aout", "agosto", "ago", "sierpień", "sierpnia", "август", "августа", "авг", "augustus", "أغسطس", "آب"],
        &["september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre", "wrzesień", "września", "сентябрь", "сентября", "сен", "سبتمبر", "أيلول"],
        &["october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott", "październik", "października", "октябрь", "октября", "окт", "أكتوبر", "تشرين الأول"],
        &["november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada", "ноябрь", "ноября", "ноя", "نوفمبر", "تشرين الثاني"],
        &["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dezembro", "dicembre", "grudzień", "grudnia", "декабрь", "декабря", "дек", "ديسمبر", "كانون الأول"],
    ];
    let mut map = HashMap::new();
    for (index, names) in table.iter().enumerate() {
        for name in names.iter() {
            map.entry(*name).or_insert(index as u32 + 1);
        }
    }
    map
});

/// The month a name or abbreviation stands for, in any of the known languages.
pub fn month_from_name(name: &str) -> Option<u32> {
    MONTHS.get(name.to_lowercase().as_str()).copied()
}

/// "3 March 2020", "3. März 2020", "3 марта 2020 г.", "le 3 mars 2020", "3 de março de 2020".
static DAY_MONTH_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?((?:19|20)\d{2})\b").expect("valid dmy regex")
});
/// "March 3, 2020", "Mar. 3 2020".
static MONTH_DAY_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b").expect("valid mdy regex")
});
/// "2020年3月3日", "2020년 3월 3일".
static CJK_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]").expect("valid cjk date regex")
});
/// "03.03.2020" (day first, as written across Europe) and ISO "2020-03-03".
static NUMERIC_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(?:(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})|((?:19|20)\d{2})-(\d{2})-(\d{2}))\b").expect("valid numeric date regex")
});

/// A date found in a text, with the byte range it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenDate {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
}

fn build(year: &str, month: u32, day: &str) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?;
    PLAUSIBLE_YEARS.contains(&date.year()).then_some(date)
}

/// The first date written out in a text, as far as the forms above go.
pub fn find_date(text: &str) -> Option<WrittenDate> {
    let mut best: Option<WrittenDate> = None;
    let mut consider = |whole: regex::Match<'_>, date: Option<NaiveDate>| {
        if let Some(date) = date {
            if best.map_or(true, |b| whole.start() < b.start) {
                best = Some(WrittenDate { start: whole.start(), end: whole.end(), date });
            }
        }
    };
    for caps in DAY_MONTH_YEAR.captures_iter(text) {
        let (Some(whole), Some(day), Some(month), Some(year)) = (caps.get(0), caps.get(1), caps.get(2), caps.get(3)) else { continue };
        if let Some(m) = month_from_name(month.as_str()) {
            consider(whole, build(year.as_str(), m, day.as_str()));
            break;
        }
    }
    for caps in MONTH_DAY_YEAR.captures_iter(text) {
        let (Some(whole), Some(month), Some(day), Some(year)) = (caps.get(0), caps.get(1), caps.get(2), caps.get(3)) else { continue };
        if let Some(m) = month_from_name(month.as_str()) {
            consider(whole, build(year.as_str(), m, day.as_str()));
            break;
        }
    }
    if let Some(caps) = CJK_DATE.captures(text) {
        if let (Some(whole), Some(y), Some(m), Some(d)) = (caps.get(0), caps.get(1), caps.get(2), caps.get(3)) {
            consider(whole, m.as_str().parse().ok().and_then(|m| build(y.as_str(), m, d.as_str())));
        }
    }
    if let Some(caps) = NUMERIC_DATE.captures(text) {
        if let Some(whole) = caps.get(0) {
            let date = match (caps.get(1), caps.get(2), caps.get(3)) {
                (Some(d), Some(m), Some(y)) => m.as_str().parse().ok().and_then(|m| build(y.as_str(), m, d.as_str())),
                _ => match (caps.get(4), caps.get(5), caps.get(6)) {
                    (Some(y), Some(m), Some(d)) => m.as_str().parse().ok().and_then(|m| build(y.as_str(), m, d.as_str())),
                    _ => None,
                },
            };
            consider(whole, date);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        find_date(text).map(|d| d.date.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn finds_written_dates_with_their_span() {
        let found = find_date("7:00pm UK, Wednesday 05 May 2010 Three people").expect("date");
        assert_eq!((found.start, found.end), (21, 32));
        assert_eq!(day("le 3 mars 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(day("3 de março de 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(day("Mar. 3 2020").as_deref(), Some("2020-03-03"));
        assert_eq!(day("2020년 3월 3일").as_deref(), Some("2020-03-03"));
        assert_eq!(day("12.05.2021 10:15").as_deref(), Some("2021-05-12"));
        assert_eq!(day("31.02.2020"), None);
        assert_eq!(day("Flight 12 May 1850"), None);
        assert_eq!(month_from_name("Października"), Some(10));
    }
}
