//! Mention scoring: precision, recall and F1 per kind, exact span and overlap.

use model::{EntityKind, Span};

use super::GoldDoc;
use entities::tagger::KINDS;

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Predicted and gold.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    pub fn_: usize,
}

impl Counts {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// Recall (1 when there was nothing to find).
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Counts per kind (in [`KINDS`] order) and overall, for exact and overlap matching.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Exact span and kind.
    pub exact: [Counts; 4],
    /// Overlapping span and same kind, one-to-one.
    pub overlap: [Counts; 4],
}

impl Scores {
    /// All kinds summed, exact matching.
    pub fn exact_total(&self) -> Counts {
        let mut c = Counts::default();
        self.exact.iter().for_each(|x| c.add(*x));
        c
    }
    /// All kinds summed, overlap matching.
    pub fn overlap_total(&self) -> Counts {
        let mut c = Counts::default();
        self.overlap.iter().for_each(|x| c.add(*x));
        c
    }

    /// Scores one document's predictions (byte spans) against its gold. Predictions
    /// outside the annotated region, or overlapping a gold mention that is not required,
    /// are ignored.
    pub fn add_doc(&mut self, doc: &GoldDoc, predicted: &[(Span, EntityKind)]) {
        let preds: Vec<(Span, EntityKind)> = predicted
            .iter()
            .copied()
            .filter(|(s, _)| doc.region.contains(s))
            .filter(|(s, _)| !doc.mentions.iter().any(|g| !g.required && g.span.overlaps(s)))
            .collect();
        let gold: Vec<(Span, EntityKind)> = doc.required_mentions();
        for (ki, kind) in KINDS.iter().enumerate() {
            let p: Vec<Span> = preds.iter().filter(|(_, k)| k == kind).map(|(s, _)| *s).collect();
            let g: Vec<Span> = gold.iter().filter(|(_, k)| k == kind).map(|(s, _)| *s).collect();
            let exact = p.iter().filter(|s| g.contains(s)).count();
            self.exact[ki].add(Counts { tp: exact, fp: p.len() - exact, fn_: g.len() - exact });
            let mut used = vec![false; g.len()];
            let mut hit = 0;
            for s in &p {
                if let Some(j) = (0..g.len()).find(|&j| !used[j] && g[j].overlaps(s)) {
                    used[j] = true;
                    hit += 1;
                }
            }
            self.overlap[ki].add(Counts { tp: hit, fp: p.len() - hit, fn_: g.len() - hit });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::GoldMention;

    #[test]
    fn exact_and_overlap() {
        let doc = GoldDoc {
            dataset: "t",
            id: "t".into(),
            text: "Angela Merkel met Macron".into(),
            sentences: vec![Span::new(0, 24)],
            tokens: 4,
            region: Span::new(0, 24),
            mentions: vec![
                GoldMention { span: Span::new(0, 13), kind: Some(EntityKind::Person), required: true },
                GoldMention { span: Span::new(18, 24), kind: Some(EntityKind::Person), required: true },
            ],
        };
        let mut s = Scores::default();
        s.add_doc(&doc, &[(Span::new(7, 13), EntityKind::Person), (Span::new(18, 24), EntityKind::Person)]);
        assert_eq!(s.exact_total(), Counts { tp: 1, fp: 1, fn_: 1 });
        assert_eq!(s.overlap_total(), Counts { tp: 2, fp: 0, fn_: 0 });
    }
}
