//! Cross-document event ordering on MEANTIME.
//!
//! Gold: every event instance of `list_instances.csv` with a time anchor (column TIME).
//! Ours: for each instance, the first mention (documents in path order, mentions in text
//! order) that the gold annotation links by a TLINK of inclusion or simultaneity to a
//! TIMEX3; the instance gets the value our tagger gives to the expression overlapping
//! that TIMEX3 (the DCT when the link goes to the creation time). Pairs: two instances of
//! one topic whose anchors come from different documents and whose gold anchors are
//! strictly ordered (one period ends before the other starts). Score: the share of those
//! pairs our values order the same way; a pair we leave unordered (overlapping periods,
//! or a value that is not a calendar period) counts as wrong. The same figure with the
//! gold TIMEX3 values in place of ours is the ceiling this linking method allows.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use model::Span;
use regex::Regex;
use timex::chrono::{Days, Months, Weekday};
use timex::{NaiveDate, Tagger};

use super::{meantime_files, parse_meantime, run_tagger};

/// A half-open calendar interval of a TIMEX3 value: `2009-01` is January 2009.
pub fn interval(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let v = value.split('T').next()?;
    let year: i32 = v.get(..4)?.parse().ok()?;
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let rest = v.get(4..).unwrap_or("");
    let parts: Vec<&str> = rest.split('-').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => Some((ymd(year, 1, 1)?, ymd(year + 1, 1, 1)?)),
        [m] if m.starts_with('W') => {
            let start = NaiveDate::from_isoywd_opt(year, m.get(1..)?.parse().ok()?, Weekday::Mon)?;
            Some((start, start + Days::new(7)))
        }
        [q] if q.starts_with('Q') => {
            let q: u32 = q.get(1..)?.parse().ok()?;
            let start = ymd(year, q * 3 - 2, 1)?;
            Some((start, add_months(start, 3)?))
        }
        [m] | [m, "XX"] => {
            let m: u32 = m.parse().ok()?;
            let start = ymd(year, m, 1)?;
            Some((start, add_months(start, 1)?))
        }
        [m, d] => {
            let start = ymd(year, m.parse().ok()?, d.parse().ok()?)?;
            Some((start, start + Days::new(1)))
        }
        _ => None,
    }
}

fn add_months(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(n))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Before,
    After,
    Unordered,
}

fn order(a: &str, b: &str) -> Order {
    match (interval(a), interval(b)) {
        (Some(x), Some(y)) if x.1 <= y.0 => Order::Before,
        (Some(x), Some(y)) if y.1 <= x.0 => Order::After,
        _ => Order::Unordered,
    }
}

/// Figures of the ordering evaluation.
#[derive(Debug, Clone, Default)]
pub struct OrderingScores {
    /// Instances with a gold anchor / with one of our anchors.
    pub anchored_instances: usize,
    pub linked_instances: usize,
    /// Cross-document pairs strictly ordered by the gold anchors and linked on both sides.
    pub pairs: usize,
    pub ours_same_order: usize,
    pub gold_timex_same_order: usize,
}

impl OrderingScores {
    pub fn ours(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.ours_same_order as f64 / self.pairs as f64
        }
    }
    pub fn ceiling(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.gold_timex_same_order as f64 / self.pairs as f64
        }
    }
}

impl std::fmt::Display for OrderingScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "event instances with a gold anchor {}, linked to a timex {}", self.anchored_instances, self.linked_instances)?;
        writeln!(f, "cross-document pairs ordered by gold {}", self.pairs)?;
        writeln!(f, "same order with our values         {:.3} ({})", self.ours(), self.ours_same_order)?;
        write!(f, "same order with gold timex values  {:.3} ({})", self.ceiling(), self.gold_timex_same_order)
    }
}

/// One instance's anchor as found in a document: (topic, doc index, our value, gold timex value).
struct Anchor {
    topic: String,
    doc: usize,
    ours: String,
    gold: String,
}

