//! `text::is_boilerplate_line` against the Zyte article-extraction benchmark.
//!
//! Harm: every non-empty line of a gold `articleBody` is article text, so each one flagged is a
//! false positive (text that ingest would drop). Use: lines that the reference extractors
//! (trafilatura, readability.js) output but the gold body does not contain are what leaks
//! into extracted text — captions, credits, share prompts, related links, but also titles and
//! bylines — and the share of them flagged shows how much of that leak the lists catch. Pages at
//! even positions in id order are dev, the others held out.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

/// Counts for one split.
#[derive(Debug, Default, Clone, Copy)]
pub struct BoilerplateCounts {
    pub gold_lines: usize,
    pub gold_flagged: usize,
    pub leaked_lines: usize,
    pub leaked_flagged: usize,
}

impl BoilerplateCounts {
    /// Share of gold article lines flagged as boilerplate (lower is better).
    pub fn false_positive_rate(&self) -> f64 {
        self.gold_flagged as f64 / self.gold_lines.max(1) as f64
    }
    /// Share of leaked non-article lines flagged (higher is better).
    pub fn leak_caught(&self) -> f64 {
        self.leaked_flagged as f64 / self.leaked_lines.max(1) as f64
    }
}

fn lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The `articleBody` of every page in a benchmark JSON file (wrapped in `output` or not).
fn bodies(path: &Path) -> Result<BTreeMap<String, String>> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let json: Value = serde_json::from_str(&raw)?;
    let pages = json.get("output").unwrap_or(&json);
    let mut out = BTreeMap::new();
    if let Some(map) = pages.as_object() {
        for (id, page) in map {
            if let Some(body) = page.get("articleBody").and_then(Value::as_str) {
                out.insert(id.clone(), body.to_string());
            }
        }
    }
    Ok(out)
}

/// Scores `is_boilerplate` on the benchmark folder: (dev, held-out) counts and the flagged gold
/// lines of the dev pages, for error analysis.
pub fn evaluate(dir: &Path, is_boilerplate: fn(&str) -> bool) -> Result<(BoilerplateCounts, BoilerplateCounts, Vec<String>)> {
    let gold = bodies(&dir.join("ground-truth.json"))?;
    let references = [bodies(&dir.join("reference-outputs/trafilatura.json"))?, bodies(&dir.join("reference-outputs/readability_js.json"))?];
    let (mut dev, mut held_out) = (BoilerplateCounts::default(), BoilerplateCounts::default());
    let mut flagged_gold = Vec::new();
    for (index, (id, body)) in gold.iter().enumerate() {
        let counts = if index % 2 == 0 { &mut dev } else { &mut held_out };
        let gold_lines: HashSet<&str> = lines(body).collect();
        for line in lines(body) {
            counts.gold_lines += 1;
            if is_boilerplate(line) {
                counts.gold_flagged += 1;
                if index % 2 == 0 {
                    flagged_gold.push(line.to_string());
                }
            }
        }
        let mut leaked: HashSet<&str> = HashSet::new();
        for reference in &references {
            if let Some(extracted) = reference.get(id) {
                leaked.extend(lines(extracted).filter(|l| !gold_lines.contains(l) && !body.contains(l)));
            }
        }
        counts.leaked_lines += leaked.len();
        counts.leaked_flagged += leaked.iter().filter(|l| is_boilerplate(l)).count();
    }
    Ok((dev, held_out, flagged_gold))
}
