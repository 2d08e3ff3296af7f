//! Publication-date inference against documents whose creation time (DCT) is known.
//!
//! The DCT is hidden: each document is tagged without it, the publication range is inferred
//! from its text alone, and the range is checked against the DCT. A lower bound is *sound*
//! when its first day is not after the DCT, an upper bound when its last day is not before
//! it. Widths are in days, from the DCT to the lower bound's first day and, for documents with
//! both bounds, from the lower bound's first day to the upper bound's last day.

use std::fmt;

use timex::{NaiveDate, PublicationRange, Tagger};

use super::GoldDoc;

/// Counts for one way of inferring the range.
#[derive(Debug, Default, Clone)]
pub struct PublicationScores {
    /// Documents with a DCT.
    pub docs: usize,
    pub with_lower: usize,
    pub lower_sound: usize,
    pub with_upper: usize,
    pub upper_sound: usize,
    /// Days from the lower bound's first day to the DCT, sound lower bounds only.
    pub lower_gap_days: Vec<i64>,
    /// Days the range spans, for documents with both bounds and both sound.
    pub width_days: Vec<i64>,
}

fn median(values: &[i64]) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    v.get(v.len() / 2).copied()
}

fn percent(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

impl PublicationScores {
    fn add(&mut self, range: Option<&PublicationRange>, dct: NaiveDate) {
        self.docs += 1;
        let Some(range) = range else { return };
        let Some(lower) = range.earliest_day() else { return };
        self.with_lower += 1;
        let lower_ok = lower <= dct;
        if lower_ok {
            self.lower_sound += 1;
            self.lower_gap_days.push((dct - lower).num_days());
        }
        if let Some(upper) = range.latest_day() {
            self.with_upper += 1;
            if upper >= dct {
                self.upper_sound += 1;
                if lower_ok {
                    self.width_days.push((upper - lower).num_days() + 1);
                }
            }
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "docs": self.docs,
            "with_lower": self.with_lower,
            "lower_sound": self.lower_sound,
            "with_upper": self.with_upper,
            "upper_sound": self.upper_sound,
            "median_lower_gap_days": median(&self.lower_gap_days),
            "median_width_days": median(&self.width_days),
        })
    }
}

impl fmt::Display for PublicationScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: Option<i64>| v.map_or("-".to_string(), |d| d.to_string());
        writeln!(
            f,
            "lower bound: {} / {} docs ({:.1} %), sound {} ({:.1} %), median {} days before the DCT",
            self.with_lower,
            self.docs,
            percent(self.with_lower, self.docs),
            self.lower_sound,
            percent(self.lower_sound, self.with_lower),
            show(median(&self.lower_gap_days))
        )?;
        write!(
            f,
            "upper bound: {} / {} docs ({:.1} %), sound {} ({:.1} %); both bounds sound: {} docs, median width {} days",
            self.with_upper,
            self.docs,
            percent(self.with_upper, self.docs),
            self.upper_sound,
            percent(self.upper_sound, self.with_upper),
            self.width_days.len(),
            show(median(&self.width_days))
        )
    }
}

/// Scores of the tense-aware inference (`Tagger::infer_publication`) and of the tense-blind
/// one (`timex::infer_publication`: every mention a lower bound, no upper bound), in that order.
/// `errors` gets one line per unsound bound of the tense-aware inference: document, DCT, the
/// bound and the sentence it comes from.
pub fn evaluate_publication(tagger: &Tagger, docs: &[GoldDoc], errors: &mut Vec<String>) -> (PublicationScores, PublicationScores) {
    let mut aware = PublicationScores::default();
    let mut blind = PublicationScores::default();
    for doc in docs {
        let Some(dct) = doc.dct else { continue };
        let sentences = doc.sentence_spans();
        let times = tagger.tag(&doc.text, &sentences, None);
        let range = tagger.infer_publication(&doc.text, &sentences, &times);
        if let Some(r) = &range {
            let unsound = [(Some(&r.earliest), r.earliest_day().is_some_and(|d| d > dct)), (r.latest.as_ref(), r.latest_day().is_some_and(|d| d < dct))];
            for (value, wrong) in unsound {
                let Some(value) = value.filter(|_| wrong) else { continue };
                let source = times.iter().find(|t| t.value.split('T').next() == Some(value.as_str()));
                let sentence = source.and_then(|t| sentences.get(t.sentence)).and_then(|s| doc.text.get(s.start..s.end)).unwrap_or("");
                errors.push(format!("{}\tDCT {dct}\tbound {value}\t{}", doc.id, sentence.replace('\n', " ")));
            }
        }
        aware.add(range.as_ref(), dct);
        let old = timex::infer_publication(&times).map(|(earliest, latest)| PublicationRange { earliest, latest });
        blind.add(old.as_ref(), dct);
    }
    (aware, blind)
}
