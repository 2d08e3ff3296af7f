//! Visible datelines: the date (and time, and zone) a page or a text shows
//! readers at the top of an article — "7:00pm UK, Wednesday 05 May 2010",
//! "Updated 14:32 GMT, 3 March 2020", "PARIS, March 3, 2020 (Reuters) -",
//! "Published: 12.05.2021 10:15", "Veröffentlicht am 3. März 2020, 10:15 Uhr".
//!
//! A dateline is a written date with nothing before it but labels, a weekday,
//! a time and zone, a wire-style place name (and, on a line of its own, a
//! byline); a time and zone after the date are read too. The result has an
//! offset only when the zone is written; a time without a zone gives the day.

use chrono::{NaiveDate, NaiveTime, SecondsFormat};
use once_cell::sync::Lazy;
use regex::Regex;

use super::written::find_date;
use super::zones::{zone_from_name, Zone};

/// Where the text sits, which decides how much may surround the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A short line of its own above the body (a dateline, a byline with a date):
    /// anything may follow the date.
    Line,
    /// The opening of the first paragraph(s): the date must lead it, and be set
    /// off from the sentence by what precedes it (a label, a weekday, a time, a
    /// place) or by a time or a dash after it.
    Lead,
}

/// A publication date read from a dateline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// RFC 3339 with offset when a time and a known zone are written, else `YYYY-MM-DD`.
    pub value: String,
    /// Whether a label says it is the time of an update ("Updated", "Aktualisiert").
    pub is_update: bool,
    /// Byte offset in the text where the dateline (date, time, zone) ends.
    pub end: usize,
}

/// The date must start within this many bytes of the text.
const MAX_DATE_START: usize = 120;

static SEPARATOR: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\s,;:：|•·/\-–—()\[\]]+").expect("valid separator regex"));

/// Words that label a dateline, in the languages the month names cover. Groups:
/// 1 and 4 update labels, 2 and 5 publication labels, 3 prepositions ("on", "le", "am").
static LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"^(?i:(last\s+updated|updated|modified|zuletzt\s+aktualisiert|aktualisiert|stand|mis\s+à\s+jour|actualizado|atualizado|aggiornato|",
        r"aktualizacja|zaktualizowano|обновлено|обновлён|آخر\s+تحديث|تحديث)|",
        r"(first\s+published|published|posted|created|dated|date|publié|publiée|veröffentlicht|erstellt|datum|",
        r"opublikowano|data\s+publikacji|опубликовано|дата\s+публикации|publicado|publicada|pubblicato|نشر\s+في|تاريخ\s+النشر)|",
        r"(on|at|le|am|um|den|el|il|à|a\s+las|alle|às|в|o\s+godz\.?|godz\.?))\b\.?|",
        r"^(?:(更新时间|更新於|更新于)|(发布时间|发布于|发表于|发表时间|日期|时间|時間))"
    ))
    .expect("valid label regex")
});

static WEEKDAY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"^(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|",
        r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|",
        r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|",
        r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|",
        r"poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\b\.?"
    ))
    .expect("valid weekday regex")
});

/// "7:00pm", "14:32", "10.15 Uhr", "10h15", "5 p.m.".
static TIME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?i)(\d{1,2})(?:[:.h](\d{2}))?(?::(\d{2}))?(?:\s*([ap])\.?\s?m\b\.?)?(\s*(?:uhr\b|h\b))?").expect("valid time regex")
});

/// A zone after a time: an offset, an upper-case abbreviation or a regional name (checked by [`zone_from_name`]).
static ZONE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"^\(?((?:GMT|UTC)\s?[+\-−]\d{1,2}(?::?\d{2})?|[+\-−]\d{2}:?\d{2}|[A-Z]{2,5}|",
        r"(?i:uk\s+time|london\s+time|moscow\s+time|eastern\s+time|central\s+time|mountain\s+time|pacific\s+time|eastern|pacific))\)?(?:\b|$)"
    ))
    .expect("valid zone regex")
});

/// A wire dateline's place: "PARIS,", "NEW YORK,", "RIO DE JANEIRO,".
static PLACE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\p{M}'’.\-]+(?:\s+\p{Lu}[\p{Lu}\p{M}'’.\-]*){0,3}\s*,").expect("valid place regex")
});

/// A byline before the date on a line of its own: "By Jane Roe |".
static BYLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?i:by|von|par|por|di|door|od|автор)\s+[^|•·,\d]{2,60}").expect("valid byline regex")
});

/// Marks written after a year ("2020 г.", "2020 r.").
static YEAR_MARK: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:г\.|r\.)").expect("valid year mark regex"));

