//! Scores `text::sentences` on GUM news, clean and glued, against the naive baseline.
//!
//! `cargo run --release -p eval --bin eval-segmentation [-- --data DIR] [--errors N] [--bench]`
//!
//! Also scores `text::is_boilerplate_line` on the article-extraction benchmark (see
//! `eval::segmentation::boilerplate`).
//!
//! With `--bench`, also times `text::sentences` and the peer pySBD (run through
//! `${PYTHON:-.venv/bin/python}`, see `scripts/requirements/text.txt`) on the same texts in the
//! same run, and scores pySBD's boundaries.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
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
    /// The Zyte article-extraction benchmark folder, for the boilerplate-line scores.
    #[arg(long, default_value = "../shared/data/article-extraction-benchmark")]
    extraction_data: PathBuf,
    /// Time text::sentences against the peer pySBD on the same texts.
    #[arg(long)]
    bench: bool,
    /// Passes over the corpus per tool when benchmarking; the median is reported.
    #[arg(long, default_value_t = 7)]
    runs: usize,
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
    let prf = c.prf();
    format!("| {name} | {:.3} | {:.3} | {:.3} | {} | {} |", prf.precision, prf.recall, prf.f1, c.gold, c.predicted)
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
    let (dev, held_out, flagged) = eval::segmentation::boilerplate::evaluate(&args.extraction_data, text::is_boilerplate_line)?;
    println!("\ntext::is_boilerplate_line on the article-extraction benchmark (181 pages):\n");
    println!("| split | gold article lines | flagged (false positives) | leaked non-article lines | flagged (caught) |");
    println!("|---|---|---|---|---|");
    for (name, c) in [("dev", dev), ("held-out", held_out)] {
        println!("| {name} | {} | {} ({:.2}%) | {} | {} ({:.1}%) |", c.gold_lines, c.gold_flagged, 100.0 * c.false_positive_rate(), c.leaked_lines, c.leaked_flagged, 100.0 * c.leak_caught());
    }
    if args.bench {
        bench(&clean, &glued, args.runs)?;
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
        println!("\n## article lines flagged as boilerplate (dev, {} in all)", flagged.len());
        flagged.iter().take(args.errors).for_each(|l| println!("  {l}"));
    }
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Median seconds of one pass of `segment` over all texts.
fn time_rust(texts: &[&str], runs: usize, segment: Segmenter) -> f64 {
    let times = (0..runs.max(1))
        .map(|_| {
            let began = Instant::now();
            let n: usize = texts.iter().map(|t| segment(t).len()).sum();
            std::hint::black_box(n);
            began.elapsed().as_secs_f64()
        })
        .collect();
    median(times)
}

/// Sentence spans from start offsets given in code points (pySBD's output).
fn spans_from_char_starts(text: &str, starts: &[usize]) -> Vec<Span> {
    let byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let bytes: Vec<usize> = starts.iter().map(|&c| byte_of.get(c).copied().unwrap_or(text.len())).collect();
    bytes.iter().enumerate().map(|(i, &b)| Span::new(b, bytes.get(i + 1).copied().unwrap_or(text.len()))).collect()
}

fn bench(clean: &[GoldDoc], glued: &[GoldDoc], runs: usize) -> Result<()> {
    let texts: Vec<&str> = clean.iter().chain(glued).map(|d| d.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let ours = time_rust(&texts, runs, text::sentences);
    let naive = time_rust(&texts, runs, naive_sentences);
    let input = std::env::temp_dir().join(format!("eval-segmentation-{}.json", std::process::id()));
    std::fs::write(&input, serde_json::to_string(&texts)?)?;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| ".venv/bin/python".to_string());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/src/segmentation/peer_pysbd.py");
    let output = Command::new(&python).arg(script).arg(&input).arg(runs.to_string()).output().with_context(|| format!("running {python}"));
    let _ = std::fs::remove_file(&input);
    let output = output?;
    if !output.status.success() {
        bail!("pySBD failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let peer: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let peer_seconds = peer["median_seconds"].as_f64().unwrap_or(f64::NAN);
    let starts: Vec<Vec<usize>> = serde_json::from_value(peer["starts"].clone())?;
    let mut peer_scores = Vec::new();
    for (offset, docs) in [(0, clean), (clean.len(), glued)] {
        let (mut dev, mut test) = (Counts::default(), Counts::default());
        for (i, doc) in docs.iter().enumerate() {
            let predicted = spans_from_char_starts(&doc.text, starts.get(offset + i).map_or(&[][..], |s| &s[..]));
            let counts = score(doc, &predicted);
            if is_dev(i) {
                dev.add(counts);
            } else {
                test.add(counts);
            }
        }
        peer_scores.push((dev, test));
    }
    println!("\nSpeed: {} texts, {:.2} MB (clean + glued), median of {runs} passes\n", texts.len(), bytes as f64 / 1e6);
    println!("| segmenter | median s / pass | MB/s | time vs text::sentences |");
    println!("|---|---|---|---|");
    for (name, seconds) in [("text::sentences", ours), ("naive baseline", naive), ("pySBD 0.3.4 (peer)", peer_seconds)] {
        println!("| {name} | {seconds:.4} | {:.1} | {:.1}× |", bytes as f64 / 1e6 / seconds, seconds / ours);
    }
    println!("\npySBD boundary scores on the same texts:\n");
    println!("| segmenter, text, split | P | R | F1 | gold | predicted |");
    println!("|---|---|---|---|---|---|");
    for ((dev, test), variant) in peer_scores.iter().zip(["clean", "glued"]) {
        println!("{}", row(&format!("pySBD, {variant}, dev"), dev));
        println!("{}", row(&format!("pySBD, {variant}, held-out"), test));
    }
    Ok(())
}
