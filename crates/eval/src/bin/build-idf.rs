//! Builds the background document frequencies that weight story profiles
//! (`crates/corroborate/data/idf.tsv`) from news texts that are not used to
//! evaluate story grouping: FNC-1 bodies, PolNeAR train, the article-extraction
//! ground truth.
//!
//!     cargo run --release -p eval --bin build-idf -- --data ../shared/data > crates/corroborate/data/idf.tsv

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;

#[derive(Parser)]
struct Cli {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Keep words seen in at least this many documents.
    #[arg(long, default_value_t = 2)]
    min_df: usize,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let mut texts: Vec<String> = Vec::new();
    let mut bodies = csv::Reader::from_path(cli.data.join("fnc1/competition_test_bodies.csv"))?;
    for row in bodies.records() {
        texts.push(row?[1].to_string());
    }
    let polnear = cli.data.join("polnear/train/text");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&polnear).with_context(|| polnear.display().to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for path in names {
        texts.push(std::fs::read_to_string(&path)?);
    }
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(cli.data.join("article-extraction-benchmark/ground-truth.json"))?)?;
    if let Some(pages) = truth.as_object() {
        for page in pages.values() {
            if let Some(body) = page["articleBody"].as_str() {
                texts.push(body.to_string());
            }
        }
    }
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for text in &texts {
        let words: HashSet<String> = corroborate::Profile::terms(text).collect();
        for w in words {
            *df.entry(w).or_default() += 1;
        }
    }
    println!("# document frequencies of profile terms in {} news texts (FNC-1 bodies, PolNeAR train, article-extraction ground truth); built by eval/src/bin/build-idf.rs", texts.len());
    println!("{}", texts.len());
    for (word, n) in df.into_iter().filter(|(_, n)| *n >= cli.min_df) {
        println!("{word}\t{n}");
    }
    Ok(())
}
