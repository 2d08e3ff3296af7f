//! Story grouping: ECB+ document clustering against gold sub-topics (B³,
//! CoNLL), and FNC-1 related/unrelated accuracy.
//!
//!     cargo run --release -p eval --bin eval-stories -- ecbplus --topics 36-45
//!     cargo run --release -p eval --bin eval-stories -- ecbplus --topics 1-35 --sweep
//!     cargo run --release -p eval --bin eval-stories -- fnc1
//!     cargo run --release -p eval --bin eval-stories -- scale --articles 10000,100000
//!
//! Article embeddings come from `analyze` when `models/use-m3` is installed
//! (`scripts/setup.sh`); `--lexical` drops them to score the lexical signals alone.

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
        /// Embedding weights to try (comma-separated); default: the tuned one.
        #[arg(long, value_delimiter = ',')]
        weights: Vec<f32>,
        /// Merge thresholds to try (comma-separated; `inf` never merges); default: the tuned one.
        #[arg(long, value_delimiter = ',')]
        merges: Vec<f32>,
        /// Drop the article embeddings: lexical signals only.
        #[arg(long)]
        lexical: bool,
        /// Heaviest terms an article is indexed and looked up under (default: the tuned value).
        #[arg(long)]
        candidate_terms: Option<usize>,
        /// List the predicted stories that mix gold stories, and the gold stories split apart.
        #[arg(long)]
        details: bool,
        #[arg(long)]
        archive: Option<PathBuf>,
        /// JSON Lines file of the analysed documents: read when it exists, else written after
        /// analysis (for tuning runs; delete it when an analyser changes).
        #[arg(long)]
        docs_cache: Option<PathBuf>,
    },
    /// FNC-1 related/unrelated accuracy by headline–body profile similarity.
    Fnc1 {
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Time of story assignment on a large synthetic stream: all ECB+ documents analysed once,
    /// then repeated, each repetition published 30 days after the previous one.
    Scale {
        /// Stream lengths to time (comma-separated).
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        articles: Vec<usize>,
        #[arg(long)]
        archive: Option<PathBuf>,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Ecbplus { topics, sweep, weights, merges, lexical, candidate_terms, details, archive, docs_cache } => {
            ecbplus_clustering(&topics, sweep, &weights, &merges, lexical, candidate_terms, details, archive, docs_cache)
        }
        Command::Fnc1 { dir } => fnc1(dir),
        Command::Scale { articles, archive } => scale(&articles, archive),
    }
}

fn parse_range(r: &str) -> Result<(u32, u32)> {
    let (a, b) = r.split_once('-').unwrap_or((r, r));
    Ok((a.trim().parse()?, b.trim().parse()?))
}

/// ECB+ documents of topics `lo..=hi` through the same path as a user's plain-text file
/// (ingest, then analysis), each with its gold story.
fn analysed_ecbplus(archive: Option<PathBuf>, lo: u32, hi: u32) -> Result<Vec<(String, Doc)>> {
    let archive = archive.unwrap_or_else(ecbplus::default_archive);
    let docs: Vec<ecbplus::EcbDoc> =
        ecbplus::read_docs(&archive)?.into_iter().filter(|d| d.topic >= lo && d.topic <= hi).collect();
    let limits = ingest::Limits::default();
    Ok(docs
        .par_iter()
        .filter_map(|d| {
            let outcome = ingest::read_bytes(&d.name, d.as_plain_text().as_bytes(), &limits);
            let article = outcome.articles.into_iter().next()?;
            Some((d.subtopic(), analyze::analyze(article)))
        })
        .collect())
}

/// Analysed documents with their gold story, one JSON array `[gold, doc]` a line.
fn read_docs_cache(path: &std::path::Path) -> Result<Vec<(String, Doc)>> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .map(|(n, line)| serde_json::from_str(line).with_context(|| format!("{} line {}", path.display(), n + 1)))
        .collect()
}

