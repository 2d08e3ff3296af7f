//! Scores `figures::extract` against MEANTIME VALUE markables (MONEY, PERCENT, QUANTITY).
//!
//! `cargo run --release -p eval --bin eval-figures [-- --data DIR] [--errors N] [--bench]`
//!
//! With `--bench`, also reports the median time of `figures::extract` over the whole corpus.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;
use eval::figures::{is_dev, load_meantime, score, Counts};

#[derive(Parser)]
#[command(about = "Figures precision/recall against MEANTIME VALUE markables")]
struct Args {
    /// The MEANTIME English folder.
    #[arg(long, default_value = "../shared/data/meantime-en")]
    data: PathBuf,
    /// Print up to N missed, spurious and wrongly valued figures of the dev documents.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Time figures::extract over the corpus (median of 9 passes).
    #[arg(long)]
    bench: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let docs = load_meantime(&args.data)?;
    let (mut dev, mut held_out) = (Counts::default(), Counts::default());
    let mut by_type: BTreeMap<(bool, String), (usize, usize)> = BTreeMap::new();
    let (mut missed, mut spurious, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    for (i, doc) in docs.iter().enumerate() {
        let figures = figures::extract(&doc.text, &doc.sentences, "en");
        let s = score(doc, &figures);
        let dev_doc = is_dev(i);
        if dev_doc {
            dev.add(s.counts);
            missed.extend(s.missed);
            spurious.extend(s.spurious);
            wrong.extend(s.wrong_values);
        } else {
            held_out.add(s.counts);
        }
        for (kind, found) in s.by_type {
            let entry = by_type.entry((dev_doc, kind)).or_default();
            entry.0 += 1;
            entry.1 += usize::from(found);
        }
    }
    println!("MEANTIME English: {} documents ({} dev, {} held out)\n", docs.len(), docs.len().div_ceil(2), docs.len() / 2);
    println!("| split | gold | predicted | P | P without TIMEX3 overlaps | R | F1 | value agreement |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, c) in [("dev", dev), ("held-out", held_out)] {
        let prf = c.prf();
        println!(
            "| {name} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} ({}/{}) |",
            c.gold,
            c.predicted,
            prf.precision,
            c.precision_without_timex(),
            prf.recall,
            prf.f1,
            c.value_accuracy(),
            c.value_agrees,
            c.value_checked
        );
    }
    println!("\n| split | VALUE type | gold | recall |");
    println!("|---|---|---|---|");
    for ((dev_doc, kind), (gold, found)) in &by_type {
        println!("| {} | {kind} | {gold} | {:.3} |", if *dev_doc { "dev" } else { "held-out" }, *found as f64 / (*gold).max(1) as f64);
    }
    if args.bench {
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let mut times: Vec<f64> = (0..9)
            .map(|_| {
                let began = std::time::Instant::now();
                let n: usize = docs.iter().map(|d| figures::extract(&d.text, &d.sentences, "en").len()).sum();
                std::hint::black_box(n);
                began.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(|a, b| a.total_cmp(b));
        let median = times[times.len() / 2];
        println!("\nSpeed: figures::extract over {} documents ({:.2} MB): median {median:.4} s per pass, {:.1} MB/s", docs.len(), bytes as f64 / 1e6, bytes as f64 / 1e6 / median);
    }
    if args.errors > 0 {
        println!("\n## missed (dev, {})", missed.len());
        missed.iter().take(args.errors).for_each(|m| println!("  {m}"));
        println!("\n## spurious, outside TIMEX3 (dev, {})", spurious.len());
        spurious.iter().take(args.errors).for_each(|m| println!("  {m}"));
        println!("\n## wrong values (dev, {})", wrong.len());
        wrong.iter().take(args.errors).for_each(|(g, p, v)| println!("  gold {g:?} predicted {p:?} = {v}"));
    }
    Ok(())
}
