//! Scores the quote extractor (or another system's exported predictions) on PolNeAR.
//!
//! `cargo run --release -p eval --bin eval-quotes -- --split dev`
//! `cargo run --release -p eval --bin eval-quotes -- --split dev --predictions textacy.json`

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Parser;
use eval::quotes::{errors, load_polnear, predict, score, Predictions, QuoteScores};

#[derive(Parser)]
#[command(about = "Direct quotes with speakers against PolNeAR")]
struct Args {
    /// The PolNeAR folder.
    #[arg(long, default_value = "../shared/data/polnear")]
    data: PathBuf,
    /// train or dev.
    #[arg(long, default_value = "dev")]
    split: String,
    /// Score these predictions (JSON: article → quotes, code points) instead of running the extractor.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Write the extractor's predictions here (same JSON format).
    #[arg(long)]
    export: Option<PathBuf>,
    /// Write lists of missed, spurious and wrongly attributed direct quotes here (read them for
    /// the train split only: dev is for reporting).
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Print the scores as one JSON object.
    #[arg(long)]
    json: bool,
    /// Runs over the split to time the extractor (median of this many runs).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Settings: words up to which a quote without an adjacent cue is a scare quote.
    #[arg(long)]
    short_words: Option<usize>,
    /// Settings: words from which a quote without speaker is kept.
    #[arg(long)]
    unattributed_min_words: Option<usize>,
    /// Settings: tokens allowed between a cue and the quote.
    #[arg(long)]
    max_gap: Option<usize>,
    /// Settings: tokens allowed between a cue and a short quote.
    #[arg(long)]
    short_max_gap: Option<usize>,
    /// Settings: do not pass a speaker on to following quotes.
    #[arg(long)]
    no_inherit: bool,
}

fn print(name: &str, s: &QuoteScores) {
    let d = s.detection;
    let e = s.end_to_end;
    println!("{name}: direct quotes: gold {} predicted {}", d.gold, d.predicted);
    println!("  detection   P {:.3} R {:.3} F1 {:.3}", d.precision, d.recall, d.f1);
    println!("  speaker accuracy on found quotes {:.3}", s.speaker_accuracy);
    println!("  end-to-end  P {:.3} R {:.3} F1 {:.3}", e.precision, e.recall, e.f1);
    let i = s.indirect;
    let ie = s.indirect_end_to_end;
    println!("  indirect attributions: gold {} predicted {}", i.gold, i.predicted);
    println!("  indirect detection P {:.3} R {:.3} F1 {:.3}; with speaker F1 {:.3}", i.precision, i.recall, i.f1, ie.f1);
}

fn main() -> Result<()> {
    let args = Args::parse();
    let gold = load_polnear(&args.data, &args.split)?;
    if let Some(path) = &args.predictions {
        let preds: Predictions = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        if let Some(out) = &args.errors {
            std::fs::write(out, errors(&gold, &preds))?;
        }
        let s = score(&gold, &preds);
        if args.json {
            println!("{}", serde_json::to_string(&s)?);
        } else {
            print(&path.display().to_string(), &s);
        }
        return Ok(());
    }
    let mut settings = quotes::Settings::default();
    if let Some(v) = args.short_words {
        settings.short_words = v;
    }
    if let Some(v) = args.unattributed_min_words {
        settings.unattributed_min_words = v;
    }
    if let Some(v) = args.max_gap {
        settings.max_gap = v;
    }
    if let Some(v) = args.short_max_gap {
        settings.short_max_gap = v;
    }
    settings.inherit = !args.no_inherit;
    let mut times = Vec::new();
    let mut preds = Predictions::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        preds = gold.iter().map(|a| (a.name.clone(), predict(&a.text, settings))).collect();
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let per_second = gold.len() as f64 / median.max(1e-9);
    if let Some(path) = &args.export {
        std::fs::write(path, serde_json::to_string(&preds)?)?;
    }
    if let Some(out) = &args.errors {
        std::fs::write(out, errors(&gold, &preds))?;
    }
    let s = score(&gold, &preds);
    if args.json {
        println!("{}", serde_json::json!({"scores": s, "articles": gold.len(), "seconds_median": median, "articles_per_second": per_second}));
    } else {
        print(&format!("triangulate quotes ({} split, {} articles)", args.split, gold.len()), &s);
        println!("  speed: {per_second:.1} articles/s on one core (median of {} runs, {median:.3} s)", times.len());
    }
    Ok(())
}
