//! Cross-document entity coreference (ECB+, MEANTIME) and quote alignment (hand-labelled
//! PolNeAR quote pairs) of `corroborate`.
//!
//! `cargo run --release -p eval --bin eval-xdoc`

#[path = "../xdoc/mod.rs"]
mod xdoc;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;

use xdoc::coref::CorefScores;
use xdoc::{meantime, score, System, Topic};

#[derive(Parser)]
#[command(
    about = "Entities and quotes across articles against ECB+, MEANTIME and labelled quote pairs"
)]
struct Args {
    /// The ECB+ folder.
    #[arg(long, default_value = "../shared/data/ecbplus")]
    ecbplus: PathBuf,
    /// The MEANTIME English folder.
    #[arg(long, default_value = "../shared/data/meantime-en")]
    meantime: PathBuf,
    /// The labelled quote pairs.
    #[arg(long, default_value = "crates/eval/data/quote-pairs/pairs.tsv")]
    quote_pairs: PathBuf,
    /// Score the quote pairs only (skip the entity corpora).
    #[arg(long)]
    quotes_only: bool,
}

fn row(corpus: &str, system: &str, s: &CorefScores) {
    println!(
        "| {corpus} | {system} | {} | {:.1} | {:.1} | {:.1} | {:.1} / {:.1} / {:.1} | {:.1} |",
        s.mentions,
        100.0 * s.muc.f1,
        100.0 * s.ceaf_e.f1,
        100.0 * s.b_cubed.f1,
        100.0 * s.b_cubed.precision,
        100.0 * s.b_cubed.recall,
        100.0 * s.b_cubed.f1,
        100.0 * s.conll
    );
}