/// The time and zone read around the date.
#[derive(Default)]
struct Clock {
    time: Option<NaiveTime>,
    zone: Option<Zone>,
}

/// Reads a time token; `None` when what is there is a bare number.
fn read_time(text: &str) -> Option<(usize, NaiveTime)> {
    let caps = TIME.captures(text)?;
    let whole = caps.get(0)?;
    let minutes = caps.get(2);
    let meridiem = caps.get(4).map(|m| m.as_str().to_ascii_lowercase());
    if minutes.is_none() && meridiem.is_none() && caps.get(5).is_none() {
        return None;
    }
    let mut hour: u32 = caps.get(1)?.as_str().parse().ok()?;
    let minute: u32 = minutes.map_or(Some(0), |m| m.as_str().parse().ok())?;
    let second: u32 = caps.get(3).map_or(Some(0), |s| s.as_str().parse().ok())?;
    match meridiem.as_deref() {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some("p") if hour < 12 => hour += 12,
        Some("a") if hour == 12 => hour = 0,
        _ => {}
    }
    Some((whole.end(), NaiveTime::from_hms_opt(hour, minute, second)?))
}

fn read_zone(text: &str) -> Option<(usize, Zone)> {
    let caps = ZONE.captures(text)?;
    Some((caps.get(0)?.end(), zone_from_name(caps.get(1)?.as_str())?))
}

/// What the text before the date holds, when it holds only dateline words.
#[derive(Default)]
struct Prefix {
    /// A publication or update label, a time or a wire place: what sets a leading date off as a dateline.
    marked: bool,
    /// A weekday: sets a leading date off too, unless a preposition opens the text ("On Tuesday, March 3, …").
    weekday: bool,
    preposition: bool,
    is_update: bool,
    clock: Clock,
}

fn read_prefix(mut text: &str, placement: Placement) -> Option<Prefix> {
    let mut prefix = Prefix::default();
    let mut first = true;
    while !text.is_empty() {
        let consumed = if let Some(m) = SEPARATOR.find(text) {
            m.end()
        } else if let Some((end, time)) = read_time(text) {
            prefix.clock.time.get_or_insert(time);
            prefix.marked = true;
            end
        } else if let Some((end, zone)) = read_zone(text) {
            prefix.clock.zone.get_or_insert(zone);
            end
        } else if let Some(caps) = LABEL.captures(text) {
            prefix.is_update |= caps.get(1).is_some() || caps.get(4).is_some();
            if caps.get(3).is_some() {
                prefix.preposition = true;
            } else {
                prefix.marked = true;
            }
            caps.get(0)?.end()
        } else if let Some(m) = WEEKDAY.find(text) {
            prefix.weekday = true;
            m.end()
        } else if let Some(m) = PLACE.find(text).filter(|_| first) {
            prefix.marked = true;
            m.end()
        } else if let Some(m) = BYLINE.find(text).filter(|_| placement == Placement::Line) {
            m.end()
        } else {
            return None;
        };
        if consumed == 0 {
            return None;
        }
        text = &text[consumed..];
        first = false;
    }
    Some(prefix)
}

/// Reads the time and zone written after the date; returns whether a dash or
/// bar sets what follows apart, and how many bytes were read.
fn read_suffix(text: &str, clock: &mut Clock) -> (bool, usize) {
    let whole = text;
    let mut text = text;
    let mut set_off = false;
    for _ in 0..6 {
        if let Some(m) = SEPARATOR.find(text) {
            set_off |= m.as_str().contains(['-', '–', '—', '|', ':', '：', '•', '·']);
            text = &text[m.end()..];
            continue;
        }
        if let Some(m) = YEAR_MARK.find(text) {
            text = &text[m.end()..];
        } else if let Some((end, time)) = read_time(text) {
            if clock.time.is_some() {
                break;
            }
            clock.time = Some(time);
            text = &text[end..];
            set_off = true;
        } else if let Some((end, zone)) = read_zone(text).filter(|_| clock.time.is_some()) {
            clock.zone.get_or_insert(zone);
            text = &text[end..];
        } else if let Some(caps) = LABEL.captures(text).filter(|c| c.get(3).is_some()) {
            // "… at 5pm", "… um 10:15 Uhr"
            let Some(m) = caps.get(0) else { break };
            text = &text[m.end()..];
        } else {
            break;
        }
    }
    (set_off || text.is_empty(), whole.len() - text.len())
}

