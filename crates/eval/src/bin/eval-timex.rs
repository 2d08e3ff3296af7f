//! Scores the temporal tagger.
//!
//! `cargo run --release -p eval --bin eval-timex -- tempeval --split dev`
//! `cargo run --release -p eval --bin eval-timex -- meantime | esc | ordering | german`
//! `cargo run --release -p eval --bin eval-timex -- all`

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Parser, ValueEnum};
use eval::timex::{evaluate, evaluate_valued, is_dev, load_esc, load_meantime, load_timeml_dir, ordering, GoldDoc, TimexError, TimexScores};
use timex::Tagger;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Dataset {
    /// TempEval-3 Task A on TBAQ-cleaned (TimeBank + AQUAINT), train/dev split by name hash.
    Tempeval,
    /// TIMEX3 of MEANTIME English (120 Wikinews articles).
    Meantime,
    /// Time expressions of the Event StoryLine Corpus v1.5.
    Esc,
    /// Cross-document event ordering on MEANTIME.
    Ordering,
    /// Our German gold set (crates/eval/data/timex-de).
    German,
    /// Everything above.
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Split {
    Train,
    Dev,
    All,
}

#[derive(Parser)]
#[command(about = "TIMEX3 extents, types and values against TempEval-3, MEANTIME, ESC and a German gold set")]
struct Args {
    dataset: Dataset,
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// The German gold set.
    #[arg(long, default_value = "crates/eval/data/timex-de")]
    german: PathBuf,
    /// TempEval split (the others have no training use and are scored whole).
    #[arg(long, value_enum, default_value = "dev")]
    split: Split,
    /// Print this many errors (extent or value) after the scores.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
}

fn report(name: &str, scores: &TimexScores, errors: &[TimexError], args: &Args) {
    if args.json {
        println!("{}", serde_json::json!({ "dataset": name, "scores": scores.to_json() }));
    } else {
        println!("== {name}\n{scores}\n");
    }
    for e in errors.iter().take(args.errors) {
        let show = |x: &Option<(String, String)>| x.as_ref().map_or("-".to_string(), |(t, v)| format!("{t:?} {v}"));
        println!("{}\tgold {}\tours {}", e.doc, show(&e.gold), show(&e.system));
    }
}

fn run_timeml(name: &str, docs: Vec<GoldDoc>, tagger: &Tagger, args: &Args) {
    let docs: Vec<GoldDoc> = docs
        .into_iter()
        .filter(|d| match args.split {
            Split::Train => !is_dev(&d.id),
            Split::Dev => is_dev(&d.id),
            Split::All => true,
        })
        .collect();
    let mut errors = Vec::new();
    let scores = evaluate(tagger, &docs, &mut errors);
    report(name, &scores, &errors, args);
}

fn main() -> Result<()> {
    let args = Args::parse();
    let Some(en) = Tagger::for_language("en") else { bail!("English rules failed to compile") };
    let want = |d: Dataset| args.dataset == d || args.dataset == Dataset::All;
    if want(Dataset::Tempeval) {
        let docs = load_timeml_dir(&args.data.join("tempeval3/Training/TBAQ-cleaned"))?;
        let split = match args.split {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::All => "all",
        };
        run_timeml(&format!("TempEval-3 TBAQ-cleaned ({split})"), docs, &en, &args);
    }
    if want(Dataset::Meantime) {
        let docs = load_meantime(&args.data.join("meantime-en"))?;
        let mut errors = Vec::new();
        let scores = evaluate_valued(&en, &docs, &mut errors);
        report("MEANTIME English (all 120 documents)", &scores, &errors, &args);
    }
    if want(Dataset::Esc) {
        let docs = load_esc(&args.data.join("eventstoryline/annotated_v1.5.tar.gz"))?;
        let mut errors = Vec::new();
        let scores = evaluate_valued(&en, &docs, &mut errors);
        report("Event StoryLine v1.5 (all 258 documents)", &scores, &errors, &args);
    }
    if want(Dataset::Ordering) {
        let scores = ordering::evaluate_ordering(&en, &args.data.join("meantime-en"))?;
        if args.json {
            println!(
                "{}",
                serde_json::json!({"dataset": "MEANTIME ordering", "pairs": scores.pairs, "ours": scores.ours(), "gold_timex": scores.ceiling(),
                    "anchored_instances": scores.anchored_instances, "linked_instances": scores.linked_instances})
            );
        } else {
            println!("== MEANTIME cross-document event ordering\n{scores}\n");
        }
    }
    if want(Dataset::German) {
        let Some(de) = Tagger::for_language("de") else { bail!("German rules failed to compile") };
        let docs = load_timeml_dir(&args.german)?;
        let mut errors = Vec::new();
        let scores = evaluate(&de, &docs, &mut errors);
        report("German gold set (all documents)", &scores, &errors, &args);
    }
    Ok(())
}