/// Runs the evaluation over the MEANTIME folder.
pub fn evaluate_ordering(tagger: &Tagger, dir: &Path) -> Result<OrderingScores> {
    let csv_path = dir.join("list_instances.csv");
    let csv = std::fs::read_to_string(&csv_path).with_context(|| format!("reading {}", csv_path.display()))?;
    let mut gold_anchor: HashMap<String, String> = HashMap::new();
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) == Some(&"EVENT") {
            if let (Some(id), Some(time)) = (cols.first(), cols.get(7)) {
                if interval(time).is_some() {
                    gold_anchor.insert(id.to_string(), time.to_string());
                }
            }
        }
    }
    let event_re = Regex::new(r#"<EVENT [^>]*instance_id="([^"]+)"[^>]*m_id="(\d+)""#)?;
    let mention_re = Regex::new(r#"<EVENT_MENTION [^>]*m_id="(\d+)""#)?;
    let link_re = Regex::new(r#"(?s)<(TLINK|REFERS_TO)\b([^>]*)>(.*?)</(?:TLINK|REFERS_TO)>"#)?;
    let source_re = Regex::new(r#"<source m_id="(\d+)""#)?;
    let target_re = Regex::new(r#"<target m_id="(\d+)""#)?;
    let mut anchors: HashMap<String, Anchor> = HashMap::new();
    for (doc_index, (topic, path)) in meantime_files(dir)?.into_iter().enumerate() {
        let xml = std::fs::read_to_string(&path)?;
        let doc = parse_meantime(&doc_index.to_string(), &xml);
        let system = run_tagger(tagger, &doc);
        let dct_value = doc.dct.map(|d| d.format("%Y-%m-%d").to_string());
        let dct_id = Regex::new(r#"<TIMEX3 [^>]*functionInDocument="CREATION_TIME"[^>]*m_id="(\d+)""#)?.captures(&xml).map(|c| c[1].to_string());
        let timex_by_id: HashMap<&str, (Span, Option<&str>)> = doc.timexes.iter().map(|t| (t.id.as_str(), (t.span, t.value.as_deref()))).collect();
        let instance_of_event: HashMap<String, String> = event_re.captures_iter(&xml).map(|c| (c[2].to_string(), c[1].to_string())).collect();
        let mentions: Vec<String> = mention_re.captures_iter(&xml).map(|c| c[1].to_string()).collect();
        let mut instance_of_mention: HashMap<String, String> = HashMap::new();
        let mut time_of_mention: HashMap<String, String> = HashMap::new();
        let is_timex = |id: &str| timex_by_id.contains_key(id) || dct_id.as_deref() == Some(id);
        for c in link_re.captures_iter(&xml) {
            let Some(target) = target_re.captures(&c[3]).map(|t| t[1].to_string()) else { continue };
            let sources: Vec<String> = source_re.captures_iter(&c[3]).map(|s| s[1].to_string()).collect();
            if &c[1] == "REFERS_TO" {
                if let Some(instance) = instance_of_event.get(&target) {
                    for s in sources {
                        instance_of_mention.insert(s, instance.clone());
                    }
                }
                continue;
            }
            let reltype = super::xml_attr(&c[2], "reltype").unwrap_or("");
            if !matches!(reltype, "INCLUDES" | "IS_INCLUDED" | "SIMULTANEOUS" | "DURING" | "BEGINS" | "ENDS" | "BEGUN_BY" | "ENDED_BY") {
                continue;
            }
            // Either direction: "timex INCLUDES event" or "event IS_INCLUDED timex".
            for s in sources {
                let (event, timex) = if is_timex(&target) && !is_timex(&s) {
                    (s, target.clone())
                } else if is_timex(&s) && !is_timex(&target) {
                    (target.clone(), s)
                } else {
                    continue;
                };
                time_of_mention.entry(event).or_insert(timex);
            }
        }
        for m in &mentions {
            let (Some(instance), Some(timex_id)) = (instance_of_mention.get(m), time_of_mention.get(m)) else { continue };
            if anchors.contains_key(instance) || !gold_anchor.contains_key(instance) {
                continue;
            }
            let (ours, gold) = if Some(timex_id) == dct_id.as_ref() {
                (dct_value.clone(), dct_value.clone())
            } else if let Some((span, gold_value)) = timex_by_id.get(timex_id.as_str()) {
                let ours = system.iter().filter(|s| s.span.overlaps(span)).max_by_key(|s| s.span.end.min(span.end).saturating_sub(s.span.start.max(span.start))).map(|s| s.value.clone());
                (ours, gold_value.map(str::to_string))
            } else {
                (None, None)
            };
            anchors.insert(instance.clone(), Anchor { topic: topic.clone(), doc: doc_index, ours: ours.unwrap_or_default(), gold: gold.unwrap_or_default() });
        }
    }
    let mut scores = OrderingScores { anchored_instances: gold_anchor.len(), linked_instances: anchors.len(), ..Default::default() };
    let mut linked: Vec<(&String, &Anchor)> = anchors.iter().collect();
    linked.sort_by(|a, b| a.0.cmp(b.0));
    for (i, (id_a, a)) in linked.iter().enumerate() {
        for (id_b, b) in &linked[i + 1..] {
            if a.topic != b.topic || a.doc == b.doc {
                continue;
            }
            let (Some(ga), Some(gb)) = (gold_anchor.get(*id_a), gold_anchor.get(*id_b)) else { continue };
            let gold_order = order(ga, gb);
            if gold_order == Order::Unordered {
                continue;
            }
            scores.pairs += 1;
            if order(&a.ours, &b.ours) == gold_order {
                scores.ours_same_order += 1;
            }
            if order(&a.gold, &b.gold) == gold_order {
                scores.gold_timex_same_order += 1;
            }
        }
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_order() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(interval("2009-01-XX"), Some((d(2009, 1, 1), d(2009, 2, 1))));
        assert_eq!(interval("2009-Q2"), Some((d(2009, 4, 1), d(2009, 7, 1))));
        assert_eq!(interval("2020-W10"), Some((d(2020, 3, 2), d(2020, 3, 9))));
        assert_eq!(interval("PRESENT_REF"), None);
        assert_eq!(order("2009-01-05", "2009-02"), Order::Before);
        assert_eq!(order("2009", "2009-02"), Order::Unordered);
        assert_eq!(order("2010", "2009-02-03T10:00"), Order::After);
    }
}