fn both(corpus: &str, topics: &[Topic]) {
    let refs: Vec<&Topic> = topics.iter().collect();
    row(corpus, "exact string", &score(&refs, System::ExactString));
    // Time the merging alone (scoring, with its CEAF-e assignment, is not part of it).
    let start = Instant::now();
    for t in &refs {
        std::hint::black_box(xdoc::cluster(t, System::Merge));
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let merged = score(&refs, System::Merge);
    row(corpus, &format!("merge_entities ({ms:.0} ms)"), &merged);
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.quotes_only {
        return quote_pairs(&args.quote_pairs);
    }
    println!(
        "| corpus | system | mentions | MUC F1 | CEAF-e F1 | B³ F1 | B³ P / R / F1 | CoNLL F1 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let train = xdoc::ecb::load(&args.ecbplus, 1..=35)?;
    if std::env::var_os("XDOC_ERRORS").is_some() {
        dump_errors(&train);
    }
    both("ECB+ topics 1–35 (train/dev)", &train);
    both(
        "ECB+ topics 36–45 (test)",
        &xdoc::ecb::load(&args.ecbplus, 36..=45)?,
    );
    both(
        "MEANTIME, all mentions",
        &meantime::load(&args.meantime, meantime::Mentions::All)?,
    );
    both(
        "MEANTIME, names",
        &meantime::load(&args.meantime, meantime::Mentions::Names)?,
    );
    quote_pairs(&args.quote_pairs)?;
    Ok(())
}

fn quote_pairs(path: &std::path::Path) -> Result<()> {
    use corroborate::quotes::{meaning_change, QuoteParams};
    use xdoc::quote_pairs::{score, score_meaning, QuotePair};
    let pairs = xdoc::quote_pairs::load(path)?;
    let lexical = xdoc::quote_pairs::similarities(&pairs);
    // With the multilingual encoder (models/use-m3, scripts/setup.sh), the embedding cosine is
    // a further signal; without it the wording test is lexical alone.
    let encoder = embed::Encoder::shared();
    let sims = match encoder {
        Some(encoder) => xdoc::quote_pairs::with_embeddings(&pairs, &lexical, &|texts| {
            encoder
                .encode(texts)
                .into_iter()
                .map(|v| v.to_vec())
                .collect()
        }),
        None => lexical.clone(),
    };
    let defaults = QuoteParams::default();
    let subset = |keep: &dyn Fn(&QuotePair) -> bool| -> (Vec<QuotePair>, Vec<_>) {
        (0..pairs.len())
            .filter(|&i| keep(&pairs[i]))
            .map(|i| (pairs[i].clone(), sims[i]))
            .unzip()
    };
    println!();
    println!(
        "Quote pairs: {} labelled ({} same quote, {} of them with a change of meaning), speakers taken as known and equal.",
        pairs.len(),
        pairs.iter().filter(|p| p.same).count(),
        pairs.iter().filter(|p| p.meaning_change.is_some()).count()
    );
    println!();
    println!("| part | pairs (same) | same quote P | R | F1 | meaning change P | R | F1 |");
    println!("|---|---|---|---|---|---|---|---|");
    let signals: Vec<(&str, &[_])> = if encoder.is_some() {
        vec![
            ("lexical", &lexical[..]),
            ("lexical + embeddings", &sims[..]),
        ]
    } else {
        println!("(no sentence encoder in models/use-m3: lexical signals only)");
        println!();
        vec![("lexical", &lexical[..])]
    };
    for split in ["tuning", "held-out"] {
        for (signal, all) in &signals {
            let idx: Vec<usize> = (0..pairs.len())
                .filter(|&i| pairs[i].split == split)
                .collect();
            let p: Vec<QuotePair> = idx.iter().map(|&i| pairs[i].clone()).collect();
            let s: Vec<_> = idx.iter().map(|&i| all[i]).collect();
            let same = score(&p, &s, &defaults);
            let meaning = score_meaning(&p);
            println!(
                "| {split}, {signal} | {} ({}) | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                p.len(),
                p.iter().filter(|q| q.same).count(),
                same.precision,
                same.recall,
                same.f1,
                meaning.precision,
                meaning.recall,
                meaning.f1
            );
        }
    }
    println!();
    println!("By origin (same-quote decisions; a part with no same-quote pair has no recall):");
    println!();
    println!("| part | origin | pairs (same) | P | R | right |");
    println!("|---|---|---|---|---|---|");
    let mut origins: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.split.clone(), p.origin.clone()))
        .collect();
    origins.sort();
    origins.dedup();
    for (split, origin) in &origins {
        let (p, s) = subset(&|q| &q.split == split && &q.origin == origin);
        let prf = score(&p, &s, &defaults);
        let right = p
            .iter()
            .zip(&s)
            .filter(|(q, sim)| defaults.same_quote(sim, true) == q.same)
            .count();
        println!(
            "| {split} | {origin} | {} ({}) | {:.3} | {:.3} | {right}/{} |",
            p.len(),
            p.iter().filter(|q| q.same).count(),
            prf.precision,
            prf.recall,
            p.len()
        );
    }
    println!();
    println!(
        "Sweep (tuning part): same-quote F1 by containment threshold (rows) and cosine threshold (columns)."
    );
    println!();
    let (tuning, tuning_sims) = subset(&|q| q.split == "tuning");
    let cosines = [0.5f32, 0.6, 0.65, 0.7, 0.8, 0.9, 1.01];
    let tuning_lexical: Vec<_> = (0..pairs.len())
        .filter(|&i| pairs[i].split == "tuning")
        .map(|i| lexical[i])
        .collect();
    println!(
        "| containment \\ cosine | {} |",
        cosines.map(|c| format!("{c:.2}")).join(" | ")
    );
    println!("|---|{}", "---|".repeat(cosines.len()));
    for containment in [0.6f32, 0.7, 0.8, 0.9, 1.01] {
        let cells: Vec<String> = cosines
            .iter()
            .map(|&cosine| {
                let params = QuoteParams {
                    containment,
                    cosine,
                    ..defaults
                };
                format!("{:.3}", score(&tuning, &tuning_lexical, &params).f1)
            })
            .collect();
        println!("| {containment:.2} | {} |", cells.join(" | "));
    }
    if encoder.is_some() {
        println!();
        println!("Sweep (tuning part, default lexical thresholds): same-quote F1 by embedding cosine threshold.");
        println!();
        let thresholds = [0.6f32, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
        println!(
            "| embedding cosine | {} |",
            thresholds.map(|c| format!("{c:.2}")).join(" | ")
        );
        println!("|---|{}", "---|".repeat(thresholds.len()));
        let cells: Vec<String> = thresholds
            .iter()
            .map(|&embedding_cosine| {
                let params = QuoteParams {
                    embedding_cosine,
                    ..defaults
                };
                let prf = score(&tuning, &tuning_sims, &params);
                format!("{:.3} (P {:.2})", prf.f1, prf.precision)
            })
            .collect();
        println!("| F1 | {} |", cells.join(" | "));
    }
    if std::env::var_os("XDOC_ERRORS").is_some() {
        for (p, s) in tuning.iter().zip(&tuning_sims) {
            if defaults.same_quote(s, true) != p.same {
                eprintln!(
                    "quote error ({}, gold {}): {:.2}/{:.2}/{:.2} | {} | {}",
                    p.origin,
                    p.same,
                    s.containment,
                    s.cosine,
                    s.embedding.unwrap_or(f32::NAN),
                    p.a,
                    p.b
                );
            }
            if p.same && meaning_change(&p.a, &p.b).is_some() != p.meaning_change.is_some() {
                eprintln!(
                    "meaning error ({}, gold {:?}, said {:?}): {} | {}",
                    p.origin,
                    p.meaning_change,
                    meaning_change(&p.a, &p.b),
                    p.a,
                    p.b
                );
            }
        }
    }
    Ok(())
}

/// Response clusters that join several gold entities, largest first (for error analysis).
fn dump_errors(topics: &[Topic]) {
    for t in topics {
        let resp = xdoc::cluster(t, System::Merge);
        let mentions: Vec<&xdoc::GoldMention> =
            t.docs.iter().flat_map(|d| d.mentions.iter()).collect();
        let mut by: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, r) in resp.iter().enumerate() {
            by.entry(r.as_str()).or_default().push(i);
        }
        for (_, ms) in by {
            let golds: std::collections::BTreeSet<&str> =
                ms.iter().map(|&i| mentions[i].label.as_str()).collect();
            if golds.len() > 1 {
                let names: Vec<String> = ms
                    .iter()
                    .take(12)
                    .map(|&i| {
                        format!(
                            "{}[{}]",
                            mentions[i].text,
                            &mentions[i].label[mentions[i].label.len().saturating_sub(4)..]
                        )
                    })
                    .collect();
                eprintln!("{} {}: {}", t.name, ms.len(), names.join(" | "));
            }
        }
    }
}
