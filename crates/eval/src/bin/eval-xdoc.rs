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
    let pairs = xdoc::quote_pairs::load(path)?;
    let sims = xdoc::quote_pairs::similarities(&pairs);
    let same = pairs.iter().filter(|p| p.same).count();
    println!();
    println!(
        "Quote pairs: {} labelled ({} same quote), speakers taken as known and equal.",
        pairs.len(),
        same
    );
    println!();
    println!("| pairs | P | R | F1 |");
    println!("|---|---|---|---|");
    let defaults = QuoteParams::default();
    for origin in ["polnear-train", "ecbplus-1-35", "all"] {
        let idx: Vec<usize> = (0..pairs.len())
            .filter(|&i| origin == "all" || pairs[i].origin == origin)
            .collect();
        let (p, s): (Vec<_>, Vec<_>) = idx.iter().map(|&i| (pairs[i].clone(), sims[i])).unzip();
        let prf = xdoc::quote_pairs::score(&p, &s, &defaults);
        println!(
            "| {origin} ({}) | {:.3} | {:.3} | {:.3} |",
            p.len(),
            prf.precision,
            prf.recall,
            prf.f1
        );
    }
    println!();
    println!(
        "Sweep (all pairs): F1 by containment threshold (rows) and cosine threshold (columns)."
    );
    println!();
    let cosines = [0.5f32, 0.6, 0.7, 0.8, 0.9, 1.01];
    println!(
        "| containment \\ cosine | {} |",
        cosines.map(|c| format!("{c:.2}")).join(" | ")
    );
    println!("|---|{}", "---|".repeat(cosines.len()));
    for containment in [0.6f32, 0.7, 0.8, 0.9, 1.01] {
        let cells: Vec<String> = cosines
            .iter()
            .map(|&cosine| {
                format!(
                    "{:.3}",
                    xdoc::quote_pairs::score(
                        &pairs,
                        &sims,
                        &QuoteParams {
                            containment,
                            cosine,
                            ..defaults
                        }
                    )
                    .f1
                )
            })
            .collect();
        println!("| {containment:.2} | {} |", cells.join(" | "));
    }
    let flagged: Vec<&xdoc::quote_pairs::QuotePair> = pairs
        .iter()
        .filter(|p| p.same && meaning_change(&p.a, &p.b).is_some())
        .collect();
    println!();
    println!(
        "Same-quote pairs flagged as a change of meaning: {} of {}.",
        flagged.len(),
        same
    );
    for p in flagged {
        eprintln!(
            "flagged: {:?} | {} | {}",
            meaning_change(&p.a, &p.b),
            p.a,
            p.b
        );
    }
    if std::env::var_os("XDOC_ERRORS").is_some() {
        for (p, s) in pairs.iter().zip(&sims) {
            if defaults.same_quote(s, true) != p.same {
                eprintln!(
                    "quote error (gold {}): {:.2}/{:.2} | {} | {}",
                    p.same, s.containment, s.cosine, p.a, p.b
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