fn write_docs_cache(path: &std::path::Path, analysed: &[(String, Doc)]) -> Result<()> {
    use anyhow::Context;
    let mut out = String::new();
    for entry in analysed {
        out.push_str(&serde_json::to_string(entry)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

fn ecbplus_clustering(
    topics: &str,
    sweep: bool,
    weights: &[f32],
    merges: &[f32],
    lexical: bool,
    candidate_terms: Option<usize>,
    details: bool,
    archive: Option<PathBuf>,
    docs_cache: Option<PathBuf>,
) -> Result<()> {
    let (lo, hi) = parse_range(topics)?;
    let mut analysed = match &docs_cache {
        Some(path) if path.exists() => read_docs_cache(path)?,
        _ => {
            let analysed = analysed_ecbplus(archive, lo, hi)?;
            if let Some(path) = &docs_cache {
                write_docs_cache(path, &analysed)?;
            }
            analysed
        }
    };
    if lexical {
        analysed.iter_mut().for_each(|(_, d)| d.embedding = None);
    }
    let embedded = analysed.iter().filter(|(_, d)| d.embedding.is_some()).count();
    let gold: Vec<&str> = analysed.iter().map(|(g, _)| g.as_str()).collect();
    let gold_stories = {
        let mut g = gold.clone();
        g.sort_unstable();
        g.dedup();
        g.len()
    };
    println!(
        "ECB+ topics {lo}-{hi}: {} documents ({embedded} with embeddings), {} gold stories",
        analysed.len(),
        gold_stories
    );
    print_pair_cosines(&analysed, embedded > 0);
    let defaults = StoryParams::default();
    let defaults = StoryParams { candidate_terms: candidate_terms.unwrap_or(defaults.candidate_terms), ..defaults };
    let thresholds: Vec<f32> =
        if sweep { (10..=60).step_by(2).map(|t| t as f32 / 100.0).collect() } else { vec![defaults.join_threshold] };
    let weights = if weights.is_empty() { vec![defaults.embedding_weight] } else { weights.to_vec() };
    let merges = if merges.is_empty() { vec![defaults.merge_threshold] } else { merges.to_vec() };
    println!("| embedding weight | merge threshold | join threshold | stories | B³ P | B³ R | B³ F1 | MUC F1 | CEAF-e F1 | CoNLL F1 |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut settings = Vec::new();
    for &w in &weights {
        for &m in &merges {
            settings.extend(thresholds.iter().map(|&t| (w, m, t)));
        }
    }
    for (w, m, t) in settings {
        let params = StoryParams { join_threshold: t, embedding_weight: w, merge_threshold: m, ..defaults };
        let mut index = StoryIndex::with_params(params);
        let assigned: Vec<String> = analysed.iter().map(|(_, d)| index.assign(d)).collect();
        // Stories merged after an article joined them: the article is in the merged story now.
        let predicted: Vec<String> = assigned.iter().map(|s| index.current_id(s).to_string()).collect();
        let mut stories = predicted.clone();
        stories.sort_unstable();
        stories.dedup();
        let b3 = b_cubed(&gold, &predicted);
        println!(
            "| {w:.2} | {m:.2} | {t:.2} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
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

/// Quartiles of the lexical profile cosine and of the embedding cosine between two documents
/// of one gold story, of the two halves of one topic (two events of one kind) and of different
/// topics: how far each signal alone can tell stories apart.
fn print_pair_cosines(analysed: &[(String, Doc)], embedded: bool) {
    let topic = |gold: &str| gold.trim_end_matches("plus").to_string();
    let profiles: Vec<corroborate::Profile> = analysed.par_iter().map(|(_, d)| corroborate::Profile::of(d)).collect();
    let threshold = StoryParams::default().join_threshold;
    let mut lexical: [Vec<f32>; 3] = Default::default();
    let mut embedding: [Vec<f32>; 3] = Default::default();
    for (i, (gi, di)) in analysed.iter().enumerate() {
        for (j, (gj, dj)) in analysed.iter().enumerate().skip(i + 1) {
            let group = if gi == gj { 0 } else if topic(gi) == topic(gj) { 1 } else { 2 };
            lexical[group].push(profiles[i].cosine(&profiles[j]));
            if let (Some(a), Some(b)) = (&di.embedding, &dj.embedding) {
                embedding[group].push(a.cosine(b));
            }
        }
    }
    println!("| document pairs | signal | pairs | cosine: 25% | median | 75% | share ≥ join threshold {threshold} |");
    println!("|---|---|---|---|---|---|---|");
    let names = ["same story", "same topic, other event", "different topics"];
    for (signal, groups) in [("lexical", lexical), ("embedding", embedding)] {
        if signal == "embedding" && !embedded {
            continue;
        }
        for (name, mut values) in names.into_iter().zip(groups) {
            values.sort_unstable_by(f32::total_cmp);
            let at = |q: f32| values.get(((values.len().saturating_sub(1)) as f32 * q) as usize).copied().unwrap_or(f32::NAN);
            let above = values.iter().filter(|&&v| v >= threshold).count() as f64 / values.len().max(1) as f64;
            println!("| {name} | {signal} | {} | {:.3} | {:.3} | {:.3} | {above:.3} |", values.len(), at(0.25), at(0.5), at(0.75));
        }
    }
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

fn scale(lengths: &[usize], archive: Option<PathBuf>) -> Result<()> {
    let base: Vec<Doc> = analysed_ecbplus(archive, 0, u32::MAX)?.into_iter().map(|(_, d)| d).collect();
    anyhow::ensure!(!base.is_empty(), "no ECB+ documents read");
    let embedded = base.iter().filter(|d| d.embedding.is_some()).count();
    println!("story assignment on repeated ECB+ ({} documents, {embedded} with embeddings), one thread", base.len());
    println!("| articles | stories | assignment time | per article | candidates compared per article |");
    println!("|---|---|---|---|---|");
    // 2010-01-01: undated documents get a day within their repetition, so every copy is dated.
    let epoch_day = 14_610;
    for &n in lengths {
        let stream: Vec<Doc> = (0..n)
            .map(|i| {
                let (repetition, d) = (i / base.len(), &base[i % base.len()]);
                let mut doc = d.clone();
                let day = d.article.published.as_deref().and_then(model::day_number).unwrap_or(epoch_day)
                    + 30 * repetition as i64;
                doc.article.id = format!("{}#{repetition}", d.article.id);
                doc.article.published = Some(civil_date(day));
                // The copy's date is given, as a feed or a page's metadata would give it.
                doc.article.published_source = Some(model::PublishedSource::Feed);
                doc.article.published_latest = None;
                doc
            })
            .collect();
        let mut index = StoryIndex::new();
        let start = std::time::Instant::now();
        for doc in &stream {
            index.assign(doc);
        }
        let elapsed = start.elapsed();
        println!(
            "| {n} | {} | {:.2} s | {:.1} µs | {:.1} |",
            index.len(),
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e6 / n as f64,
            index.compared() as f64 / n as f64
        );
    }
    Ok(())
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01, which is day 719,163 of the common era).
fn civil_date(days: i64) -> String {
    i32::try_from(days + 719_163)
        .ok()
        .and_then(timex::NaiveDate::from_num_days_from_ce_opt)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