fn format(date: NaiveDate, clock: &Clock) -> String {
    let day = date.format("%Y-%m-%d").to_string();
    let (Some(time), Some(zone)) = (clock.time, clock.zone) else { return day };
    let local = date.and_time(time);
    match zone.offset_at(&local).and_then(|offset| local.and_local_timezone(offset).single()) {
        Some(at) => at.to_rfc3339_opts(SecondsFormat::Secs, false),
        None => day,
    }
}

/// The publication date a dateline at the start of `text` gives.
pub fn dateline(text: &str, placement: Placement) -> Option<Dateline> {
    let skipped = text.len() - text.trim_start().len();
    let text = text.trim_start();
    let mut head_end = text.len().min(MAX_DATE_START + 40);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &text[..head_end];
    let found = find_date(head)?;
    if found.start > MAX_DATE_START {
        return None;
    }
    let prefix = read_prefix(&head[..found.start], placement)?;
    let mut clock = prefix.clock;
    let (set_off, suffix_len) = read_suffix(&text[found.end..], &mut clock);
    let weekday_marks = prefix.weekday && !prefix.preposition;
    if placement == Placement::Lead && !prefix.marked && !weekday_marks && !set_off {
        return None;
    }
    let end = skipped + found.end + suffix_len;
    Some(Dateline { value: format(found.date, &clock), is_update: prefix.is_update, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(text: &str) -> Option<String> {
        dateline(text, Placement::Lead).map(|d| d.value)
    }

    fn line(text: &str) -> Option<String> {
        dateline(text, Placement::Line).map(|d| d.value)
    }

    #[test]
    fn reads_time_and_zone_before_or_after_the_date() {
        assert_eq!(
            lead("7:00pm UK, Wednesday 05 May 2010 Three people have died after rioters set fire to a bank.").as_deref(),
            Some("2010-05-05T19:00:00+01:00")
        );
        assert_eq!(line("7:00pm UK, Wednesday 05 January 2010").as_deref(), Some("2010-01-05T19:00:00+00:00"));
        let updated = dateline("Updated 14:32 GMT, 3 March 2020", Placement::Line).expect("dateline");
        assert_eq!(updated, Dateline { value: "2020-03-03T14:32:00+00:00".to_string(), is_update: true, end: 31 });
        assert_eq!(line("Published March 3, 2020 at 5:15 p.m. ET").as_deref(), Some("2020-03-03T17:15:00-05:00"));
        assert_eq!(line("Veröffentlicht am 3. März 2020, 10:15 Uhr MEZ").as_deref(), Some("2020-03-03T10:15:00+01:00"));
        assert_eq!(line("Publié le 3 mars 2020 à 10h15 (UTC+1)").as_deref(), Some("2020-03-03T10:15:00+01:00"));
    }

    #[test]
    fn a_time_without_zone_keeps_only_the_day() {
        assert_eq!(line("Published: 12.05.2021 10:15").as_deref(), Some("2021-05-12"));
        assert_eq!(line("3 марта 2020 г., 10:15").as_deref(), Some("2020-03-03"));
        assert_eq!(line("发布时间：2020年3月3日 10:00").as_deref(), Some("2020-03-03"));
        // A zone with no time is no instant.
        assert_eq!(line("3 March 2020 GMT").as_deref(), Some("2020-03-03"));
    }

    #[test]
    fn wire_datelines_and_bylines() {
        assert_eq!(
            lead("PARIS, March 3, 2020 (Reuters) - France's prime minister said on Tuesday that talks would resume.").as_deref(),
            Some("2020-03-03")
        );
        assert_eq!(line("By Jane Roe | March 3, 2020 | 5:00 pm EST").as_deref(), Some("2020-03-03T17:00:00-05:00"));
        assert_eq!(lead("By Jane Roe | March 3, 2020 The minister said"), None);
    }

    #[test]
    fn dates_inside_sentences_are_not_datelines() {
        assert_eq!(lead("On the morning of March 3, 2020, the minister resigned."), None);
        assert_eq!(lead("On Tuesday, March 3, 2020, the minister resigned."), None);
        assert_eq!(lead("Tuesday, March 3, 2020 The minister resigned.").as_deref(), Some("2020-03-03"));
        assert_eq!(lead("The minister resigned on March 3, 2020 after weeks of protests."), None);
        assert_eq!(lead("March 3, 2020 was the day the minister resigned."), None);
        assert_eq!(line("Flights resumed 12 May 2020"), None);
        assert_eq!(lead("2 hours ago"), None);
        assert_eq!(line(""), None);
        assert_eq!(line("13:99 GMT, 3 March 2020").as_deref(), None);
    }
}
