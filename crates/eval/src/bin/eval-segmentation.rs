//! Scores `text::sentences` on GUM news, clean and glued, against the naive baseline.
//!
//! `cargo run --release -p eval --bin eval-segmentation [-- --data DIR] [--errors N]`

use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use eval::segmentation::{differences, is_dev, load_gum, naive_sentences, score, Counts, GoldDoc};
use model::Span;

#[derive(Parser)]
#[command(about = "Sentence segmentation F1 on GUM news (clean and glued text)")]
struct Args {
    /// Folder of GUM news CoNLL-U files.
    #[arg(long, default_value = "../shared/data/gum-news")]
    data: PathBuf,
    /// Print up to N missed and N spurious boundaries of the dev documents.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

type Segmenter = fn(&str) -> Vec<Span>;

fn evaluate(docs: &[GoldDoc], segment: Segmenter) -> (Counts, Counts) {
    let (mut dev, mut test) = (Counts::default(), Counts::default());
    for (i, doc) in docs.iter().enumerate() {
        let counts = score(doc, &segment(&doc.text));
        if is_dev(i) {
            dev.add(counts);
        } else {
            test.add(counts);
        }
    }
    (dev, test)
}

fn row(name: &str, c: &Counts) -> String {
    format!("| {name} | {:.3} | {:.3} | {:.3} | {} | {} |", c.precision(), c.recall(), c.f1(), c.gold, c.predicted)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let clean = load_gum(&args.data, false)?;
    let glued = load_gum(&args.data, true)?;
    println!("GUM news: {} documents ({} dev, {} held out)\n", clean.len(), clean.iter().enumerate().filter(|(i, _)| is_dev(*i)).count(), clean.iter().enumerate().filter(|(i, _)| !is_dev(*i)).count());
    println!("| segmenter, text, split | P | R | F1 | gold | predicted |");
    println!("|---|---|---|---|---|---|");
    let segmenters: [(&str, Segmenter); 2] = [("text::sentences", text::sentences), ("naive baseline", naive_sentences)];
    for (variant, docs) in [("clean", &clean), ("glued", &glued)] {
        for (name, segment) in segmenters {
            let (dev, test) = evaluate(docs, segment);
            println!("{}", row(&format!("{name}, {variant}, dev"), &dev));
            println!("{}", row(&format!("{name}, {variant}, held-out"), &test));
        }
    }
    if args.errors > 0 {
        for (variant, docs) in [("clean", &clean), ("glued", &glued)] {
            let (mut missed, mut spurious) = (Vec::new(), Vec::new());
            for (i, doc) in docs.iter().enumerate().filter(|(i, _)| is_dev(*i)) {
                let (m, s) = differences(doc, &text::sentences(&doc.text));
                missed.extend(m.into_iter().map(|c| format!("{i} {c}")));
                spurious.extend(s.into_iter().map(|c| format!("{i} {c}")));
            }
            println!("\n## {variant}: missed boundaries (dev, {} in all)", missed.len());
            missed.iter().take(args.errors).for_each(|m| println!("  {m}"));
            println!("\n## {variant}: spurious boundaries (dev, {} in all)", spurious.len());
            spurious.iter().take(args.errors).for_each(|s| println!("  {s}"));
        }
    }
    Ok(())
}
