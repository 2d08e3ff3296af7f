//! Cross-lingual quality and speed of the sentence encoder.
//!
//! Reads `crates/eval/data/translation-pairs.tsv` (English sentences with
//! German and French translations) and reports, per language pair, the mean
//! cosine of translation pairs, the mean cosine of unrelated pairs (every
//! other sentence of the other language) and translation retrieval accuracy
//! (is the nearest sentence of the other language the translation?). Then the
//! single-thread throughput in sentences per second.
//!
//!     cargo run --release -p embed --example eval-embed [-- path/to/pairs.tsv]

use std::time::Instant;

use anyhow::Context;
use embed::{cosine, Encoder};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../eval/data/translation-pairs.tsv").to_string());
    let tsv = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    let mut rows = tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = rows.next().context("empty pairs file")?.split('\t').collect();
    let columns: Vec<Vec<&str>> = {
        let mut columns = vec![Vec::new(); header.len()];
        for (n, row) in rows.enumerate() {
            let cells: Vec<&str> = row.split('\t').collect();
            anyhow::ensure!(cells.len() == header.len(), "row {} has {} columns", n + 2, cells.len());
            for (column, cell) in columns.iter_mut().zip(cells) {
                column.push(cell);
            }
        }
        columns
    };

    let dir = Encoder::default_dir().context("no model installed: run scripts/setup.sh")?;
    let started = Instant::now();
    let encoder = Encoder::load(&dir)?;
    println!("model loaded from {} in {:.2} s", dir.display(), started.elapsed().as_secs_f64());

    let embeddings: Vec<Vec<[f32; 512]>> = columns.iter().map(|c| encoder.encode(c)).collect();
    let n = columns[0].len();
    println!("\n{n} sentences per language");
    println!("| pair | translation cosine (mean) | unrelated cosine (mean) | retrieval accuracy |");
    println!("|---|---|---|---|");
    for a in 0..header.len() {
        for b in a + 1..header.len() {
            let (mut same, mut other, mut other_count, mut hits) = (0.0f64, 0.0f64, 0usize, 0usize);
            for i in 0..n {
                let scores: Vec<f32> = (0..n).map(|j| cosine(&embeddings[a][i], &embeddings[b][j])).collect();
                same += scores[i] as f64;
                for (j, &s) in scores.iter().enumerate() {
                    if j != i {
                        other += s as f64;
                        other_count += 1;
                    }
                }
                if scores.iter().enumerate().all(|(j, &s)| j == i || s < scores[i]) {
                    hits += 1;
                }
            }
            println!(
                "| {}–{} | {:.3} | {:.3} | {}/{} ({:.1}%) |",
                header[a],
                header[b],
                same / n as f64,
                other / other_count.max(1) as f64,
                hits,
                n,
                100.0 * hits as f64 / n as f64
            );
        }
    }

    let all: Vec<&str> = columns.iter().flatten().copied().collect();
    let rounds = 15;
    let mut rates = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let out = encoder.encode(&all);
        std::hint::black_box(&out);
        rates.push(all.len() as f64 / started.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!("\nspeed (one thread, {} sentences, median of {rounds} runs): {:.0} sentences/s", all.len(), rates[rounds / 2]);
    Ok(())
}
