//! Trains the NER tagger shipped in `crates/entities/model/ner.bin`.
//!
//! cargo run --release -p eval --bin train-ner -- --data ../shared/data \
//!     --silver /work/targets/entities/silver.jsonl --out crates/entities/model/ner.bin
//!
//! Gold: the train split of MEANTIME (annotated region only) and GUM news; silver:
//! en_core_web_sm labels from `scripts/ner-teacher.py`. Deterministic for a seed.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use entities::gazetteer::Gazetteer;
use entities::tagger::Trainer;
use entities::Recognizer;
use eval::entities::{load_gold, silver, split};

#[derive(Parser)]
struct Args {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Silver labels from scripts/ner-teacher.py (optional).
    #[arg(long)]
    silver: Option<PathBuf>,
    /// At most this many silver texts.
    #[arg(long, default_value_t = 100_000)]
    silver_max: usize,
    /// Update weight of gold sentences (silver counts 1).
    #[arg(long, default_value_t = 5.0)]
    gold_weight: f32,
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Features seen (weighted) fewer times than this get no weight.
    #[arg(long, default_value_t = 2.0)]
    min_count: f32,
    /// Averaged weights below this magnitude are dropped from the model file.
    #[arg(long, default_value_t = 0.01)]
    prune: f32,
    #[arg(long, default_value = "crates/entities/model/ner.bin")]
    out: PathBuf,
}

/// xorshift64*: a fixed, dependency-free shuffle for reproducible epochs.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        order.swap(i, (r % (i as u64 + 1)) as usize);
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let g = Gazetteer::shipped();
    let (train, dev) = split(load_gold(&args.data)?);
    eprintln!("gold: {} train docs, {} dev docs (dev never used here)", train.len(), dev.len());
    let mut sentences = Vec::new();
    for d in &train {
        sentences.extend(Recognizer::training_sentences(&g, &d.text, &d.region_sentences(), &d.typed_mentions(), args.gold_weight));
    }
    let gold_sentences = sentences.len();
    if let Some(path) = &args.silver {
        for d in silver::load(path, args.silver_max)? {
            let spans = text::sentences(&d.text);
            sentences.extend(Recognizer::training_sentences(&g, &d.text, &spans, &d.entities, 1.0));
        }
    }
    let tokens: usize = sentences.iter().map(|s| s.gold.len()).sum();
    eprintln!("{} sentences ({} gold), {} tokens; features ready in {:.1?}", sentences.len(), gold_sentences, tokens, started.elapsed());
    let mut trainer = Trainer::new(&sentences, args.min_count);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut state = args.seed.max(1);
    for epoch in 0..args.epochs {
        shuffle(&mut order, &mut state);
        let err = trainer.epoch(&sentences, &order);
        eprintln!("epoch {epoch}: token error {:.4} ({:.1?})", err, started.elapsed());
    }
    let model = trainer.finish(args.prune);
    let bytes = model.to_bytes()?;
    std::fs::write(&args.out, &bytes)?;
    eprintln!("{} features, {} bytes written to {}", model.len(), bytes.len(), args.out.display());
    Ok(())
}
