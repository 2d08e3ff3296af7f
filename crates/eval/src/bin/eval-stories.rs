//! Story grouping: ECB+ document clustering against gold sub-topics (B³,
//! CoNLL), and FNC-1 related/unrelated accuracy.
//!
//!     cargo run --release -p eval --bin eval-stories -- ecbplus --topics 36-45
//!     cargo run --release -p eval --bin eval-stories -- ecbplus --topics 1-35 --sweep
//!     cargo run --release -p eval --bin eval-stories -- fnc1

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};
use corroborate::{StoryIndex, StoryParams};
use eval::ecbplus;
use eval::metrics::{b_cubed, ceaf_e, conll_f1, muc};
use model::Doc;
use rayon::prelude::*;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Cluster ECB+ documents into stories and score against the gold sub-topics.
    Ecbplus {
        /// Topic range, e.g. 1-35 (tuning) or 36-45 (reported).
        #[arg(long, default_value = "36-45")]
        topics: String,
        /// Try a range of join thresholds and print each score (for tuning).
        #[arg(long)]
        sweep: bool,
        /// List the predicted stories that mix gold stories, and the gold stories split apart.
        #[arg(long)]
        details: bool,
        #[arg(long)]
        archive: Option<PathBuf>,
    },
    /// FNC-1 related/unrelated accuracy by headline–body profile similarity.
    Fnc1 {
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Ecbplus { topics, sweep, details, archive } => ecbplus_clustering(&topics, sweep, details, archive),
        Command::Fnc1 { dir } => fnc1(dir),
    }
}

fn parse_range(r: &str) -> Result<(u32, u32)> {
    let (a, b) = r.split_once('-').unwrap_or((r, r));
    Ok((a.trim().parse()?, b.trim().parse()?))
}

fn ecbplus_clustering(topics: &str, sweep: bool, details: bool, archive: Option<PathBuf>) -> Result<()> {
    let (lo, hi) = parse_range(topics)?;
    let archive = archive.unwrap_or_else(ecbplus::default_archive);
    let docs: Vec<ecbplus::EcbDoc> =
        ecbplus::read_docs(&archive)?.into_iter().filter(|d| d.topic >= lo && d.topic <= hi).collect();
    let limits = ingest::Limits::default();
    // Through the same path as a user's plain-text file: ingest, then analysis.
    let analysed: Vec<(String, Doc)> = docs
        .par_iter()
        .filter_map(|d| {
            let outcome = ingest::read_bytes(&d.name, d.as_plain_text().as_bytes(), &limits);
            let article = outcome.articles.into_iter().next()?;
            Some((d.subtopic(), analyze::analyze(article)))
        })
        .collect();
    let gold: Vec<&str> = analysed.iter().map(|(g, _)| g.as_str()).collect();
    let gold_stories = {
        let mut g = gold.clone();
        g.sort_unstable();
        g.dedup();
        g.len()
    };
    println!("ECB+ topics {lo}-{hi}: {} documents, {} gold stories", analysed.len(), gold_stories);
    let thresholds: Vec<f32> = if sweep {
        (10..=60).step_by(2).map(|t| t as f32 / 100.0).collect()
    } else {
        vec![StoryParams::default().join_threshold]
    };
    println!("| join threshold | stories | B³ P | B³ R | B³ F1 | MUC F1 | CEAF-e F1 | CoNLL F1 |");
    println!("|---|---|---|---|---|---|---|---|");
    for t in thresholds {
        let params = StoryParams { join_threshold: t, ..StoryParams::default() };
        let mut index = StoryIndex::with_params(params);
        let predicted: Vec<String> = analysed.iter().map(|(_, d)| index.assign(d)).collect();
        let mut stories = predicted.clone();
        stories.sort_unstable();
        stories.dedup();
        let b3 = b_cubed(&gold, &predicted);
        println!(
            "| {t:.2} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            stories.len(),
            b3.precision,
            b3.recall,
            b3.f1,
            muc(&gold, &predicted).f1,
            ceaf_e(&gold, &predicted).f1,
            conll_f1(&gold, &predicted)
        );
        if details {
            print_confusions(&gold, &predicted, &analysed);
        }
    }
    Ok(())
}

/// Each predicted story that mixes gold stories, with its members' gold labels and titles.
fn print_confusions(gold: &[&str], predicted: &[String], analysed: &[(String, Doc)]) {
    let mut by_story: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, p) in predicted.iter().enumerate() {
        by_story.entry(p.as_str()).or_default().push(i);
    }
    for members in by_story.values() {
        let mut labels: Vec<&str> = members.iter().map(|&i| gold[i]).collect();
        labels.sort_unstable();
        labels.dedup();
        if labels.len() > 1 {
            println!("mixed story: {}", labels.join(" + "));
            for &i in members {
                let a = &analysed[i].1.article;
                println!("    {:>8} {:<25} {}", gold[i], a.published.as_deref().unwrap_or("-"), a.title.as_deref().unwrap_or("-"));
            }
        }
    }
}

fn fnc1(dir: Option<PathBuf>) -> Result<()> {
    let dir = dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/fnc1"));
    let mut bodies = std::collections::HashMap::new();
    let mut reader = csv::Reader::from_path(dir.join("competition_test_bodies.csv"))?;
    for row in reader.records() {
        let row = row?;
        bodies.insert(row[0].to_string(), row[1].to_string());
    }
    let mut pairs: Vec<(String, String, bool)> = Vec::new();
    let mut reader = csv::Reader::from_path(dir.join("competition_test_stances.csv"))?;
    for row in reader.records() {
        let row = row?;
        pairs.push((row[0].to_string(), row[1].to_string(), &row[2] != "unrelated"));
    }
    let profile = |title: &str, text: &str| {
        let mut doc = Doc::default();
        doc.article.title = (!title.is_empty()).then(|| title.to_string());
        doc.article.text = text.to_string();
        corroborate::Profile::of(&doc)
    };
    let body_profiles: std::collections::HashMap<&str, corroborate::Profile> =
        bodies.iter().map(|(id, text)| (id.as_str(), profile("", text))).collect();
    let scored: Vec<(f32, bool, bool)> = pairs
        .par_iter()
        .filter_map(|(headline, body, related)| {
            let b = body_profiles.get(body.as_str())?;
            // Body ids split the set in two halves: tune on even ids, report odd ids.
            let tune = body.parse::<u64>().map(|n| n % 2 == 0).unwrap_or(false);
            Some((profile(headline, "").cosine(b), *related, tune))
        })
        .collect();
    let accuracy = |t: f32, tune: bool| {
        let part: Vec<_> = scored.iter().filter(|s| s.2 == tune).collect();
        part.iter().filter(|s| (s.0 >= t) == s.1).count() as f64 / part.len().max(1) as f64
    };
    let best = (1..=60).map(|t| t as f32 / 200.0).max_by(|a, b| accuracy(*a, true).total_cmp(&accuracy(*b, true))).unwrap_or(0.1);
    let majority = scored.iter().filter(|s| !s.2 && !s.1).count() as f64 / scored.iter().filter(|s| !s.2).count().max(1) as f64;
    println!("FNC-1 related/unrelated: {} pairs; threshold {best:.3} tuned on even body ids", scored.len());
    println!("| part | accuracy | majority class (unrelated) |");
    println!("|---|---|---|");
    println!("| tuning (even body ids) | {:.4} | |", accuracy(best, true));
    println!("| reported (odd body ids) | {:.4} | {:.4} |", accuracy(best, false), majority);
    Ok(())
}
